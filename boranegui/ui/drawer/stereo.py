"""Stereo as drawn: wedges, hashes and wavy bonds plus the 2D geometry give R/S and E/Z (no Qt).

The drawing is the truth, as in any paper sketch or ChemDraw file: the model keeps only the
bond marks (``BondDir`` on a bond, narrow end at its begin atom; a crossed "either" double
bond as ``EITHERDOUBLE``) and its coordinates. Atom chiral tags and double-bond E/Z are
derived from them here, on export and for the R/S labels, so an edit that does not touch a
centre keeps its configuration and an edit that does is re-read from the picture.
"""

from __future__ import annotations

from rdkit import Chem, rdBase
from rdkit.Chem import rdCIPLabeler

WEDGE = Chem.BondDir.BEGINWEDGE
HASH = Chem.BondDir.BEGINDASH
WAVY = Chem.BondDir.UNKNOWN
EITHER_DOUBLE = Chem.BondDir.EITHERDOUBLE
MARKS = {"wedge": WEDGE, "hash": HASH, "wavy": WAVY}
_DRAWN = (WEDGE, HASH, WAVY, EITHER_DOUBLE)


def mark_of(bond: Chem.Bond) -> str:
    """'wedge', 'hash', 'wavy', 'either' (crossed double bond) or '' for a plain bond."""
    d = bond.GetBondDir()
    if d == WEDGE:
        return "wedge"
    if d == HASH:
        return "hash"
    if d == WAVY:
        return "wavy"
    if d == EITHER_DOUBLE and bond.GetBondType() == Chem.BondType.DOUBLE:
        return "either"
    return ""


def perceive(mol: Chem.Mol) -> None:
    """Set ``mol``'s chiral tags and double-bond stereo from its bond marks and 2D coordinates.

    ``mol`` must be sanitized (ring info) and have a conformer. The marks stay on the bonds,
    so MolToMolBlock writes the wedges the chemist drew.
    """
    if mol.GetNumAtoms() == 0 or mol.GetNumConformers() == 0:
        return
    mol.GetConformer().Set3D(False)
    drawn = {b.GetIdx(): b.GetBondDir() for b in mol.GetBonds() if b.GetBondDir() in _DRAWN}
    for atom in mol.GetAtoms():
        atom.SetChiralTag(Chem.ChiralType.CHI_UNSPECIFIED)
    for bond in mol.GetBonds():
        bond.SetStereo(Chem.BondStereo.STEREONONE)
        bond.SetBondDir(Chem.BondDir.NONE)
    with rdBase.BlockLogs():
        # centres: from the wedges and hashes only
        for idx, d in drawn.items():
            if d in (WEDGE, HASH):
                mol.GetBondWithIdx(idx).SetBondDir(d)
        Chem.AssignChiralTypesFromBondDirs(mol, mol.GetConformer().GetId(), True)
        unknown_atoms = {mol.GetBondWithIdx(i).GetBeginAtomIdx() for i, d in drawn.items() if d == WAVY}
        for idx in unknown_atoms:  # a wavy bond says "either configuration" at its narrow end
            mol.GetAtomWithIdx(idx).SetChiralTag(Chem.ChiralType.CHI_UNSPECIFIED)
        for bond in mol.GetBonds():
            bond.SetBondDir(Chem.BondDir.NONE)
        # double bonds: E/Z from where the substituents sit in the drawing
        Chem.DetectBondStereochemistry(mol, mol.GetConformer().GetId())
        Chem.AssignStereochemistry(mol, cleanIt=True, force=True)
        for bond in mol.GetBonds():
            if bond.GetBondDir() in (Chem.BondDir.ENDUPRIGHT, Chem.BondDir.ENDDOWNRIGHT):
                bond.SetBondDir(Chem.BondDir.NONE)
    for idx in _unknown_double_bonds(mol, drawn):
        bond = mol.GetBondWithIdx(idx)
        bond.SetStereo(Chem.BondStereo.STEREOANY)
    for idx, d in drawn.items():
        bond = mol.GetBondWithIdx(idx)
        if d != EITHER_DOUBLE:
            bond.SetBondDir(d)


