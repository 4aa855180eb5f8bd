"""Qt widgets: main window, wizard pages, molecule drawer, diagnosis and protocol views."""
