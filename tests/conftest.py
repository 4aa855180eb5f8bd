"""Test set-up shared by every test: Qt offscreen, user data in a temporary folder."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

# Before anything imports Qt: no screen is needed, here or in CI.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep tests away from the real user's settings, history and autosave.
os.environ["BORANEGUI_HOME"] = tempfile.mkdtemp(prefix="boranegui-test-home-")

import pytest

# The throwaway PostgreSQL server of the history tests (started only by tests that ask for it).
pytest_plugins = ["tests.pg_server"]

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def example_run_path() -> Path:
    """The shipped worked example (nordazepam, low yield, acid step at room temperature)."""
    return ROOT / "resources" / "examples" / "nordazepam-low-yield.borane.yaml"


def cli_env() -> dict[str, str]:
    """Environment for running ``python -m boranegui`` in a subprocess from the checkout."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def run_cli(*args: str, cwd: str | os.PathLike[str] | None = None, timeout: float = 120):
    """Run the CLI in a subprocess; returns the CompletedProcess (text mode)."""
    import subprocess

    return subprocess.run(
        [sys.executable, "-m", "boranegui", *args],
        capture_output=True, text=True, env=cli_env(), cwd=cwd, timeout=timeout,
    )


@pytest.fixture(autouse=True, scope="session")
def _clear_clipboard_at_exit():
    """Qt's offscreen clipboard crashes at interpreter exit if it still owns mime data."""
    yield
    if "PySide6.QtWidgets" in sys.modules:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            app.clipboard().clear()
