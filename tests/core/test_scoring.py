"""Evidence-weighted ranking (issue 14): one observation once, no floors, masses as evidence."""

from __future__ import annotations

import json

from boranegui.core import run_record as rr
from boranegui.core.diagnosis import diagnose
from boranegui.core.facts import facts_for, water_percent_of_bh
from boranegui.core.rules import load_rules
from boranegui.core.substrate import analyse
from tests.conftest import DATA

RULES = load_rules()
EVAL = DATA / "eval"


def run_of(path: str, **fields: object) -> rr.RunRecord:
    run = rr.load(DATA / f"{path}.borane.yaml")
    for key, value in fields.items():
        run = run.with_field(key.replace("__", "."), value)
    return run


def ids(run: rr.RunRecord) -> list[str]:
    return [c.id for c in diagnose(run, RULES).causes]


def score(run: rr.RunRecord, cid: str) -> float:
    return next((c.score for c in diagnose(run, RULES).causes if c.id == cid), 0.0)


def test_one_observation_counts_once_however_many_trees_reach_it() -> None:
    # boron_signals is asked in the low-yield tree and has its own tree: once, not twice.
    base = run_of("note-row1-no-acid-step", outcome__symptoms=["boron_signals"])
    both = base.with_field("outcome.symptoms", ["boron_signals", "low_yield"])
    only_boron = score(base, "amine_borane_complex")
    # low_yield adds its own observations (no acid step); boron_signals must not be counted again
    assert score(both, "amine_borane_complex") <= 1 - (1 - only_boron) * (1 - 0.85) + 1e-9


def test_no_floor_a_step_done_as_the_note_says_is_no_evidence() -> None:
    run = run_of("low-yield-unknowns", outcome__symptoms=["low_yield"])
    assert "amine_borane_complex" not in ids(run)  # reflux, 1 h, 2.5 equiv: nothing points at it
    cold = run.with_field("workup.acid.temp_c", 20)
    assert ids(cold)[0] == "amine_borane_complex"


def test_gas_while_the_acid_heats_is_the_boc_not_the_quench() -> None:
    run = rr.load(EVAL / "e12-boc-foaming-not-quench.borane.yaml")
    got = ids(run)
    assert got[0] == "protecting_group_lost" and "incomplete_quench" not in got
    plain = run.with_field("substrate.smiles", "O=C1CCCCCN1")  # no Boc: now the quench is suspected
    assert "incomplete_quench" in ids(plain)


def test_a_short_stir_after_the_quench_is_read() -> None:
    run = run_of("no-quench-gas-on-acid", workup__quench="methanol")
    short = run.with_field("workup.quench_minutes", 5)
    long = run.with_field("workup.quench_minutes", 60)
    assert score(short, "incomplete_quench") > score(long, "incomplete_quench")


def test_water_is_weighed_by_how_much_borane_it_destroys() -> None:
    run = rr.load(EVAL / "e14-wet-substrate-kf.borane.yaml")
    # 5 g at 3 % = 150 mg = 8.33 mmol; THF 8 x 5 mL x 0.889 g/mL x 3000 ppm = 106.7 mg = 5.92 mmol;
    # B-H charged 3 x 4.0 x 5 g x 0.97 / 270.72 g/mol = 214.9 mmol: 14.25 / 214.9 = 6.6 %.
    assert abs(water_percent_of_bh(run, analyse(run.substrate.structure)) - 6.63) < 0.05
    assert ids(run)[0] == "water_present" and score(run, "water_present") >= 0.75  # one observation, two trees
    dry = run.with_field("substrate.water_percent", 0.1).with_field("solvent.water_ppm", 30)
    assert score(dry, "water_present") < 0.4  # only the gas is left, and the N-H explains part of it


def test_masses_are_evidence_and_say_so_in_words() -> None:
    run = rr.load(EVAL / "e03-boc-lost-in-hot-acid.borane.yaml")
    d = diagnose(run, RULES)
    data = json.loads(json.dumps(d.to_json()))
    peak = data["masses"][0]
    assert (peak["species"], peak["where"], peak["formula"]) == ("deprotected", "aqueous", "C5H12N2")
    assert {"protecting_group_lost", "product_in_aqueous"} <= set(peak["supports"])
    top = d.causes[0]
    assert top.id == "protecting_group_lost"
    assert "m/z 101.1 in the aqueous layer is the product without its Boc (C5H12N2)" in top.evidence


def test_a_species_in_the_in_process_check_clears_the_step_that_would_make_it() -> None:
    run = rr.load(EVAL / "e05-pd-dechlorination.borane.yaml")
    after = score(run, "pd_side_reaction")
    before = run.with_field("outcome.masses", [{"mz": 225.1, "where": "ipc"}])
    cleared = next(c for c in diagnose(before, RULES).causes if c.id == "pd_side_reaction") \
        if "pd_side_reaction" in ids(before) else None
    assert cleared is None or (cleared.score < after and any("before the work-up" in a for a in cleared.against))


def test_a_mass_adds_its_symptom_even_when_not_ticked() -> None:
    run = rr.load(EVAL / "e36-masses-only-adduct.borane.yaml")
    facts = facts_for(run, analyse(run.substrate.structure))
    assert "boron_signals" in facts.symptoms


def test_ties_are_broken_by_evidence_not_by_rule_order() -> None:
    import inspect

    from boranegui.core import diagnosis

    assert "cause_order" not in inspect.getsource(diagnosis)
