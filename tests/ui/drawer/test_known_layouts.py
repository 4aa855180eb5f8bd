"""The worked example's ready-made layout: RDKit's, used without importing the depictor."""

from __future__ import annotations

import itertools
import math

import pytest
import yaml

from boranegui.core.bundled import example_run_path
from boranegui.ui.drawer import known_layouts


def test_the_worked_example_is_among_the_sources() -> None:
    example = yaml.safe_load(example_run_path().read_text("utf-8"))
    assert example["substrate"]["smiles"] in known_layouts.SOURCES


def test_each_source_has_a_sound_layout_in_the_table() -> None:
    from boranegui.ui.drawer.formats import read_structure
    from boranegui.ui.drawer.model import prepare

    for smiles in known_layouts.SOURCES:
        entry, _ = known_layouts.compute(smiles)
        assert entry in known_layouts.LAYOUTS, f"{smiles}: run python -m boranegui.ui.drawer.known_layouts"
        mol = prepare(read_structure(smiles))  # through the table
        conf = mol.GetConformer()
        xy = [(conf.GetAtomPosition(i).x, conf.GetAtomPosition(i).y) for i in range(mol.GetNumAtoms())]
        assert xy == list(known_layouts.LAYOUTS[entry])
        for bond in mol.GetBonds():  # RDKit's bond length, no stretched or squeezed bond
            assert math.dist(xy[bond.GetBeginAtomIdx()], xy[bond.GetEndAtomIdx()]) == pytest.approx(1.5, abs=0.01)
        assert min(math.dist(a, b) for a, b in itertools.combinations(xy, 2)) > 0.7  # no atoms on top of each other


def test_other_molecules_and_atom_orders_are_laid_out_by_rdkit() -> None:
    from rdkit import Chem

    from boranegui.ui.drawer.model import prepare

    same_molecule_other_order = Chem.MolFromSmiles("Clc1ccc2NC(=O)CN=C(c3ccccc3)c2c1")
    assert not known_layouts.apply(Chem.RWMol(same_molecule_other_order))
    assert not known_layouts.apply(Chem.RWMol(Chem.MolFromSmiles("O=C1CCCN1")))
    assert prepare(same_molecule_other_order).GetNumConformers() == 1
