"""The history view: search by text, symptom and cause, and re-open a past run."""

from __future__ import annotations

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
