"""The report of the real engine: analyse -> plan -> PDF."""

from __future__ import annotations

import dataclasses

from boranegui.core import run_record
from boranegui.core.protocol import plan
from boranegui.core.substrate import analyse
from tests.report.conftest import flat, nospace, page_texts


def test_run_without_symptoms_prints_the_notes_worked_amounts(render, make_report, example_run_path):
    run = run_record.load(example_run_path).with_field("outcome.symptoms", []).with_field("outcome.ruled_out", [])
    substrate = analyse(run.substrate.structure)
    revised = plan(run, None)
    assert revised.changes == ()
    report = dataclasses.replace(make_report(run=run, revised=revised, substrate=substrate), diagnosis=None)
    text = flat(" ".join(page_texts(render(report))))
    for amount in ("18.47 mmol", "5.00 g", "73.9 mmol", "73.9 mL", "40.0 mL", "184.7 mmol", "30.8 mL", "≥ 92.3 mL"):
        assert amount in text, amount
    assert "None: the protocol is the run as performed." in text
    assert revised.safety
    for line in revised.safety:  # the protocol model's own safety figures, in the safety box
        assert nospace(line) in nospace(text)
    for step in revised.steps:
        assert nospace(step.text) in nospace(text)
