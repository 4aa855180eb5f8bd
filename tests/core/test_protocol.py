"""The protocol model: base = the run as performed, revisions traced to their causes."""

from __future__ import annotations

import json
import re

import pytest

from boranegui.core import protocol
from boranegui.core.protocol import base_protocol, format_text, plan, revise
from tests.core.protocol_helpers import (
    NOTE_CAUSES,
    action,
    cause,
    diagnosis,
    make_run,
)


def amount(revised: protocol.RevisedProtocol, role: str, index: int = 0) -> protocol.Amount:
    return [a for a in revised.amounts if a.role == role][index]


def step(revised: protocol.RevisedProtocol, number: int) -> protocol.Step:
    return next(s for s in revised.steps if s.number == number)


def test_worked_example_amounts_and_steps(example_run_path) -> None:
    from boranegui.core import run_record

    revised = plan(run_record.load(example_run_path), None)
    assert amount(revised, "substrate").mmol == 18.47
    assert amount(revised, "substrate").mass_g == 5.0
    bh3 = amount(revised, "reductant")
    assert (bh3.name, bh3.equiv, bh3.mmol, bh3.volume_ml) == ("BH3·THF (1.0 M)", 4.0, 73.9, 73.9)
    assert amount(revised, "solvent").volume_ml == 40
    hcl = amount(revised, "acid")
    assert (hcl.mmol, hcl.volume_ml) == (184.7, 30.8)
    # NaOH neutralises the HCl and the boric acid: (184.7 + 73.9) x 1.1 = 284.4 mmol = 142.2 mL of 2 M.
    assert amount(revised, "base").volume_ml == 142.2
    assert {a.role for a in revised.amounts} == set(protocol.ROLES) - {"catalyst", "exchange_amine"}
    assert "5.00 g, 18.47 mmol, 1.0 equiv" in step(revised, 2).text
    assert "40 mL, 8 volumes" in step(revised, 2).text
    assert "BH3·THF (1.0 M, 73.9 mL, 73.9 mmol, 4.0 equiv)" in step(revised, 3).text
    assert "6 M HCl (30.8 mL, 184.7 mmol, 2.5 equiv vs BH3)" in step(revised, 7).text
    assert "at least 142.2 mL" in step(revised, 9).text


def test_eleven_steps_in_three_phases_and_a_pre_check() -> None:
    revised = plan(make_run(), None)
    assert [s.number for s in revised.steps] == list(range(12))
    assert [s.phase for s in revised.steps] == [protocol.PHASES[0]] + [protocol.PHASES[1]] * 5 + \
        [protocol.PHASES[2]] * 4 + [protocol.PHASES[3]] * 2
    pre = revised.steps[0].text
    assert "H2 is released on quench" in pre and "Oven-dry" in pre and "N2 or Ar" in pre
    assert "not pyrophoric as sold" in pre


def test_no_symptoms_no_changes_and_the_runs_own_amounts() -> None:
    run = make_run(**{"scale_g": 3.0, "reagent.equiv": 3.0, "solvent.volumes": 10,
                      "workup.acid": {"hcl_molarity": 6, "equiv_vs_borane": 3.0, "temp_c": 66, "hours": 1.5}})
    revised = plan(run, diagnosis())
    assert revised.changes == ()
    assert all(not s.changed for s in revised.steps)
    assert revised.parameters == revised.base_parameters
    # 3.00 g / 270.719 = 11.0816 mmol; x 3.0 = 33.245 mmol = 33.2 mL; THF 30 mL; HCl 3.0 x 33.245 = 99.73 mmol
    assert amount(revised, "substrate").mmol == 11.08
    assert amount(revised, "reductant").volume_ml == 33.2
    assert amount(revised, "solvent").volume_ml == 30
    assert amount(revised, "acid").mmol == 99.7
    assert "for 1.5 h" in step(revised, 8).text
    assert "protocol as run" in revised.title
    assert revised.to_json()["changes"] == []


