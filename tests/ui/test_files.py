"""Run files in the window: open, save, round-trip, bad files, read-only folders, drops, close."""

from __future__ import annotations

import errno
import os
import shutil

import pytest
from PySide6.QtCore import Qt

from boranegui.core import atomic, run_record, yamlio
from tests.ui.conftest import open_window


def test_open_edit_save_round_trip(qtbot, monkeypatch, example_run_path, tmp_path) -> None:
    window = open_window(qtbot, monkeypatch)
    assert window.open_path(str(example_run_path))
    assert window.session.record == run_record.load(example_run_path)
    assert window.windowTitle().startswith("BoraneGUI — Nordazepam lactam reduction")
    assert not window.session.dirty

    window.go("run")
    hours = window.pages["run"].editor("workup.acid.hours").widget
    hours.selectAll()
    qtbot.keyClicks(hours, "2.5")
    assert window.session.record.workup.acid.hours == 2.5
    assert window.session.dirty and window.isWindowModified()

    out = tmp_path / "batch4.borane.yaml"
    assert window.save_to(str(out))
    assert not window.session.dirty
    again = run_record.load(out)
    assert again == window.session.record
    assert again.workup.acid.hours == 2.5
    assert again.outcome.notes == run_record.load(example_run_path).outcome.notes
    assert str(out) == window.prefs.recent_files[0]
    # Re-opened in a new window, the saved file gives the same run.
    second = open_window(qtbot, monkeypatch, run_path=str(out))
    assert second.session.record == again and second.session.path == str(out)


def test_bad_run_file_is_reported_with_its_line_and_the_run_stays(qtbot, monkeypatch, example_run_path,
                                                                   tmp_path) -> None:
    window = open_window(qtbot, monkeypatch)
    window.open_path(str(example_run_path))
    before = window.session.record
    bad = tmp_path / "bad.borane.yaml"
    bad.write_text(example_run_path.read_text().replace("equiv: 4.0", "equiv: four"), encoding="utf-8")
    assert not window.open_path(str(bad))
    assert "bad.borane.yaml:12: reagent.equiv: must be a number" in window.last_error
    assert window.session.record == before


def test_save_to_a_read_only_folder_says_so_and_keeps_the_run(qtbot, monkeypatch, example_run_path,
                                                              tmp_path) -> None:
    window = open_window(qtbot, monkeypatch)
    window.open_path(str(example_run_path))
    window.session.set_field("outcome.notes", "edited, not yet saved")
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, 0o555)
    if os.geteuid() == 0:  # root ignores permissions: let the OS refusal happen where it would
        real = atomic.tempfile.mkstemp

        def refuse(*args, **kwargs):
            if os.path.samefile(kwargs.get("dir", "."), locked):
                raise PermissionError(errno.EACCES, "Permission denied")
            return real(*args, **kwargs)

        monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    try:
        assert not window.save_to(str(locked / "run.borane.yaml"))
    finally:
        os.chmod(locked, 0o755)
    assert "could not be saved" in window.last_error
    assert "permission to write" in window.last_error
    assert not (locked / "run.borane.yaml").exists()
    assert window.session.dirty
    assert window.session.record.outcome.notes == "edited, not yet saved"
    assert window.session.path == str(example_run_path)  # still the file it came from


def test_incomplete_run_cannot_be_saved_and_says_what_is_missing(window, tmp_path) -> None:
    window.session.new_run()
    assert not window.save_to(str(tmp_path / "new.borane.yaml"))
    assert "lactam charged (g)" in window.last_error and "substrate structure" in window.last_error
    assert not (tmp_path / "new.borane.yaml").exists()


def test_dropped_mol_file_becomes_the_substrate(window, tmp_path) -> None:
    from rdkit import Chem

    mol_file = tmp_path / "piperidinone.mol"
    mol_file.write_text(Chem.MolToMolBlock(Chem.MolFromSmiles("O=C1CCCCN1")), encoding="utf-8")
    window.session.new_run()
    window.open_dropped(str(mol_file))
    assert window.current_step() == "substrate"
    assert "M  END" in window.session.get("substrate.molblock")
    assert window.pages["substrate"].drawer.smiles() == "O=C1CCCCN1"


