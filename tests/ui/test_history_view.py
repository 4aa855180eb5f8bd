"""The history view: search by text, symptom and cause, and re-open a past run."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from boranegui.core import run_record
from boranegui.core.history import History, HistoryCause, HistoryEntry
from boranegui.core.userdata import default_history_path


def _store(example_run_path) -> None:
    text = example_run_path.read_text(encoding="utf-8")
    gel = text.replace("title: Nordazepam lactam reduction, batch 3 (low yield)", "title: Batch 5 (gel)")
    with History(default_history_path()) as history:
        history.add(HistoryEntry("Nordazepam lactam reduction, batch 3 (low yield)", "O=C1CN", ("low_yield",),
                                 (HistoryCause("amine_borane_complex", "Product held as the amine-borane", 0.8),),
                                 text, "2026-11-20T10:00:00"))
        history.add(HistoryEntry("Batch 5 (gel)", "O=C1CN", ("gel_formation",),
                                 (HistoryCause("borate_gel", "Borates polymerised", 0.9),), gel,
                                 "2026-11-21T10:00:00"))


def test_search_and_reopen(window, qtbot, example_run_path) -> None:
    _store(example_run_path)
    window.show_history()
    dialog = window.history_dialog
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 1).text() == "Batch 5 (gel)"  # newest first
    dialog.symptom.setCurrentIndex(dialog.symptom.findData("low_yield"))
    assert [e.title for e in dialog.entries] == ["Nordazepam lactam reduction, batch 3 (low yield)"]
    dialog.symptom.setCurrentIndex(0)
    dialog.cause.setCurrentIndex(dialog.cause.findData("borate_gel"))
    assert [e.title for e in dialog.entries] == ["Batch 5 (gel)"]
    dialog.cause.setCurrentIndex(0)
    qtbot.keyClicks(dialog.text, "polymerised")
    assert [e.title for e in dialog.entries] == ["Batch 5 (gel)"]
    dialog.table.selectRow(0)
    dialog.open_button.click()
    assert window.session.record.title == "Batch 5 (gel)"
    assert window.session.record == run_record.loads(dialog.entries[0].run_text)
    assert window.current_step() == "diagnosis"


def test_empty_history_says_so(window) -> None:
    window.show_history()
    assert window.history_dialog.table.rowCount() == 0
    assert "No runs yet" in window.history_dialog.status.text()


def test_history_location_is_moved_by_the_setting(window, example_run_path, tmp_path) -> None:
    _store(example_run_path)
    window._history()
    target = tmp_path / "shared" / "lab-history.sqlite3"
    from dataclasses import replace

    window.apply_settings(replace(window.prefs, history_path=str(target)))
    assert window.prefs.history_path == str(target)
    assert window.history.path == target and window.history.count() == 2
    from boranegui.core import preferences

    assert preferences.load().history_path == str(target)


def test_save_as_keeps_the_earlier_run_in_the_history(qtbot, monkeypatch, example_run_path, tmp_path) -> None:
    from tests.ui.conftest import open_window

    batch3 = tmp_path / "batch3.borane.yaml"
    batch3.write_text(example_run_path.read_text(encoding="utf-8"), encoding="utf-8")
    window = open_window(qtbot, monkeypatch, run_path=str(batch3))
    window.go("diagnosis")  # batch 3 as diagnosed is in the history
    # Batch 4 starts as a copy of batch 3, with its own title and symptoms, saved under a new name.
    window.session.set_field("title", "Nordazepam lactam reduction, batch 4")
    window.session.set_symptom("emulsion", "seen")
    assert window.save_to(str(tmp_path / "batch4.borane.yaml"))
    window.show_history()
    titles = sorted(window.history_dialog.table.item(r, 1).text()
                    for r in range(window.history_dialog.table.rowCount()))
    assert titles == ["Nordazepam lactam reduction, batch 3 (low yield)", "Nordazepam lactam reduction, batch 4"]
    # Saving batch 4 again updates its own entry, not a third one.
    window.session.set_field("operator", "AB")
    assert window.save_to(str(tmp_path / "batch4.borane.yaml"))
    with History(default_history_path()) as history:
        assert history.count() == 2


# ---- attempt chains and what worked (issue 17), on SQLite and on the test PostgreSQL server ----

def _lab_window(qtbot, monkeypatch, location: str, run_path: str | None = None):
    from tests.ui.conftest import open_window

    monkeypatch.setenv("BORANEGUI_HISTORY", location)
    return open_window(qtbot, monkeypatch, run_path)


def _grab(widget, tmp_path, name: str) -> None:
    """Keep a picture to look at (the assertions never read pixels)."""
    import os

    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # replaced cards are gone
    QCoreApplication.processEvents()
    out = os.environ.get("BORANEGUI_SCREENSHOTS") or str(tmp_path)
    assert widget.grab().save(os.path.join(out, name))


def test_a_chain_of_three_attempts_is_a_timeline(qtbot, monkeypatch, history_location, tmp_path) -> None:
    from tests.core.history_helpers import three_attempts

    with History(history_location) as history:
        for entry in three_attempts():
            history.add(entry)
    window = _lab_window(qtbot, monkeypatch, history_location)
    window.show_history()
    dialog = window.history_dialog
    dialog.resize(1180, 720)
    row = next(i for i, e in enumerate(dialog.entries) if e.key == "attempt-2")
    dialog.table.selectRow(row)
    timeline = dialog.timeline
    assert [e.key for e in timeline.entries] == ["attempt-1", "attempt-2", "attempt-3"]
    assert len(timeline.cards) == 3 and len(timeline.arrows) == 2
    yields = [card.findChild(QLabel, "chainYield").text() for card in timeline.cards]
    assert ["35 %" in y for y in yields] == [True, False, False] and "62 %" in yields[1] and "81 %" in yields[2]
    assert "acid step temperature 20 → 66 °C" in timeline.arrows[0].text()
    assert "amine-borane" in timeline.arrows[0].text()  # the cause the change answered
    _grab(dialog, tmp_path, "history-chain.png")
    dialog.tabs.setCurrentIndex(1)
    assert dialog.chart.figures and all(f.attempts == 1 for f in dialog.chart.figures)
    assert any("reflux" in dialog.chart.row_label(f).lower() or "acid" in dialog.chart.row_label(f).lower()
               for f in dialog.chart.figures)
    _grab(dialog, tmp_path, "history-what-worked.png")


def test_what_worked_appears_next_to_the_action(qtbot, monkeypatch, history_location, tmp_path,
                                                example_run_path) -> None:
    from tests.core.history_helpers import change, entry

    heat = change("amine_borane_complex", "acid_reflux_longer")
    with History(history_location) as history:
        for n, (before, after) in enumerate([(30, 70), (40, 75), (50, 45)]):
            history.add(entry(f"x{n}", yield_percent=before))
            history.add(entry(f"y{n}", follows=f"x{n}", changes=(heat,), yield_percent=after))
    window = _lab_window(qtbot, monkeypatch, history_location, str(example_run_path))
    window.go("diagnosis")
    page = window.pages["diagnosis"]
    card = next(c for c in page.cards if c.cause.id == "amine_borane_complex")
    texts = " ".join(label.text() for label in card.findChildren(QLabel))
    assert "in this lab: 2 of 3 attempts improved after this change" in texts
    # The figures are shown, never used to rank: the order is the rules' order.
    from boranegui.core.diagnosis import diagnose

    assert [c.cause.id for c in page.cards] == [c.id for c in diagnose(window.session.record,
                                                                         window.session.rules).causes]
    window.resize(1200, 900)
    _grab(window, tmp_path, "diagnosis-what-worked.png")


def test_the_next_attempt_follows_this_run_and_shows_what_was_tried(qtbot, monkeypatch, history_location,
                                                                     tmp_path, example_run_path) -> None:
    window = _lab_window(qtbot, monkeypatch, history_location, str(example_run_path))
    window.go("diagnosis")
    first_key = window.session.key
    window.start_next_attempt()
    s = window.session
    assert s.data["follows"]["run"] == first_key and s.key != first_key
    assert s.get("workup.acid.temp_c") == 66 and not s.get("outcome.yield_percent")
    s.set_field("outcome.yield_percent", 80)
    s.set_field("outcome.symptoms", ["tlc_smear"])
    window.go("diagnosis")
    page = window.pages["diagnosis"]
    tried = page.findChild(QLabel, "alreadyTried")
    assert tried is not None and "acid step temperature 20 → 66 °C" in tried.text()
    window.resize(1200, 900)
    _grab(window, tmp_path, "diagnosis-already-tried.png")
    with History(history_location) as history:
        assert [e.key for e in history.chain(first_key)] == [first_key, s.key]


def test_the_setting_moves_this_pcs_history_to_the_lab_server(window, example_run_path, postgres_url) -> None:
    """Pointing the history setting at an empty lab server copies this PC's runs there."""
    from dataclasses import replace

    _store(example_run_path)
    window._history()
    window.apply_settings(replace(window.prefs, history_path=postgres_url))
    assert window.prefs.history_path == postgres_url
    assert window.history.is_lab and window.history.online and window.history.count() == 2
    assert sorted(e.title for e in window.history.search()) == [
        "Batch 5 (gel)", "Nordazepam lactam reduction, batch 3 (low yield)"]
