"""ORD files in: a hand-written dataset imports its borane lactam reductions and refuses the rest in words."""

from __future__ import annotations

from pathlib import Path

import pytest
from google.protobuf import text_format
from ord_schema import validations
from ord_schema.proto import dataset_pb2

from boranegui.core import diagnosis, ord_io, ord_map, protocol, rules, run_record
from tests.conftest import DATA

DATASET = DATA / "ord" / "lactam-reductions.pbtxt"


def test_the_hand_written_dataset_is_valid_ord() -> None:
    dataset = text_format.Parse(DATASET.read_text(encoding="utf-8"), dataset_pb2.Dataset())
    assert len(dataset.reactions) >= 5
    assert validations.validate_message(dataset, raise_on_error=False).errors == []


def test_borane_lactam_reductions_import_and_the_others_are_refused(tmp_path: Path) -> None:
    done = ord_io.import_file(DATASET, tmp_path)
    runs = {run_record.load(p).substrate.smiles: run_record.load(p) for p in done.written}
    assert {r.reagent.kind for r in runs.values()} == {"bh3_thf", "bh3_sme2", "nabh4_i2"}
    assert len(done.refused) == 3
    assert all("\n" not in line and ": refused: " in line for line in done.refused)
    said = " | ".join(done.refused)
    assert "ord-example-lah-04): refused: no borane reagent" in said
    assert "ord-example-suzuki-05): refused: no borane reagent" in said
    assert "ord-example-borane-acid-06): refused: no lactam among its reactants" in said


def test_imported_amounts_are_worked_out_from_ord_amounts(tmp_path: Path) -> None:
    """20 mmol lactam, 60 mmol BH3 in 60 mL, 150 mmol HCl in 25 mL water: 3 equiv, 1 M, 6 M, 2.5 equiv."""
    done = ord_io.import_file(DATASET, tmp_path)
    run = next(r for r in map(run_record.load, done.written) if r.reagent.kind == "bh3_thf")
    assert run.scale_g == pytest.approx(20 * 175.23 / 1000, rel=1e-4)
    assert (run.reagent.equiv, run.reagent.molarity) == (3, 1)
    assert run.workup.acid is not None
    assert (run.workup.acid.hcl_molarity, run.workup.acid.equiv_vs_borane, run.workup.acid.hours) == (6, 2.5, 1)
    assert (run.conditions.addition_temp_c, run.conditions.max_temp_c, run.conditions.time_h) == (0, 66, 4)
    assert run.outcome.yield_percent == 88
    assert run.workup.extraction_solvent == "dichloromethane"


def test_in_situ_borane_is_counted_as_nominal_bh3(tmp_path: Path) -> None:
    """25 mmol NaBH4 + 12.5 mmol I2 give 25 mmol BH3 over 10 mmol lactam (0.99 g): 2.5 equiv."""
    done = ord_io.import_file(DATASET, tmp_path)
    run = next(r for r in map(run_record.load, done.written) if r.reagent.kind == "nabh4_i2")
    assert run.reagent.equiv == pytest.approx(2.5, rel=2e-3)
    assert run.conditions.addition_temp_c == 0  # timed on the iodine input, added last


def test_imported_runs_can_be_diagnosed(tmp_path: Path) -> None:
    ruleset = rules.load_rules()
    for path in ord_io.import_file(DATASET, tmp_path).written:
        diagnosis.diagnose(run_record.load(path), ruleset)


def test_a_file_that_is_not_ord_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pbtxt"
    bad.write_text("this is not a protocol buffer {", encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        ord_io.read_reactions(bad)
    assert "\n" not in str(caught.value) and "not an ORD Dataset or Reaction" in str(caught.value)
    with pytest.raises(ValueError, match="an ORD file ends in"):
        ord_io.read_reactions(tmp_path / "runs.txt")


def test_a_single_reaction_file_imports(tmp_path: Path) -> None:
    run = run_record.load(DATA / "wet-thf.borane.yaml")
    single = tmp_path / "one.json"
    from google.protobuf import json_format

    single.write_text(json_format.MessageToJson(ord_io.run_reaction(run)), encoding="utf-8")
    [(label, reaction)] = ord_io.read_reactions(single)
    assert label == "the reaction"
    assert ord_io.reaction_run(reaction, label).to_dict() == run.to_dict()


@pytest.mark.parametrize("name", ["wet-thf", "boc-lactam-acid-reflux", "in-situ-ester", "clean-run"])
def test_a_revised_protocol_exports_as_a_planned_reaction(name: str) -> None:
    run = run_record.load(DATA / f"{name}.borane.yaml")
    revised = protocol.plan(run, diagnosis.diagnose(run, rules.load_rules()))
    reaction = ord_io.planned_reaction(run, revised)
    assert validations.validate_message(reaction, raise_on_error=False).errors == []
    assert reaction.provenance.reaction_metadata["boranegui:status"].string_value == "planned"
    notes = reaction.notes.procedure_details
    assert all(step.text in notes for step in revised.steps)
    for change in revised.changes:
        assert f"- {change.parameter}: {change.before} -> {change.after}" in notes
    planned = ord_io.planned_run(run, revised)
    assert run_record.from_dict(ord_map.from_reaction(reaction)).to_dict() == planned.to_dict()
    params = revised.parameters
    assert (planned.reagent.kind, planned.reagent.equiv, planned.workup.decomplexation) == (
        params["reagent_kind"], params["borane_equiv"], params["decomplexation"])
    assert planned.outcome.symptoms == () and planned.date is None


def test_without_the_extra_the_export_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(ord_io, "available", lambda: False)
    with pytest.raises(ord_io.OrdUnavailable, match=r'pip install "boranegui\[ord\]"'):
        ord_io.export_runs([("x", run_record.load(DATA / "clean-run.borane.yaml"))], tmp_path / "x.pb")
    assert not (tmp_path / "x.pb").exists()


def test_a_standalone_copy_says_it_was_built_without_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    assert "pip install" in str(ord_io.OrdUnavailable())
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert "BORANEGUI_BUNDLE_ORD=1" in str(ord_io.OrdUnavailable())


def test_a_planned_reaction_is_not_imported_as_a_run(tmp_path: Path) -> None:
    run = run_record.load(DATA / "wet-thf.borane.yaml")
    revised = protocol.plan(run, diagnosis.diagnose(run, rules.load_rules()))
    out = tmp_path / "both.pb"
    ord_io.write_reactions([("run", ord_io.run_reaction(run)), ("next", ord_io.planned_reaction(run, revised))],
                           out, "run and plan")
    done = ord_io.import_file(out, tmp_path / "in")
    assert len(done.written) == 1
    [refused] = done.refused
    assert refused.endswith("refused: a planned reaction (a revised protocol from BoraneGUI), not a run that was "
                            "performed")