def test_dropped_run_file_opens(window, example_run_path, tmp_path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    copy = tmp_path / "dropped.borane.yaml"
    shutil.copy(example_run_path, copy)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(copy))])
    enter = QDragEnterEvent(window.rect().center(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter.ignore()
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(window.rect().center()), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    assert window.session.path == str(copy)
    assert window.session.record.title == "Nordazepam lactam reduction, batch 3 (low yield)"
    # Something that is neither a run nor a structure is not accepted.
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(tmp_path / "photo.jpg"))])
    refused = QDragEnterEvent(window.rect().center(), Qt.DropAction.CopyAction, other,
                              Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    refused.ignore()
    window.dragEnterEvent(refused)
    assert not refused.isAccepted()


@pytest.mark.parametrize(("answer", "closes"), [("cancel", False), ("discard", True)])
def test_unsaved_changes_prompt_on_close(qtbot, monkeypatch, example_run_path, answer, closes) -> None:
    window = open_window(qtbot, monkeypatch, answer=answer)
    window.open_path(str(example_run_path))
    window.session.set_field("scale_g", 6.0)
    asked = []
    monkeypatch.setattr(type(window), "ask_unsaved", lambda self: asked.append(1) or answer)
    window.close()
    assert asked == [1]
    assert window.isVisible() is not closes


def test_run_page_validates_as_you_type(window, qtbot, example_run_path) -> None:
    window.open_path(str(example_run_path))
    window.go("run")
    editor = window.pages["run"].editor("scale_g")
    editor.widget.selectAll()
    qtbot.keyClicks(editor.widget, "5 g")  # the field's own unit after the number is fine
    assert not editor.error.isVisible() and window.session.record.scale_g == 5
    editor.widget.selectAll()
    qtbot.keyClicks(editor.widget, "5 kg")
    assert editor.error.isVisible() and editor.error.text() == "must be a number, such as 2.5"
    editor.widget.selectAll()
    qtbot.keyClicks(editor.widget, "-2")
    assert editor.error.text() == "must be more than 0 g"
    assert window.session.record is None  # a refused value leaves the field empty in the run
    editor.widget.selectAll()
    qtbot.keyClicks(editor.widget, "7,5")  # a decimal comma is fine
    assert not editor.error.isVisible() and window.session.record.scale_g == 7.5
    # Another field changing does not wipe what is typed in a field in error.
    editor.widget.selectAll()
    qtbot.keyClicks(editor.widget, "x")
    window.session.set_field("reagent.equiv", 3.0)
    assert editor.widget.text() == "x" and editor.error.isVisible()


def test_temperatures_in_fahrenheit_are_stored_in_celsius(window, qtbot, example_run_path) -> None:
    window.open_path(str(example_run_path))
    page = window.pages["run"]
    page.set_temperature_unit("F")
    editor = page.editor("workup.acid.temp_c")
    assert page._labels["workup.acid.temp_c"].text() == "Acid step temperature (°F)"
    assert editor.widget.text() == "68"
    editor.widget.selectAll()
    qtbot.keyClicks(editor.widget, "150.8")
    assert window.session.record.workup.acid.temp_c == pytest.approx(66.0)


def test_switching_off_the_acid_step_keeps_its_values_for_later(window, example_run_path) -> None:
    window.open_path(str(example_run_path))
    combo = window.pages["run"].editor("workup.decomplexation").widget
    combo.setCurrentIndex(combo.findData("pd_methanol"))
    combo.activated.emit(combo.currentIndex())
    assert window.session.record.workup.acid is None
    assert not window.pages["run"].editor("workup.acid.hours").container.isEnabled()
    combo.setCurrentIndex(combo.findData("acid"))
    combo.activated.emit(combo.currentIndex())
    assert window.session.record.workup.acid.temp_c == 20


def test_symptom_buttons_set_the_three_states(window, qtbot, example_run_path) -> None:
    window.open_path(str(example_run_path))
    window.go("symptoms")
    page = window.pages["symptoms"]
    qtbot.mouseClick(page.button("emulsion", "seen"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.button("low_yield", "not_checked"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.button("tlc_smear", "not_seen"), Qt.MouseButton.LeftButton)
    outcome = window.session.record.outcome
    assert outcome.symptoms == ("emulsion",)
    assert set(outcome.ruled_out) == {"gel_formation", "tlc_smear"}


def test_disk_full_leaves_the_old_file_and_the_run_intact(window, monkeypatch, example_run_path,
                                                          tmp_path) -> None:
    folder = tmp_path / "runs"
    folder.mkdir()
    target = folder / "run.borane.yaml"
    shutil.copy(example_run_path, target)
    window.open_path(str(target))
    window.session.set_field("scale_g", 9.0)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(yamlio.os, "fsync", full)
    assert not window.save()
    assert "is full" in window.last_error
    assert target.read_text(encoding="utf-8") == example_run_path.read_text(encoding="utf-8")
    assert [p.name for p in folder.iterdir()] == ["run.borane.yaml"]  # no temporary file left
    assert window.session.record.scale_g == 9.0 and window.session.dirty


def test_new_runs_take_the_default_molarity_setting(window) -> None:
    from dataclasses import replace

    window.apply_settings(replace(window.prefs, default_molarity=0.95))
    window.new_run()
    page = window.pages["run"]
    # Offered, not invented: the lab's bottle is the placeholder until the chemist takes it.
    assert window.session.get("reagent.molarity") is None
    assert page.editor("reagent.molarity").widget.placeholderText() == "note: 0.95 M"
    page.note_buttons["Borane reagent"].click()
    assert window.session.get("reagent.molarity") == 0.95
    assert "reagent.molarity" in window.session.assumed()
    assert page.editor("reagent.molarity").widget.text() == "0.95"
