"""What each atom and bond should look like, computed from the molecule with RDKit (no Qt).

The scene compares these small frozen records with what it drew last time and repaints only
items whose look changed, which keeps one edit well under a frame at 50 atoms.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rdkit import Chem, rdBase
from rdkit.Chem import rdMolDescriptors

from . import formats, stereo
from . import geometry as geo
from .work import ATOM_ID, BOND_ID

# CPK-like colours, darkened where the pure colour is unreadable on white
ELEMENT_COLOURS = {
    "N": "#2344d8",
    "O": "#d81e1e",
    "S": "#a88600",
    "F": "#1a9a3a",
    "Cl": "#1a9a3a",
    "Br": "#9c2a1c",
    "I": "#7a1fa0",
    "P": "#d06a00",
    "B": "#c06a70",
    "Si": "#806040",
}
DEFAULT_COLOUR = "#1e1e1e"


@dataclass(frozen=True)
class AtomLook:
    id: int
    x: float
    y: float
    symbol: str
    label: bool  # False for a plain skeletal carbon
    hydrogens: int
    h_side: str  # "right" (NH), "left" (HN), "above" or "below": where the bonds are not
    charge: int
    isotope: int
    radicals: int
    colour: str
    problem: str = ""
    cip: str = ""  # "R" or "S" when labels are shown
    cip_angle: float = 0.0  # where that label goes: the widest gap between the atom's bonds

    @property
    def text(self) -> str:
        """The label as a chemist reads it, e.g. 'NH', 'HO', 'CH3', 'O−'."""
        h = "" if not self.hydrogens else ("H" if self.hydrogens == 1 else f"H{self.hydrogens}")
        iso = str(self.isotope) if self.isotope else ""
        core = f"{h}{iso}{self.symbol}" if self.h_side == "left" else f"{iso}{self.symbol}{h}"
        return core + charge_text(self.charge)


@dataclass(frozen=True)
class BondLook:
    id: int
    begin: int  # atom id
    end: int
    p1: tuple[float, float]
    p2: tuple[float, float]
    order: int  # 1, 2, 3; 4 aromatic (unkekulizable input only); 0 other
    side: int  # second line of a double bond: +1 left of begin->end, -1 right, 0 centred
    label1: bool  # an atom label sits at the begin end: stop short of it
    label2: bool
    mark: str = ""  # "wedge" | "hash" | "wavy" (narrow end at begin) | "either" (crossed double)
    cip: str = ""  # "E" or "Z" when labels are shown


@dataclass(frozen=True)
class Summary:
    formula: str
    mw: float
    problems: tuple[tuple[int, str], ...]  # (atom id, message)


def charge_text(charge: int) -> str:
    if charge == 0:
        return ""
    sign = "+" if charge > 0 else "−"
    return sign if abs(charge) == 1 else f"{abs(charge)}{sign}"


def chemistry_problems(mol: Chem.Mol) -> dict[int, str]:
    """Atom index -> RDKit's message for valence and aromaticity problems (never raises)."""
    found: dict[int, str] = {}
    if mol.GetNumAtoms() == 0:
        return found
    with rdBase.BlockLogs():
        problems = Chem.DetectChemistryProblems(Chem.Mol(mol))
    for p in problems:
        if p.GetType() == "AtomValenceException" or p.GetType() == "AtomKekulizeException":
            found.setdefault(p.GetAtomIdx(), _tidy(p.Message()))
        elif hasattr(p, "GetAtomIndices"):
            for idx in p.GetAtomIndices():
                found.setdefault(idx, _tidy(p.Message()))
    return found


_VALENCE = re.compile(r"valence for atom # ?\d+ (\w+)\S*, (\d+), is greater than permitted", re.I)


def _tidy(message: str) -> str:
    """RDKit's message in a chemist's words, without RDKit's internal atom number."""
    found = _VALENCE.search(message)
    if found:
        return f"{found.group(1)} has valence {found.group(2)}: too many bonds"
    return re.sub(r"atom # ?\d+ ?", "atom ", message.strip())


