"""``boranegui --self-test`` from the source tree: one line per check, a log, honest failures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from boranegui import selftest
from tests.conftest import ROOT, cli_env, run_cli


def _home() -> Path:
    return Path(os.environ["BORANEGUI_HOME"])


def test_self_test_passes_from_the_source_tree() -> None:
    done = run_cli("--self-test", timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    names = [name for name, _ in selftest.CHECKS]
    assert [line.split(":")[0].split()[-1] for line in lines[1:-1]] == names
    assert all(line.startswith("ok  ") for line in lines[1:-1])
    assert lines[-1].startswith(f"self-test passed: {len(names)} checks; log: ")


def test_missing_rdkit_data_is_a_failure_with_its_reason(monkeypatch, tmp_path: Path) -> None:
    from rdkit import RDConfig

    monkeypatch.setattr(RDConfig, "RDDataDir", str(tmp_path))
    result = selftest.run_checks()
    rdkit = next(r for r in result if r.name == "rdkit-data")
    assert not rdkit.ok
    assert "FragmentDescriptors.csv is missing" in rdkit.detail
    assert rdkit.line().startswith("FAIL  rdkit-data: RDKit data folder incomplete")


def test_a_piece_not_written_yet_fails_and_never_passes(monkeypatch) -> None:
    def not_there(state):
        raise NotImplementedError("report export: being written")

    monkeypatch.setattr(selftest, "CHECKS", (("pdf", not_there), *selftest.CHECKS[:1]))
    first, second = selftest.run_checks()
    assert (first.name, first.ok) == ("pdf", False)
    assert first.detail == "not available yet: NotImplementedError: report export: being written"
    assert second.name == "data" and second.ok  # a failure does not stop the checks after it


def test_failures_give_a_non_zero_exit_and_one_line_each_in_the_log(monkeypatch, capsys) -> None:
    def broken(state):
        raise ValueError("line one\nline two")

    monkeypatch.setattr(selftest, "CHECKS", (("data", selftest.check_data), ("rules", broken)))
    assert selftest.run_self_test() == 1
    out = capsys.readouterr().out.splitlines()
    assert out[2].startswith("FAIL  rules: ValueError: line one line two (")
    assert out[-1].startswith("self-test FAILED: 1 of 2 checks (rules); log: ")
    log = (_home() / "logs" / "self-test.log").read_text("utf-8").splitlines()
    assert log[1:3] == out[1:3]
    assert log[-1] == "self-test FAILED: 1 of 2 checks (rules)"


def test_later_checks_say_which_earlier_check_they_needed(monkeypatch) -> None:
    def broken(state):
        raise RuntimeError("no rules")

    monkeypatch.setattr(selftest, "CHECKS", (("data", selftest.check_data), ("rules", broken),
                                             ("diagnosis", selftest.check_diagnosis)))
    diagnosis = selftest.run_checks()[-1]
    assert not diagnosis.ok and diagnosis.detail == "cannot run: the rules check failed"


def test_no_console_output_goes_to_the_console_log(tmp_path: Path) -> None:
    # What a --windowed bundle or pythonw sees: no stdout/stderr.  The guard in __main__
    # must give them a home, or the self-test's report would be lost.
    env = dict(cli_env(), BORANEGUI_HOME=str(tmp_path))
    code = ("import sys, runpy; sys.stdout = sys.stderr = None\n"
            "sys.argv = ['boranegui', '--version']\n"
            "runpy.run_module('boranegui', run_name='__main__')")
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0
    assert "boranegui " in (tmp_path / "logs" / "console.log").read_text("utf-8")


@pytest.mark.parametrize("closed", ["stdout", "stderr"])
def test_closed_console_streams_are_replaced(closed: str, tmp_path: Path) -> None:
    env = dict(cli_env(), BORANEGUI_HOME=str(tmp_path))
    code = (f"import sys; sys.{closed} = None\n"
            "from boranegui.console import ensure_console_streams; ensure_console_streams()\n"
            f"sys.{closed}.write('reached the log'); sys.{closed}.flush()")
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, timeout=60,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "reached the log" in (tmp_path / "logs" / "console.log").read_text("utf-8")


def test_main_window_check_reports_an_engine_that_cannot_load(monkeypatch, qapp) -> None:
    from boranegui.core import bundled, run_record
    from boranegui.ui import session

    def broken(self) -> None:  # what a bundle missing RDKit's libraries does, at once
        self.failed.emit("ImportError: libRDKitGraphMol.so.1: cannot open shared object file")

    monkeypatch.setattr(session.EngineLoader, "_load", broken)
    path = bundled.example_run_path()
    state = selftest._State({"example_path": path, "run": run_record.load(path)})
    with pytest.raises(selftest.CheckFailed, match="cannot open shared object file"):
        selftest.check_main_window(state)
