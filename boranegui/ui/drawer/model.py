"""The drawer's model: one RDKit molecule with stable atom/bond ids and our own 2D coordinates.

Every edit is a snapshot command on a QUndoStack (``mol.ToBinary`` before and after; about
50 µs at 50 atoms), so undo depth is unlimited and a template or a drag is one step. RDKit
renumbers atoms on deletion, so atoms and bonds carry int properties that never change.
The molecule is kept Kekulé (aromatic rings as alternating bonds, as chemists draw them);
export re-perceives aromaticity. Qt is used only for QObject signals and QUndoStack.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from rdkit import Chem, rdBase
from rdkit.Geometry import Point3D

from . import geometry as geo
from . import known_layouts
from .geometry import Point

ATOM_ID = "drawer_atom_id"
BOND_ID = "drawer_bond_id"
NEXT_ATOM_ID = "drawer_next_atom_id"
NEXT_BOND_ID = "drawer_next_bond_id"

_P = Chem.PropertyPickleOptions
PICKLE_FLAGS = _P.AtomProps | _P.BondProps | _P.MolProps | _P.PrivateProps

BOND_TYPES = {
    1: Chem.BondType.SINGLE,
    2: Chem.BondType.DOUBLE,
    3: Chem.BondType.TRIPLE,
}
ORDER_OF = {v: k for k, v in BOND_TYPES.items()}


def empty_mol() -> Chem.RWMol:
    mol = Chem.RWMol()
    mol.AddConformer(Chem.Conformer(0), assignId=True)
    mol.SetIntProp(NEXT_ATOM_ID, 1)
    mol.SetIntProp(NEXT_BOND_ID, 1)
    return mol


def snapshot_of(mol: Chem.Mol) -> bytes:
    return mol.ToBinary(PICKLE_FLAGS)


def mol_from_snapshot(data: bytes) -> Chem.RWMol:
    return Chem.RWMol(Chem.Mol(data))


class SnapshotCommand(QUndoCommand):
    """An edit as the molecule before and after it: undo/redo just swap snapshots."""

    def __init__(self, model: MoleculeModel, text: str, before: bytes, after: bytes) -> None:
        super().__init__(text)
        self._model, self._before, self._after = model, before, after

    def redo(self) -> None:
        self._model._restore(self._after)

    def undo(self) -> None:
        self._model._restore(self._before)


# ---------------------------------------------------------------- working-copy helpers
class Work:
    """A mutable copy of the molecule during one edit, with id <-> index lookups."""

    def __init__(self, mol: Chem.Mol) -> None:
        self.mol = Chem.RWMol(mol)
        if self.mol.GetNumConformers() == 0:
            self.mol.AddConformer(Chem.Conformer(self.mol.GetNumAtoms()), assignId=True)
        self.touched: set[int] = set()  # atom ids whose H count / stereo must be recomputed

    # ids
    def atom_idx(self, aid: int) -> int | None:
        for atom in self.mol.GetAtoms():
            if atom.GetIntProp(ATOM_ID) == aid:
                return atom.GetIdx()
        return None

    def atom_map(self) -> dict[int, int]:
        return {a.GetIntProp(ATOM_ID): a.GetIdx() for a in self.mol.GetAtoms()}

    def bond_map(self) -> dict[int, int]:
        return {b.GetIntProp(BOND_ID): b.GetIdx() for b in self.mol.GetBonds()}

    def _next(self, key: str) -> int:
        value = self.mol.GetIntProp(key) if self.mol.HasProp(key) else 1
        self.mol.SetIntProp(key, value + 1)
        return value

    # geometry
    def pos(self, idx: int) -> Point:
        p = self.mol.GetConformer().GetAtomPosition(idx)
        return (p.x, p.y)

    def set_pos(self, idx: int, p: Point) -> None:
        self.mol.GetConformer().SetAtomPosition(idx, Point3D(p[0], p[1], 0.0))

    def positions(self) -> list[Point]:
        conf = self.mol.GetConformer()
        return [(conf.GetAtomPosition(i).x, conf.GetAtomPosition(i).y) for i in range(self.mol.GetNumAtoms())]

    # edits
    def add_atom(self, symbol: str | Chem.Atom, p: Point) -> int:
        atom = Chem.Atom(symbol)  # a new atom from a symbol, or a copy of a fragment's atom
        aid = self._next(NEXT_ATOM_ID)
        atom.SetIntProp(ATOM_ID, aid)
        idx = self.mol.AddAtom(atom)
        self.set_pos(idx, p)
        self.touched.add(aid)
        return idx

    def add_bond(self, i: int, j: int, order: int | Chem.BondType = 1) -> int:
        existing = self.mol.GetBondBetweenAtoms(i, j)
        btype = BOND_TYPES[order] if isinstance(order, int) else order
        if existing is not None:
            existing.SetBondType(btype)
            self._touch_bond(existing)
            return existing.GetIdx()
        self.mol.AddBond(i, j, btype)
        bond = self.mol.GetBondBetweenAtoms(i, j)
        bond.SetIntProp(BOND_ID, self._next(NEXT_BOND_ID))
        self._touch_bond(bond)
        return bond.GetIdx()

    def _touch_bond(self, bond: Chem.Bond) -> None:
        self.touched.add(bond.GetBeginAtom().GetIntProp(ATOM_ID))
        self.touched.add(bond.GetEndAtom().GetIntProp(ATOM_ID))

    def touch_atom(self, idx: int) -> None:
        self.touched.add(self.mol.GetAtomWithIdx(idx).GetIntProp(ATOM_ID))

    def remove(self, atom_idxs: Iterable[int], bond_idxs: Iterable[int]) -> None:
        bonds = sorted(
            {
                (
                    self.mol.GetBondWithIdx(b).GetBeginAtomIdx(),
                    self.mol.GetBondWithIdx(b).GetEndAtomIdx(),
                )
                for b in bond_idxs
            }
        )
        for i, j in bonds:
            bond = self.mol.GetBondBetweenAtoms(i, j)
            if bond is not None:
                self._touch_bond(bond)
                self.mol.RemoveBond(i, j)
        for idx in sorted(set(atom_idxs), reverse=True):
            for nb in self.mol.GetAtomWithIdx(idx).GetNeighbors():
                self.touched.add(nb.GetIntProp(ATOM_ID))
            self.touched.discard(self.mol.GetAtomWithIdx(idx).GetIntProp(ATOM_ID))
            self.mol.RemoveAtom(idx)

    def finish(self) -> Chem.RWMol:
        """Let RDKit recompute H counts and drop stereo the edit made meaningless."""
        index = self.atom_map()
        for aid in self.touched:
            idx = index.get(aid)
            if idx is None:
                continue
            atom = self.mol.GetAtomWithIdx(idx)
            atom.SetNoImplicit(False)
            atom.SetNumExplicitHs(0)
            atom.SetChiralTag(Chem.ChiralType.CHI_UNSPECIFIED)
            for bond in atom.GetBonds():
                if bond.GetStereo() != Chem.BondStereo.STEREONONE:
                    bond.SetStereo(Chem.BondStereo.STEREONONE)
                    bond.SetBondDir(Chem.BondDir.NONE)
                for nb_bond in bond.GetOtherAtom(atom).GetBonds():
                    if nb_bond.GetStereo() != Chem.BondStereo.STEREONONE:
                        nb_bond.SetStereo(Chem.BondStereo.STEREONONE)
        return self.mol


# ---------------------------------------------------------------- loading
def prepare(mol: Chem.Mol) -> Chem.RWMol:
    """A molecule from outside made ready for drawing: Kekulé, 2D coordinates, stable ids."""
    work = Chem.RWMol(mol)
    for atom in work.GetAtoms():
        for key in (ATOM_ID,):
            if atom.HasProp(key):
                atom.ClearProp(key)
    # unkekulizable input stays aromatic; it is drawn dashed
    with rdBase.BlockLogs(), contextlib.suppress(Exception):
        Chem.Kekulize(work, clearAromaticFlags=True)
    ensure_2d(work)
    keep = work.GetConformer(0) if work.GetNumConformers() else None
    if keep is not None:
        conf = Chem.Conformer(keep)
        work.RemoveAllConformers()
        work.AddConformer(conf, assignId=True)
    for i, atom in enumerate(work.GetAtoms(), start=1):
        atom.SetIntProp(ATOM_ID, i)
    for i, bond in enumerate(work.GetBonds(), start=1):
        bond.SetIntProp(BOND_ID, i)
    work.SetIntProp(NEXT_ATOM_ID, work.GetNumAtoms() + 1)
    work.SetIntProp(NEXT_BOND_ID, work.GetNumBonds() + 1)
    return work


def has_usable_2d(mol: Chem.Mol) -> bool:
    """A real 2D drawing: not 3D, not all-zero coordinates (SMILES written as MOL)."""
    if mol.GetNumConformers() == 0:
        return mol.GetNumAtoms() == 0
    conf = mol.GetConformer()
    if conf.Is3D():
        return False
    pts = [conf.GetAtomPosition(i) for i in range(mol.GetNumAtoms())]
    if any(abs(p.z) > 1e-4 for p in pts):
        return False
    return mol.GetNumAtoms() == 1 or any(abs(p.x) > 1e-4 or abs(p.y) > 1e-4 for p in pts)


def ensure_2d(mol: Chem.RWMol) -> None:
    """Give ``mol`` usable 2D coordinates: keep a real 2D drawing, lay out anything else.

    3D conformers and all-zero coordinates (SMILES turned into MOL) get RDKit's layout;
    a 2D drawing at another scale (ChemDraw uses shorter bonds) is rescaled to 1.5.
    """
    if mol.GetNumAtoms() == 0:
        mol.RemoveAllConformers()
        mol.AddConformer(Chem.Conformer(0), assignId=True)
        return
    conf = mol.GetConformer() if mol.GetNumConformers() else None
    usable = has_usable_2d(mol)
    if not usable:
        # The worked example comes with its layout: RDKit's depictor imports numpy (~100 ms).
        if not known_layouts.apply(mol):
            from rdkit.Chem import rdDepictor

            with rdBase.BlockLogs():
                rdDepictor.Compute2DCoords(mol, clearConfs=True)
        return
    lengths = [
        geo.distance(
            (
                conf.GetAtomPosition(b.GetBeginAtomIdx()).x,
                conf.GetAtomPosition(b.GetBeginAtomIdx()).y,
            ),
            (conf.GetAtomPosition(b.GetEndAtomIdx()).x, conf.GetAtomPosition(b.GetEndAtomIdx()).y),
        )
        for b in mol.GetBonds()
    ]
    lengths = sorted(x for x in lengths if x > 1e-6)
    if lengths:
        median = lengths[len(lengths) // 2]
        if abs(median - geo.BOND_LENGTH) > 0.05:
            f = geo.BOND_LENGTH / median
            for i in range(mol.GetNumAtoms()):
                p = conf.GetAtomPosition(i)
                conf.SetAtomPosition(i, Point3D(p.x * f, p.y * f, 0.0))


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

    # ----- reading
    @property
    def mol(self) -> Chem.RWMol:
        """The current molecule. Read it, never mutate it: edits go through commands."""
        return self._mol

    def snapshot(self) -> bytes:
        return snapshot_of(self._mol)

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
        self._set(mol_from_snapshot(data))

    def _set(self, mol: Chem.RWMol) -> None:
        self._mol = mol
        self._atom_index = {a.GetIntProp(ATOM_ID): a.GetIdx() for a in mol.GetAtoms()}
        self._bond_index = {b.GetIntProp(BOND_ID): b.GetIdx() for b in mol.GetBonds()}
        self.changed.emit()

    def edit(self, text: str, change: Callable[[Work], Any]) -> Any:
        """Run ``change`` on a working copy and push the result as one undoable step.

        ``change`` returns False to abandon the edit; anything else is passed back.
        """
        work = Work(self._mol)
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
    def load(self, mol: Chem.Mol, text: str = "Load structure") -> None:
        prepared = prepare(mol)
        self.edit(text, lambda w: _replace(w, prepared))

    def clear(self) -> None:
        self.edit("Clear", lambda w: _replace(w, empty_mol()) if w.mol.GetNumAtoms() else False)

    def add_atom(self, symbol: str, p: Point) -> int | None:
        def change(w: Work) -> int:
            return w.mol.GetAtomWithIdx(w.add_atom(symbol, p)).GetIntProp(ATOM_ID)

        return self.edit(f"Add {symbol}", change)

    def grow(self, from_id: int, symbol: str = "C", order: int = 1, target: Point | None = None) -> int | None:
        """Add a bond from an atom to a new atom (or to an atom already at ``target``)."""

        def change(w: Work) -> int | bool:
            i = w.atom_idx(from_id)
            if i is None:
                return False
            p = new_substituent_position(w, i, order) if target is None else target
            near = _atom_near(w, p, exclude={i})
            if near is not None:
                w.add_bond(i, near, order)
                return w.mol.GetAtomWithIdx(near).GetIntProp(ATOM_ID)
            j = w.add_atom(symbol, p)
            w.add_bond(i, j, order)
            return w.mol.GetAtomWithIdx(j).GetIntProp(ATOM_ID)

        return self.edit(f"Add {symbol}", change)

    def new_bond(self, start: Point, end: Point | None = None, order: int = 1, symbol: str = "C") -> None:
        """A bond drawn on empty canvas: from ``start`` to ``end`` (default: up-right, 30 degrees)."""

        def change(w: Work) -> None:
            i = _atom_near(w, start)
            if i is None:
                i = w.add_atom("C", start)
            p = end if end is not None else geo.polar(w.pos(i), math.radians(30))
            j = _atom_near(w, p, exclude={i})
            if j is None:
                j = w.add_atom(symbol, p)
            w.add_bond(i, j, order)

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
            _add_ring(w, pts, shared, aromatic)
            return None

        label = "benzene" if aromatic else f"{size}-ring"
        self.edit(f"Add {label}", change)

    def insert_fragment(self, fragment: Chem.Mol, on: tuple[str, Any], text: str) -> None:
        """Template or pasted fragment with its own 2D coordinates, as one step.

        On a point it is centred there; on an atom it is joined to that atom by a new bond
        through the fragment's first atom, turned to point away from the atom's neighbours.
        """
        frag = prepare(fragment)

        def change(w: Work) -> bool | None:
            _place_fragment(w, frag, on)
            return None

        self.edit(text, change)

    def clean_up(self) -> None:
        """RDKit's 2D layout on request, turned to match the drawing the chemist had."""
        if self._mol.GetNumAtoms() < 2:
            return

        def change(w: Work) -> None:
            from rdkit.Chem import rdDepictor  # imports numpy: only when asked for

            before = w.positions()
            with rdBase.BlockLogs():
                rdDepictor.Compute2DCoords(w.mol, clearConfs=True)
            after = w.positions()
            for i, p in enumerate(geo.align(after, before)):
                w.set_pos(i, p)

        self.edit("Clean up", change)