def test_run_record_silence_takes_the_notes_values() -> None:
    run = make_run(**{"solvent.volumes": None, "conditions.addition_minutes": None, "workup.basify_ph": None,
                      "workup.extraction_solvent": None})
    proto = base_protocol(run)
    noted = {p for p, _, _ in proto.from_note}
    assert {"thf_volumes", "addition_minutes", "basify_ph", "extraction_solvent", "base"} <= noted
    revised = revise(proto, None)
    assert revised.parameters["thf_volumes"] == 8
    assert "over 45 min" in step(revised, 4).text
    # Silent on pH: the product's N4 is an aliphatic amine, so pH 12 (BoraneGUI's, not the note's pH > 10).
    assert "to pH 12 or above" in step(revised, 9).text
    assert any(n.parameter == "basify_ph" and "pKa" in n.source for n in revised.from_note)
    assert "EtOAc or DCM" in step(revised, 10).text
    assert "Values from the note" in format_text(revised)


def test_a_value_picked_inside_the_notes_range_says_it_is_ours() -> None:
    """The note gives 5-10 volumes and 2-3 equiv HCl; 8 and 2.5 are BoraneGUI's, not the note's."""
    run = make_run(**{"solvent.volumes": None, "workup.decomplexation": "none", "workup.acid": None})
    text = format_text(revise(base_protocol(run), None))
    assert "THF volumes: 8 mL/g (BoraneGUI's choice within the note's 5-10 volumes (step 2))" in text
    assert "HCl per borane: 2.5 equiv (BoraneGUI's choice within the note's 2-3 equiv (step 7))" in text
    assert "worked example" not in text


def test_low_yield_cause_gives_longer_stronger_acid_reflux() -> None:
    run = make_run(**{"workup.acid.temp_c": 20})
    revised = plan(run, diagnosis(NOTE_CAUSES["amine_borane_complex"]))
    changes = {c.parameter: c for c in revised.changes}
    assert set(changes) == {"acid_temp_c", "acid_hours", "hcl_equiv_vs_borane"}
    assert (changes["acid_temp_c"].before, changes["acid_temp_c"].after) == (20, 66)
    assert (changes["acid_hours"].before, changes["acid_hours"].after) == (1.0, 2)
    for c in changes.values():
        assert c.cause == "amine_borane_complex" and c.action == "acid_reflux_longer"
        assert "the note" in c.source
    assert "Heat to reflux (about 66 °C) for 2 h" in step(revised, 8).text
    assert set(step(revised, 8).changed) == {"acid_temp_c", "acid_hours"}
    # More HCl per borane changes the HCl and the NaOH that neutralises it.
    assert "3.0 equiv vs BH3" in step(revised, 7).text
    assert amount(revised, "acid").mmol == 221.6  # 3.0 x 73.877
    assert "hcl_equiv_vs_borane" in step(revised, 9).changed


def test_incomplete_reduction_cause_gives_titration_and_fresh_reagent() -> None:
    revised = plan(make_run(**{"reagent.age_weeks": 2}), diagnosis(NOTE_CAUSES["reagent_degraded"]))
    assert {(c.parameter, c.after, c.cause) for c in revised.changes} == {
        ("titrate_reagent", True, "reagent_degraded"), ("fresh_reagent", True, "reagent_degraded")}
    text = step(revised, 3).text
    assert text.startswith("Use a fresh bottle of BH3·THF, stored at 0-5 °C.")
    assert "Titrate the reagent before use" in text and "73.9 mmol" in text
    assert set(step(revised, 3).changed) == {"titrate_reagent", "fresh_reagent"}


def test_over_reduction_cause_lowers_temperature_and_caps_equiv() -> None:
    run = make_run(**{"reagent.equiv": 6.0})
    revised = plan(run, diagnosis(NOTE_CAUSES["over_reduction"]))
    changes = {c.parameter: (c.before, c.after, c.cause) for c in revised.changes}
    assert changes == {"reaction_temp_c": (66, 25, "over_reduction"), "borane_equiv": (6.0, 5, "over_reduction")}
    assert "Warm to room temperature (25 °C) and stir for 3 h" in step(revised, 5).text
    assert "Above 35 °C" not in step(revised, 5).text
    assert amount(revised, "reductant").equiv == 5
    assert "borane_equiv" in step(revised, 3).changed


