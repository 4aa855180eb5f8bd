"""`boranegui diagnose` and `boranegui rules check` as a chemist runs them in a terminal."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from boranegui.core.bundled import rules_path
from tests.conftest import DATA, ROOT, run_cli
from tests.core.test_rules import BROKEN

EXAMPLE = str(ROOT / "resources" / "examples" / "nordazepam-low-yield.borane.yaml")


def _located_lines(stderr: str, path: str) -> list[str]:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines, "no problem reported"
    for line in lines:
        assert re.match(rf"^{re.escape(path)}:\d+: \S", line), line
    assert "Traceback" not in stderr
    return lines


def test_rules_check_accepts_the_shipped_rules() -> None:
    out = run_cli("rules", "check")
    assert out.returncode == 0, out.stderr
    from boranegui.core.run_record import SYMPTOMS

    assert out.stdout.startswith(f"{rules_path()}: valid ({len(SYMPTOMS)} symptom trees, ")  # one per symptom


@pytest.mark.parametrize(
    "kind",
    [
        "yaml syntax",
        "duplicate key",
        "unknown key",
        "wrong type",
        "dangling node",
        "unreachable node",
        "cycle",
        "field the run record lacks",
        "cause without source",
        "action without text",
        "bad patch",
    ],
)
def test_rules_check_rejects_each_kind_with_file_and_line(tmp_path: Path, kind: str) -> None:
    text, needle, words = BROKEN[kind]
    path = tmp_path / "lab-rules.yaml"
    path.write_text(text, encoding="utf-8")
    out = run_cli("rules", "check", str(path))
    assert out.returncode == 2
    lines = _located_lines(out.stderr, str(path))
    line_no = text[: text.index(needle)].count("\n") + 1
    assert any(f"{path}:{line_no}: " in line and words in line for line in lines), lines
    assert out.stdout == ""


def test_rules_check_on_a_missing_file(tmp_path: Path) -> None:
    out = run_cli("rules", "check", str(tmp_path / "none.yaml"))
    assert out.returncode == 2 and "cannot read" in out.stderr and "Traceback" not in out.stderr


def test_diagnose_the_example_in_words() -> None:
    out = run_cli("diagnose", EXAMPLE)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert text.index("amine-borane complex") < text.index("What to do")
    assert "the acid step ran at 20 °C, not at reflux" in text
    assert "Reflux the acid step" in text


def test_diagnose_json_has_the_architecture_shape() -> None:
    out = run_cli("diagnose", EXAMPLE, "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    top = data["causes"][0]
    assert top["id"] == "amine_borane_complex"
    assert top["actions"][0]["id"] == "acid_reflux_longer"
    assert 0 < top["score"] <= 1 and top["evidence"] and top["source"]
    assert [q["id"] for q in data["open_questions"]][:1] == ["symptom:boron_signals"]


def test_diagnose_a_run_with_no_symptoms() -> None:
    out = run_cli("diagnose", str(DATA / "clean-run.borane.yaml"), "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["causes"] == []


def test_diagnose_with_a_lab_rules_file(tmp_path: Path) -> None:
    lab = tmp_path / "lab.yaml"
    lab.write_text(BROKEN["dangling cause"][0], encoding="utf-8")
    out = run_cli("diagnose", EXAMPLE, "--rules", str(lab))
    assert out.returncode == 2
    _located_lines(out.stderr, str(lab))
    good = tmp_path / "good.yaml"
    good.write_text(
        rules_path().read_text(encoding="utf-8").replace("weight: 0.7\n", "weight: 0.1\n", 1),
        encoding="utf-8",
    )
    out = run_cli("diagnose", EXAMPLE, "--rules", str(good), "--json")
    assert out.returncode == 0, out.stderr
    shipped = json.loads(run_cli("diagnose", EXAMPLE, "--json").stdout)
    assert json.loads(out.stdout)["causes"][0]["score"] < shipped["causes"][0]["score"]


def test_diagnose_a_broken_run_file(tmp_path: Path) -> None:
    bad = tmp_path / "run.yaml"
    bad.write_text(
        Path(EXAMPLE).read_text(encoding="utf-8").replace("equiv: 4.0", "equiv: four"), "utf-8"
    )
    out = run_cli("diagnose", str(bad))
    assert out.returncode == 2
    assert re.search(
        rf"^{re.escape(str(bad))}:\d+: reagent\.equiv: must be a number", out.stderr, re.M
    )
    missing = run_cli("diagnose", str(tmp_path / "nothing.yaml"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


@pytest.mark.parametrize(
    ("name", "cause"),
    [
        ("boc-lactam-acid-reflux", "protecting_group_lost"),
        ("imine-should-survive", "imine_reduced"),
        ("pd-dechlorination", "pd_side_reaction"),
        ("acid-should-survive", "acid_reduced"),
    ],
)
def test_cli_uses_the_real_substrate_analysis(name: str, cause: str) -> None:
    out = run_cli("diagnose", str(DATA / f"{name}.borane.yaml"), "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["causes"][0]["id"] == cause
