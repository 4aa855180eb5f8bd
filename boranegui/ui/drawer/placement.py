"""Where an edit puts things: substituents, rings fused or attached, and pasted fragments.

Each helper works on a ``Work`` copy inside one model edit; geometry is in model units.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from rdkit import Chem, rdBase

from . import geometry as geo
from .geometry import Point
from .work import ATOM_ID, ORDER_OF, Work


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


def add_ring(w: Work, pts: list[Point], shared: list[int], aromatic: bool) -> None:
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
        nb.SetBondDir(bond.GetBondDir())  # the fragment's wedges, narrow end kept at begin
    # the fragment's own H counts are right as they are
    for i in new_idx:
        w.touched.discard(w.mol.GetAtomWithIdx(i).GetIntProp(ATOM_ID))
    return new_idx

