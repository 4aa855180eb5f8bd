"""The drawer's "Clean up": RDKit's fresh 2D layout of the drawing, as data (RDKit only, no Qt).

Computed apart from the edit that applies it, so a large drawing can be laid out in the
worker process (``layout_job.cleanup_job``) and the GUI thread only moves atoms and marks.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdkit import Chem, rdBase
from rdkit.Geometry import Point3D

from . import formats, stereo
from . import geometry as geo
from .geometry import Point
from .work import Work


@dataclass(frozen=True)
class CleanLayout:
    """New positions by atom index, and the wedges/hashes placed afresh for them.

    ``wedges`` holds (narrow-end atom index, other atom index, ``int(BondDir)``): plain
    ints, so the result pickles cheaply from the worker. Empty when the drawing had no
    wedge or hash (its marks are then left as they are).
    """

    positions: tuple[Point, ...]
    wedges: tuple[tuple[int, int, int], ...]
    rewedge: bool


def clean_layout(mol: Chem.Mol) -> CleanLayout:
    """RDKit's 2D layout of ``mol`` (the drawer's molecule), turned to match its drawing.

    The fresh picture may be a mirror image of RDKit's (``geo.align`` allows reflection), so
    the wedges are chosen again from the aligned coordinates; chiral tags and E/Z are read
    from the drawing first (``formats.export_copy``), so the stereo is kept.
    """
    from rdkit.Chem import rdDepictor  # imports numpy: only when asked for

    conf0 = mol.GetConformer()
    before = [(conf0.GetAtomPosition(i).x, conf0.GetAtomPosition(i).y) for i in range(mol.GetNumAtoms())]
    drawn = formats.export_copy(mol)  # chiral tags and E/Z as drawn now
    with rdBase.BlockLogs():
        rdDepictor.Compute2DCoords(drawn, clearConfs=True)
    conf = drawn.GetConformer()
    after = [(conf.GetAtomPosition(i).x, conf.GetAtomPosition(i).y) for i in range(drawn.GetNumAtoms())]
    positions = tuple(geo.align(after, before))
    rewedge = any(b.GetBondDir() in (stereo.WEDGE, stereo.HASH) for b in mol.GetBonds())
    wedges: list[tuple[int, int, int]] = []
    if rewedge:
        for i, p in enumerate(positions):
            conf.SetAtomPosition(i, Point3D(p[0], p[1], 0.0))
        with rdBase.BlockLogs():
            Chem.WedgeMolBonds(drawn, conf)
        wedges = [
            (b.GetBeginAtomIdx(), b.GetEndAtomIdx(), int(b.GetBondDir()))
            for b in drawn.GetBonds()
            if b.GetBondDir() in (stereo.WEDGE, stereo.HASH)
        ]
    return CleanLayout(positions, tuple(wedges), rewedge)


def apply_layout(w: Work, layout: CleanLayout) -> None:
    """Move ``w``'s atoms to ``layout`` and, when it re-chose the wedges, put them there."""
    for i, p in enumerate(layout.positions):
        w.set_pos(i, p)
    if not layout.rewedge:
        return
    # the new picture may be a mirror image: wedges are placed afresh for the centres
    for bond in w.mol.GetBonds():
        if stereo.mark_of(bond) in ("wedge", "hash"):
            bond.SetBondDir(Chem.BondDir.NONE)
    for begin, end, direction in layout.wedges:
        bond = w.mol.GetBondBetweenAtoms(begin, end)
        if bond is not None:
            w.orient(bond, begin).SetBondDir(Chem.BondDir.values[direction])