def looks(
    mol: Chem.Mol, show_methyl: bool = True, show_cip: bool = False
) -> tuple[list[AtomLook], list[BondLook], Summary]:
    """Atom and bond looks plus formula, MW and valence problems, for the current molecule.

    ``show_cip`` adds R/S and E/Z as the export reads them from the drawing (costs a
    stereo perception per edit, so it is an option).
    """
    work = Chem.Mol(mol)
    with rdBase.BlockLogs():
        work.UpdatePropertyCache(strict=False)
        Chem.FastFindRings(work)
    n = work.GetNumAtoms()
    # plain lists and direct index calls: RDKit's Python sequence wrappers cost more than the
    # chemistry here (this runs on every edit)
    if work.GetNumConformers() and n:
        conf = work.GetConformer()  # not GetPositions(): it returns a numpy array (numpy costs ~100 ms at start)
        pos = [(p.x, p.y) for p in map(conf.GetAtomPosition, range(n))]
    else:
        pos = [(0.0, 0.0)] * n
    bond_list = [work.GetBondWithIdx(k) for k in range(work.GetNumBonds())]
    neighbours: list[list[int]] = [[] for _ in range(n)]
    for bond in bond_list:
        i, j = bond.GetBeginAtomIdx(), bond.GetEndAtomIdx()
        neighbours[i].append(j)
        neighbours[j].append(i)
    problems = chemistry_problems(work)
    atom_cip, bond_cip = stereo.cip_labels(formats.export_copy(mol)) if show_cip and n else ({}, {})

    atoms: list[AtomLook] = []
    labelled: list[bool] = []
    for i in range(n):
        atom = work.GetAtomWithIdx(i)
        symbol = atom.GetSymbol()
        degree = len(neighbours[i])
        hs = atom.GetTotalNumHs()
        charge = atom.GetFormalCharge()
        label = (
            symbol != "C"
            or degree == 0
            or (show_methyl and degree == 1)
            or charge != 0
            or atom.GetIsotope() != 0
            or atom.GetNumRadicalElectrons() != 0
            or i in problems
        )
        if symbol == "*" or atom.GetAtomicNum() == 0:
            hs = 0
        h_side = hydrogen_side([geo.angle_of(pos[i], pos[k]) for k in neighbours[i]]) if label else "right"
        atoms.append(
            AtomLook(
                id=atom.GetIntProp(ATOM_ID),
                x=pos[i][0],
                y=pos[i][1],
                symbol=symbol,
                label=label,
                hydrogens=hs if label else 0,
                h_side=h_side,
                charge=charge,
                isotope=atom.GetIsotope(),
                radicals=atom.GetNumRadicalElectrons(),
                colour=ELEMENT_COLOURS.get(symbol, DEFAULT_COLOUR),
                problem=problems.get(i, ""),
                cip=atom_cip.get(i, ""),
                cip_angle=geo.free_direction(pos[i], [pos[k] for k in neighbours[i]])
                if i in atom_cip
                else 0.0,
            )
        )
        labelled.append(label)

    ring_info = work.GetRingInfo()
    rings = [list(r) for r in ring_info.AtomRings()]
    bonds: list[BondLook] = []
    for bond in bond_list:
        i, j = bond.GetBeginAtomIdx(), bond.GetEndAtomIdx()
        btype = bond.GetBondType()
        order = {
            Chem.BondType.SINGLE: 1,
            Chem.BondType.DOUBLE: 2,
            Chem.BondType.TRIPLE: 3,
            Chem.BondType.AROMATIC: 4,
        }.get(btype, 0)
        side = _double_side(work, bond, pos, rings, labelled) if order in (2, 4) else 0
        mark = stereo.mark_of(bond)  # a wedge's narrow end is its begin atom
        bonds.append(
            BondLook(
                id=bond.GetIntProp(BOND_ID),
                begin=work.GetAtomWithIdx(i).GetIntProp(ATOM_ID),
                end=work.GetAtomWithIdx(j).GetIntProp(ATOM_ID),
                p1=pos[i],
                p2=pos[j],
                order=order,
                side=0 if mark == "either" else side,
                label1=labelled[i],
                label2=labelled[j],
                mark=mark,
                cip=bond_cip.get(bond.GetIdx(), ""),
            )
        )
    summary = Summary(
        *formula_and_mw(work),
        tuple((work.GetAtomWithIdx(i).GetIntProp(ATOM_ID), msg) for i, msg in sorted(problems.items())),
    )
    return atoms, bonds, summary


