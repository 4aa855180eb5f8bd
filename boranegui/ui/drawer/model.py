"""The drawer's model: one RDKit molecule with stable atom/bond ids and our own 2D coordinates.

Every edit is a snapshot command on a QUndoStack (``mol.ToBinary`` before and after; about
50 µs at 50 atoms), so undo depth is unlimited and a template or a drag is one step. RDKit
renumbers atoms on deletion, so atoms and bonds carry int properties that never change.
The molecule itself (ids, Kekulé form, loading) is in ``work``, where edits put things in
``placement``, and stereo as drawn in ``stereo``. Qt is used only for signals and QUndoStack.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from rdkit import Chem
from rdkit.Geometry import Point3D

from . import geometry as geo
from . import stereo
from .cleanup import CleanLayout, apply_layout, clean_layout
from .geometry import Point
from .placement import (
    _atom_near,
    _place_fragment,
    add_ring,
    new_substituent_position,
    ring_placement,
)
from .work import (
    ATOM_ID,
    BOND_ID,
    BOND_TYPES,
    ORDER_OF,
    Work,
    atom_index_of,
    bond_index_of,
    empty_mol,
    has_usable_2d,
    mol_from_snapshot,
    prepare,
    snapshot_of,
)

__all__ = ["ATOM_ID", "BOND_ID", "MoleculeModel", "has_usable_2d"]


class SnapshotCommand(QUndoCommand):
    """An edit as the molecule before and after it: undo/redo just swap snapshots."""

    def __init__(self, model: MoleculeModel, text: str, before: bytes, after: bytes) -> None:
        super().__init__(text)
        self._model, self._before, self._after = model, before, after

    def redo(self) -> None:
        self._model._restore(self._after)

    def undo(self) -> None:
        self._model._restore(self._before)


# ---------------------------------------------------------------- the model
class MoleculeModel(QObject):
    """Owns the molecule and its undo stack; the scene redraws on ``changed``."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self._mol: Chem.RWMol = empty_mol()
        self._atom_index: dict[int, int] = {}
        self._bond_index: dict[int, int] = {}
        self._snapshot: bytes | None = None  # of the current molecule: the next edit's "before"
        self.revision = 0  # bumped by every change, coordinates included: keys what is derived from it

    # ----- reading
    @property
    def mol(self) -> Chem.RWMol:
        """The current molecule. Read it, never mutate it: edits go through commands."""
        return self._mol

    def snapshot(self) -> bytes:
        if self._snapshot is None:
            self._snapshot = snapshot_of(self._mol)
        return self._snapshot

    def is_empty(self) -> bool:
        return self._mol.GetNumAtoms() == 0

    def atom_index(self, aid: int) -> int | None:
        return self._atom_index.get(aid)

    def bond_index(self, bid: int) -> int | None:
        return self._bond_index.get(bid)

    def atom_ids(self) -> list[int]:
        return list(self._atom_index)

    def bond_ids(self) -> list[int]:
        return list(self._bond_index)

    def atom_id_at(self, idx: int) -> int:
        return self._mol.GetAtomWithIdx(idx).GetIntProp(ATOM_ID)

    def bond_id_at(self, idx: int) -> int:
        return self._mol.GetBondWithIdx(idx).GetIntProp(BOND_ID)

    def position(self, aid: int) -> Point:
        p = self._mol.GetConformer().GetAtomPosition(self._atom_index[aid])
        return (p.x, p.y)

    def bond_atoms(self, bid: int) -> tuple[int, int]:
        bond = self._mol.GetBondWithIdx(self._bond_index[bid])
        return bond.GetBeginAtom().GetIntProp(ATOM_ID), bond.GetEndAtom().GetIntProp(ATOM_ID)

    def bonds_within(self, atom_ids: Iterable[int]) -> set[int]:
        ids = set(atom_ids)
        return {
            b.GetIntProp(BOND_ID)
            for b in self._mol.GetBonds()
            if b.GetBeginAtom().GetIntProp(ATOM_ID) in ids and b.GetEndAtom().GetIntProp(ATOM_ID) in ids
        }

    # ----- the one way in
    def _restore(self, data: bytes) -> None:
        self._set(mol_from_snapshot(data), data)

    def _set(self, mol: Chem.RWMol, snapshot: bytes | None = None) -> None:
        self._mol = mol
        self._snapshot = snapshot
        self._atom_index = atom_index_of(mol)
        self._bond_index = bond_index_of(mol)
        self.revision += 1
        self.changed.emit()

    def edit(self, text: str, change: Callable[[Work], Any]) -> Any:
        """Run ``change`` on a working copy and push the result as one undoable step.

        ``change`` returns False to abandon the edit; anything else is passed back.
        """
        work = Work(self._mol, self._atom_index)
        result = change(work)
        if result is False:
            return None
        after = snapshot_of(work.finish())
        before = self.snapshot()
        if after == before:
            return None
        self.undo_stack.push(SnapshotCommand(self, text, before, after))
        return result

    # ----- edits
    def load(self, mol: Chem.Mol, text: str = "Load structure", prepared: bool = False) -> None:
        """Replace the drawing; ``prepared``: ``mol`` already went through ``work.prepare``
        (in the worker process, for a large molecule)."""
        ready = Chem.RWMol(mol) if prepared else prepare(mol)
        self.edit(text, lambda w: _replace(w, ready))

    def clear(self) -> None:
        self.edit("Clear", lambda w: _replace(w, empty_mol()) if w.mol.GetNumAtoms() else False)

    def add_atom(self, symbol: str, p: Point) -> int | None:
        def change(w: Work) -> int:
            return w.mol.GetAtomWithIdx(w.add_atom(symbol, p)).GetIntProp(ATOM_ID)

        return self.edit(f"Add {symbol}", change)

    def grow(
        self, from_id: int, symbol: str = "C", order: int = 1, target: Point | None = None, mark: str = ""
    ) -> int | None:
        """Add a bond from an atom to a new atom (or to an atom already at ``target``).

        ``mark`` ('wedge', 'hash', 'wavy') draws the new single bond as a stereo bond with
        its narrow end at ``from_id``.
        """

        def change(w: Work) -> int | bool:
            i = w.atom_idx(from_id)
            if i is None:
                return False
            p = new_substituent_position(w, i, order) if target is None else target
            j = _atom_near(w, p, exclude={i})
            if j is None:
                j = w.add_atom(symbol, p)
            bond = w.mol.GetBondWithIdx(w.add_bond(i, j, order))
            if mark:
                _set_mark(w, bond, mark, narrow=i)
            return w.mol.GetAtomWithIdx(j).GetIntProp(ATOM_ID)

        return self.edit(f"Add {symbol}", change)

    def new_bond(
        self, start: Point, end: Point | None = None, order: int = 1, symbol: str = "C", mark: str = ""
    ) -> None:
        """A bond drawn on empty canvas: from ``start`` to ``end`` (default: up-right, 30 degrees)."""

        def change(w: Work) -> None:
            i = _atom_near(w, start)
            if i is None:
                i = w.add_atom("C", start)
            p = end if end is not None else geo.polar(w.pos(i), math.radians(30))
            j = _atom_near(w, p, exclude={i})
            if j is None:
                j = w.add_atom(symbol, p)
            bond = w.mol.GetBondWithIdx(w.add_bond(i, j, order))
            if mark:
                _set_mark(w, bond, mark, narrow=i)

        self.edit("Add bond", change)

    def connect(self, a_id: int, b_id: int, order: int = 1) -> None:
        def change(w: Work) -> bool | None:
            i, j = w.atom_idx(a_id), w.atom_idx(b_id)
            if i is None or j is None or i == j:
                return False
            w.add_bond(i, j, order)
            return None

        self.edit("Add bond", change)

    def _edit_atoms(self, atom_ids: Iterable[int], label: str, alter: Callable[[Chem.Atom], None]) -> None:
        """One undoable step that applies ``alter`` to each of the atoms still present."""
        ids = list(atom_ids)

        def change(w: Work) -> None:
            index = w.atom_map()
            for aid in ids:
                if aid in index:
                    alter(w.mol.GetAtomWithIdx(index[aid]))
                    w.touch_atom(index[aid])

        self.edit(label, change)

    def set_element(self, atom_ids: Iterable[int], symbol: str) -> None:
        number = Chem.Atom(symbol).GetAtomicNum()

        def alter(atom: Chem.Atom) -> None:
            atom.SetAtomicNum(number)
            atom.SetIsotope(0)
            atom.SetNumRadicalElectrons(0)

        self._edit_atoms(atom_ids, f"Set {symbol}", alter)

    def change_charge(self, atom_ids: Iterable[int], delta: int) -> None:
        def alter(atom: Chem.Atom) -> None:
            atom.SetFormalCharge(atom.GetFormalCharge() + delta)

        self._edit_atoms(atom_ids, "Charge +" if delta > 0 else "Charge −", alter)

    def set_bond_order(self, bond_ids: Iterable[int], order: int) -> None:
        ids = list(bond_ids)

        def change(w: Work) -> None:
            index = w.bond_map()
            for bid in ids:
                if bid in index:
                    bond = w.mol.GetBondWithIdx(index[bid])
                    bond.SetBondType(BOND_TYPES[order])
                    bond.SetIsAromatic(False)
                    bond.SetBondDir(Chem.BondDir.NONE)
                    w._touch_bond(bond)

        self.edit(f"Bond order {order}", change)

    def cycle_bond(self, bond_id: int) -> None:
        idx = self._bond_index.get(bond_id)
        if idx is None:
            return
        order = ORDER_OF.get(self._mol.GetBondWithIdx(idx).GetBondType(), 0)
        self.set_bond_order([bond_id], order % 3 + 1)

    def set_bond_mark(self, bond_id: int, mark: str) -> None:
        """Draw a bond as a wedge, hash or wavy bond ('' for plain), or a double bond crossed.

        The narrow end goes to the atom more likely to be the stereocentre (more
        neighbours); setting the mark a bond already has turns it round, as in ChemDraw.
        On a double bond any mark means "either" (E/Z unknown) and toggles it.
        """

        def change(w: Work) -> bool | None:
            idx = w.bond_map().get(bond_id)
            if idx is None:
                return False
            bond = w.mol.GetBondWithIdx(idx)
            if bond.GetBondType() == Chem.BondType.DOUBLE:
                if mark not in ("wavy", ""):
                    return False  # a wedge on a double bond means nothing
                either = stereo.mark_of(bond) != "either" and mark != ""
                bond.SetBondDir(stereo.EITHER_DOUBLE if either else Chem.BondDir.NONE)
                return None
            if bond.GetBondType() != Chem.BondType.SINGLE:
                return False
            if not mark:
                bond.SetBondDir(Chem.BondDir.NONE)
                return None
            a, b = bond.GetBeginAtom(), bond.GetEndAtom()
            if stereo.mark_of(bond) == mark:
                narrow = b.GetIdx()  # the same mark again: turn it round
            else:
                narrow = b.GetIdx() if b.GetDegree() > a.GetDegree() else a.GetIdx()
            _set_mark(w, bond, mark, narrow)
            return None

        names = {"wedge": "Wedge bond", "hash": "Hashed bond", "wavy": "Wavy bond", "": "Plain bond"}
        self.edit(names.get(mark, "Stereo bond"), change)

    def delete(self, atom_ids: Iterable[int] = (), bond_ids: Iterable[int] = ()) -> None:
        aids, bids = set(atom_ids), set(bond_ids)
        if not aids and not bids:
            return

        def change(w: Work) -> None:
            amap, bmap = w.atom_map(), w.bond_map()
            w.remove([amap[a] for a in aids if a in amap], [bmap[b] for b in bids if b in bmap])

        self.edit("Delete", change)

    def move(self, atom_ids: Iterable[int], dx: float, dy: float) -> None:
        ids = set(atom_ids)

        def change(w: Work) -> None:
            for aid, idx in w.atom_map().items():
                if aid in ids:
                    x, y = w.pos(idx)
                    w.set_pos(idx, (x + dx, y + dy))

        self.edit("Move", change)

    def preview_positions(self, positions: dict[int, Point]) -> None:
        """Live feedback while dragging: coordinates change, no undo step (see commit_drag)."""
        conf = self._mol.GetConformer()
        for aid, p in positions.items():
            idx = self._atom_index.get(aid)
            if idx is not None:
                conf.SetAtomPosition(idx, Point3D(p[0], p[1], 0.0))
        self._snapshot = None  # moved in place: commit_drag compares against a fresh one
        self.revision += 1
        self.changed.emit()

    def commit_drag(self, before: bytes, text: str = "Move") -> None:
        """A whole drag as one undo step: from the snapshot taken at mouse press to now."""
        after = self.snapshot()
        if after != before:
            self.undo_stack.push(SnapshotCommand(self, text, before, after))

    def insert_ring(self, size: int, aromatic: bool, on: tuple[str, Any]) -> None:
        """Ring template: ``on`` is ("point", (x, y)), ("atom", id) or ("bond", id)."""

        def change(w: Work) -> bool | None:
            pts, shared = ring_placement(w, size, on)
            if pts is None:
                return False
            add_ring(w, pts, shared, aromatic)
            return None

        label = "benzene" if aromatic else f"{size}-ring"
        self.edit(f"Add {label}", change)

    def insert_fragment(self, fragment: Chem.Mol, on: tuple[str, Any], text: str, prepared: bool = False) -> None:
        """Template or pasted fragment with its own 2D coordinates, as one step.

        On a point it is centred there; on an atom it is joined to that atom by a new bond
        through the fragment's first atom, turned to point away from the atom's neighbours.
        """
        frag = Chem.RWMol(fragment) if prepared else prepare(fragment)

        def change(w: Work) -> bool | None:
            _place_fragment(w, frag, on)
            return None

        self.edit(text, change)

    def clean_up(self, layout: CleanLayout | None = None) -> None:
        """RDKit's 2D layout on request, turned to match the drawing the chemist had.

        ``layout``: computed already (``cleanup.clean_layout``, in the worker process for a
        large drawing, of this very molecule); otherwise it is computed here.
        """
        if self._mol.GetNumAtoms() < 2:
            return
        cleaned = layout if layout is not None else clean_layout(self._mol)
        if len(cleaned.positions) != self._mol.GetNumAtoms():
            return  # made for another drawing

        def change(w: Work) -> None:
            apply_layout(w, cleaned)

        self.edit("Clean up", change)


# ---------------------------------------------------------------- edit helpers
def _replace(w: Work, mol: Chem.RWMol) -> None:
    w.mol = Chem.RWMol(mol)




def _set_mark(w: Work, bond: Chem.Bond, mark: str, narrow: int) -> None:
    """Mark a single bond as wedge, hash or wavy with its narrow end at atom index ``narrow``."""
    w.orient(bond, narrow).SetBondDir(stereo.MARKS[mark])
