"""The molecule drawer: a Qt sketcher over one RDKit molecule (see widget.MoleculeDrawer)."""

from __future__ import annotations

from . import qtfix  # noqa: F401 - first: guards every later PySide6 call (see qtfix)
from .widget import MoleculeDrawer

__all__ = ["MoleculeDrawer"]