SIDES = (("right", 0.0), ("left", math.pi), ("above", math.pi / 2), ("below", -math.pi / 2))


def hydrogen_side(bond_angles: list[float]) -> str:
    """Where a label's H goes: right if no bond leaves within 60 degrees of it, else left,
    else whichever of the four sides is farthest from every bond (N-H in a ring: above/below).
    """

    def clearance(direction: float) -> float:
        return min(
            (abs((a - direction + math.pi) % (2 * math.pi) - math.pi) for a in bond_angles),
            default=math.pi,
        )

    for side, direction in SIDES[:2]:
        if clearance(direction) >= math.radians(60) - 1e-6:
            return side
    return max(SIDES, key=lambda sd: clearance(sd[1]) + (0.05 if sd[0] == "above" else 0.0))[0]


def formula_and_mw(mol: Chem.Mol) -> tuple[str, float]:
    if mol.GetNumAtoms() == 0:
        return "", 0.0
    with rdBase.BlockLogs():
        try:
            return rdMolDescriptors.CalcMolFormula(mol), round(rdMolDescriptors._CalcMolWt(mol), 3)  # as core.substrate
        except Exception:  # a half-drawn structure has no formula yet
            return "", 0.0


def _double_side(
    mol: Chem.Mol,
    bond: Chem.Bond,
    pos: list[tuple[float, float]],
    rings: list[list[int]],
    labelled: list[bool],
) -> int:
    """Where the second line of a double bond goes: inside its ring, else toward the substituents."""
    i, j = bond.GetBeginAtomIdx(), bond.GetEndAtomIdx()
    a, b = pos[i], pos[j]
    containing = [r for r in rings if i in r and j in r]
    if containing:
        # prefer the smallest ring, then the one with most double bonds (the aromatic one)
        def key(r: list[int]) -> tuple[int, int]:
            doubles = sum(
                1
                for k in range(len(r))
                if (bd := mol.GetBondBetweenAtoms(r[k], r[(k + 1) % len(r)])) is not None
                and bd.GetBondType() == Chem.BondType.DOUBLE
            )
            return (abs(len(r) - 6), -doubles)

        ring = min(containing, key=key)
        centre = geo.centroid([pos[k] for k in ring])
        return geo.side_of(a, b, centre) or 1
    left = right = 0
    for end, other in ((i, j), (j, i)):
        for nb in mol.GetAtomWithIdx(end).GetNeighbors():
            if nb.GetIdx() == other:
                continue
            s = geo.side_of(a, b, pos[nb.GetIdx()])
            left += s > 0
            right += s < 0
    deg_i = mol.GetAtomWithIdx(i).GetDegree()
    deg_j = mol.GetAtomWithIdx(j).GetDegree()
    if left == right or (labelled[i] and labelled[j]):
        return 0
    if (deg_i == 1 or deg_j == 1) and left and right:
        return 0
    if (deg_i == 1 and labelled[i]) or (deg_j == 1 and labelled[j]):
        return 0  # C=O, C=N-H drawn centred, as chemists draw a carbonyl
    return 1 if left > right else -1


