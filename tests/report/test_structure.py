"""The substrate drawing: the lactam is the highlighted part, whatever the atom order."""

from __future__ import annotations

import re

import pytest
from rdkit import Chem

from boranegui.report.structure import drawn_structure, lactam_atoms, structure_svg

NORDAZEPAM = "O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1"


def test_lactam_atoms_from_the_analysis_when_they_fit():
    mol = Chem.MolFromSmiles(NORDAZEPAM)
    assert lactam_atoms(mol, ((1, 0, 18),)) == [(1, 0, 18)]


def test_lactam_atoms_found_again_when_indices_belong_to_another_atom_order():
    mol = Chem.MolFromSmiles(NORDAZEPAM)
    assert lactam_atoms(mol, ((0, 1, 2),)) == [(1, 0, 18)]  # (O, C, C): not a C, O, N triple
    assert lactam_atoms(mol, None) == [(1, 0, 18)]
    assert lactam_atoms(mol, ()) == []  # the analysis found none: nothing is highlighted


def _highlighted_paths(svg: str) -> int:
    from boranegui.core import palette

    colour = palette.LACTAM  # the one lactam colour, on the canvas and in the PDF
    return len(re.findall(rf"fill:{colour}|stroke:{colour}", svg, flags=re.IGNORECASE))


def test_svg_highlights_the_lactam_only_when_there_is_one():
    assert _highlighted_paths(structure_svg(NORDAZEPAM, ((1, 0, 18),))) >= 3  # C, O, N (and bonds)
    assert _highlighted_paths(structure_svg("c1ccccc1CCN")) == 0


def test_molblock_is_drawn_too():
    block = Chem.MolToMolBlock(Chem.MolFromSmiles(NORDAZEPAM))
    assert "<svg" in structure_svg(block)


def test_bad_structure_says_why():
    with pytest.raises(ValueError, match="invalid SMILES"):
        structure_svg("C1CC(")


# (R)-5-methylpyrrolidin-2-one as a chemist might draw it: the hash on the ring bond C5-N
# (bond 6 of the block, index 5), where RDKit would put it on the methyl bond itself.
DRAWN_HASH_ON_RING = """
  hand-drawn

  7  7  0  0  0  0  0  0  0  0999 V2000
    2.6401   -0.6127    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0
    1.2135   -0.1492    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
    0.7500    1.2774    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
   -0.7500    1.2774    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
   -1.2135   -0.1492    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
   -2.6401   -0.6127    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
   -0.0000   -1.0309    0.0000 N   0  0  0  0  0  0  0  0  0  0  0  0
  1  2  2  0
  2  3  1  0
  3  4  1  0
  4  5  1  0
  5  6  1  0
  5  7  1  6
  7  2  1  0
M  END
"""


def _stereo_bonds(svg: str) -> set[int]:
    """Bond indices RDKit drew as a wedge (a filled black polygon) or a hash (many short strokes)."""
    strokes: dict[int, int] = {}
    marked = set()
    for index, path, style in re.findall(r"<path class='bond-(\d+) [^']*' d='([^']*)' style='([^']*)'", svg):
        if "fill:#000000" in style and path.rstrip().endswith("Z"):
            marked.add(int(index))
        elif "stroke:#000000" in style:
            strokes[int(index)] = strokes.get(int(index), 0) + 1
    return marked | {i for i, n in strokes.items() if n >= 4}


def test_a_drawn_mol_block_keeps_its_wedge_on_the_bond_the_chemist_chose():
    mol = Chem.MolFromMolBlock(DRAWN_HASH_ON_RING)
    assert Chem.MolToSmiles(mol) == Chem.CanonSmiles("C[C@@H]1CCC(=O)N1")
    fresh = Chem.Mol(mol)
    Chem.WedgeMolBonds(fresh, fresh.GetConformer())  # RDKit's own choice: the methyl bond
    assert {b.GetIdx() for b in fresh.GetBonds() if b.GetBondDir() != Chem.BondDir.NONE} == {4}
    assert _stereo_bonds(structure_svg(DRAWN_HASH_ON_RING)) == {5}
    assert _stereo_bonds(structure_svg(mol)) == {5}  # the Mol read from it, too


def test_the_report_draws_the_mol_block_when_the_run_file_has_one():
    smiles = "C[C@@H]1CCC(=O)N1"
    assert drawn_structure(smiles, DRAWN_HASH_ON_RING, ((4, 5, 6),)) == (DRAWN_HASH_ON_RING, None)
    assert drawn_structure(smiles, DRAWN_HASH_ON_RING, ()) == (DRAWN_HASH_ON_RING, ())  # none found: none drawn
    assert drawn_structure(smiles, None, ((4, 5, 6),)) == (smiles, ((4, 5, 6),))
    assert drawn_structure(smiles, "  ", None) == (smiles, None)
