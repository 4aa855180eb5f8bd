"""The wizard from the keyboard: steps with Ctrl+PgDown/PgUp (or Alt+Right/Left), Tab through a
page before its Back and Next, and questions answered without the mouse."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import open_window


def _settle() -> None:
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def _tab(qtbot):
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    return QApplication.focusWidget()


def test_steps_from_the_keyboard(qtbot, monkeypatch, example_run_path) -> None:
    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.go("run")
    window.steps.setFocus()
    qtbot.keyClick(window.steps, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.current_step() == "symptoms"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    # Next/Back put the keys in the page: the run's title, ready to type.
    assert QApplication.focusWidget() is window.pages["run"].editor("title").widget
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.current_step() == "symptoms"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_step() == "run"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.current_step() == "protocol"


def test_tab_walks_the_run_form_then_back_and_next(qtbot, monkeypatch, example_run_path) -> None:
    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    window.go("run")
    _settle()
    page = window.pages["run"]
    window.steps.setFocus()
    seen = []
    for _ in range(80):
        widget = _tab(qtbot)
        if widget is window.next_button:
            break
        seen.append(widget)
    else:
        raise AssertionError("Tab never reached Next: it is stuck somewhere in the form")
    fields = [page.editor(p).widget for p in ("title", "scale_g", "reagent.equiv", "workup.acid.temp_c",
                                               "outcome.notes")]
    positions = [seen.index(f) for f in fields]
    assert positions == sorted(positions), "the fields come in the order of the form"
    assert seen.index(window.back_button) > positions[-1], "Back comes after the page, not before it"
    assert "\t" not in page.editor("outcome.notes").widget.toPlainText()  # Tab left the notes alone


def test_questions_answered_from_the_keyboard(qtbot, monkeypatch) -> None:
    from tests.conftest import DATA

    # A run written up with much unknown, so that several questions are open (the example run
    # has one left once the engine stopped scoring steps done as the note says).
    window = open_window(qtbot, monkeypatch, run_path=str(DATA / "low-yield-unknowns.borane.yaml"))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.go("symptoms")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    _settle()
    questions = window.pages["questions"]
    first = questions.current
    assert first is not None and questions.answer_buttons
    assert QApplication.focusWidget() is questions.answer_buttons[0], "the step opens on its first answer"
    assert _tab(qtbot) is questions.answer_buttons[1]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(questions.answer_buttons[0], Qt.Key.Key_Space)
    _settle()
    assert questions.current is not None and questions.current.id != first.id
    focus = QApplication.focusWidget()
    assert focus in (*questions.answer_buttons, questions.number_edit), "the next question has the focus"