def test_gel_cause_gives_methanol_quench_and_coevaporation() -> None:
    run = make_run(**{"workup.quench": "water"})
    before = plan(run, None)
    assert amount(before, "quench").name == "water"
    revised = plan(run, diagnosis(NOTE_CAUSES["borate_gel"]))
    assert {(c.parameter, c.before, c.after) for c in revised.changes} == {
        ("quench", "water", "methanol"), ("meoh_coevaporation", False, True)}
    text = step(revised, 6).text
    assert "add MeOH dropwise until gas stops" in text and "B(OMe)3" in text
    assert amount(revised, "quench").name == "MeOH"
    assert all(c.source for c in revised.changes)


def test_conflict_higher_ranked_cause_wins_and_says_why() -> None:
    starved = cause("insufficient_borane", action("more_borane", {"borane_equiv": {"at_least": 6}},
                                                  source="SEED-NOTES.md hydride budget"), score=0.5)
    revised = plan(make_run(), diagnosis(NOTE_CAUSES["over_reduction"], starved))
    assert revised.parameters["borane_equiv"] == 4.0  # the cap of 5 holds; 6 was refused
    assert not [c for c in revised.changes if c.parameter == "borane_equiv"]
    assert any("insufficient borane" in w and "wins because it ranks higher" in w for w in revised.warnings)
    # Reversed ranking: the borane increase wins and the cap's loss is explained in Change.why.
    revised = plan(make_run(), diagnosis(starved, NOTE_CAUSES["over_reduction"]))
    change = next(c for c in revised.changes if c.parameter == "borane_equiv")
    assert (change.after, change.cause) == (6, "insufficient_borane")
    assert "over reduction" in change.why and "ranks higher" in change.why
    assert any("More borane means more H2 on quench" in w for w in revised.warnings)


def test_conflicting_sets_first_cause_wins() -> None:
    a = cause("first", action("a1", {"decomplexation": {"set": "amine_exchange"}}), score=0.9)
    b = cause("second", action("b1", {"decomplexation": {"set": "acid"}}), score=0.4)
    run = make_run()
    revised = plan(run, diagnosis(a, b))
    change = next(c for c in revised.changes if c.parameter == "decomplexation")
    assert (change.after, change.cause) == ("amine_exchange", "first")
    assert "second" in change.why


def test_compatible_bounds_take_the_strictest_and_credit_both() -> None:
    more = cause("other", action("reflux_3h", {"acid_hours": {"at_least": 3}}), score=0.3)
    revised = plan(make_run(), diagnosis(NOTE_CAUSES["amine_borane_complex"], more))
    change = next(c for c in revised.changes if c.parameter == "acid_hours")
    assert (change.after, change.cause) == (3, "other")
    assert "amine borane complex" in change.why  # the other cause, by its title


def test_unsafe_patch_is_refused_and_invalid_patch_ignored() -> None:
    bad = cause("weird", action("warm_quench", {"quench_temp_c": {"set": 25}}),
                action("typo", {"acid_hourz": {"at_least": 2}}))
    revised = plan(make_run(), diagnosis(bad))
    assert revised.changes == ()
    assert any("refused" in w and "0 °C" in w for w in revised.warnings)
    assert any("acid_hourz" in w and "ignored" in w for w in revised.warnings)


BOC_LACTAM = "CC(C)(C)OC(=O)N1CCNC(=O)CC1"
BOC_CHLORO = "CC(C)(C)OC(=O)N1CCNC(=O)c2cc(Cl)ccc21"


def test_acid_free_decomplexation_chosen_from_the_substrate() -> None:
    lost = cause("protecting_group_lost", action("acid_free", {"decomplexation": {"set": "acid_free"}},
                                                 source="SEED-NOTES.md; Couturier et al., Org. Lett. 2001"))
    revised = plan(make_run(**{"substrate.smiles": BOC_LACTAM, "substrate.name": "Boc diazepanone"}),
                   diagnosis(lost))
    change = next(c for c in revised.changes if c.parameter == "decomplexation")
    assert (change.before, change.after) == ("acid", "pd_methanol")
    assert "Pd/C" in step(revised, 7).text and "Couturier" in step(revised, 7).text
    assert not [a for a in revised.amounts if a.role in ("acid", "base")]
    # With an aryl chloride, Pd/C would strip it: amine exchange instead, and the reason is given.
    revised = plan(make_run(**{"substrate.smiles": BOC_CHLORO}), diagnosis(lost))
    change = next(c for c in revised.changes if c.parameter == "decomplexation")
    assert change.after == "amine_exchange"
    assert "aryl halide dehalogenated" in change.why and "Couturier" in change.source
    assert "piperazine (" in step(revised, 7).text
    exchange = amount(revised, "exchange_amine")
    assert exchange.name == "piperazine" and exchange.mass_g and "BoraneGUI's choice" in exchange.note


