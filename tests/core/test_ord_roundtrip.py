"""Run -> ORD Reaction -> run: every field the mapping holds comes back, and ORD validates each message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ord_schema import validations  # the [ord] extra is in the test extra: these tests run in CI

from boranegui.core import ord_io, ord_map, run_record
from tests.conftest import DATA, ROOT

RUNS = sorted(DATA.glob("*.borane.yaml")) + sorted((ROOT / "resources" / "examples").glob("*.borane.yaml"))


def _round_trip(run: run_record.RunRecord) -> dict[str, Any]:
    reaction = ord_map.to_reaction(run, email=ord_io.DEFAULT_EMAIL)
    return run_record.from_dict(ord_map.from_reaction(reaction)).to_dict()


def test_there_are_runs_to_test() -> None:
    assert len(RUNS) >= 20


@pytest.mark.parametrize("path", RUNS, ids=lambda p: p.name)
def test_every_field_comes_back(path: Path) -> None:
    run = run_record.load(path)
    assert _round_trip(run) == run.to_dict()


@pytest.mark.parametrize("path", RUNS, ids=lambda p: p.name)
def test_exported_reaction_passes_ord_validation(path: Path) -> None:
    reaction = ord_map.to_reaction(run_record.load(path), email=ord_io.DEFAULT_EMAIL)
    output = validations.validate_message(reaction, raise_on_error=False)
    assert output.errors == []


def test_every_run_record_field_has_a_row() -> None:
    """A field added to the run record needs a row in ord_map.ROWS (or a reason in NOT_KEPT)."""
    rows = {row.path for row in ord_map.ROWS}
    missing = set(run_record.FIELDS) - rows - set(ord_map.NOT_KEPT) - {"format"}
    assert not missing, f"no ORD row for {sorted(missing)}: add one to ord_map.ROWS"
    assert {row.path for row in ord_map.active_rows()} <= set(run_record.FIELDS)


def test_an_attempt_chain_round_trips() -> None:
    from boranegui.core import attempts, diagnosis, protocol, rules

    earlier = run_record.load(DATA / "wet-thf.borane.yaml")
    revised = protocol.plan(earlier, diagnosis.diagnose(earlier, rules.load_rules()))
    run = run_record.from_dict(attempts.next_attempt(earlier.to_dict(), revised, "3f0c9a52"))
    assert run.follows is not None and run.follows["changes"]
    assert _round_trip(run) == run.to_dict()


def test_a_molblock_substrate_round_trips() -> None:
    from rdkit import Chem

    run = run_record.load(DATA / "clean-run.borane.yaml")
    molblock = Chem.MolToMolBlock(Chem.MolFromSmiles(run.substrate.smiles or ""))
    data = run.to_dict()
    data["substrate"] = {"molblock": molblock, "name": "nordazepam"}
    run = run_record.from_dict(data)
    assert _round_trip(run) == run.to_dict()


def test_numbers_keep_six_significant_figures() -> None:
    data = run_record.load(DATA / "clean-run.borane.yaml").to_dict()
    data["scale_g"] = 12.3457
    data["reagent"]["equiv"] = 3.14159
    data["conditions"]["time_h"] = 2.71828
    run = run_record.from_dict(data)
    back = _round_trip(run)
    assert (back["scale_g"], back["reagent"]["equiv"], back["conditions"]["time_h"]) == (12.3457, 3.14159, 2.71828)


def _record(data: dict[str, Any]) -> run_record.RunRecord:
    """A run record of ``data`` (these fields once stood in for ones the record did not have yet)."""
    return run_record.from_dict(data)


def test_second_wave_rows_round_trip_once_the_run_record_has_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rows for target_smiles, dissolved, masses and reduced_groups work as soon as the fields exist."""
    run = run_record.load(DATA / "clean-run.borane.yaml")
    extra = {
        "substrate.target_smiles": "ClC1=CC2=C(NCCN=C2c2ccccc2)C=C1",
        "solvent.dissolved": False,
        "outcome.masses": [{"mz": 271.1, "where": "crude", "percent": 60}, {"mz": 285.1, "where": "aqueous"}],
        "outcome.reduced_groups": ["imine"],
    }
    data = run.to_dict()
    for path, value in extra.items():
        ord_map.set_path(data, path, value)
    fake = _record(data)
    monkeypatch.setattr(ord_map, "defined", lambda path: True)
    reaction = ord_map.to_reaction(fake, email=ord_io.DEFAULT_EMAIL)
    assert validations.validate_message(reaction, raise_on_error=False).errors == []
    back = ord_map.from_reaction(reaction)
    for path, value in extra.items():
        node: Any = back
        for part in path.split("."):
            node = node[part]
        assert node == value, path


