"""Stoichiometry against the note's worked example and hand calculations."""

from __future__ import annotations

import math

import pytest
from rdkit import Chem
from rdkit.Chem import Descriptors

from boranegui.core import amounts as am


def mw(smiles: str) -> float:
    return Descriptors.MolWt(Chem.MolFromSmiles(smiles))


def test_worked_example_of_the_note() -> None:
    """5.00 g nordazepam lactam, 4.0 equiv 1.0 M BH3·THF, 8 volumes, 2.5 equiv 6 M HCl."""
    m = mw("O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1")
    assert round(m, 2) == 270.72
    s = am.stoichiometry(scale_g=5.0, mw=m, reagent_kind="bh3_thf", reagent_molarity=1.0, borane_equiv=4.0,
                         thf_volumes=8, hcl_equiv_vs_borane=2.5, hcl_molarity=6, lactams=1, acidic_h=1)
    assert am.round_substrate_mmol(s.substrate_mmol) == 18.47
    assert am.round_amount(s.borane_mmol) == 73.9
    assert am.round_amount(s.borane_ml) == 73.9
    assert am.round_solvent_ml(s.thf_ml) == 40
    assert am.round_amount(s.hcl_mmol) == 184.7
    assert am.round_amount(s.hcl_ml) == 30.8
    # NaOH = (HCl 184.69 + one OH- per boron 73.88) x 1.10 = 284.43 mmol = 142.2 mL of 2 M (the note's
    # "at least 92.3 mL" neutralises the HCl only and stalls near pH 9, the pKa of boric acid).
    assert am.round_amount(s.naoh_ml) == 142.2
    assert s.naoh_mmol >= s.hcl_mmol + s.borane_mmol
    assert am.fmt_mmol(s.substrate_mmol, substrate=True) == "18.47 mmol"
    assert am.fmt_ml(s.borane_ml) == "73.9 mL"
    assert am.fmt_ml(s.hcl_ml) == "30.8 mL"
    assert am.fmt_ml(s.thf_ml, solvent=True) == "40 mL"


def test_piperidinone_2g_hand_calculation() -> None:
    # 2.00 g / 99.133 g/mol = 20.1749 mmol; x 3.0 equiv = 60.525 mmol = 60.5 mL of 1.0 M
    # THF 10 vol x 2.00 g = 20 mL; HCl 3.0 x 60.525 = 181.57 mmol / 6 M = 30.26 mL
    # NaOH (181.57 + 60.525) x 1.1 = 266.30 mmol / 2 M = 133.15 mL
    # B-H left: 3 x 60.525 - 20.1749 x (2 C=O + 1 N-H) = 121.05 mmol H2 = 121.05 x 24.06 / 1000 = 2.912 L
    s = am.stoichiometry(scale_g=2.0, mw=mw("O=C1CCCCN1"), reagent_kind="bh3_thf", reagent_molarity=1.0,
                         borane_equiv=3.0, thf_volumes=10, hcl_equiv_vs_borane=3.0, hcl_molarity=6,
                         lactams=1, acidic_h=1)
    assert s.substrate_mmol == pytest.approx(20.1749, abs=1e-3)
    assert s.borane_ml == pytest.approx(60.525, abs=1e-2)
    assert s.thf_ml == pytest.approx(20.0)
    assert s.hcl_mmol == pytest.approx(181.57, abs=0.02)
    assert s.hcl_ml == pytest.approx(30.26, abs=0.01)
    assert s.naoh_ml == pytest.approx(133.15, abs=0.01)
    assert s.quench_h2_mmol == pytest.approx(121.05, abs=0.02)
    assert s.quench_h2_l == pytest.approx(2.912, abs=0.002)