def test_rule_asking_pd_is_overridden_for_an_aryl_chloride() -> None:
    pd = cause("protecting_group_lost", action("pd", {"decomplexation": {"set": "pd_methanol"}}))
    revised = plan(make_run(**{"substrate.smiles": BOC_CHLORO}), diagnosis(pd))
    assert revised.parameters["decomplexation"] == "amine_exchange"


def test_boc_substrate_never_meets_the_acid_step_even_without_a_diagnosis() -> None:
    revised = plan(make_run(**{"substrate.smiles": BOC_LACTAM}), None)
    (change,) = revised.changes
    assert (change.parameter, change.before, change.after, change.cause) == (
        "decomplexation", "acid", "pd_methanol", "substrate")
    assert "Boc" in change.why and "Greene" in change.source
    assert not [a for a in revised.amounts if a.role in ("acid", "base")]
    assert amount(revised, "catalyst").mass_g == 0.5  # 10 wt % of 5.00 g
    # No complex-breaking step in the run: the base protocol itself routes, no HCl written.
    silent = plan(make_run(**{"substrate.smiles": BOC_LACTAM, "workup.decomplexation": "none",
                              "workup.acid": None}), None)
    assert silent.parameters["decomplexation"] == "pd_methanol"
    assert " M HCl" not in " ".join(s.text for s in silent.steps)  # only the IPC aliquot meets acid


def test_safety_recheck_and_reagent_advice() -> None:
    nitro = plan(make_run(**{"reagent.kind": "nabh4_i2", "reagent.molarity": None,
                             "substrate.smiles": "O=C1CN=C(c2ccccc2)c2cc([N+](=O)[O-])ccc2N1"}), None)
    change = next(c for c in nitro.changes if c.parameter == "reagent_kind")
    assert change.after == "bh3_thf" and "nitro" in change.why and "Lewis acid" in change.why
    revised = plan(make_run(**{"reagent.kind": "nabh4_i2", "reagent.molarity": None}), None)
    assert [a.name for a in revised.amounts if a.role == "reductant"] == ["NaBH4", "I2"]
    assert "2 NaBH4 + I2 → 2 BH3 + 2 NaI + H2" in step(revised, 3).text
    assert "H2 evolves" in step(revised, 4).text
    big = plan(make_run(**{"scale_g": 250.0}), None)
    assert any("BH3·SMe2" in w and "100 g" in w for w in big.warnings)
    mid = plan(make_run(**{"scale_g": 40.0}), None)
    advice = mid.reagent_advice[0].text
    assert "the note gives no rule" in advice and "L of 1.0 M BH3·THF" in advice


def test_old_bottle_at_room_temperature_warns_with_the_titer_range() -> None:
    run = make_run(**{"reagent.age_weeks": 12, "reagent.storage": "room_temp"})
    revised = plan(run, None)
    titer = revised.titer
    assert titer is not None
    assert titer.low_m == pytest.approx(0.785, abs=1e-3) and titer.high_m == pytest.approx(0.886, abs=1e-3)
    assert any("0.78-0.89 M" in w and "no primary source" in w for w in revised.warnings)
    fridge = plan(make_run(**{"reagent.age_weeks": 12, "reagent.storage": "fridge"}), None)
    assert fridge.titer is not None and not fridge.titer.low_m


def test_to_json_shape() -> None:
    revised = plan(make_run(**{"workup.acid.temp_c": 20}), diagnosis(NOTE_CAUSES["amine_borane_complex"]))
    data = json.loads(json.dumps(revised.to_json(), ensure_ascii=False))
    assert set(data) == {"steps", "amounts", "changes", "warnings", "parameters"}
    assert data["parameters"]["decomplexation"] == "acid" and data["parameters"]["acid_hours"] == 2
    assert set(data["amounts"][0]) == {"name", "role", "equiv", "mmol", "mass_g", "volume_ml",
                                    "minimum", "quantity"}
    assert set(data["changes"][0]) == {"parameter", "before", "after", "cause", "action", "source"}
    assert data["steps"][0]["phase"] == "Safety pre-check"


