"""The wizard records what the chemist gave and nothing else: an empty new run, the note's
values only when accepted (and then marked assumed), the reagent's own molarity, MS peaks
assigned as they are typed, and "I don't know" kept with the run."""

from __future__ import annotations

import html
import shutil

import yaml
from PySide6.QtCore import Qt

from tests.ui.conftest import open_window

NORDAZEPAM = "O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1"


def _type(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def test_a_new_run_saved_untouched_holds_no_invented_value(window, qtbot, tmp_path) -> None:
    window.new_run()
    page = window.pages["run"]
    # The note is offered as placeholders, not as values.
    assert page.editor("reagent.equiv").widget.text() == ""
    assert page.editor("reagent.equiv").widget.placeholderText() == "note: 4 equiv"
    assert page.editor("workup.acid.temp_c").widget.placeholderText() == "note: 66 °C"
    assert window.session.set_structure(NORDAZEPAM) is None  # the drawer's job; tested with the drawer
    window.go("run")
    _type(qtbot, page.editor("scale_g").widget, "5")
    out = tmp_path / "untouched.borane.yaml"
    assert window.save_to(str(out))
    saved = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert set(saved) <= {"format", "substrate", "scale_g", "outcome"}, saved
    assert saved["substrate"] == {"smiles": NORDAZEPAM} and saved["scale_g"] == 5
    assert not saved.get("outcome", {}).get("symptoms") and not saved.get("outcome", {}).get("ruled_out")

    # Accepting the note's conditions stores them, each listed as assumed; a typed value is recorded.
    qtbot.mouseClick(page.note_buttons["Conditions"], Qt.MouseButton.LeftButton)
    _type(qtbot, page.editor("conditions.time_h").widget, "5")
    assert window.save_to(str(out))
    saved = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert saved["conditions"] == {"addition_temp_c": 0, "addition_minutes": 45, "max_temp_c": 66, "time_h": 5}
    assert set(saved["assumed"]) == {"conditions.addition_temp_c", "conditions.addition_minutes",
                                     "conditions.max_temp_c"}
    assert "assumed from the note" in page.editor("conditions.max_temp_c").hint.text()
    assert not page.editor("conditions.time_h").hint.text()


def test_choosing_bh3_sme2_gives_its_own_molarity(window, qtbot) -> None:
    window.new_run()
    window.go("run")
    page = window.pages["run"]
    kind = page.editor("reagent.kind").widget
    kind.setFocus()
    target = kind.findData("bh3_sme2")
    while kind.currentIndex() != target:  # with the keyboard, as a chemist tabbing through the form
        qtbot.keyClick(kind, Qt.Key.Key_Down)
    assert window.session.get("reagent.kind") == "bh3_sme2"
    assert window.session.get("reagent.molarity") == 10.0
    assert page.editor("reagent.molarity").widget.text() == "10"
    assert "reagent.molarity" in window.session.assumed()
    # The other strength sold is one click away, and then it is recorded, not assumed.
    button = page.bottle_buttons[2.0]
    assert button.isVisibleTo(page)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.session.get("reagent.molarity") == 2.0
    assert "reagent.molarity" not in window.session.assumed()
    # In situ there is no bottle: no molarity, and the field says why.
    while kind.currentIndex() != kind.findData("nabh4_i2"):
        qtbot.keyClick(kind, Qt.Key.Key_Down)
    assert window.session.get("reagent.molarity") is None
    assert not page.editor("reagent.molarity").widget.isEnabled()
    assert page.editor("reagent.molarity").widget.placeholderText().startswith("in situ")
    assert "2 NaBH4 + I2" in page.editor("reagent.molarity").hint.text()  # its own stoichiometry


def test_the_acid_step_is_given_as_a_volume_or_as_equiv(qtbot, monkeypatch, example_run_path) -> None:
    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    window.go("run")
    page = window.pages["run"]
    assert window.session.get("workup.acid.equiv_vs_borane") == 2.5
    _type(qtbot, page.editor("workup.acid.volume_ml").widget, "30 mL")
    assert window.session.get("workup.acid.volume_ml") == 30
    assert window.session.get("workup.acid.equiv_vs_borane") is None  # one amount, not two that may disagree
    assert "equiv per BH3" in page.editor("workup.acid.volume_ml").hint.text()


def test_a_mass_typed_into_the_table_is_assigned(qtbot, monkeypatch, example_run_path) -> None:
    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    window.go("symptoms")
    box = window.pages["symptoms"].analytics
    species = {s.id: s for s in window.session.species()}
    row = box.row(0)
    _type(qtbot, row.mz, f"{species['substrate'].mz:.1f}")
    assert "starting lactam" in row.result.text() and species["substrate"].formula in row.result.text()
    assert "starting material left" in row.result.text()  # what it supports
    assert window.session.get("outcome.masses") == [{"mz": round(species["substrate"].mz, 1)}]
    # Where it was seen and its area go into the record with it.
    row.where.setFocus()
    while row.where.currentData() != "crude":
        qtbot.keyClick(row.where, Qt.Key.Key_Down)
    _type(qtbot, row.percent, "40")
    assert window.session.get("outcome.masses") == [
        {"mz": round(species["substrate"].mz, 1), "where": "crude", "percent": 40}]
    # A second peak, typed digit by digit, is assigned as it is typed; nonsense says so.
    second = box.row(1)
    _type(qtbot, second.mz, f"{species['product'].mz:.1f}")
    assert "product amine" in second.result.text()
    _type(qtbot, second.mz, "abc")
    assert "must be numbers" in second.result.text()
    assert len(window.session.get("outcome.masses")) == 1  # the first peak is kept, the nonsense is not
    # A target typed in replaces the default; the default is shown while the field is empty.
    assert box.target.placeholderText().startswith("default: ")
    _type(qtbot, box.target, "not a smiles")
    assert box.target_error.isVisible()


def test_a_reopened_run_keeps_its_i_dont_know_answers_and_its_history_entry(qtbot, monkeypatch,
                                                                           example_run_path, tmp_path) -> None:
    from boranegui.core.history import History
    from boranegui.core.userdata import default_history_path

    run = tmp_path / "batch3.borane.yaml"
    shutil.copy(example_run_path, run)
    window = open_window(qtbot, monkeypatch, run_path=str(run))
    window.go("questions")
    questions = window.pages["questions"]
    first = questions.current
    assert first is not None
    why = questions.why_label.text()  # the causes its answer would move, by name and range
    assert why.startswith("Why this question") and " between " in why
    assert any(c.title in why for c in window.session.diagnosis.causes)
    qtbot.mouseClick(questions.skip_button, Qt.MouseButton.LeftButton)
    assert first.id in window.session.skipped
    assert window.save()
    window.go("diagnosis")  # the diagnosed run goes into the history
    with History(default_history_path()) as history:
        before = history.count()
    assert before == 1

    # Reopened (in a new window, as the next morning): the answer stays set aside, one history entry.
    second = open_window(qtbot, monkeypatch, run_path=str(run))
    assert first.id in second.session.skipped
    second.go("questions")
    assert first.id not in [q.id for q in second.session.open_questions()]
    assert "Set aside" in second.pages["questions"].answered.text()
    second.go("diagnosis")
    with History(default_history_path()) as history:
        assert history.count() == before


def test_the_worked_example_is_not_logged_as_the_chemists_run(qtbot, monkeypatch) -> None:
    from boranegui.core.history import History
    from boranegui.core.userdata import default_history_path

    window = open_window(qtbot, monkeypatch, first_start_example=True)
    assert window.session.example
    window.go("diagnosis")
    window.go("protocol")
    with History(default_history_path()) as history:
        assert history.count() == 0


def test_no_starting_material_left_rules_out_incomplete_reduction(window, qtbot) -> None:
    window.new_run()
    window.go("run")
    _type(qtbot, window.pages["run"].editor("outcome.starting_material_percent").widget, "0")
    assert window.session.symptom_state("incomplete_reduction") == "not_seen"
    assert window.pages["symptoms"].button("incomplete_reduction", "not_seen").isChecked()


def test_a_new_run_starts_at_the_top_of_the_long_pages(qtbot, monkeypatch, example_run_path) -> None:
    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    window.resize(1024, 700)
    for key in ("run", "symptoms"):
        window.go(key)
        bar = window.pages[key]._scroll.verticalScrollBar()
        qtbot.waitUntil(lambda b=bar: b.maximum() > 0)
        bar.setValue(bar.maximum())
    window.new_run()
    for key in ("run", "symptoms"):
        assert window.pages[key]._scroll.verticalScrollBar().value() == 0, key


def test_the_next_attempt_rescales_the_protocol_not_the_record(qtbot, monkeypatch, example_run_path) -> None:
    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    window.go("protocol")
    page = window.pages["protocol"]
    record = window.session.record
    _type(qtbot, page.plan_edits["scale_g"], "20")
    assert window.session.record == record  # what was done stays as it was
    assert window.session.revised.parameters["scale_g"] == 20
    assert "Next attempt at 20 g" in page.view.toPlainText()
    substrate = next(a for a in window.session.revised.amounts if a.role == "substrate")
    assert substrate.mass_g == 20
    _type(qtbot, page.plan_edits["titer"], "0.8")
    assert window.session.revised.parameters["reagent_molarity"] == 0.8
    assert window.session.record == record


def test_open_the_data_folder_says_where_it_is_when_nothing_can_open_it(window, monkeypatch) -> None:
    from PySide6.QtGui import QDesktopServices

    shown: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    monkeypatch.setattr(window, "show_error", lambda title, text, details="": shown.append(text))
    window._open_data_folder()
    from boranegui.core.userdata import user_data_dir

    assert shown and str(user_data_dir()) in shown[0]


def test_the_run_file_keeps_the_drawing_beside_the_smiles(window, qtbot, tmp_path) -> None:
    from PySide6.QtWidgets import QApplication

    from boranegui.core import run_record

    drawer = window.pages["substrate"].drawer
    QApplication.clipboard().setText(NORDAZEPAM)  # pasted onto the drawer's canvas
    drawer.view.setFocus()
    qtbot.keyClick(drawer.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.session.analysis is not None)
    window.go("run")
    _type(qtbot, window.pages["run"].editor("scale_g").widget, "5")
    out = tmp_path / "drawn.borane.yaml"
    assert window.save_to(str(out))
    saved = run_record.load(out)
    assert saved.substrate.smiles and "M  END" in (saved.substrate.molblock or "")
    assert saved.substrate.molblock == drawer.molblock().rstrip() + "\n"


def test_each_cause_shows_the_path_of_answers_that_led_to_it(qtbot, monkeypatch, example_run_path) -> None:
    from PySide6.QtWidgets import QLabel

    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    window.go("diagnosis")
    card = window.pages["diagnosis"].cards[0]
    texts = " ".join(label.text() for label in card.findChildren(QLabel))
    assert "How the answers led here" in texts
    assert "You saw: Low yield, TLC smear" in texts  # the symptoms first, then each answer
    assert html.escape(card.cause.evidence[0], quote=False) in texts


def test_a_peak_names_the_causes_the_engine_says_it_supports(qtbot, monkeypatch, example_run_path) -> None:
    from types import SimpleNamespace

    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    window.go("symptoms")  # the box shows the session while it is on screen
    box = window.pages["symptoms"].analytics
    substrate = next(s for s in window.session.species() if s.id == "substrate")
    _type(qtbot, box.row(0).mz, f"{substrate.mz:.1f}")
    # The engine's word on the peak (Diagnosis.supports: peak index -> cause ids), when it gives one.
    engine_says = SimpleNamespace(causes=(), open_questions=(), warnings=(), supports={0: ("reagent_degraded",)})
    monkeypatch.setattr(window.session.draft, "diagnosis", engine_says)
    box.refresh()
    assert "points to: " + window.session.rules.causes["reagent_degraded"].title in box.row(0).result.text()