# ---------------------------------------------------------------- edit helpers
def _replace(w: Work, mol: Chem.RWMol) -> None:
    w.mol = Chem.RWMol(mol)


def _atom_near(w: Work, p: Point, exclude: set[int] = frozenset(), tol: float = 0.35) -> int | None:  # type: ignore[assignment]
    best, best_d = None, tol
    for idx, q in enumerate(w.positions()):
        if idx in exclude:
            continue
        d = geo.distance(p, q)
        if d < best_d:
            best, best_d = idx, d
    return best


def new_substituent_position(w: Work, idx: int, order: int = 1) -> Point:
    atom = w.mol.GetAtomWithIdx(idx)
    centre = w.pos(idx)
    nbs = [n.GetIdx() for n in atom.GetNeighbors()]
    nb_pos = [w.pos(n) for n in nbs]
    grand = None
    if len(nbs) == 1:
        others = [n.GetIdx() for n in w.mol.GetAtomWithIdx(nbs[0]).GetNeighbors() if n.GetIdx() != idx]
        if others:
            grand = w.pos(others[0])
    linear = order == 3 or any(b.GetBondType() == Chem.BondType.TRIPLE for b in atom.GetBonds())
    occupied = [p for i, p in enumerate(w.positions()) if i != idx]
    return geo.place_substituent(centre, nb_pos, occupied, grand, linear)


