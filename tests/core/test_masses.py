"""Mass assignment (core/masses.py) against [M+H]+ values worked out by hand.

Monoisotopic masses used: C 12.000000, H 1.007825, N 14.003074, O 15.994915, Cl 34.968853,
Br 78.918337, 11B 11.009305; proton 1.007276; 37Cl - 35Cl 1.997050, 81Br - 79Br 1.997950.
"""

from __future__ import annotations

import pytest

from boranegui.core.masses import assign, predict

C, H, N, OX, CL, BR, B11, PROTON = 12.0, 1.007825, 14.003074, 15.994915, 34.968853, 78.918337, 11.009305, 1.007276


def mh(c: int, h: int, n: int = 0, o: int = 0, cl: int = 0, br: int = 0, b: int = 0) -> float:
    """[M+H]+ of a formula, the hand arithmetic every case below spells out."""
    return c * C + h * H + n * N + o * OX + cl * CL + br * BR + b * B11 + PROTON


def species(smiles: str, target: str | None = None) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for s in predict(smiles, target):
        out.setdefault(s.id, []).append(s.mz)
    return out


# (substrate, target or None, species id, hand value, the arithmetic in words)
CASES = [
    # nordazepam: product 7-chloro-5-phenyl-2,3,4,5-tetrahydro-1H-1,4-benzodiazepine C15H15ClN2
    ("O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1", None, "product", mh(15, 15, 2, 0, 1),
     "180 + 15.117375 + 28.006148 + 34.968853 + 1.007276 = 259.099652"),
    ("O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1", None, "substrate", mh(15, 11, 2, 1, 1),
     "180 + 11.086075 + 28.006148 + 15.994915 + 34.968853 + 1.007276 = 271.063267"),
    ("O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1", None, "dehalogenated", mh(15, 16, 2),
     "180 + 16.1252 + 28.006148 + 1.007276 = 225.138624"),
    # diazepam with its C=N kept: medazepam C16H15ClN2
    ("CN1C(=O)CN=C(c2ccccc2)c2cc(Cl)ccc21", None, "imine_kept", mh(16, 15, 2, 0, 1),
     "192 + 15.117375 + 28.006148 + 34.968853 + 1.007276 = 271.099652"),
    # Boc-1,4-diazepan-5-one: the product without its Boc is 1,4-diazepane C5H12N2
    ("CC(C)(C)OC(=O)N1CCNC(=O)CC1", None, "deprotected", mh(5, 12, 2),
     "60 + 12.0939 + 28.006148 + 1.007276 = 101.107324"),
    # 2-pyrrolidinone: pyrrolidine C4H9N, and its borane adduct C4H9N·BH3
    ("O=C1CCCN1", None, "product", mh(4, 9, 1), "48 + 9.070425 + 14.003074 + 1.007276 = 72.080775"),
    ("O=C1CCCN1", None, "product_bh3", mh(4, 12, 1, b=1),
     "48 + 12.0939 + 14.003074 + 11.009305 + 1.007276 = 86.113555"),
    # caprolactam: azepane C6H13N
    ("O=C1CCCCCN1", None, "product", mh(6, 13, 1), "72 + 13.101725 + 14.003074 + 1.007276 = 100.112075"),
    # N-benzylcaprolactam: 1-benzylazepane C13H19N; debenzylated azepane C6H13N
    ("O=C1CCCCCN1Cc1ccccc1", None, "product", mh(13, 19, 1), "156 + 19.148675 + 14.003074 + 1.007276 = 190.159025"),
    ("O=C1CCCCCN1Cc1ccccc1", None, "debenzylated", mh(6, 13, 1), "72 + 13.101725 + 14.003074 + 1.007276 = 100.112075"),
    # 6-bromo-3,4-dihydroquinolin-2(1H)-one: 6-bromo-1,2,3,4-tetrahydroquinoline C9H10BrN
    ("O=C1CCc2cc(Br)ccc2N1", None, "product", mh(9, 10, 1, br=1),
     "108 + 10.07825 + 14.003074 + 78.918337 + 1.007276 = 212.006937"),
    ("O=C1CCc2cc(Br)ccc2N1", None, "dehalogenated", mh(9, 11, 1),
     "108 + 11.086075 + 14.003074 + 1.007276 = 134.096425"),
    # ethyl (2-oxopyrrolidin-3-yl)acetate: ester reduced, 2-(pyrrolidin-3-yl)ethanol C6H13NO
    ("CCOC(=O)CC1CCNC1=O", None, "ester_reduced", mh(6, 13, 1, 1),
     "72 + 13.101725 + 14.003074 + 15.994915 + 1.007276 = 116.10699"),
    # (5-oxopyrrolidin-2-yl)acetic acid, target keeping the acid (C6H11NO2); acid reduced C6H13NO
    ("O=C(O)CC1CCC(=O)N1", "OC(=O)CC1CCCN1", "product", mh(6, 11, 1, 2),
     "72 + 11.086075 + 14.003074 + 31.98983 + 1.007276 = 130.086255"),
    ("O=C(O)CC1CCC(=O)N1", "OC(=O)CC1CCCN1", "acid_reduced", mh(6, 13, 1, 1),
     "72 + 13.101725 + 14.003074 + 15.994915 + 1.007276 = 116.10699"),
    # 3-allylpiperidin-2-one: 3-allylpiperidine C8H15N; hydroborated (+H2O) C8H17NO
    ("C=CCC1CCCNC1=O", None, "product", mh(8, 15, 1), "96 + 15.117375 + 14.003074 + 1.007276 = 126.127725"),
    ("C=CCC1CCCNC1=O", None, "hydroborated", mh(8, 17, 1, 1),
     "96 + 17.133025 + 14.003074 + 15.994915 + 1.007276 = 144.13829"),
    # benzyl 3-oxopiperazine-1-carboxylate: the product without its Cbz is piperazine C4H10N2
    ("O=C1CN(C(=O)OCc2ccccc2)CCN1", None, "deprotected", mh(4, 10, 2),
     "48 + 10.07825 + 28.006148 + 1.007276 = 87.091674"),
]


