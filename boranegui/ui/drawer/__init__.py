"""The molecule drawer: a Qt sketcher over one RDKit molecule (see widget.MoleculeDrawer).

``MoleculeDrawer`` is imported on first use so that the layout worker process, which
imports ``layout_job`` from this package, loads RDKit only and not Qt.
"""

from __future__ import annotations

from typing import Any

__all__ = ["MoleculeDrawer"]


def __getattr__(name: str) -> Any:
    if name == "MoleculeDrawer":
        from .widget import MoleculeDrawer

        return MoleculeDrawer
    raise AttributeError(name)
