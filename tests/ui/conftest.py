"""A fresh user data folder per test, and a main window whose engine has loaded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def user_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("BORANEGUI_HOME", str(home))
    return home


def open_window(qtbot, monkeypatch, run_path: str | None = None, rules_path: str | None = None,
                first_start_example: bool = False, answer: str = "discard"):
    """A shown MainWindow, engine loaded; closing it never blocks on the unsaved prompt."""
    from boranegui.ui.main_window import MainWindow

    monkeypatch.setattr(MainWindow, "ask_unsaved", lambda self: answer)
    window = MainWindow(run_path, rules_path, first_start_example=first_start_example)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=60_000):
        window.start()
    return window


@pytest.fixture
def window(qtbot, monkeypatch) -> Iterator:
    yield open_window(qtbot, monkeypatch)