def ring_placement(w: Work, size: int, on: tuple[str, Any]) -> tuple[list[Point] | None, list[int]]:
    """Vertices for a new ring and the indices of existing atoms it shares."""
    kind, where = on
    if kind == "point":
        return geo.ring_on_point(size, where), []
    if kind == "bond":
        bidx = w.bond_map().get(where)
        if bidx is None:
            return None, []
        bond = w.mol.GetBondWithIdx(bidx)
        i, j = bond.GetBeginAtomIdx(), bond.GetEndAtomIdx()
        a, b = w.pos(i), w.pos(j)
        # fuse on the emptier side of the bond
        score = 0.0
        for k in (i, j):
            for nb in w.mol.GetAtomWithIdx(k).GetNeighbors():
                if nb.GetIdx() not in (i, j):
                    score += geo.side_of(a, b, w.pos(nb.GetIdx()))
        towards = -1 if score > 0 else 1
        return geo.ring_on_bond(size, a, b, towards), [i, j]
    idx = w.atom_map().get(where)
    if idx is None:
        return None, []
    atom = w.mol.GetAtomWithIdx(idx)
    if atom.GetDegree() == 0:
        # a lone atom becomes a ring atom
        direction = -math.pi / 2 if size % 2 == 0 else math.pi / 2
        return geo.ring_on_atom(size, w.pos(idx), direction), [idx]
    # attached through a new bond, ring pointing away from the atom's neighbours
    attach = new_substituent_position(w, idx)
    direction = geo.angle_of(w.pos(idx), attach)
    pts = geo.ring_on_atom(size, attach, direction)
    return [w.pos(idx), *pts], [idx, -1]