def test_format_text_marks_changed_steps_and_lists_changes() -> None:
    revised = plan(make_run(**{"workup.acid.temp_c": 20}), diagnosis(NOTE_CAUSES["amine_borane_complex"]))
    text = format_text(revised)
    assert "Phase 2: quench and complex breaking" in text
    assert re.search(r"acid step time: 1 h → 2 h \(cause: amine borane complex", text)
    numbers = {c.parameter: i for i, c in enumerate(revised.changes, 1)}
    step8 = text[text.index("\n  8. "):text.index("\n  9. ")]
    assert f"[{numbers['acid_temp_c']}]" in step8 and f"[{numbers['acid_hours']}]" in step8
    step2 = text[text.index("\n  2. "):text.index("\n  3. ")]
    assert "[" not in step2  # an unchanged step carries no mark
    assert "18.47" in text and "73.9 mL" in text


def test_every_parameter_change_reaches_exactly_the_sentences_that_mention_it() -> None:
    """Text is written from parameters: a changed value changes the steps that read it, and only those."""
    proto = base_protocol(make_run())
    reference = revise(proto, None)
    tweaks = {"scale_g": 7.5, "thf_volumes": 6, "addition_temp_c": -10, "addition_minutes": 60,
              "borane_equiv": 3.0, "reagent_molarity": 2.0, "reaction_temp_c": 40, "reaction_time_h": 4,
              "quench_temp_c": -5, "quench_minutes": 30, "hcl_molarity": 3, "hcl_equiv_vs_borane": 3,
              "acid_temp_c": 60, "acid_hours": 2, "basify_ph": 12, "base_molarity": 1,
              "extraction_solvent": "DCM", "titrate_reagent": False, "fresh_reagent": True, "dry_solvent": True,
              "meoh_coevaporation": True, "warm_before_acid": True, "salt_out_extraction": True}
    for name, value in tweaks.items():
        params = dict(proto.parameters, **{name: value})
        other = revise(protocol.Protocol(proto.run, params, proto.substrate), None)
        for before, after in zip(reference.steps, other.steps, strict=True):
            if name in before.parameters:
                assert before.text != after.text, f"step {before.number} mentions {name} but did not change"
            else:
                assert before.text == after.text, f"step {before.number} changed with {name} it does not mention"


FORMULA_BAD = re.compile(r"BH3[-.]THF|BH3 THF|\bdeg\b|°[^C]|\d°C|\bnan\b|\bNone\b|\bTrue\b|\bFalse\b")


@pytest.mark.parametrize("kind", ["bh3_thf", "bh3_sme2", "nabh4_i2", "nabh4_bf3"])
def test_step_text_reads_as_a_chemist_writes(kind: str) -> None:
    over = {"reagent.kind": kind, "reagent.molarity": {"bh3_thf": 1.0, "bh3_sme2": 10.0}.get(kind)}
    revised = plan(make_run(**over), diagnosis(NOTE_CAUSES["borate_gel"], NOTE_CAUSES["amine_borane_complex"]))
    for s in revised.steps:
        assert not FORMULA_BAD.search(s.text), s.text
        assert s.text[0].isupper() and s.text.rstrip().endswith("."), s.text
        assert "  " not in s.text, s.text
        # Numbers carry at most 2 decimals (mmol of the lactam: 4 significant figures).
        for number in re.findall(r"\d+\.\d+", s.text):
            assert len(number.split(".")[1]) <= 2 or "mmol" in s.text, (number, s.text)
        # Every amount has a unit right after it.
        for m in re.finditer(r"\(([\d.]+) (\w+)", s.text):
            assert m.group(2) in ("g", "mg", "kg", "mL", "L", "mmol", "mol", "M", "equiv", "°C", "volumes"), s.text
    texts = " ".join(s.text for s in revised.steps)
    assert "B(OMe)3" in texts and "R3N·BH3" in texts and "°C" in texts
    if kind == "bh3_thf":
        assert "BH3·THF (1.0 M" in texts
    if kind == "bh3_sme2":
        assert "BH3·SMe2 (10 M" in texts


