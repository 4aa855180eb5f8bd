"""The molecule drawer: a Qt sketcher over one RDKit molecule (see widget.MoleculeDrawer)."""

from __future__ import annotations

from .widget import MoleculeDrawer

__all__ = ["MoleculeDrawer"]