def test_benzylpyrrolidinone_150g_bms_hand_calculation() -> None:
    # 150 g / 175.231 g/mol = 856.01 mmol; x 3.5 = 2996.0 mmol BH3 = 299.6 mL of 10 M BH3·SMe2
    # THF 5 vol x 150 g = 750 mL; HCl 2.0 x 2996.0 = 5992.1 mmol = 998.7 mL of 6 M
    # NaOH (5992.1 + 2996.0) x 1.1 = 9886.9 mmol = 4943.4 mL of 2 M
    # no acidic N-H (tertiary lactam): B-H left 3 x 2996.04 - 2 x 856.01 = 7276.1 mmol = 175.1 L H2
    s = am.stoichiometry(scale_g=150.0, mw=mw("O=C1CCCN1Cc1ccccc1"), reagent_kind="bh3_sme2",
                         reagent_molarity=10.0, borane_equiv=3.5, thf_volumes=5, hcl_equiv_vs_borane=2.0,
                         hcl_molarity=6, lactams=1, acidic_h=0)
    assert s.substrate_mmol == pytest.approx(856.01, abs=0.01)
    assert s.borane_ml == pytest.approx(299.60, abs=0.01)
    assert s.thf_ml == pytest.approx(750.0)
    assert s.hcl_ml == pytest.approx(998.7, abs=0.05)
    assert s.naoh_ml == pytest.approx(4943.4, abs=0.1)
    assert s.addition_h2_mmol == 0
    assert s.quench_h2_l == pytest.approx(175.07, abs=0.05)
    assert am.fmt_ml(s.naoh_ml) == "4.94 L"


def test_caprolactam_wet_nabh4_i2_hand_calculation() -> None:
    # 10.0 g with 1.0 % water: 9.90 g / 113.16 g/mol = 87.487 mmol; 2.5 equiv BH3 = 218.72 mmol
    # 2 NaBH4 + I2 -> 2 BH3 + 2 NaI + H2: NaBH4 218.72 mmol x 37.83 = 8.274 g; I2 109.36 mmol x 253.81 = 27.757 g
    # H2 on generation 109.36 mmol = 2.631 L
    s = am.stoichiometry(scale_g=10.0, mw=mw("O=C1CCCCCN1"), water_percent=1.0, reagent_kind="nabh4_i2",
                         borane_equiv=2.5, thf_volumes=8, lactams=1, acidic_h=1)
    assert s.substrate_mmol == pytest.approx(87.487, abs=1e-3)
    assert s.borane_ml is None
    assert s.nabh4_g == pytest.approx(8.274, abs=1e-3)
    assert s.activator_mmol == pytest.approx(109.36, abs=0.01)
    assert s.activator_g == pytest.approx(27.757, abs=2e-3)
    assert s.generation_h2_mmol == pytest.approx(109.36, abs=0.01)
    assert am.gas_litres(s.generation_h2_mmol) == pytest.approx(2.631, abs=1e-3)
    # The 0.100 g of water (5.549 mmol) is not lactam, and gives 2 H2 per H2O on addition:
    # 87.487 (N-H) + 2 x 5.549 = 98.585 mmol H2.
    assert s.addition_h2_mmol == pytest.approx(98.585, abs=1e-2)


def test_a_carboxylic_acid_gives_h2_on_addition_and_takes_three_b_h() -> None:
    # Pyroglutamic acid (5-oxopyrrolidine-2-carboxylic acid), 1.29 g = 10.0 mmol:
    # lactam N-H 1 + CO2H O-H 1 = 20.0 mmol H2 on addition; demand 2 + 1 + 3 = 6 B-H per mol.
    m = mw("O=C1CCC(C(=O)O)N1")
    s = am.stoichiometry(scale_g=m / 100, mw=m, reagent_kind="bh3_thf", reagent_molarity=1.0, borane_equiv=4.0,
                         thf_volumes=10, lactams=1, acidic_h=1, acid_oh=1, bh_demand=6)
    assert s.addition_h2_mmol == pytest.approx(20.0)
    assert s.bh_left_mmol == pytest.approx(3 * 40.0 - 6 * 10.0)


def test_borane_charge_from_the_demand() -> None:
    """The note's 4.0 equiv for a demand of 2.33 sets the excess; the cap is 5; never at the demand."""
    assert pytest.approx(4.0 - 7 / 3) == am.NOTE_EXCESS_EQUIV
    assert am.borane_equiv_for(7 / 3) == 4.0
    assert am.borane_equiv_for(2.0) == pytest.approx(3.67, abs=0.01)
    assert am.borane_equiv_for(3.67) == 5.0  # 5.34 capped at the note's 5 equiv
    assert am.borane_equiv_for(4.9) == pytest.approx(5.15)  # the cap leaves no excess: the demand wins
    for demand in (0.5, 1.0, 2.33, 3.0, 4.0, 4.75, 4.8, 6.0):
        assert am.borane_equiv_for(demand) > demand