def _unknown_double_bonds(mol: Chem.Mol, drawn: dict[int, Chem.BondDir]) -> set[int]:
    """Double bonds drawn crossed, or with a wavy bond at either end: E/Z unknown."""
    double = Chem.BondType.DOUBLE
    out = {i for i, d in drawn.items() if d == EITHER_DOUBLE and mol.GetBondWithIdx(i).GetBondType() == double}
    for idx, d in drawn.items():
        if d != WAVY:
            continue
        for atom in (mol.GetBondWithIdx(idx).GetBeginAtom(), mol.GetBondWithIdx(idx).GetEndAtom()):
            for b in atom.GetBonds():
                if b.GetBondType() == double:
                    out.add(b.GetIdx())
    return {i for i in out if _could_be_stereo(mol, i)}


def _could_be_stereo(mol: Chem.Mol, idx: int) -> bool:
    bond = mol.GetBondWithIdx(idx)
    if bond.IsInRing() and mol.GetRingInfo().MinBondRingSize(idx) < 8:
        return False
    return all(a.GetDegree() >= 2 for a in (bond.GetBeginAtom(), bond.GetEndAtom()))


def mark_drawing(mol: Chem.RWMol, keep_file_wedges: bool) -> None:
    """Give a molecule from outside (SMILES, MOL, paste) the marks that show its stereo.

    A MOL file's own wedges are kept when its coordinates are (``keep_file_wedges``);
    otherwise wedges are placed for its chiral tags. A possible E/Z double bond the input
    leaves unspecified is drawn crossed ("either"), so the layout does not invent E/Z.
    """
    if mol.GetNumAtoms() == 0 or mol.GetNumConformers() == 0:
        return
    with rdBase.BlockLogs():
        unspecified = {
            info.centeredOn
            for info in Chem.FindPotentialStereo(mol)
            if info.type == Chem.StereoType.Bond_Double and info.specified == Chem.StereoSpecified.Unspecified
        }
        tagged = any(a.GetChiralTag() != Chem.ChiralType.CHI_UNSPECIFIED for a in mol.GetAtoms())
        if keep_file_wedges and any(b.HasProp("_MolFileBondStereo") for b in mol.GetBonds()):
            Chem.ReapplyMolBlockWedging(mol)
        elif tagged or not keep_file_wedges:
            for bond in mol.GetBonds():
                bond.SetBondDir(Chem.BondDir.NONE)
            if tagged:
                Chem.WedgeMolBonds(mol, mol.GetConformer())
        # else: a drawing of ours (a fragment, a prepared paste) keeps the marks it has
    for bond in mol.GetBonds():
        if bond.GetBondDir() not in _DRAWN:
            bond.SetBondDir(Chem.BondDir.NONE)
        unknown = bond.GetStereo() == Chem.BondStereo.STEREOANY or bond.GetIdx() in unspecified
        if unknown and bond.GetBondType() == Chem.BondType.DOUBLE:
            bond.SetBondDir(EITHER_DOUBLE)
    for bond in mol.GetBonds():
        bond.SetStereo(Chem.BondStereo.STEREONONE)
    for atom in mol.GetAtoms():
        atom.SetChiralTag(Chem.ChiralType.CHI_UNSPECIFIED)


def cip_labels(mol: Chem.Mol) -> tuple[dict[int, str], dict[int, str]]:
    """R/S by atom index and E/Z by bond index of a perceived molecule (see ``perceive``)."""
    atoms: dict[int, str] = {}
    bonds: dict[int, str] = {}
    if not any(a.GetChiralTag() != Chem.ChiralType.CHI_UNSPECIFIED for a in mol.GetAtoms()) and not any(
        b.GetStereo() not in (Chem.BondStereo.STEREONONE, Chem.BondStereo.STEREOANY) for b in mol.GetBonds()
    ):
        return atoms, bonds
    with rdBase.BlockLogs():
        try:
            rdCIPLabeler.AssignCIPLabels(mol)
        except Exception:  # a label is a help, never a reason to fail the drawing
            return atoms, bonds
    for atom in mol.GetAtoms():
        if atom.HasProp("_CIPCode"):
            atoms[atom.GetIdx()] = atom.GetProp("_CIPCode")
    for bond in mol.GetBonds():
        if bond.HasProp("_CIPCode"):
            bonds[bond.GetIdx()] = bond.GetProp("_CIPCode")
    return atoms, bonds