def _add_ring(w: Work, pts: list[Point], shared: list[int], aromatic: bool) -> None:
    """Add ring atoms at ``pts`` reusing ``shared`` (and any atom already sitting on a vertex)."""
    bridge = len(shared) == 2 and shared[1] == -1  # ring attached to an atom by a bond
    ring_pts = pts[1:] if bridge else pts
    idxs: list[int] = []
    for k, p in enumerate(ring_pts):
        if not bridge and k < len(shared):
            idxs.append(shared[k])
            continue
        near = _atom_near(w, p, exclude=set(idxs))
        idxs.append(near if near is not None else w.add_atom("C", p))
    if bridge:
        w.add_bond(shared[0], idxs[0], 1)
    n = len(idxs)
    edges = [(idxs[k], idxs[(k + 1) % n]) for k in range(n)]
    if not aromatic:
        for i, j in edges:
            if w.mol.GetBondBetweenAtoms(i, j) is None:
                w.add_bond(i, j, 1)
        return
    # benzene: pick the Kekulé pattern that agrees with double bonds already present
    for phase in (1, 0):
        if _kekule_fits(w, edges, phase):
            for k, (i, j) in enumerate(edges):
                order = 2 if k % 2 == phase else 1
                bond = w.mol.GetBondBetweenAtoms(i, j)
                if bond is None or ORDER_OF.get(bond.GetBondType()) != order:
                    w.add_bond(i, j, order)
            return
    # fused on a single bond between two double bonds (naphthalene from benzene): the
    # neighbouring alternating rings must shift their double bonds; let RDKit re-kekulize
    for i, j in edges:
        if w.mol.GetBondBetweenAtoms(i, j) is None:
            w.add_bond(i, j, 1)
    _rekekulize(w, idxs)


