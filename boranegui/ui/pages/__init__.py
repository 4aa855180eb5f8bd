"""One module per step of the wizard; each page reads the session and calls its setters."""