def test_alternatives_of_one_cause_are_not_a_conflict_and_the_substrate_picks() -> None:
    """As the shipped rules write it: protecting_group_lost offers amine exchange, then Pd/C."""
    lost = cause("protecting_group_lost",
                 action("acid_free_exchange", {"decomplexation": {"set": "amine_exchange"}}),
                 action("acid_free_pd", {"decomplexation": {"set": "pd_methanol"}}))
    revised = plan(make_run(**{"substrate.smiles": BOC_LACTAM}), diagnosis(lost))
    change = next(c for c in revised.changes if c.parameter == "decomplexation")
    assert change.after == "pd_methanol"  # no benzyl, no aryl halogen: the sourced Pd/C method
    assert change.action == "acid_free_pd" and "the rules also offered amine exchange" in change.why
    assert not any("Conflict" in w for w in revised.warnings)
    revised = plan(make_run(**{"substrate.smiles": BOC_CHLORO}), diagnosis(lost))
    assert revised.parameters["decomplexation"] == "amine_exchange"


def test_acid_free_request_on_a_run_already_acid_free_is_no_change() -> None:
    lost = cause("protecting_group_lost", action("acid_free_pd", {"decomplexation": {"set": "pd_methanol"}}))
    run = make_run(**{"substrate.smiles": BOC_LACTAM, "workup.decomplexation": "pd_methanol", "workup.acid": None})
    revised = plan(run, diagnosis(lost))
    assert revised.changes == ()
    assert "Pd/C" in step(revised, 7).text


def test_switch_from_in_situ_to_bh3_thf_brings_its_molarity() -> None:
    nitro = "O=C1CN=C(c2ccccc2)c2cc([N+](=O)[O-])ccc2N1"
    lewis = cause("lewis_acid_incompatibility", action("use_bh3_thf", {"reagent_kind": {"set": "bh3_thf"}},
                                                       source="the note, expert insight"))
    run = make_run(**{"substrate.smiles": nitro, "reagent.kind": "nabh4_bf3", "reagent.molarity": None})
    revised = plan(run, diagnosis(lewis))
    changes = {c.parameter: c for c in revised.changes}
    assert (changes["reagent_kind"].before, changes["reagent_kind"].after) == ("nabh4_bf3", "bh3_thf")
    assert (changes["reagent_molarity"].before, changes["reagent_molarity"].after) == (None, 1.0)
    assert changes["reagent_molarity"].cause == "lewis_acid_incompatibility"
    assert "BH3·THF (1.0 M, 71.1 mL" in step(revised, 3).text  # 5.00 g / 281.27 g/mol = 17.78 mmol; x 4.0 = 71.1


def test_substrate_warnings_of_the_diagnosis_travel_with_the_protocol() -> None:
    from boranegui.core.diagnosis import Diagnosis
    from boranegui.core.substrate import Warning_

    imine = Warning_("imine", "The diazepine C=N is reduced by borane as well.", "Yoon et al., J. Org. Chem. 1973")
    revised = plan(make_run(), Diagnosis((), (imine,)))
    assert "The diazepine C=N is reduced by borane as well. (Yoon et al., J. Org. Chem. 1973)" in revised.warnings


def test_back_to_acid_brings_the_acid_step_and_its_changes() -> None:
    """pd-debenzylation: a Pd/C run goes back to acid, and the acid reflux is lengthened too."""
    run = make_run(**{"substrate.smiles": "O=C1CCCN1Cc1ccccc1", "workup.decomplexation": "pd_methanol",
                      "workup.acid": None})
    back = cause("pd_side_reaction", action("back_to_acid", {"decomplexation": {"set": "acid"}}), score=0.9)
    revised = plan(run, diagnosis(back, NOTE_CAUSES["amine_borane_complex"]))
    changes = {c.parameter: c for c in revised.changes}
    assert (changes["decomplexation"].before, changes["decomplexation"].after) == ("pd_methanol", "acid")
    assert changes["acid_hours"].after == 2
    assert "decomplexation" in step(revised, 7).changed and "acid_hours" in step(revised, 8).changed
    assert "HCl" in step(revised, 7).text


def test_a_change_no_step_shows_is_not_applied() -> None:
    run = make_run(**{"workup.decomplexation": "amine_exchange", "workup.acid": None})
    revised = plan(run, diagnosis(NOTE_CAUSES["amine_borane_complex"]))
    assert revised.changes == ()
    assert any("acid step time" in w and "does not apply" in w for w in revised.warnings)
