"""The Run page as a chemist types into it: refused values, units after the number, and what
the window says is still missing."""

from __future__ import annotations

from tests.ui.conftest import open_window


def _type(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def test_a_refused_value_does_not_leave_its_typed_prefix_in_the_run(qtbot, monkeypatch, example_run_path,
                                                                      tmp_path) -> None:
    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    window.go("run")
    editor = window.pages["run"].editor("scale_g")  # the one number a run record must give
    # Typing 200000 passes through "2" ... "20000" on the way: none may end up in the run.
    _type(qtbot, editor.widget, "200000")
    assert editor.widget.text() == "200000"  # what was typed stays on screen
    assert "at most 100000" in editor.error.text()
    assert window.session.get("scale_g") is None
    assert window.session.record is None and window.session.revised is None
    assert "lactam charged (g)" in window.nav_hint.text()
    # Saving says which field, in the form's words, and keeps the run.
    monkeypatch.setattr(window, "show_error", lambda title, text, details="": setattr(window, "last_error", text))
    assert not window.save_to(str(tmp_path / "run.borane.yaml"))
    assert "lactam charged (g)" in window.last_error and "scale_g" not in window.last_error
    assert not (tmp_path / "run.borane.yaml").exists()
    # Correcting it brings the diagnosis back with the corrected value.
    _type(qtbot, editor.widget, "3")
    assert window.session.get("scale_g") == 3 and not editor.error.text()
    assert window.session.revised is not None


def test_the_first_refused_edit_of_an_opened_run_keeps_the_typed_text(qtbot, monkeypatch, example_run_path) -> None:
    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    assert not window.session.dirty
    window.go("run")
    editor = window.pages["run"].editor("scale_g")
    _type(qtbot, editor.widget, "-5")  # the run becomes unsaved on this very edit
    assert editor.widget.text() == "-5" and "more than 0" in editor.error.text()
    window.setFocus()  # leaving the field does not rewrite it either
    window.session.set_symptom("emulsion", "seen")
    assert editor.widget.text() == "-5"


def test_numbers_may_be_typed_with_their_unit(qtbot, monkeypatch, example_run_path) -> None:
    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    window.go("run")
    page = window.pages["run"]
    for path, text, value in (
        ("scale_g", "7.5 g", 7.5),
        ("reagent.molarity", "1.0 M", 1.0),
        ("reagent.equiv", "3 equiv", 3),
        ("workup.acid.temp_c", "66 °C", 66),
        ("conditions.time_h", "4h", 4),
    ):
        _type(qtbot, page.editor(path).widget, text)
        assert not page.editor(path).error.text(), (path, page.editor(path).error.text())
        assert window.session.get(path) == value, path
    _type(qtbot, page.editor("scale_g").widget, "5 mL")  # another unit is not silently taken as grams
    assert page.editor("scale_g").error.text()


def test_the_worked_example_banner_goes_when_a_new_run_starts(qtbot, monkeypatch) -> None:
    window = open_window(qtbot, monkeypatch, first_start_example=True)
    assert window.banner.isVisible() and "Worked example" in window.banner_text.text()
    window.new_run()
    assert not window.banner.isVisible()
    assert "lactam charged (g)" in window.nav_hint.text()
    assert "substrate structure" in window.nav_hint.text()