def _rekekulize(w: Work, ring: list[int]) -> None:
    """Make ``ring`` and the alternating six-rings fused to it aromatic, then Kekulé again."""
    saved = {b.GetIdx(): b.GetBondType() for b in w.mol.GetBonds()}
    Chem.FastFindRings(w.mol)
    rings = [set(r) for r in w.mol.GetRingInfo().AtomRings()]
    system = set(ring)
    grown = True
    while grown:
        grown = False
        for r in rings:
            if r <= system or len(r) != 6 or not (r & system) or not _alternating(w, r):
                continue
            system |= r
            grown = True
    bonds = [b for b in w.mol.GetBonds() if b.GetBeginAtomIdx() in system and b.GetEndAtomIdx() in system]
    for b in bonds:
        b.SetBondType(Chem.BondType.AROMATIC)
        b.SetIsAromatic(True)
    for a in system:
        w.mol.GetAtomWithIdx(a).SetIsAromatic(True)
    try:
        with rdBase.BlockLogs():
            w.mol.UpdatePropertyCache(strict=False)
            Chem.Kekulize(w.mol, clearAromaticFlags=True)
    except Exception:  # something else in the drawing is broken: keep plain single bonds
        for idx, btype in saved.items():
            w.mol.GetBondWithIdx(idx).SetBondType(btype)
            w.mol.GetBondWithIdx(idx).SetIsAromatic(False)
        for a in system:
            w.mol.GetAtomWithIdx(a).SetIsAromatic(False)
    for a in system:
        w.touch_atom(a)


