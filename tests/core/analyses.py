"""Substrate analyses written by hand for the test runs, so the engine is tested on its own.

Group counts and hydride budgets follow ARCHITECTURE.md and SEED-NOTES.md (B-H per group:
amide C=O 2, acidic N-H 1, carboxylic acid 3, ester 2, imine 1, alkene 1; divided by 3, plus
one BH3 per basic nitrogen of the product; an N-aryl amine is not counted as basic), counted
by hand from each structure.
"""

from __future__ import annotations

from boranegui.core.substrate import SubstrateAnalysis, Warning_


def _analysis(
    smiles: str,
    formula: str,
    mw: float,
    groups: dict[str, int],
    budget: float,
    warnings: tuple[Warning_, ...] = (),
) -> SubstrateAnalysis:
    return SubstrateAnalysis(smiles, formula, mw, ((0, 1, 2),), groups, budget, warnings)


BOC_WARNING = Warning_(
    "boc",
    "Boc group: cleaved by 6 M HCl at reflux; break the complex without acid.",
    "reading notes",
    (0,),
)
HALIDE_WARNING = Warning_(
    "aryl_halide", "Aryl halide: Pd/C methanolysis can remove it.", "Couturier 2001"
)

ANALYSES: dict[str, SubstrateAnalysis] = {
    # nordazepam lactam: C=O, N-H, C=N, aryl Cl; product: two basic N
    "O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1": _analysis(
        "O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1",
        "C15H11ClN2O",
        270.72,
        {"lactam": 1, "imine": 1, "aryl_halide": 1, "acidic_nh_oh": 1},
        4 / 3 + 1,
        (HALIDE_WARNING,),
    ),
    "O=C1CCCN1c1ccccc1": _analysis(
        "O=C1CCCN1c1ccccc1", "C10H11NO", 161.20, {"lactam": 1}, 2 / 3 + 1
    ),
    "C=CCN1CCCC1=O": _analysis(
        "C=CCN1CCCC1=O", "C7H11NO", 125.17, {"lactam": 1, "alkene": 1}, 3 / 3 + 1
    ),
    "O=C1CCC(C(=O)O)N1": _analysis(
        "O=C1CCC(C(=O)O)N1",
        "C5H7NO3",
        129.11,
        {"lactam": 1, "carboxylic_acid": 1, "acidic_nh_oh": 1},
        6 / 3 + 1,
    ),
    "CCOC(=O)C1CCC(=O)N1": _analysis(
        "CCOC(=O)C1CCC(=O)N1",
        "C7H11NO3",
        157.17,
        {"lactam": 1, "ester": 1, "acidic_nh_oh": 1},
        5 / 3 + 1,
    ),
    "CC(C)(C)OC(=O)N1CCNC(=O)C1": _analysis(
        "CC(C)(C)OC(=O)N1CCNC(=O)C1",
        "C9H16N2O3",
        200.24,
        {"lactam": 1, "carbamate": 1, "boc": 1, "acidic_nh_oh": 1},
        3 / 3 + 1,
        (BOC_WARNING,),
    ),
    "O=C1CCCN1Cc1ccccc1": _analysis(
        "O=C1CCCN1Cc1ccccc1", "C11H13NO", 175.23, {"lactam": 1, "n_benzyl": 1}, 2 / 3 + 1
    ),
    "O=C1CN=C(c2ccccc2)c2cc([N+](=O)[O-])ccc2N1": _analysis(
        "O=C1CN=C(c2ccccc2)c2cc([N+](=O)[O-])ccc2N1",
        "C15H11N3O3",
        281.27,
        {"lactam": 1, "imine": 1, "nitro": 1, "acidic_nh_oh": 1},
        4 / 3 + 1,
    ),
}