def test_vessel_and_nitrogen_sweep() -> None:
    assert am.vessel_ml(305) == 1000  # 305 / 0.6 = 508 mL: the next flask is 1 L
    assert am.vessel_ml(29) == 50
    # 147.8 mmol H2 over 45 min = 0.0790 L/min; below 1 vol % in the head-space: 0.0790 x 99 = 7.8 L/min
    assert am.n2_sweep_l_per_min(147.8, 45) == pytest.approx(7.82, abs=0.01)


def test_dihydroquinolinone_nabh4_bf3_hand_calculation() -> None:
    # 1.00 g / 147.177 g/mol = 6.7945 mmol; 3.0 equiv BH3 = 20.383 mmol
    # 3 NaBH4 + 4 BF3·OEt2 -> 4 BH3 + 3 NaBF4: NaBH4 0.75 x 20.383 = 15.288 mmol = 0.5783 g
    # BF3·OEt2 20.383 mmol x 141.93 = 2.8930 g / 1.15 g/mL = 2.516 mL; no H2 from generation
    s = am.stoichiometry(scale_g=1.0, mw=mw("O=C1CCc2ccccc2N1"), reagent_kind="nabh4_bf3",
                         borane_equiv=3.0, thf_volumes=10, lactams=1, acidic_h=1)
    assert s.nabh4_mmol == pytest.approx(15.288, abs=1e-3)
    assert s.nabh4_g == pytest.approx(0.5783, abs=1e-4)
    assert s.activator_g == pytest.approx(2.8930, abs=1e-3)
    assert s.activator_ml == pytest.approx(2.516, abs=1e-3)
    assert s.generation_h2_mmol == 0
    assert am.fmt_g(s.nabh4_g) == "0.58 g"


def test_solution_reagent_needs_a_molarity() -> None:
    with pytest.raises(ValueError, match="molarity"):
        am.stoichiometry(scale_g=1, mw=100, reagent_kind="bh3_thf", borane_equiv=3, thf_volumes=5)


def test_no_acid_work_up_gives_no_hcl_or_naoh() -> None:
    s = am.stoichiometry(scale_g=1, mw=100, reagent_kind="bh3_thf", reagent_molarity=1, borane_equiv=3,
                         thf_volumes=5, acid_workup=False)
    assert s.hcl_mmol is None and s.naoh_ml is None


def test_titer_room_temperature_uses_the_notes_range() -> None:
    t = am.effective_titer("bh3_thf", 1.0, 12, "room_temp")
    assert t.known
    assert t.low_m == pytest.approx(0.98 ** 12)  # 2 %/week, compounded
    assert t.high_m == pytest.approx(0.99 ** 12)
    assert "no primary source" in t.basis


def test_titer_fridge_and_bms_say_what_is_known() -> None:
    fridge = am.effective_titer("bh3_thf", 1.0, 12, "fridge")
    assert not fridge.known and "gives no loss figure" in fridge.basis
    assert am.effective_titer("bh3_sme2", 10.0, 52, "room_temp").low_m == 10.0
    assert not am.effective_titer("bh3_thf", 1.0, None, "room_temp").known
    assert not am.effective_titer("nabh4_i2", 1.0, 3, None).known


@pytest.mark.parametrize(("value", "text"), [
    (18.4692, "18.47 mmol"), (1.84692, "1.847 mmol"), (184.692, "184.7 mmol"), (1846.92, "1.85 mol"),
])
def test_mmol_precision(value: float, text: str) -> None:
    assert am.fmt_mmol(value, substrate=value in (18.4692, 1.84692)) == text


def test_gas_volume_at_20_c() -> None:
    assert am.gas_litres(1000) == pytest.approx(24.06)
    assert abs(am.MOLAR_VOLUME_L - 0.082057 * 293.15) < 0.01
    assert am.fmt_litres(18.47) == "444 mL"
    assert not math.isnan(am.round_sig(0.0, 3))