def _alternating(w: Work, ring: set[int]) -> bool:
    doubles = sum(
        1
        for b in w.mol.GetBonds()
        if b.GetBeginAtomIdx() in ring and b.GetEndAtomIdx() in ring and b.GetBondType() == Chem.BondType.DOUBLE
    )
    return doubles == 3


def _kekule_fits(w: Work, edges: list[tuple[int, int]], phase: int) -> bool:
    ring_edges = {frozenset(e) for e in edges}
    for k, (i, j) in enumerate(edges):
        want_double = k % 2 == phase
        bond = w.mol.GetBondBetweenAtoms(i, j)
        if bond is not None and (bond.GetBondType() == Chem.BondType.DOUBLE) != want_double:
            return False
        if want_double:
            for a in (i, j):
                for b in w.mol.GetAtomWithIdx(a).GetBonds():
                    other = b.GetOtherAtomIdx(a)
                    if frozenset((a, other)) in ring_edges:
                        continue
                    if b.GetBondType() in (Chem.BondType.DOUBLE, Chem.BondType.TRIPLE):
                        return False
    return True


def _place_fragment(w: Work, frag: Chem.RWMol, on: tuple[str, Any]) -> None:
    conf = frag.GetConformer()
    fpts = [(conf.GetAtomPosition(i).x, conf.GetAtomPosition(i).y) for i in range(frag.GetNumAtoms())]
    if not fpts:
        return
    kind, where = on
    anchor_idx: int | None = None
    if kind == "atom":
        anchor_idx = w.atom_map().get(where)
    if anchor_idx is not None:
        attach = new_substituent_position(w, anchor_idx)
        direction = geo.angle_of(w.pos(anchor_idx), attach)
        # turn the fragment so its first atom leads and its body extends along `direction`
        body = geo.centroid(fpts)
        first = fpts[0]
        rot = direction - geo.angle_of(first, body) if geo.distance(first, body) > 1e-6 else 0.0
        c, s = math.cos(rot), math.sin(rot)
        moved = [
            (
                attach[0] + c * (x - first[0]) - s * (y - first[1]),
                attach[1] + s * (x - first[0]) + c * (y - first[1]),
            )
            for x, y in fpts
        ]
    else:
        target = where if kind == "point" else _right_of_drawing(w, fpts)
        cx, cy = geo.centroid(fpts)
        moved = [(x - cx + target[0], y - cy + target[1]) for x, y in fpts]
    new_idx = _merge(w, frag, moved)
    if anchor_idx is not None:
        w.add_bond(anchor_idx, new_idx[0], 1)


def _right_of_drawing(w: Work, fpts: Sequence[Point]) -> Point:
    pts = w.positions()
    if not pts:
        return (0.0, 0.0)
    width = max(p[0] for p in fpts) - min(p[0] for p in fpts)
    right = max(p[0] for p in pts)
    cy = sum(p[1] for p in pts) / len(pts)
    return (right + 2 * geo.BOND_LENGTH + width / 2, cy)


def _merge(w: Work, frag: Chem.Mol, pts: Sequence[Point]) -> list[int]:
    """Copy every atom and bond of ``frag`` into the working molecule at ``pts``."""
    new_idx = []
    for atom, p in zip(frag.GetAtoms(), pts, strict=True):
        copy = Chem.Atom(atom)
        for key in list(copy.GetPropsAsDict(includePrivate=False, includeComputed=False)):
            copy.ClearProp(key)
        new_idx.append(w.add_atom(copy, p))
    for bond in frag.GetBonds():
        i, j = new_idx[bond.GetBeginAtomIdx()], new_idx[bond.GetEndAtomIdx()]
        bidx = w.add_bond(i, j, bond.GetBondType())
        nb = w.mol.GetBondWithIdx(bidx)
        nb.SetIsAromatic(bond.GetIsAromatic())
    # the fragment's own H counts and stereo are right as they are
    for i in new_idx:
        w.touched.discard(w.mol.GetAtomWithIdx(i).GetIntProp(ATOM_ID))
    return new_idx