@pytest.mark.parametrize(("smiles", "target", "kind", "value", "arithmetic"), CASES)
def test_predicted_mh_matches_the_hand_value(smiles: str, target: str | None, kind: str, value: float,
                                           arithmetic: str) -> None:
    assert float(arithmetic.rsplit("= ", 1)[1]) == pytest.approx(value, abs=2e-6)  # the words say the sum
    predicted = species(smiles, target)[kind]
    assert any(abs(p - value) < 1e-3 for p in predicted), (kind, predicted, value)


def test_ten_or_more_real_substrates_are_covered() -> None:
    assert len({smiles for smiles, *_ in CASES}) >= 10


def test_an_aryl_chloride_shows_its_37cl_partner() -> None:
    nordazepam = predict("O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1")
    product = next(s for s in nordazepam if s.id == "product")
    assert product.isotope_mz == pytest.approx(mh(15, 15, 2, 0, 1) + 1.99705, abs=1e-3)  # 261.096702
    hit = assign(261.1, 1, "crude", 30, nordazepam)
    assert (hit.species, hit.isotope) == ("product", True)
    assert "37Cl/81Br isotope" in hit.words()
    dehalo = next(s for s in nordazepam if s.id == "dehalogenated")
    assert dehalo.isotope_mz is None  # "m/z 225, no Cl pattern"


def test_where_a_peak_was_seen_weighs_in() -> None:
    boc = predict("CC(C)(C)OC(=O)N1CCNC(=O)CC1")
    aqueous = assign(101.1, 1, "aqueous", 60, boc)
    assert aqueous.species == "deprotected"
    assert set(aqueous.symptoms) == {"protecting_group_lost", "product_in_aqueous"}
    assert aqueous.words() == "m/z 101.1 in the aqueous layer is the product without its Boc (C5H12N2)"
    before = assign(101.1, 1, "ipc", None, boc)  # seen before the work-up: the HCl step did not do it
    assert "protecting_group_lost" in before.cleared


def test_tolerance_is_tighter_for_exact_masses() -> None:
    boc = predict("CC(C)(C)OC(=O)N1CCNC(=O)CC1")  # lactam 215.139 and product·BH3 215.1925
    loose = assign(215.1, 1, "crude", None, boc)
    assert loose.species == "substrate" and loose.also  # same nominal mass: said, not hidden
    assert assign(215.193, 3, "crude", None, boc).species == "product_bh3"
    assert assign(101.12, 2, "crude", None, boc).species == "deprotected"  # within 0.3
    assert assign(101.125, 3, "crude", None, boc).species == "unknown"  # 0.018 away, beyond 0.01
