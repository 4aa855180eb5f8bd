"""The drawer's working molecule: stable atom/bond ids, snapshots, and loading from outside.

RDKit renumbers atoms on deletion, so atoms and bonds carry int properties that never
change. The molecule is kept Kekulé (aromatic rings as alternating bonds, as chemists draw
them) with a 2D conformer; export re-perceives aromaticity and stereo (see ``stereo``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from rdkit import Chem, rdBase
from rdkit.Geometry import Point3D

from . import geometry as geo
from . import known_layouts, stereo
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


def flat_conformer(n: int) -> Chem.Conformer:
    """A 2D conformer: MOL files written from it say 2D in their header."""
    conf = Chem.Conformer(n)
    conf.Set3D(False)
    return conf


def atom_index_of(mol: Chem.Mol) -> dict[int, int]:
    """Stable atom id -> atom index. Index calls, not GetAtoms(): its Python wrapper costs
    more than the lookup on a large molecule."""
    return {mol.GetAtomWithIdx(i).GetIntProp(ATOM_ID): i for i in range(mol.GetNumAtoms())}


def bond_index_of(mol: Chem.Mol) -> dict[int, int]:
    """Stable bond id -> bond index."""
    return {mol.GetBondWithIdx(k).GetIntProp(BOND_ID): k for k in range(mol.GetNumBonds())}


def empty_mol() -> Chem.RWMol:
    mol = Chem.RWMol()
    mol.AddConformer(flat_conformer(0), assignId=True)
    mol.SetIntProp(NEXT_ATOM_ID, 1)
    mol.SetIntProp(NEXT_BOND_ID, 1)
    return mol


def snapshot_of(mol: Chem.Mol) -> bytes:
    return mol.ToBinary(PICKLE_FLAGS)


def mol_from_snapshot(data: bytes) -> Chem.RWMol:
    return Chem.RWMol(Chem.Mol(data))


# ---------------------------------------------------------------- working-copy helpers
class Work:
    """A mutable copy of the molecule during one edit, with id <-> index lookups."""

    def __init__(self, mol: Chem.Mol, atom_index: dict[int, int] | None = None) -> None:
        """``atom_index``: ``mol``'s id -> index map when the caller has it (saves a pass)."""
        self.mol = Chem.RWMol(mol)
        if self.mol.GetNumConformers() == 0:
            self.mol.AddConformer(flat_conformer(self.mol.GetNumAtoms()), assignId=True)
        self.touched: set[int] = set()  # atom ids whose H count / stereo must be recomputed
        # id -> index of self.mol, for the molecule object and atom count it was made for
        self._atoms: tuple[Chem.RWMol, int, dict[int, int]] | None = (
            (self.mol, self.mol.GetNumAtoms(), dict(atom_index)) if atom_index is not None else None
        )

    # ids
    def atom_idx(self, aid: int) -> int | None:
        return self.atom_map().get(aid)

    def atom_map(self) -> dict[int, int]:
        """Stable atom id -> index, made once per edit unless atoms are added or removed."""
        cached = self._atoms
        if cached is None or cached[0] is not self.mol or cached[1] != self.mol.GetNumAtoms():
            cached = (self.mol, self.mol.GetNumAtoms(), atom_index_of(self.mol))
            self._atoms = cached
        return dict(cached[2])  # the caller's own copy: the cache cannot be changed from outside

    def bond_map(self) -> dict[int, int]:
        return bond_index_of(self.mol)

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
    def orient(self, bond: Chem.Bond, begin: int) -> Chem.Bond:
        """``bond`` with ``begin`` as its begin atom (a wedge's narrow end), re-created if needed."""
        if bond.GetBeginAtomIdx() == begin:
            return bond
        # RDKit cannot swap a bond's ends in place; only single bonds carry wedges, so
        # re-creating it loses nothing but its index (the stable id is carried over)
        end, bid, btype = bond.GetOtherAtomIdx(begin), bond.GetIntProp(BOND_ID), bond.GetBondType()
        self.mol.RemoveBond(begin, end)
        self.mol.AddBond(begin, end, btype)
        new = self.mol.GetBondBetweenAtoms(begin, end)
        new.SetIntProp(BOND_ID, bid)
        return new

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
            if existing.GetBondType() != btype:
                existing.SetBondType(btype)
                existing.SetBondDir(Chem.BondDir.NONE)  # a wedge or cross belongs to the old order
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
        self._atoms = None  # indices shifted

    def finish(self) -> Chem.RWMol:
        """Let RDKit recompute the H counts of the atoms the edit touched.

        Stereo needs no repair here: it is read from the drawn marks and coordinates on
        export (``stereo.perceive``), so it follows every edit by construction.
        """
        index = self.atom_map()
        for aid in self.touched:
            idx = index.get(aid)
            if idx is None:
                continue
            atom = self.mol.GetAtomWithIdx(idx)
            atom.SetNoImplicit(False)
            atom.SetNumExplicitHs(0)
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
    drawn_as_given = has_usable_2d(work)
    ensure_2d(work)
    keep = work.GetConformer(0) if work.GetNumConformers() else None
    if keep is not None:
        conf = Chem.Conformer(keep)
        conf.Set3D(False)
        work.RemoveAllConformers()
        work.AddConformer(conf, assignId=True)
    try:
        stereo.mark_drawing(work, keep_file_wedges=drawn_as_given)
    except Exception:  # an unsanitizable file: drawn without stereo marks rather than refused
        for bond in work.GetBonds():
            bond.SetBondDir(Chem.BondDir.NONE)
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
        mol.AddConformer(flat_conformer(0), assignId=True)
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

