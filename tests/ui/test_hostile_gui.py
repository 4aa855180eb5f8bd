"""Issue 16 in the window: user text never rendered as HTML, an unwritable data folder, a locked
history, '1,000' in a number field, odd files dropped on the window."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from boranegui.core import run_record
from tests.core.test_run_record import MINIMAL
from tests.ui.conftest import open_window

HOSTILE_TITLE = '<img src="/dev/zero"><a href="x">spoof</a>'


def _orphan(home: Path, title: str) -> None:
    """A crashed session's autosave, as the autosaver writes it (a dead pid owns it)."""
    folder = home / "autosave"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deadbeef0000.borane.yaml").write_text(MINIMAL, encoding="utf-8")
    (folder / "deadbeef0000.json").write_text(json.dumps({"saved_at": "2026-11-20T10:00:00", "title": title,
                                                          "path": None, "pid": 2**22 + 12345}), encoding="utf-8")


def test_the_recovery_banner_shows_a_hostile_title_as_text(qtbot, monkeypatch, user_home: Path) -> None:
    _orphan(user_home, HOSTILE_TITLE)
    window = open_window(qtbot, monkeypatch)
    assert window.banner.isVisible() or window.banner_text.text()
    text = window.banner_text.text()
    assert window.banner_text.textFormat() == Qt.TextFormat.RichText
    assert "<img" not in text and "&lt;img" in text and "<a href" not in text


def test_messages_quoting_user_text_are_plain_text(qtbot, monkeypatch, example_run_path: Path) -> None:
    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    window.show_error("title", HOSTILE_TITLE)
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert boxes and all(b.textFormat() == Qt.TextFormat.PlainText for b in boxes)
    for box in boxes:
        box.close()
    # the unsaved-changes question quotes the run's title
    window.session.set_field("title", HOSTILE_TITLE)
    seen: list[Qt.TextFormat] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.textFormat())
        box.reject()

    monkeypatch.undo()  # the real question, not the test's stand-in
    QTimer.singleShot(0, answer)
    assert type(window).ask_unsaved(window) == "cancel"
    assert seen == [Qt.TextFormat.PlainText]
    window.session.dirty = False


def test_the_drawer_message_line_is_plain_text(qtbot, monkeypatch) -> None:
    window = open_window(qtbot, monkeypatch)
    drawer = window.pages["substrate"].drawer
    assert drawer.message.textFormat() == Qt.TextFormat.PlainText
    assert drawer.status.textFormat() == Qt.TextFormat.PlainText


def test_an_unwritable_data_folder_still_loads_the_engine(qtbot, monkeypatch, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    monkeypatch.setenv("BORANEGUI_HOME", str(blocker))
    window = open_window(qtbot, monkeypatch)  # before: stuck on "Loading the chemistry engine..."
    assert window.session.engine_ready
    from boranegui.ui.app import ExceptionHook

    hook = ExceptionHook(window)
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        hook(RuntimeError, exc, exc.__traceback__)  # before: failed itself on log_path()
    assert hook.count == 1 and hook.dialogs
    for box in hook.dialogs:
        box.close()
    window.session.set_field("title", "edited")
    failures: list[str] = []
    window.autosaver.failed.connect(failures.append)
    window.autosaver.save_now()
    assert failures and "data folder" in failures[0]


def test_a_locked_history_fails_fast_and_is_remembered(qtbot, monkeypatch, user_home: Path) -> None:
    db = user_home / "history.sqlite3"
    holder = sqlite3.connect(db)
    holder.execute("CREATE TABLE IF NOT EXISTS t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        from boranegui.core import history

        made: list[str] = []
        real = history.History

        def counting(*args, **kwargs):
            made.append(str(args[0]))
            return real(*args, **kwargs)

        monkeypatch.setattr(history, "History", counting)
        window = open_window(qtbot, monkeypatch)
        assert window._history_count() == 0  # waited a fraction of a second, not 10 s
        assert len(made) == 1 and window.history is None and "locked" in window._history_down
        for _ in range(3):  # every visit to Diagnosis or Protocol asks
            assert window._history() is None
            window._history_count()
        assert len(made) == 1  # remembered: not retried on every page visit
    finally:
        holder.rollback()
        holder.close()


def _type(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def test_1000_with_a_comma_is_not_stored_as_1(qtbot, monkeypatch, example_run_path: Path) -> None:
    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    window.go("run")
    editor = window.pages["run"].editor("scale_g")
    _type(qtbot, editor.widget, "1,000")
    assert window.session.get("scale_g") != 1
    assert "ambiguous" in editor.error.text()
    _type(qtbot, editor.widget, "1,000.5")
    assert window.session.get("scale_g") == 1000.5


def test_a_binary_or_empty_mol_dropped_says_so(qtbot, monkeypatch, tmp_path: Path) -> None:
    window = open_window(qtbot, monkeypatch)
    errors: list[str] = []
    monkeypatch.setattr(window, "show_error", lambda title, text, details="": errors.append(text))
    binary = tmp_path / "photo.mol"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    window.open_dropped(str(binary))
    assert errors and "MOL or SD" in errors[-1] and "YAML" not in errors[-1]
    empty = tmp_path / "empty.mol"
    empty.write_text("", encoding="utf-8")
    before = window.session.data.get("substrate")
    window.open_dropped(str(empty))
    assert "empty" in errors[-1] and window.session.data.get("substrate") == before


def test_saving_a_hand_written_run_keeps_its_top_comments(qtbot, monkeypatch, tmp_path: Path) -> None:
    path = tmp_path / "mine.borane.yaml"
    path.write_text("# batch 3, weighed by AB\n# second line\n" + MINIMAL.replace("scale_g: 2", "scale_g: 2  # dry"),
                    encoding="utf-8")
    window = open_window(qtbot, monkeypatch, run_path=str(path))
    window.session.set_field("title", "edited")
    assert window.save_to(str(path))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# batch 3, weighed by AB\n# second line\n")
    assert run_record.load(path).title == "edited"
    assert "comments inside the file were not kept" in window.statusBar().currentMessage()


def test_the_pdf_structure_mark_cannot_come_from_a_title() -> None:
    from boranegui.report.document import STRUCTURE_MARK, esc

    assert STRUCTURE_MARK not in esc(f"My run {STRUCTURE_MARK} batch 3")


def test_a_failing_log_file_does_not_print_logging_tracebacks(tmp_path: Path, capfd, monkeypatch) -> None:
    import logging

    from boranegui.ui.app import setup_logging

    monkeypatch.setenv("BORANEGUI_HOME", str(tmp_path))
    log = logging.getLogger("boranegui")
    saved = list(log.handlers)
    log.handlers = []
    try:
        assert setup_logging()
        handler = log.handlers[0]

        class FullDisk:
            def write(self, text: str) -> None:
                raise OSError(28, "No space left on device")

            def flush(self) -> None:
                pass

        handler.stream = FullDisk()  # type: ignore[attr-defined]
        log.warning("autosave failed")
        assert "Logging error" not in capfd.readouterr().err
        assert handler.failed  # type: ignore[attr-defined]
    finally:
        for h in log.handlers:
            h.close()
        log.handlers = saved
