"""``boranegui protocol RUN.yaml [--json]``: the revised protocol from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli
from tests.core.protocol_helpers import run_dict


def write_run(tmp_path: Path, **over) -> Path:
    import yaml

    path = tmp_path / "run.borane.yaml"
    path.write_text(yaml.safe_dump(run_dict(**over), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_json_of_the_worked_example(example_run_path: Path) -> None:
    out = run_cli("protocol", str(example_run_path), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"steps", "amounts", "changes", "warnings", "parameters"}
    from boranegui.core.parameters import PARAMETERS

    # Every protocol parameter, by the public names, as resolved for the next attempt.
    assert set(PARAMETERS) - {"decomplexation"} <= set(data["parameters"])
    assert data["parameters"]["decomplexation"] == "acid" and data["parameters"]["acid_temp_c"] >= 66
    amounts = {a["role"]: a for a in data["amounts"]}
    assert amounts["substrate"]["mmol"] == 18.47
    assert amounts["reductant"]["volume_ml"] == 73.9
    named = {a["name"]: a for a in data["amounts"]}
    assert named["THF (anhydrous)"]["volume_ml"] == 40
    assert named["EtOAc (extraction)"]["volume_ml"] == 75  # step 10: 3 × 25 mL (5 mL per g)
    # The example skipped the acid reflux (1 h at 20 °C): the note's first row puts it back.
    changed = {c["parameter"]: c for c in data["changes"]}
    assert changed["acid_temp_c"]["before"] == 20 and changed["acid_temp_c"]["after"] >= 66
    assert changed["acid_temp_c"]["cause"] == "amine_borane_complex" and changed["acid_temp_c"]["source"]
    assert len(data["steps"]) == 12 and data["steps"][0]["phase"] == "Safety pre-check"


def test_text_is_the_printable_protocol(example_run_path: Path) -> None:
    out = run_cli("protocol", str(example_run_path))
    assert out.returncode == 0, out.stderr
    text = out.stdout
    for expected in ("Safety pre-check", "Phase 1: reduction", "Phase 2: quench and complex breaking",
                     "Phase 3: isolation", "BH3·THF (1.0 M, 73.9 mL, 73.9 mmol, 4.0 equiv)", "B(OMe)3",
                     "Changes for the next attempt", "amine-borane complex", "H2 on quench"):
        assert expected in text, expected


def test_clean_run_has_no_changes(tmp_path: Path) -> None:
    path = write_run(tmp_path, **{"scale_g": 2.0, "reagent.equiv": 3.0, "outcome.symptoms": None,
                                  "outcome.yield_percent": 85})
    out = run_cli("protocol", str(path), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["changes"] == []
    # 2.00 g / 270.719 g/mol = 7.388 mmol; x 3.0 = 22.16 mmol = 22.2 mL of 1.0 M BH3·THF; THF 16 mL
    amounts = {a["role"]: a for a in data["amounts"]}
    assert amounts["substrate"]["mmol"] == 7.388
    assert amounts["reductant"]["volume_ml"] == 22.2
    assert next(a for a in data["amounts"] if a["name"].startswith("THF"))["volume_ml"] == 16


def test_bad_run_file_exits_2_with_the_field(tmp_path: Path) -> None:
    path = write_run(tmp_path, **{"reagent.equiv": "four"})
    out = run_cli("protocol", str(path))
    assert out.returncode == 2
    assert "reagent.equiv" in out.stderr and "Traceback" not in out.stderr


def test_missing_run_file_exits_2(tmp_path: Path) -> None:
    out = run_cli("protocol", str(tmp_path / "nope.borane.yaml"))
    assert out.returncode == 2
    assert "nope.borane.yaml" in out.stderr and "Traceback" not in out.stderr
