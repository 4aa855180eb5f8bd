"""Chelating donor pairs of the target amine (core/facts.chelating_pairs): an amine N and an
alcohol O, or two amine N not in one ring, two or three carbons apart (shortest path 3 or 4 bonds)."""

from __future__ import annotations

import pytest
from rdkit import Chem

from boranegui.core.facts import chelating_pairs


@pytest.mark.parametrize(("smiles", "pairs"), [
    ("NCCO", 1),  # 1,2-amino alcohol
    ("NCCCO", 1),  # 1,3
    ("NCCCCO", 0),  # 1,4: too far for a five- or six-membered chelate
    ("NCCN", 1),
    ("C1CNCCN1", 0),  # piperazine: both N in one ring cannot close a ring on one boron
    ("NC1CCCCC1O", 1),  # trans/cis-2-aminocyclohexanol: counted by the shortest path, 3 bonds
    ("OCC(N)CO", 2),  # serinol: one N, two O
    ("NCC(O)CCN", 2),
    ("NCCNCCN", 2),  # diethylenetriamine: N1-N2 and N2-N3 (N1-N3 is 6 bonds)
    ("OCCN1CCN(CCO)CC1", 2),
    ("c1ccccc1C(=O)NCCO", 0),  # an amide N is no amine donor
])
def test_pairs_by_shortest_path(smiles: str, pairs: int) -> None:
    assert chelating_pairs(Chem.MolFromSmiles(smiles)) == pairs


def test_a_ring_shortcut_is_the_distance_that_counts() -> None:
    """N and O joined by a 2-bond path and a longer way round a ring: 2 bonds is no chelate pair
    (a bounded search must still find the shortest path)."""
    assert chelating_pairs(Chem.MolFromSmiles("NC1(O)CCCCC1")) == 0
