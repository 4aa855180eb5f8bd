"""The report of the real engine: analyse -> diagnose -> plan -> PDF, in-process and through the CLI."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest

from boranegui.core import run_record
from boranegui.core.protocol import plan
from boranegui.core.substrate import analyse
from boranegui.report.document import format_value, parameter_label
from tests.conftest import run_cli
from tests.report.conftest import flat, nospace, page_texts, pdf_reader


def test_run_without_symptoms_prints_the_notes_worked_amounts(render, make_report, example_run_path):
    run = run_record.load(example_run_path).with_field("outcome.symptoms", []).with_field("outcome.ruled_out", [])
    substrate = analyse(run.substrate.structure)
    revised = plan(run, None)
    assert revised.changes == ()
    report = dataclasses.replace(make_report(run=run, revised=revised, substrate=substrate), diagnosis=None)
    # The note's "at least 92.3 mL" of 2 M NaOH neutralises the HCl only; the boric acid takes one OH-
    # per boron on top: (184.7 + 73.9) x 1.1 = 284.4 mmol = 142.2 mL.
    text = flat(" ".join(page_texts(render(report))))
    for amount in ("18.47 mmol", "5.00 g", "73.9 mmol", "73.9 mL", "40 mL", "184.7 mmol", "30.8 mL", "≥ 142.2 mL"):
        assert amount in text, amount
    assert "None: the protocol is the run as performed." in text
    assert revised.safety
    for line in revised.safety:  # the protocol model's own safety figures, in the safety box
        assert nospace(line) in nospace(text)
    for step in revised.steps:
        assert nospace(step.text) in nospace(text)


def _diagnosed(make_report, run):
    from boranegui.core.diagnosis import diagnose
    from boranegui.core.rules import load_rules

    substrate = analyse(run.substrate.structure)
    diagnosis = diagnose(run, load_rules(), substrate)
    revised = plan(run, diagnosis)
    return make_report(run=run, revised=revised, diagnosis=diagnosis, substrate=substrate)


def test_failed_run_prints_every_change_with_its_cause_and_source(render, make_report, example_run_path):
    report = _diagnosed(make_report, run_record.load(example_run_path))
    changes = report.revised.changes
    assert changes, "the worked example's low yield must change the acid step"
    text = nospace(" ".join(page_texts(render(report))))
    titles = {c.id: c.title for c in report.diagnosis.causes}
    titles.update({c.cause: c.cause_words for c in changes if c.cause == "substrate"})
    for n, change in enumerate(changes, 1):
        footnote = (f"[{n}]{parameter_label(change.parameter)}:{format_value(change.parameter, change.before)}"
                    f"→{format_value(change.parameter, change.after)}.Cause:{titles[change.cause]}."
                    f"Source:{change.source}")
        assert nospace(footnote) in text
    top = report.diagnosis.causes[0]
    assert nospace(top.title) in text and all(nospace(e) in text for e in top.evidence)


def test_clean_run_through_the_diagnosis_gives_the_same_amounts(render, make_report, example_run_path):
    run = run_record.load(example_run_path).with_field("outcome.symptoms", []).with_field("outcome.ruled_out", [])
    report = _diagnosed(make_report, run)
    assert report.revised.changes == ()
    text = flat(" ".join(page_texts(render(report))))
    assert "18.47 mmol" in text and "73.9 mL" in text and "30.8 mL" in text and "≥ 142.2 mL" in text


def test_cli_writes_the_pdf_headless(example_run_path, tmp_path):
    out = tmp_path / "protocol.pdf"
    done = run_cli("protocol", str(example_run_path), "--pdf", str(out))
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    text = flat(" ".join(page_texts(data)))
    assert "18.47 mmol" in text and "73.9 mL" in text
    assert "nordazepam-low-yield.borane.yaml" in text  # the run file is traced in the header
    assert "Changes from the run" in text and "[1]" in text
    page = pdf_reader(data).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((595.3, 841.9), abs=0.5)


def test_cli_with_a_lab_rules_file_prints_its_checksum(example_run_path, tmp_path):
    from boranegui.core import bundled

    rules = tmp_path / "our-rules.yaml"
    rules.write_bytes(bundled.rules_path().read_bytes() + b"\n# our lab's copy\n")
    out = tmp_path / "protocol.pdf"
    done = run_cli("protocol", str(example_run_path), "--pdf", str(out), "--rules", str(rules))
    assert done.returncode == 0, done.stderr
    text = flat(" ".join(page_texts(out.read_bytes())))
    assert f"our-rules.yaml, SHA-256 {hashlib.sha256(rules.read_bytes()).hexdigest()[:12]}" in text


def test_cli_pdf_to_a_missing_folder_says_so(example_run_path, tmp_path):
    out = tmp_path / "nowhere" / "protocol.pdf"
    done = run_cli("protocol", str(example_run_path), "--pdf", str(out))
    assert done.returncode == 2
    assert "does not exist" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()
