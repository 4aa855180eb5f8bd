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


def test_nothing_heavy_is_imported_before_the_window_shows(user_home) -> None:
    """RDKit, PyYAML, SQLite and the engine load after the window is on screen (start-up speed)."""
    import subprocess
    import sys

    from tests.conftest import cli_env

    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from boranegui.ui.main_window import MainWindow\n"
        "w = MainWindow()\n"
        "w.show()\n"
        "app.processEvents()\n"
        "heavy = ('rdkit', 'yaml', 'sqlite3', 'boranegui.core.diagnosis', 'boranegui.core.run_record')\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(heavy))))\n"
    )
    env = cli_env()
    env["BORANEGUI_HOME"] = str(user_home)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
