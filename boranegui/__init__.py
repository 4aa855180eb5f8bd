"""BoraneGUI: troubleshooting wizard for borane reductions of lactams to amines."""

__version__ = "0.1.0"
