"""The Questions page: "I don't know" is not final."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import open_window


def test_questions_set_aside_can_be_asked_again(qtbot, monkeypatch, example_run_path) -> None:
    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    window.go("questions")
    questions = window.pages["questions"]
    first = questions.current
    qtbot.mouseClick(questions.skip_button, Qt.MouseButton.LeftButton)  # "I don't know", too soon
    assert questions.current is None or questions.current.id != first.id
    assert questions.ask_again_button.isVisible()
    qtbot.mouseClick(questions.ask_again_button, Qt.MouseButton.LeftButton)
    assert questions.current is not None and questions.current.id == first.id
    assert not questions.ask_again_button.isVisible()
