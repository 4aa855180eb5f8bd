"""A bad run file on the command line: exit 2, one located line per problem, never a traceback.

``diagnose`` loads and validates the run file before anything else, so these tests hold
whatever the diagnosis engine does with a valid file.
"""

from __future__ import annotations

import pytest

from tests.conftest import run_cli
from tests.core.test_run_record import FULL, NORDAZEPAM


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# (case, old text, new text, the text of the line that must be named, words in the message)
CASES = [
    ("syntax", "  kind: bh3_thf", "  kind: [bh3_thf", "  molarity: 1.0", "flow sequence started on line 12"),
    ("unknown_field", "  equiv: 3.0", "  equiv: 3.0\n  colour: yellow", "  colour: yellow", "unknown field"),
    ("wrong_type", "  max_temp_c: 66", "  max_temp_c: reflux", "  max_temp_c: reflux", "must be a number"),
    ("negative_scale", "scale_g: 5.0", "scale_g: -5.0", "scale_g: -5.0", "more than 0"),
    ("unknown_reagent", "  kind: bh3_thf", "  kind: lialh4", "  kind: lialh4", "bh3_thf"),
    ("unknown_symptom", "  symptoms: [low_yield, tlc_smear]", "  symptoms: [low_yield, smoke]",
     "  symptoms: [low_yield, smoke]", "unknown symptom 'smoke'"),
    ("python_tag", "  notes: free text", '  notes: !!python/object/apply:os.system ["touch EXECUTED"]',
     "  notes: !!python", "not allowed"),
    ("python_tag_mapping", "reagent:\n", "reagent: !!python/object/new:builtins.dict\n", "reagent: !!python",
     "not allowed"),
    ("bad_drawing", f"  smiles: {NORDAZEPAM}", f"  smiles: {NORDAZEPAM}\n  molblock: x", "  molblock: x",
     "invalid"),
    ("no_structure", f"  smiles: {NORDAZEPAM}\n", "", "substrate:", "exactly one of smiles or molblock"),
    ("bad_smiles", f"  smiles: {NORDAZEPAM}", "  smiles: C1CC(", "  smiles: C1CC(", "invalid SMILES"),
    ("duplicate_key", "  equiv: 3.0", "  equiv: 3.0\n  equiv: 5.0", "  equiv: 5.0", "duplicate key"),
    ("out_of_range", "  yield_percent: 35", "  yield_percent: 350", "  yield_percent: 350", "at most 100"),
    ("bad_date", "date: 2026-11-20", "date: 2026-02-30", "date: 2026-02-30", "day is out of range"),
    ("missing_required", "scale_g: 5.0\n", "", "format: borane-run/1", "the field 'scale_g' is required"),
]


@pytest.mark.parametrize(("case", "old", "new", "named", "words"), CASES, ids=[c[0] for c in CASES])
def test_invalid_run_file_gives_exit_2_and_a_located_message(tmp_path, case, old, new, named, words):
    assert old in FULL
    text = FULL.replace(old, new, 1)
    path = tmp_path / f"{case}.borane.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("diagnose", str(path), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    line = _line_of(text, named)
    assert f"{path}:{line}:" in result.stderr, result.stderr
    assert words in result.stderr
    assert all(str(path) in row for row in result.stderr.splitlines() if row.strip())  # one located line each
    assert not (tmp_path / "EXECUTED").exists()


def test_python_tag_that_would_create_a_file_runs_nothing(tmp_path):
    marker = tmp_path / "created-by-yaml"
    text = FULL.replace("  notes: free text", f'  notes: !!python/object/apply:builtins.open ["{marker}", "w"]')
    path = tmp_path / "evil.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("diagnose", str(path), cwd=tmp_path)
    assert result.returncode == 2
    assert f"{path}:{_line_of(text, 'notes:')}: outcome.notes: not allowed" in result.stderr
    assert not marker.exists()


@pytest.mark.parametrize(("case", "content", "words"), [
    ("empty", b"", "the file is empty"),
    ("blank", b"\n  \n", "the file is empty"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
    ("latin1", FULL.replace("free text", "r\u00e9sum\u00e9").encode("latin-1"), "not UTF-8"),
])
def test_unreadable_run_files(tmp_path, case, content, words):
    path = tmp_path / f"{case}.yaml"
    path.write_bytes(content)
    result = run_cli("diagnose", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert str(path) in result.stderr and words in result.stderr


def test_missing_run_file(tmp_path):
    result = run_cli("diagnose", str(tmp_path / "nothere.yaml"))
    assert result.returncode == 2
    assert "nothere.yaml" in result.stderr and "Traceback" not in result.stderr


def test_several_problems_give_one_line_each(tmp_path):
    text = FULL.replace("scale_g: 5.0", "scale_g: -1").replace("  kind: bh3_thf", "  kind: x")
    path = tmp_path / "two.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("diagnose", str(path))
    assert result.returncode == 2
    rows = [r for r in result.stderr.splitlines() if r.strip()]
    assert len(rows) == 2
    assert any(f":{_line_of(text, 'scale_g')}: scale_g:" in r for r in rows)
    assert any(f":{_line_of(text, 'kind: x')}: reagent.kind:" in r for r in rows)
