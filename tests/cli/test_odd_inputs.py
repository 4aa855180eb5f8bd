"""Odd things a chemist may type on the command line: always a one-line reason, never a traceback.

These run ``boranegui.cli.main`` in the test process (fast); ``main`` is the same code the
``boranegui`` command runs, so an exception escaping it here would be a traceback there.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from boranegui.cli import main
from boranegui.core.bundled import example_run_path, rules_path
from tests.core.test_run_record import MINIMAL  # every optional field left out

EXAMPLE = str(example_run_path())
RULES = str(rules_path())


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out, out.err


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture
def unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A run file the user may not read (as root, where chmod does not stop a read, the read fails as it would)."""
    path = tmp_path / "locked.borane.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    path.chmod(0)
    if os.access(path, os.R_OK):
        real = os.open

        def os_open(name: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if Path(name) == path:
                raise PermissionError(13, "Permission denied", str(name))
            return real(name, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", os_open)
    yield path
    path.chmod(0o600)


@pytest.mark.parametrize("command", ["diagnose", "protocol"])
def test_a_folder_missing_file_or_unreadable_file_as_the_run(capsys, tmp_path, unreadable, command):
    code, out, err = cli(capsys, command, str(tmp_path))  # the OS's words follow (not the same on Windows)
    assert (code, out) == (2, "") and one_line(err).startswith(f"{tmp_path}: cannot read the file: ")
    missing = tmp_path / "nothere.yaml"
    code, out, err = cli(capsys, command, str(missing))
    assert code == 2 and one_line(err) == f"{missing}: cannot read the file: No such file or directory"
    code, out, err = cli(capsys, command, str(unreadable))
    assert code == 2 and one_line(err) == f"{unreadable}: cannot read the file: Permission denied"


def test_an_unreadable_rules_file(capsys, unreadable):
    code, _, err = cli(capsys, "rules", "check", str(unreadable))
    assert code == 2 and one_line(err) == f"{unreadable}: cannot read the file: Permission denied"


@pytest.mark.parametrize("command", ["diagnose", "protocol"])
def test_a_run_with_every_optional_field_missing(capsys, tmp_path, command):
    path = tmp_path / "bare.borane.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    code, out, err = cli(capsys, command, str(path))
    assert code == 0, err
    if command == "protocol":  # the note's values fill the gaps, and the protocol says so
        assert "BH3·SMe2 (10 M, 9.40 mL, 94.0 mmol, 4.0 equiv)" in out  # 2 g / 85.11 g/mol x 4 / 10 M
        assert "Values from the note (the run record is silent)" in out
    else:
        assert "No cause to report" in out


def test_the_run_file_given_as_rules(capsys):
    for args in (("diagnose", EXAMPLE, "--rules", EXAMPLE), ("rules", "check", EXAMPLE)):
        code, out, err = cli(capsys, *args)
        assert (code, out) == (2, "")
        assert one_line(err) == (f"{EXAMPLE}:1: format: this is a run file (borane-run/1), "
                                 "not a rules file (borane-rules/1)")


def test_the_rules_file_given_as_the_run(capsys):
    code, out, err = cli(capsys, "diagnose", RULES)
    line = one_line(err)
    assert (code, out) == (2, "") and line.startswith(f"{RULES}:")
    assert line.endswith("format: this is a rules file (borane-rules/1), not a run file (borane-run/1)")


def test_rules_that_are_valid_yaml_but_a_list(capsys, tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- format: borane-rules/1\n- causes: {}\n", encoding="utf-8")
    for args in (("rules", "check", str(path)), ("diagnose", EXAMPLE, "--rules", str(path))):
        code, out, err = cli(capsys, *args)
        assert (code, out) == (2, "")
        assert one_line(err) == (f"{path}:1: a rules file is a mapping (format, sources, causes, trees, nodes), "
                                 "not a list")


@pytest.mark.parametrize("smiles", ["", "   "])
def test_an_empty_smiles(capsys, smiles):
    code, out, err = cli(capsys, "substrate", smiles)
    assert (code, out) == (2, "") and one_line(err) == "no structure given"


def test_a_smiles_with_200_atoms(capsys):
    code, out, err = cli(capsys, "substrate", "O=C1CCCN1" + "C" * 195)
    assert code == 0, err
    assert "Formula:  C199H397NO" in out and "lactam (cyclic amide): 1" in out


def test_a_folder_as_the_structure(capsys, tmp_path):
    code, out, err = cli(capsys, "substrate", str(tmp_path))
    assert (code, out) == (2, "")
    assert one_line(err).startswith(f"{tmp_path}: this is a folder; give a SMILES, a .mol or .sdf file")


def test_a_smiles_typo_says_where_without_rdkit_noise(capsys):
    code, out, err = cli(capsys, "substrate", "O=C1CCCN1)")
    assert (code, out) == (2, "")
    assert one_line(err) == "invalid SMILES: extra close parentheses at position 10"


def test_a_binary_file_as_the_structure_is_not_called_yaml(capsys, tmp_path):
    path = tmp_path / "scan.mol"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    code, out, err = cli(capsys, "substrate", str(path))
    assert (code, out) == (2, "") and one_line(err) == f"{path}: this is a binary file, not a MOL or SD text file"
