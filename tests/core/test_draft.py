"""The wizard's run draft without Qt: missing fields as data, honest edits, one analysis per structure."""

from __future__ import annotations

import pytest

from boranegui.core import substrate
from boranegui.core.draft import NOT_SEEN, RunDraft
from boranegui.core.note_values import NOTE_VALUES
from boranegui.core.pipeline import assess
from boranegui.core.rules import load_rules
from boranegui.core.run_fields import missing_words

NORDAZEPAM = "O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1"
PRODUCT = "Clc1ccc2c(c1)C(c1ccccc1)NCCN2"


@pytest.fixture
def draft() -> RunDraft:
    d = RunDraft()
    d.load_rules(None)
    return d


def test_a_new_draft_says_what_it_lacks_as_field_paths(draft: RunDraft) -> None:
    draft.refresh(structure=True)
    assert draft.record is None
    assert draft.missing() == ["scale_g", "substrate"]
    draft.set_structure(NORDAZEPAM)
    draft.refresh(structure=True)
    assert draft.missing() == ["scale_g"]
    assert missing_words(draft.problems) == ["lactam charged (g)"]
    assert draft.set_field("scale_g", 5.0) is None
    draft.refresh()
    assert draft.missing() == [] and draft.record is not None
    assert draft.diagnosis is not None and draft.revised is not None


def test_a_refused_value_is_not_stored_and_says_why(draft: RunDraft) -> None:
    edits = draft.edits
    why = draft.set_field("reagent.equiv", -1)
    assert why and "0" in why
    assert draft.get("reagent.equiv") is None and draft.edits == edits
    assert draft.set_structure("C1CC(") is not None  # RDKit cannot read it: the run keeps none
    assert draft.structure() == ""


def test_accepted_note_values_are_marked_assumed_and_a_typed_one_is_not(draft: RunDraft) -> None:
    filled = draft.accept_note(["reagent.equiv", "workup.basify_ph", "conditions.time_h"])
    assert filled == ["reagent.equiv", "workup.basify_ph", "conditions.time_h"]
    assert draft.get("reagent.equiv") == NOTE_VALUES["reagent.equiv"].value
    assert set(draft.assumed()) == set(filled)
    draft.set_field("conditions.time_h", 18.0)  # recorded at the bench: no longer assumed
    assert "conditions.time_h" not in draft.assumed()


def test_the_reagent_brings_its_molarity_and_the_acid_amount_is_one_fact(draft: RunDraft) -> None:
    draft.set_field("reagent.kind", "bh3_sme2")
    assert draft.get("reagent.molarity") == 10.0 and "reagent.molarity" in draft.assumed()
    draft.set_field("reagent.kind", "nabh4_i2")  # in situ: no bottle molarity at all
    assert draft.get("reagent.molarity") is None
    draft.set_field("workup.acid.equiv_vs_borane", 2.5)
    draft.set_field("workup.acid.volume_ml", 30.0)  # the same fact given the other way replaces it
    assert draft.get("workup.acid.equiv_vs_borane") is None


def test_switching_the_method_sets_each_methods_step_aside_and_back(draft: RunDraft) -> None:
    draft.set_field("workup.decomplexation", "acid")
    draft.set_field("workup.acid.temp_c", 20.0)
    draft.set_field("workup.decomplexation", "pd_methanol")
    assert draft.get("workup.acid") is None  # a Pd/C run has no acid step in its record
    draft.set_field("workup.pd.hours", 2.0)
    draft.set_field("workup.decomplexation", "amine_exchange")  # neither step beside this method
    assert draft.get("workup.acid") is None and draft.get("workup.pd") is None
    draft.set_field("workup.decomplexation", "acid")
    assert draft.get("workup.acid.temp_c") == 20.0 and draft.get("workup.pd") is None
    draft.set_field("workup.decomplexation", "pd_methanol")
    assert draft.get("workup.pd.hours") == 2.0 and draft.get("workup.acid") is None
    draft.refresh(structure=True)
    assert not [p for p in draft.problems if p.field.startswith("workup")]  # a valid record at each switch


def test_no_starting_material_left_rules_out_incomplete_reduction(draft: RunDraft) -> None:
    draft.set_field("outcome.starting_material_percent", 0)
    assert draft.symptom_state("incomplete_reduction") == NOT_SEEN


def test_each_structure_is_analysed_once(draft: RunDraft, monkeypatch) -> None:
    calls: list[object] = []
    real = substrate.analyse
    monkeypatch.setattr(substrate, "analyse", lambda text: calls.append(text) or real(text))
    draft.set_structure(NORDAZEPAM)
    draft.set_field("scale_g", 5.0)
    assert draft.refresh(structure=True) is True
    assert draft.refresh(structure=True) is False  # the same structure: not analysed again
    draft.set_field("reagent.equiv", 3.0)
    draft.refresh()
    # the substrate once; any other analysis is of another molecule, the product amine (kept
    # process-wide, so made here only when no earlier test made it)
    assert [c for c in calls if c != PRODUCT] == [NORDAZEPAM] and draft.analyses == 1
    draft.species()  # the MS species reuse the draft's analysis
    assert [c for c in calls if c != PRODUCT] == [NORDAZEPAM]


def test_the_draft_and_the_pipeline_give_the_same_answer(draft: RunDraft) -> None:
    """The wizard and the command line cannot disagree: same causes, same protocol steps."""
    draft.set_structure(NORDAZEPAM)
    draft.set_field("scale_g", 5.0)
    draft.accept_note(list(NOTE_VALUES))
    draft.set_field("workup.acid.temp_c", 20.0)
    draft.set_symptom("low_yield", "seen")
    draft.refresh(structure=True)
    assert draft.record is not None and draft.diagnosis is not None and draft.revised is not None
    answer = assess(draft.record, load_rules(None))
    assert [(c.id, c.score) for c in draft.diagnosis.causes] == [(c.id, c.score) for c in answer.diagnosis.causes]
    assert [s.text for s in draft.revised.steps] == [s.text for s in answer.revised.steps]


def test_the_next_attempt_rescales_the_plan_but_not_the_record(draft: RunDraft) -> None:
    draft.set_structure(NORDAZEPAM)
    draft.set_field("scale_g", 5.0)
    draft.refresh(structure=True)
    assert draft.set_plan("scale_g", 20.0) is True
    assert draft.set_plan("scale_g", 20.0) is False
    draft.refresh()
    assert draft.record is not None and draft.record.scale_g == 5.0
    planned = draft.planning_record()
    assert planned is not None and planned.scale_g == 20.0