def test_a_predicted_product_is_not_read_back_as_a_target() -> None:
    reaction = ord_map.to_reaction(run_record.load(DATA / "clean-run.borane.yaml"), email=ord_io.DEFAULT_EMAIL)
    product = reaction.outcomes[0].products[0]
    assert product.is_desired_product
    assert product.identifiers[0].details == "predicted by BoraneGUI: the lactam C=O made CH2"
    assert "target_smiles" not in ord_map.from_reaction(reaction).get("substrate", {})


@pytest.mark.parametrize("suffix", [".pb", ".pbtxt", ".json"])
def test_files_in_each_format_import_as_the_runs_exported(tmp_path: Path, suffix: str) -> None:
    runs = [(str(p), run_record.load(p)) for p in RUNS[:4]]
    out = tmp_path / f"runs{suffix}"
    done = ord_io.export_runs(runs, out)
    assert done.reactions == 4
    imported = ord_io.import_file(out, tmp_path / "in")
    assert imported.refused == []
    back = sorted((run_record.load(p).to_dict() for p in imported.written), key=lambda d: d["title"])
    assert back == sorted((r.to_dict() for _, r in runs), key=lambda d: d["title"])


def test_import_never_overwrites_a_run_file(tmp_path: Path) -> None:
    out = tmp_path / "one.pbtxt"
    ord_io.export_runs([("clean", run_record.load(DATA / "clean-run.borane.yaml"))], out)
    first = ord_io.import_file(out, tmp_path).written
    second = ord_io.import_file(out, tmp_path).written
    assert len(first) == len(second) == 1 and first != second
    assert second[0].endswith("-2.borane.yaml")


def test_not_kept_lists_only_real_fields() -> None:
    assert {p for p in ord_map.NOT_KEPT if not p.startswith("(")} <= {row.path for row in ord_map.ROWS}


def test_a_sparse_second_wave_run_still_exports(monkeypatch: pytest.MonkeyPatch) -> None:
    """Second wave: only format, substrate and scale_g are required; every other field may be absent."""
    fake = _record({"format": "borane-run/1", "substrate": {"smiles": "O=C1CCCN1"}, "scale_g": 2.0})
    monkeypatch.setattr(ord_map, "defined", lambda path: True)
    reaction = ord_map.to_reaction(fake, email=ord_io.DEFAULT_EMAIL)
    assert validations.validate_message(reaction, raise_on_error=False).errors == []
    assert list(reaction.inputs) == ["lactam"]
    with pytest.raises(ValueError, match="no borane reagent"):
        ord_map.from_reaction(reaction)


def test_date_and_operator_go_to_the_provenance() -> None:
    data = run_record.load(DATA / "clean-run.borane.yaml").to_dict()
    data.update(date="2026-11-20", operator="A. Chemist")
    run = run_record.from_dict(data)
    reaction = ord_map.to_reaction(run, email="chemist@example.org")
    assert validations.validate_message(reaction, raise_on_error=False).errors == []
    assert reaction.provenance.experimenter.name == "A. Chemist"
    assert reaction.provenance.experiment_start.value == "2026-11-20"
    assert _round_trip(run) == run.to_dict()


def test_the_pd_step_details_round_trip() -> None:
    """Loading (as grams of Pd/C on the catalyst), Pd content, temperature and time of a Pd/C step."""
    data = run_record.load(DATA / "clean-run.borane.yaml").to_dict()
    data["workup"].pop("acid", None)
    data["workup"]["decomplexation"] = "pd_methanol"
    data["workup"]["pd"] = {"loading_wt_percent": 12.5, "pd_percent": 5, "temp_c": 40, "hours": 16}
    run = run_record.from_dict(data)
    reaction = ord_map.to_reaction(run, email=ord_io.DEFAULT_EMAIL)
    assert validations.validate_message(reaction, raise_on_error=False).errors == []
    catalyst = next(c for w in reaction.workups for c in w.input.components if c.identifiers[0].value == "[Pd]")
    assert catalyst.amount.mass.value == pytest.approx(12.5 / 100 * run.scale_g)
    assert _round_trip(run) == run.to_dict()
