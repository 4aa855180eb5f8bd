"""Ring templates and the lactam scaffolds this product is about, as ready-laid-out fragments."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdkit import Chem


@dataclass(frozen=True)
class Scaffold:
    """A lactam core a chemist starts from; the first SMILES atom is where it attaches."""

    key: str
    name: str
    smiles: str


SCAFFOLDS = (
    # lactam N first: clicking an atom joins the scaffold through its N (N-substitution)
    Scaffold("benzodiazepinone", "1,4-Benzodiazepin-2-one", "N1C(=O)CN=Cc2ccccc21"),
    Scaffold("diazepanone", "1,4-Diazepan-5-one", "N1C(=O)CCNCC1"),
    Scaffold("pyrrolidinone", "2-Pyrrolidinone", "N1C(=O)CCC1"),
    Scaffold("piperidinone", "2-Piperidinone", "N1C(=O)CCCC1"),
)

RING_SIZES = (3, 4, 5, 6, 7, 8)


@cache
def _scaffold_binary(smiles: str) -> bytes:
    from rdkit.Chem import rdDepictor  # imports numpy: only when a scaffold is first used

    mol = Chem.MolFromSmiles(smiles)
    rdDepictor.Compute2DCoords(mol)
    Chem.Kekulize(mol, clearAromaticFlags=True)
    return mol.ToBinary()


def scaffold_mol(key: str) -> Chem.Mol:
    """A fresh copy of the scaffold with 2D coordinates (cached layout)."""
    for scaffold in SCAFFOLDS:
        if scaffold.key == key:
            return Chem.Mol(_scaffold_binary(scaffold.smiles))
    raise KeyError(key)
