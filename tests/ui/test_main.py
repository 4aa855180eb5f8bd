"""``boranegui RUN.yaml`` opens the window on that run (tested in a subprocess: one QApplication each)."""

from __future__ import annotations

import os

from tests.conftest import run_cli


def test_boranegui_run_file_opens_it(example_run_path, user_home) -> None:
    os.environ["BORANEGUI_EXIT_WHEN_SHOWN"] = "ready"
    try:
        result = run_cli(str(example_run_path))
    finally:
        del os.environ["BORANEGUI_EXIT_WHEN_SHOWN"]
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "shown"
    assert lines[-1] == "ready BoraneGUI — Nordazepam lactam reduction, batch 3 (low yield)[*]"


def test_first_start_opens_the_worked_example(user_home) -> None:
    os.environ["BORANEGUI_EXIT_WHEN_SHOWN"] = "ready"
    try:
        result = run_cli()
    finally:
        del os.environ["BORANEGUI_EXIT_WHEN_SHOWN"]
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("ready BoraneGUI — Nordazepam lactam reduction")


def test_a_missing_run_file_is_reported_and_the_app_starts(qtbot, monkeypatch, tmp_path) -> None:
    from tests.ui.conftest import open_window

    window = open_window(qtbot, monkeypatch, run_path=str(tmp_path / "nope.borane.yaml"))
    assert "cannot be opened" in window.last_error and "nope.borane.yaml" in window.last_error
    assert window.isVisible() and window.session.path is None
