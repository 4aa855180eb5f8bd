"""Worked examples for each work-up route, and the substrate's own corrections, checked by hand."""

from __future__ import annotations

import pytest

from boranegui.core import protocol, run_record
from boranegui.core.protocol import plan
from tests.conftest import DATA
from tests.core.protocol_helpers import NOTE_CAUSES, action, cause, diagnosis, make_run


def _shipped(name: str) -> protocol.RevisedProtocol:
    from boranegui.core.diagnosis import diagnose
    from boranegui.core.rules import load_rules

    rules = load_rules()
    run = run_record.load(DATA / "routes" / name)
    return plan(run, diagnose(run, rules), change_min_score=rules.change_min_score)


def _amount(revised: protocol.RevisedProtocol, role: str) -> protocol.Amount:
    return next(a for a in revised.amounts if a.role == role)


def test_route_acid_aryl_bromide_resets_the_time_at_reflux() -> None:
    """10.0 g / 226.07 = 44.23 mmol; 3.0 equiv = 132.7 mmol; HCl 2.5 x 132.7 = 331.8 mmol = 55.3 mL of 6 M;
    NaOH (331.8 + 132.7) x 1.1 = 510.9 mmol = 255.4 mL of 2 M.  The bromide rules Pd/C out: acid stays."""
    revised = _shipped("route-acid-aryl-bromide.borane.yaml")
    p = revised.parameters
    assert p["decomplexation"] == "acid"
    changes = {c.parameter: (c.before, c.after) for c in revised.changes}
    assert changes["reaction_temp_c"] == (20, 66) and changes["reaction_time_h"] == (18, 4)
    assert (_amount(revised, "acid").mmol, _amount(revised, "acid").volume_ml) == (331.8, 55.3)
    assert (_amount(revised, "base").mmol, _amount(revised, "base").volume_ml) == (510.9, 255.4)
    react = revised.steps[5].text
    assert "for 4 h (the note: 2-4 h)" in react and "aliquot in HCl/MeOH" in react and "diborane" in react
    assert "11B NMR" in revised.steps[8].text and "Before basifying" in revised.steps[8].text


def test_route_pd_for_a_boc_lactam_without_pd_sensitive_groups() -> None:
    """8.00 g Boc-diazepanone: 10 wt % of 10 % Pd/C = 0.80 g, 10 volumes of MeOH = 80 mL."""
    revised = _shipped("route-pd-boc-diazepanone.borane.yaml")
    assert revised.parameters["decomplexation"] == "pd_methanol"
    assert _amount(revised, "catalyst").mass_g == 0.8
    assert "Pd/C" in revised.steps[7].text and "0.80 g" in revised.steps[7].text
    assert "Celite" in revised.steps[8].text and "needs no basifying" in revised.steps[9].text
    assert revised.steps[10].text.startswith("Partition the residue between EtOAc (40 mL) and water (40 mL)")
    assert not [a for a in revised.amounts if a.role in ("acid", "base")]
    assert "acid goes in" not in " ".join(s.text for s in revised.steps)


def test_route_exchange_for_boc_and_aryl_chloride() -> None:
    """6.00 g / 296.75 = 20.22 mmol; the product holds 1 BH3 (its N4); 5 x 20.22 = 101.1 mmol piperazine
    x 86.14 g/mol = 8.71 g."""
    revised = _shipped("route-exchange-boc-aryl-chloride.borane.yaml")
    assert revised.parameters["decomplexation"] == "amine_exchange"
    piperazine = _amount(revised, "exchange_amine")
    assert (piperazine.mmol, piperazine.mass_g) == (101.1, 8.71)
    assert "piperazine (8.71 g, 101.1 mmol)" in revised.steps[7].text
    assert "do not distil" in revised.steps[8].text
    assert "M HCl" not in " ".join(s.text for s in revised.steps)
    assert revised.to_json()["parameters"]["decomplexation"] == "amine_exchange"
    assert {a["role"] for a in revised.to_json()["amounts"]} >= {"exchange_amine"}


def test_weak_cause_is_a_check_not_a_change() -> None:
    weak = cause("amine_borane_complex", *NOTE_CAUSES["amine_borane_complex"].actions, score=0.25)
    revised = plan(make_run(**{"workup.acid.temp_c": 20}), diagnosis(weak))
    assert revised.changes == ()
    assert revised.checks and "score 0.25" in revised.checks[0] and "0.3" in revised.checks[0]
    strong = plan(make_run(**{"workup.acid.temp_c": 20}), diagnosis(weak), change_min_score=0.2)
    assert {c.parameter for c in strong.changes} >= {"acid_temp_c"}


