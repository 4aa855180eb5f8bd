"""Issue 16 on the command line: each hostile input of the attack, refused in one line or read right.

Inputs that died of SIGSEGV, hung on a FIFO or grew to gigabytes before the fixes run through
``run_capped`` (a subprocess with a memory cap and a time limit); the others run in this process.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from boranegui.core.bundled import example_run_path, rules_path
from boranegui.core.limits import MAX_ATOMS, MAX_INPUT_BYTES
from tests.cli.hostile import refused, run_capped, run_here
from tests.core.test_run_record import MINIMAL

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs, /dev/zero and RLIMIT_AS are POSIX")
CHAIN = "C" * 20_000  # RDKit's MolToSmiles overflowed the stack on it: SIGSEGV


def _run_file(tmp_path: Path, text: str, name: str = "run.borane.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# 1. a 20,000-carbon chain: directly, and inside a run file
def test_a_20000_carbon_smiles_is_refused_before_rdkit_reads_it() -> None:
    result = run_capped("substrate", CHAIN)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"at most {MAX_ATOMS} atoms" in result.stderr and len(result.stderr.splitlines()) == 1


def test_a_20000_carbon_substrate_in_a_run_file_is_refused_with_its_line(tmp_path: Path) -> None:
    run = _run_file(tmp_path, MINIMAL.replace("smiles: O=C1CCCN1", f"smiles: O=C1CCCN1{CHAIN}"))
    refused(run_capped("diagnose", str(run)), f"{run}:3", "atoms")


# 2. saves replace what a path points at
@posix_only
def test_a_pdf_to_a_fifo_is_refused_and_the_fifo_stays(tmp_path: Path) -> None:
    # In a subprocess: a PDF export here would start a QGuiApplication, and the later Qt widget
    # tests of this session need a QApplication (Qt aborts on a widget under a QGuiApplication).
    fifo = tmp_path / "out.pdf"
    os.mkfifo(fifo)
    result = run_capped("protocol", str(example_run_path()), "--pdf", str(fifo))
    refused(result, fifo, "device, pipe or socket")
    assert fifo.is_fifo()


@posix_only
def test_a_pdf_through_a_symlink_replaces_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    target = shared / "protocol.pdf"
    target.write_bytes(b"old")
    link = tmp_path / "link.pdf"
    link.symlink_to(target)
    result = run_capped("protocol", str(example_run_path()), "--pdf", str(link))  # subprocess: see above
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and target.read_bytes().startswith(b"%PDF")


# 4. rules that pass every other check but would hang diagnosis
def _diamond_rules(levels: int) -> str:
    text = rules_path().read_text(encoding="utf-8")
    tree_root = "trees:\n  low_yield: "
    start = text.index(tree_root) + len(tree_root)
    end = text.index("\n", start)
    first = text[start:end].strip()
    nodes = [f"  d_{i}:\n    all: [d_{i + 1}a, d_{i + 1}b]\n  d_{i + 1}a:\n    all: [d_{i + 1}]\n"
             f"  d_{i + 1}b:\n    all: [d_{i + 1}]\n" for i in range(levels)]
    nodes.append(f"  d_{levels}:\n    all: [{first}]\n")
    text = text[:start] + "d_0" + text[end:]
    return text.replace("\nnodes:\n", "\nnodes:\n" + "".join(nodes), 1)


def test_rules_check_refuses_a_40_level_diamond_of_all_nodes(capsys, tmp_path: Path) -> None:
    rules = tmp_path / "diamond.yaml"
    rules.write_text(_diamond_rules(40), encoding="utf-8")
    line = refused(run_here(capsys, "rules", "check", str(rules)), rules, "trees.low_yield", "at most 10,000")
    count = int(line.split("follow ")[1].split(" paths")[0].replace(",", ""))
    assert count >= 2**40  # counted without walking them


def test_an_all_list_naming_one_node_5000_times_is_refused(capsys, tmp_path: Path) -> None:
    rules = tmp_path / "wide.yaml"
    text = _diamond_rules(1).replace("all: [d_1a, d_1b]", "all: [" + ", ".join(["d_1a"] * 5000) + ", d_1b]")
    rules.write_text(text, encoding="utf-8")
    result = run_here(capsys, "rules", "check", str(rules))
    assert result.returncode == 2 and "listed twice" in result.stderr


# 5. patch values
@pytest.mark.parametrize(("patch", "words"), [
    ("borane_equiv: {set: .nan}", "finite"),
    ("scale_g: {set: .inf}", "finite"),
    ("scale_g: {set: 1e9}", "at most"),
])
def test_non_finite_or_huge_patch_values_are_refused(capsys, tmp_path: Path, patch: str, words: str) -> None:
    text = rules_path().read_text(encoding="utf-8")
    old = "          titrate_reagent: {set: true}"
    assert old in text
    rules = tmp_path / "patch.yaml"
    rules.write_text(text.replace(old, f"{old}\n          {patch}", 1), encoding="utf-8")
    line = refused(run_here(capsys, "rules", "check", str(rules)), f"{rules}:", words)
    assert "patch" in line


# 6. YAML 1.1 numbers
def test_a_sexagesimal_time_is_refused(capsys, tmp_path: Path) -> None:
    run = _run_file(tmp_path, MINIMAL.replace("time_h: 2", "time_h: 1:30"), "sexagesimal.borane.yaml")
    refused(run_here(capsys, "diagnose", str(run)), f"{run}:", "conditions.time_h", "must be a number", "'1:30'")


# 7. non-regular files, endless streams and size bombs
@posix_only
@pytest.mark.parametrize("command", [("diagnose", "{}"), ("rules", "check", "{}"), ("substrate", "{}")])
def test_a_fifo_as_input_is_refused_at_once(tmp_path: Path, command: tuple[str, ...]) -> None:
    fifo = tmp_path / "input.mol"
    os.mkfifo(fifo)  # nobody writes: reading it would block for ever
    refused(run_capped(*(a.format(fifo) for a in command)), fifo, "not a regular file")


@posix_only
def test_dev_zero_as_run_file_and_on_stdin_is_refused(tmp_path: Path) -> None:
    refused(run_capped("diagnose", "/dev/zero"), "/dev/zero", "not a regular file")
    with open("/dev/zero", "rb") as zero:
        refused(run_capped("substrate", "-", stdin=zero.fileno()), "<stdin>", "more than")


def test_a_v3000_counts_bomb_is_refused_before_rdkit_allocates(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.mol"
    bomb.write_text("\n  bomb\n\n  0  0  0     0  0            999 V3000\nM  V30 BEGIN CTAB\n"
                    "M  V30 COUNTS 100000000 0 0 0 0\nM  V30 END CTAB\nM  END\n", encoding="utf-8")
    refused(run_capped("substrate", str(bomb)), bomb, "100,000,000", "at most")


def test_a_file_past_the_size_cap_is_refused_unread(capsys, tmp_path: Path) -> None:
    run = _run_file(tmp_path, MINIMAL + "# " + "x" * MAX_INPUT_BYTES + "\n")
    refused(run_here(capsys, "diagnose", str(run)), run, "MB")


def test_a_huge_one_line_note_is_refused_with_its_line(capsys, tmp_path: Path) -> None:
    run = _run_file(tmp_path, MINIMAL + "outcome:\n  notes: " + "n" * 100_000 + "\n")
    refused(run_here(capsys, "diagnose", str(run)), f"{run}:", "outcome.notes", "characters")


# 12. unclear messages
def test_utf16_with_a_bom_is_read(capsys, tmp_path: Path) -> None:
    run = tmp_path / "utf16.borane.yaml"
    run.write_bytes(MINIMAL.encode("utf-16"))
    assert run_here(capsys, "diagnose", str(run)).returncode == 0


def test_a_no_in_a_text_field_stays_text(capsys, tmp_path: Path) -> None:
    run = _run_file(tmp_path, MINIMAL.replace("format: borane-run/1", "format: borane-run/1\ntitle: No"))
    assert run_here(capsys, "diagnose", str(run)).returncode == 0  # YAML 1.1 made it false: "must be text"


def test_invalid_utf8_on_stdin_is_one_line(capsys, monkeypatch) -> None:
    result = run_here(capsys, "substrate", "-", stdin=b"C\xc3\x28C garbage\n", monkeypatch=monkeypatch)
    refused(result, "<stdin>", "UTF-8")


def test_a_v3000_error_does_not_show_rdkit_build_paths(capsys, tmp_path: Path) -> None:
    mol = tmp_path / "bad.mol"
    mol.write_text("\n  RDKit\n\n  0  0  0  0  0  0  0  0  0  0999 V3000\nM  V30 BEGIN CTAB\n"
                   "M  V30 COUNTS 3 2 0 0 0\nM  V30 BEGIN ATOM\nM  V30 1 C 0 0 0 0\nM  V30 END ATOM\nM  END\n",
                   encoding="utf-8")
    line = refused(run_here(capsys, "substrate", str(mol)), mol, "invalid MOL block")
    assert "/" not in line.removeprefix(str(mol)) and "Stacktrace" not in line


def test_a_smiles_with_a_newline_is_not_called_a_mol_block(capsys, monkeypatch) -> None:
    result = run_here(capsys, "substrate", "-", stdin=b"CCO\nCCN\n", monkeypatch=monkeypatch)
    line = refused(result, "", "SMILES is one line")
    assert "MOL block" not in line.split("SMILES is one line")[0]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_a_rules_file_through_a_symlink_still_reads(capsys, tmp_path: Path) -> None:
    link = tmp_path / "rules.yaml"
    link.symlink_to(rules_path())
    assert run_here(capsys, "rules", "check", str(link)).returncode == 0
