"""The whole path as a chemist walks it: paste the lactam, describe the run, mark what was seen,
answer a question, read the diagnosis, and get the corrected protocol."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import open_window

NORDAZEPAM = "O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1"


def _type(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def _paste_structure(qtbot, window, smiles: str) -> None:
    from PySide6.QtWidgets import QApplication

    drawer = window.pages["substrate"].drawer
    QApplication.clipboard().setText(smiles)  # pasted onto the drawer's canvas
    drawer.view.setFocus()
    qtbot.keyClick(drawer.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_whole_flow_from_failed_run_to_revised_protocol(qtbot, monkeypatch) -> None:
    window = open_window(qtbot, monkeypatch)  # not the first start: a new, empty run
    assert window.session.record is None
    assert window.current_step() == "substrate"

    # 1. Substrate: paste the lactam.
    _paste_structure(qtbot, window, NORDAZEPAM)
    qtbot.waitUntil(lambda: window.session.analysis is not None)
    assert window.session.analysis.formula == "C15H11ClN2O"
    assert "270.7" in window.pages["substrate"].analysis_view.toPlainText()
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)

    # 2. Run: 5 g, the note's conditions taken section by section (marked as assumed), but the
    # acid step stirred at room temperature (recorded).
    assert window.current_step() == "run"
    page = window.pages["run"]
    _type(qtbot, page.editor("title").widget, "Nordazepam, batch 7")
    _type(qtbot, page.editor("scale_g").widget, "5")
    for button in page.note_buttons.values():
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    _type(qtbot, page.editor("workup.acid.temp_c").widget, "20")
    assert "reagent.equiv" in window.session.assumed()
    assert "workup.acid.temp_c" not in window.session.assumed()
    _type(qtbot, page.editor("outcome.yield_percent").widget, "38")
    _type(qtbot, page.editor("outcome.mass_balance_percent").widget, "103")
    assert window.session.record is not None, window.session.problems
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)

    # 3. Symptoms: low yield seen, gel checked and not seen.
    symptoms = window.pages["symptoms"]
    qtbot.mouseClick(symptoms.button("low_yield", "seen"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(symptoms.button("gel_formation", "not_seen"), Qt.MouseButton.LeftButton)
    assert window.session.record.outcome.symptoms == ("low_yield",)
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)

    # 4. Questions: answer the first one with a click; the ranking is redone at once.
    questions = window.pages["questions"]
    first = questions.current
    assert first is not None, "the engine should have something to ask about this run"
    assert questions.question_label.text() == first.text
    before = {c.id: c.score for c in window.session.diagnosis.causes}
    assert questions.answer_buttons, "a question with choices shows one button per answer"
    qtbot.mouseClick(questions.answer_buttons[0], Qt.MouseButton.LeftButton)
    assert first.id not in [q.id for q in window.session.open_questions()]
    assert questions.current is None or questions.current.id != first.id
    after = {c.id: c.score for c in window.session.diagnosis.causes}
    assert after != before, "the answer must change the ranking"
    shown = [w.text() for w in questions.ranking.findChildren(type(questions.question_label))]
    assert any(f"{window.session.diagnosis.causes[0].score:.0%}" == t for t in shown)
    # Keep answering "I don't know" until nothing is left to ask.
    while questions.current is not None:
        qtbot.mouseClick(questions.skip_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)

    # 5. Diagnosis: the product is still held as the amine-borane complex.
    assert window.current_step() == "diagnosis"
    diagnosis = window.pages["diagnosis"]
    assert diagnosis.cards and diagnosis.cards[0].cause.id == "amine_borane_complex"
    assert diagnosis.cards[0].cause.evidence
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)

    # 6. Protocol: the acid step is brought back to reflux, traced to that cause.
    assert window.current_step() == "protocol"
    revised = window.session.revised
    changes = {c.parameter: c for c in revised.changes}
    assert "acid_temp_c" in changes or "acid_hours" in changes, revised.changes
    change = changes.get("acid_temp_c") or changes["acid_hours"]
    assert change.cause == "amine_borane_complex"
    text = window.pages["protocol"].view.toPlainText()
    assert "Changes from the run" in text and "Amounts" in text
    assert "18.47" in text  # 5.00 g of nordazepam lactam, as the note works it out

    # The diagnosed run is in the history.
    from boranegui.core.history import History
    from boranegui.core.userdata import default_history_path

    with History(default_history_path()) as history:
        entries = history.search(symptom="low_yield")
    assert [e.title for e in entries] == ["Nordazepam, batch 7"]
    assert entries[0].top_cause.id == "amine_borane_complex"