def test_borane_never_at_or_below_the_demand_and_raised_to_demand_plus_excess() -> None:
    # Pyroglutamic acid: lactam C=O 2 + N-H 1 + CO2H 3 = 6 B-H = 2.0 equiv, +1 BH3 on the product amine = 3.0.
    acid_lactam = "O=C1CCC(C(=O)O)N1"
    starved = cause("insufficient_borane", action("enough_borane", {"borane_equiv": {"at_least": 3}}))
    revised = plan(make_run(**{"substrate.smiles": acid_lactam, "reagent.equiv": 2.0}), diagnosis(starved))
    change = next(c for c in revised.changes if c.parameter == "borane_equiv")
    assert change.after == pytest.approx(4.67, abs=0.01)  # 3.0 + the note's 1.67
    assert change.cause == "insufficient_borane" and "hydride budget" in change.why
    assert "excess over the substrate's own demand" in revised.steps[3].text
    # A cap below the demand (the ester action's 3 equiv) cannot starve the lactam.
    cap = cause("ester_reduced", action("less_excess", {"borane_equiv": {"at_most": 3}}))
    capped = plan(make_run(**{"substrate.smiles": acid_lactam}), diagnosis(cap))
    assert capped.parameters["borane_equiv"] > 3.0


def test_room_temperature_is_not_applied_while_lactam_is_left() -> None:
    run = make_run(**{"outcome.symptoms": ["incomplete_reduction", "over_reduction"],
                      "outcome.starting_material_percent": 30})
    revised = plan(run, diagnosis(NOTE_CAUSES["over_reduction"]))
    assert revised.parameters["reaction_temp_c"] == 66
    assert any("still needs the heat" in w for w in revised.warnings)


def test_long_reflux_is_capped_and_a_checked_titer_keeps_its_bottle() -> None:
    revised = plan(make_run(**{"conditions.time_h": 24, "reagent.titer_checked": True}),
                   diagnosis(NOTE_CAUSES["reagent_degraded"]))
    assert revised.parameters["reaction_time_h"] == 8
    assert not revised.parameters["fresh_reagent"]
    assert any("titer was checked" in w for w in revised.warnings)


def test_nitro_substrate_never_gets_in_situ_borane() -> None:
    revised = plan(make_run(**{"reagent.kind": "nabh4_i2", "reagent.molarity": None,
                               "substrate.smiles": "O=C1CN=C(c2ccccc2)c2cc([N+](=O)[O-])ccc2N1"}), None)
    assert revised.parameters["reagent_kind"] == "bh3_thf" and revised.parameters["reagent_molarity"] == 1.0
    assert not [a for a in revised.amounts if a.name == "NaBH4"]


def test_polar_diamine_product_is_salted_out_when_product_was_lost() -> None:
    run = make_run(**{"substrate.smiles": "O=C1CCNCCN1", "outcome.symptoms": ["low_yield"]})
    revised = plan(run, diagnosis(NOTE_CAUSES["amine_borane_complex"]))
    change = next(c for c in revised.changes if c.parameter == "salt_out_extraction")
    assert "Crippen logP" in change.why
    assert "Saturate the aqueous layer with NaCl" in revised.steps[10].text
    assert revised.parameters["basify_ph"] == 12


def test_wet_substrate_amounts_are_on_the_dry_mass() -> None:
    dry = plan(make_run(), None)
    wet = plan(make_run(**{"substrate.water_percent": 10.0}), None)
    assert wet.amounts[0].mmol == pytest.approx(dry.amounts[0].mmol * 0.9, abs=0.01)
    assert "dry mass" in wet.amounts[0].note
    assert any("10 % water" in w for w in wet.warnings)


def test_scale_above_100_g_adds_the_plant_safety_lines() -> None:
    big = plan(make_run(**{"scale_g": 250.0, "reagent.kind": "bh3_sme2", "reagent.molarity": 10.0}), None)
    safety = " ".join(big.safety)
    assert "calorimetry" in safety and "bleach" in safety and "L/min" in safety and "vessel" in safety
    assert "at the reaction temperature" in big.steps[4].text


def test_a_run_record_that_knows_nothing_but_the_substrate_takes_the_notes_values() -> None:
    """Any run-record field may be unknown (None): the note's value is used and listed as assumed."""
    import dataclasses

    run = dataclasses.replace(
        make_run(), scale_g=None, title=None, solvent=None, outcome=None,
        reagent=run_record.Reagent(kind=None, equiv=None),  # type: ignore[arg-type]
        conditions=run_record.Conditions(None, None, None),  # type: ignore[arg-type]
        workup=run_record.Workup(quench=None, decomplexation=None))  # type: ignore[arg-type]
    revised = plan(run, None)
    p = revised.parameters
    assert (p["scale_g"], p["reagent_kind"], p["borane_equiv"], p["reaction_temp_c"], p["reaction_time_h"]) == (
        5.0, "bh3_thf", 4.0, 66.0, 3.0)
    assumed = {n.parameter for n in revised.from_note}
    assert {"scale_g", "reagent_kind", "borane_equiv", "reaction_time_h", "quench", "decomplexation"} <= assumed
    assert revised.amounts[0].mmol == 18.47 and len(revised.steps) == 12
