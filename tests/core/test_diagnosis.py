"""The diagnosis engine over the shipped rules: the note's four rows, every cause, mixed cases."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from boranegui.core import diagnosis, run_record
from boranegui.core.diagnosis import Diagnosis, diagnose, format_text
from boranegui.core.rules import load_rules
from boranegui.core.run_record import FIELDS, RunRecord
from tests.conftest import DATA, ROOT
from tests.core.analyses import ANALYSES

RULES = load_rules()

# The cause ids of ARCHITECTURE.md's table: each must be reachable from some run.
ARCHITECTURE_CAUSES = (
    "amine_borane_complex",
    "reagent_degraded",
    "over_reduction",
    "borate_gel",
    "insufficient_borane",
    "water_present",
    "conditions_too_mild",
    "incomplete_quench",
    "product_in_aqueous",
    "imine_reduced",
    "hydroboration",
    "acid_reduced",
    "ester_reduced",
    "protecting_group_lost",
    "pd_side_reaction",
    "lewis_acid_incompatibility",
)


def run_of(name: str) -> RunRecord:
    return run_record.load(DATA / f"{name}.borane.yaml")


def diagnosed(run: RunRecord) -> Diagnosis:
    return diagnose(run, RULES, ANALYSES.get(run.substrate.smiles))


def ids(d: Diagnosis) -> list[str]:
    return [c.id for c in d.causes]


def cause(d: Diagnosis, cid: str) -> diagnosis.RankedCause:
    return next(c for c in d.causes if c.id == cid)


# ------------------------------------------------------------------ the note's table


NOTE_ROWS = [
    # file, symptom, cause, action, the note's words (from the seed note, verbatim)
    (
        "note-row1-no-acid-step",
        "low_yield",
        "amine_borane_complex",
        "acid_reflux_longer",
        (
            "Low Yield (Mass Balance)",
            "Product stuck as B-N complex.",
            "Increase time/strength of Acid Reflux step (Phase 2, Step 3).",
        ),
    ),
    (
        "note-row2-old-reagent",
        "incomplete_reduction",
        "reagent_degraded",
        "titrate",
        (
            "Incomplete Reduction",
            "Old reagent (degradation).",
            "Check reagent titer.",
            "degrades ~1-2% per week at RT.",
        ),
    ),
    (
        "note-row3-over-reduction",
        "over_reduction",
        "over_reduction",
        "cap_equiv",
        (
            "Over-reduction",
            "Reduction of aryl ring or imine.",
            "Lower temperature to RT; ensure stoichiometry is not >5 equiv.",
        ),
    ),
    (
        "note-row4-water-quench",
        "gel_formation",
        "borate_gel",
        "methanol_quench",
        (
            "Gel formation",
            "Polymerization of borates.",
            "Use MeOH during quench to form volatile Trimethyl Borate",
        ),
    ),
]


@pytest.mark.parametrize(("name", "symptom", "cause_id", "action_id", "quote"), NOTE_ROWS)
def test_note_rows_put_their_cause_first_with_the_notes_action(
    name, symptom, cause_id, action_id, quote
):
    run = run_of(name)
    assert symptom in run.outcome.symptoms
    d = diagnosed(run)
    top = d.top
    assert top is not None and top.id == cause_id, ids(d)
    assert action_id in [a.id for a in top.actions]
    for words in quote:  # word-faithful: the note's own row is carried with the cause
        assert words in top.note_says
    assert "troubleshooting table" in top.source


def test_note_row_actions_patch_what_the_note_says() -> None:
    patches = {a.id: dict(a.patch) for c in RULES.causes.values() for a in c.actions}
    assert patches["acid_reflux_longer"] == {
        "acid_temp_c": {"at_least": 66},
        "acid_hours": {"at_least": 2},
    }
    assert patches["cap_equiv"] == {"borane_equiv": {"at_most": 5}}
    assert patches["room_temperature"] == {"reaction_temp_c": {"at_most": 25}}
    assert patches["titrate"] == {"titrate_reagent": {"set": True}}
    assert patches["methanol_quench"]["quench"] == {"set": "methanol"}
    assert patches["meoh_coevaporation"] == {"meoh_coevaporation": {"set": True}}
    assert patches["more_hcl"] == {"hcl_equiv_vs_borane": {"at_least": 3}}


def test_shipped_example_is_the_uncleaved_complex_with_the_acid_reflux_action(
    example_run_path: Path,
) -> None:
    run = run_record.load(example_run_path)
    d = diagnosed(run)
    top = d.top
    assert top is not None and top.id == "amine_borane_complex"
    assert top.actions[0].id == "acid_reflux_longer"
    assert top.actions[0].patch["acid_temp_c"] == {"at_least": 66}
    evidence = " / ".join(top.evidence)
    assert "20 °C" in evidence and "104 %" in evidence and "smears" in evidence
    # gel_formation was checked and not seen: borate_gel is not proposed
    assert "borate_gel" not in ids(d)


# ------------------------------------------------------------------ every cause


CAUSE_RUNS = [
    ("note-row1-no-acid-step", "amine_borane_complex"),
    ("note-row2-old-reagent", "reagent_degraded"),
    ("reagent-pressure", "reagent_degraded"),
    ("note-row3-over-reduction", "over_reduction"),
    ("note-row4-water-quench", "borate_gel"),
    ("insufficient-borane", "insufficient_borane"),
    ("wet-thf", "water_present"),
    ("no-heating", "conditions_too_mild"),
    ("no-quench-gas-on-acid", "incomplete_quench"),
    ("ph-too-low", "product_in_aqueous"),
    ("imine-should-survive", "imine_reduced"),
    ("alkene-hydroboration", "hydroboration"),
    ("acid-should-survive", "acid_reduced"),
    ("in-situ-ester", "ester_reduced"),
    ("boc-lactam-acid-reflux", "protecting_group_lost"),
    ("pd-dechlorination", "pd_side_reaction"),
    ("pd-debenzylation", "pd_side_reaction"),
    ("nitro-in-situ", "lewis_acid_incompatibility"),
]


@pytest.mark.parametrize(("name", "cause_id"), CAUSE_RUNS)
def test_each_run_gets_its_cause_first(name: str, cause_id: str) -> None:
    d = diagnosed(run_of(name))
    assert ids(d)[:1] == [cause_id], [(c.id, round(c.score, 2)) for c in d.causes]
    top = d.causes[0]
    assert top.evidence, "the top cause must say why"
    assert top.actions and all(a.text and a.source for a in top.actions)


def test_every_architecture_cause_is_reached_by_some_run() -> None:
    reached = {cid for name, cid in CAUSE_RUNS if cid in ids(diagnosed(run_of(name)))}
    assert set(ARCHITECTURE_CAUSES) <= reached
    assert set(ARCHITECTURE_CAUSES) <= set(RULES.causes)


def test_every_data_file_is_a_valid_run() -> None:
    files = sorted(DATA.glob("*.borane.yaml"))
    assert len(files) >= 20
    for f in files:
        run = run_record.load(f)
        assert run.substrate.smiles in ANALYSES, f.name


# ------------------------------------------------------------------ mixed cases


def test_two_causes_at_once_both_rank_high() -> None:
    d = diagnosed(run_of("two-causes-water-quench-cold-acid"))
    assert set(ids(d)[:2]) == {"borate_gel", "amine_borane_complex"}
    assert all(c.score > 0.7 for c in d.causes[:2])
    gel = cause(d, "borate_gel")
    assert "you quenched with water only" in gel.evidence
    assert set(gel.symptoms) == {"gel_formation", "emulsion", "low_yield"}


def test_over_reduction_blamed_on_heat_is_the_imine() -> None:
    """Borane reduces the C=N whatever the temperature: with no target that keeps it, that is
    the chemistry of this substrate (a warning), not a failure of the run, and the note's
    "lower the temperature" is not offered for it."""
    d = diagnosed(run_of("imine-blamed-on-heat"))
    assert "imine_reduced" not in ids(d)
    assert d.warnings[0].id == "imine_reduced" and "not a failure" in d.warnings[0].text
    assert "over_reduction" not in ids(d)  # 4 equiv at reflux is the note's own procedure: no floor
    kept = diagnosed(run_of("imine-should-survive"))  # the target keeps the C=N: now it is the cause
    assert ids(kept)[0] == "imine_reduced"
    top = kept.causes[0]
    assert any("whatever the temperature" in e for e in top.evidence)
    assert all(not a.patch for a in top.actions)  # lowering the temperature does not save an imine


def test_an_expected_acid_reduction_is_a_warning_unless_the_target_keeps_the_acid() -> None:
    assert "acid_reduced" not in ids(diagnosed(run_of("acid-on-substrate")))
    assert ids(diagnosed(run_of("acid-should-survive")))[0] == "acid_reduced"


def test_boc_substrate_makes_the_notes_acid_reflux_wrong() -> None:
    d = diagnosed(run_of("boc-lactam-acid-reflux"))
    assert ids(d)[0] == "protecting_group_lost"
    evidence = " ".join(d.causes[0].evidence)
    assert "Boc" in evidence and "6 M HCl" in evidence
    offered = [a for c in d.causes for a in c.actions]
    assert not any("acid_temp_c" in a.patch for a in offered), "never advise an HCl reflux here"
    assert any(a.patch.get("decomplexation") == {"set": "amine_exchange"} for a in offered)
    assert d.warnings and d.warnings[0].id == "boc"


def test_boc_free_substrate_keeps_the_acid_reflux() -> None:
    d = diagnosed(run_of("note-row1-no-acid-step"))
    assert [a.id for a in d.causes[0].actions] == ["acid_reflux_longer", "more_hcl"]


def test_pd_on_an_aryl_chloride_is_not_told_to_use_pd() -> None:
    d = diagnosed(run_of("pd-dechlorination"))
    offered = {a.id for c in d.causes for a in c.actions}
    assert "back_to_acid" in offered and "acid_free_pd" not in offered


def test_in_situ_reagent_runs() -> None:
    ester = diagnosed(run_of("in-situ-ester"))
    assert ids(ester)[0] == "ester_reduced"
    assert "not_nabh4_i2" in [a.id for a in ester.causes[0].actions]
    nitro = diagnosed(run_of("nitro-in-situ"))
    assert ids(nitro)[0] == "lewis_acid_incompatibility"
    degraded = cause(nitro, "reagent_degraded")
    # in situ: the advice is a fresh activator, never "titrate the BH3·THF bottle"
    assert [a.id for a in degraded.actions] == ["fresh_activator"]
    assert degraded.against  # reagent_discoloured was checked and not seen


def test_the_same_run_with_a_bh3_thf_bottle_gets_titration_advice() -> None:
    run = run_of("nitro-in-situ").with_field("reagent.kind", "bh3_thf").with_field("reagent.age_weeks", 20)
    d = diagnosed(run)
    assert "lewis_acid_incompatibility" not in ids(d)
    assert "titrate" in [a.id for a in cause(d, "reagent_degraded").actions]


def test_no_symptoms_no_causes() -> None:
    d = diagnosed(run_of("clean-run"))
    assert d.causes == () and d.top is None and d.open_questions == ()
    assert "No cause" in format_text(d)


def test_ruled_out_symptom_counts_against_its_causes() -> None:
    run = run_of("note-row1-no-acid-step").with_field(
        "outcome.symptoms", ["low_yield", "tlc_smear"]
    )
    seen = cause(diagnosed(run), "amine_borane_complex")
    checked = run.with_field("outcome.symptoms", ["low_yield"]).with_field(
        "outcome.ruled_out", ["tlc_smear"]
    )
    against = cause(diagnosed(checked), "amine_borane_complex")
    unknown = cause(
        diagnosed(run.with_field("outcome.symptoms", ["low_yield"])), "amine_borane_complex"
    )
    assert seen.score > unknown.score > against.score
    assert any("tlc smear" in e for e in against.against)


def test_without_substrate_analysis_substrate_causes_drop_out() -> None:
    run = run_of("imine-should-survive")
    bare = diagnose(run, RULES, substrate=None) if _analyse_unavailable() else None
    if bare is not None:
        assert "imine_reduced" not in ids(bare)[:1]
    with_facts = diagnosed(run)
    assert ids(with_facts)[0] == "imine_reduced"


def _analyse_unavailable() -> bool:
    from boranegui.core import substrate

    try:
        substrate.analyse("C")
    except NotImplementedError:
        return True
    return False


# ------------------------------------------------------------------ questions


def test_open_questions_ask_only_unknowns_and_the_answer_moves_the_ranking() -> None:
    run = run_of("low-yield-unknowns")
    d = diagnosed(run)
    assert len(d.open_questions) >= 5
    for q in d.open_questions:
        if q.field.startswith("symptom:"):
            sid = q.field.split(":", 1)[1]
            assert sid not in run.outcome.symptoms and sid not in run.outcome.ruled_out
            assert [v for v, _ in q.choices] == ["seen", "ruled_out"]
        else:
            assert run.get(q.field) is None, f"{q.field} is known and must not be asked"
            spec = FIELDS[q.field]
            if spec.kind == "choice":
                assert [v for v, _ in q.choices] == list(spec.choices)
            elif spec.kind == "bool":
                assert [v for v, _ in q.choices] == [True, False]
            else:
                assert q.unit == spec.unit and q.choices == ()
        assert q.text.endswith("?")
    # answering the most informative question changes the scores
    first = d.open_questions[0]
    before = {c.id: c.score for c in d.causes}
    changed = False
    for value, _ in first.choices:
        answered = _answer(run, first.field, value)
        after = {c.id: c.score for c in diagnosed(answered).causes}
        changed |= after != before
        assert first.id not in [q.id for q in diagnosed(answered).open_questions]
    assert changed


def _answer(run: RunRecord, field: str, value) -> RunRecord:
    if field.startswith("symptom:"):
        sid = field.split(":", 1)[1]
        key = "outcome.symptoms" if value == "seen" else "outcome.ruled_out"
        return run.with_field(key, [*run.get(key), sid])
    return run.with_field(field, value)


def test_questions_are_ranked_by_how_much_they_move_the_ranking() -> None:
    """Most informative first: the best answer to each question moves the scores (and, worth
    0.5 more, the top cause) no less than the best answer to any later question."""
    run = run_of("low-yield-unknowns")
    d = diagnosed(run)
    base = {c.id: c.score for c in d.causes}
    top = d.causes[0].id

    def movement(q) -> float:
        spec = FIELDS.get(q.field)
        values = [v for v, _ in q.choices] or [spec.minimum, spec.maximum]
        best = 0.0
        for v in values:
            answered = diagnosed(_answer(run, q.field, v))
            after = {c.id: c.score for c in answered.causes}
            moved = sum(abs(after.get(k, 0) - base.get(k, 0)) for k in {*after, *base})
            moved += 0.5 if (answered.top and answered.top.id) != top else 0.0
            best = max(best, moved)
        return best

    moves = [movement(q) for q in d.open_questions]
    assert all(m > 0 for m in moves)
    assert all(a >= b - 1e-9 for a, b in itertools.pairwise(moves)), moves


def test_numeric_question_has_a_unit() -> None:
    run = run_of("low-yield-unknowns")
    q = next(q for q in diagnosed(run).open_questions if q.field == "reagent.age_weeks")
    assert q.unit == "weeks" and q.choices == ()
    old = diagnosed(
        run.with_field("reagent.age_weeks", 30).with_field("reagent.storage", "room_temp")
    )
    new = diagnosed(
        run.with_field("reagent.age_weeks", 1).with_field("reagent.storage", "room_temp")
    )
    assert cause(old, "reagent_degraded").score > cause(new, "reagent_degraded").score


# ------------------------------------------------------------------ shape and output


def test_diagnosis_is_deterministic_and_sorted() -> None:
    run = run_of("low-yield-unknowns")
    a, b = diagnosed(run), diagnosed(run)
    assert a == b
    scores = [c.score for c in a.causes]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 1 for s in scores)


def test_json_shape_of_the_architecture() -> None:
    d = diagnosed(run_of("two-causes-water-quench-cold-acid"))
    data = json.loads(json.dumps(d.to_json()))
    assert set(data) == {"causes", "warnings", "open_questions", "masses"}
    first = data["causes"][0]
    assert {"id", "title", "score", "evidence", "actions", "source"} <= set(first)
    assert {"id", "text"} <= set(first["actions"][0])
    assert all({"id", "text"} <= set(q) for q in data["open_questions"])


def test_text_form_reads_as_a_report() -> None:
    text = format_text(
        diagnosed(run_record.load(ROOT / "resources/examples/nordazepam-low-yield.borane.yaml"))
    )
    assert text.startswith("Most likely causes")
    assert "1. Product held as the amine-borane complex" in text
    assert "Why:" in text and "What to do:" in text and "Open questions" in text
    assert max(len(line) for line in text.splitlines()) <= 100


def test_gas_on_addition_is_expected_with_in_situ_generation() -> None:
    wet = run_of("wet-thf").with_field("solvent.anhydrous", True)
    thf = cause(diagnosed(wet), "water_present")
    in_situ = wet.with_field("reagent", {"kind": "nabh4_bf3", "equiv": 4.0})
    generated = cause(diagnosed(in_situ), "water_present")
    assert generated.score < thf.score
    assert any("in-situ generation" in e for e in generated.evidence)


def test_evidence_templates_from_a_lab_file_cannot_misfire() -> None:
    from boranegui.core.rules import loads_rules

    text = (
        (ROOT / "rules.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "the acid step ran at {value}, not at reflux",
            "the acid step ran at {value.real} {0} {value}",
            1,
        )
    )
    d = diagnose(
        run_record.load(ROOT / "resources/examples/nordazepam-low-yield.borane.yaml"),
        loads_rules(text, "lab.yaml"),
        ANALYSES["O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1"],
    )
    assert d.causes[0].evidence[0].startswith("the acid step ran at {value.real} {0} 20 °C")


def test_substrate_warnings_come_back_when_they_matter_for_the_run() -> None:
    # the aryl chloride matters when Pd/C broke the complex, not after an HCl work-up
    assert "aryl_halide" in [w.id for w in diagnosed(run_of("pd-dechlorination")).warnings]
    assert "aryl_halide" not in [w.id for w in diagnosed(run_of("note-row1-no-acid-step")).warnings]
    # a warning behind a reported cause comes first
    assert diagnosed(run_of("boc-lactam-acid-reflux")).warnings[0].id == "boc"


def test_a_lab_node_without_question_text_gets_one_from_the_field() -> None:
    from boranegui.core.rules import loads_rules

    text = (ROOT / "rules.yaml").read_text(encoding="utf-8")
    text = text.replace("    question: How many weeks had the BH3·THF bottle been open?\n", "")
    run = run_of("low-yield-unknowns")
    d = diagnose(run, loads_rules(text, "lab.yaml"), ANALYSES[run.substrate.smiles])
    q = next(q for q in d.open_questions if q.field == "reagent.age_weeks")
    assert q.text == "Age of the opened bottle (weeks)?" and q.unit == "weeks"
