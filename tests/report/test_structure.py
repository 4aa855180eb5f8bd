"""The substrate drawing: the lactam is the highlighted part, whatever the atom order."""

from __future__ import annotations

import re

import pytest
from rdkit import Chem

from boranegui.report.structure import lactam_atoms, structure_svg

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
