"""A crash mid-edit loses nothing: the next start offers the autosaved run back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from boranegui.core import run_record
from tests.conftest import cli_env
from tests.ui.conftest import open_window

# The app as the user runs it, plus a user typing into the notes field once it is ready.
CRASHING_APP = r"""
import sys
from PySide6.QtCore import QTimer
from boranegui.ui.main_window import MainWindow
from boranegui.ui import app as app_module
from boranegui.core.userdata import autosave_dir

original_start = MainWindow.start

def start(self):
    original_start(self)
    self.ready.connect(lambda: edit(self))

def edit(window):
    window.go("run")
    notes = window.pages["run"].editor("outcome.notes").widget
    notes.setFocus()
    notes.setPlainText("typed just before the crash")
    def wait_for_autosave():
        if any(autosave_dir().glob("*.borane.yaml")):
            print("autosaved", flush=True)
        else:
            QTimer.singleShot(200, wait_for_autosave)
    wait_for_autosave()

MainWindow.start = start
sys.exit(app_module.run_app(sys.argv[1], None))
"""


def test_autosave_is_offered_after_a_crash(qtbot, monkeypatch, user_home, example_run_path) -> None:
    env = cli_env()
    env["BORANEGUI_HOME"] = str(user_home)
    env["QT_QPA_PLATFORM"] = "offscreen"
    proc = subprocess.Popen([sys.executable, "-c", CRASHING_APP, str(example_run_path)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        line = ""
        while time.monotonic() < deadline and "autosaved" not in line:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                break
        assert "autosaved" in line, proc.stderr.read() if proc.poll() is not None else "no autosave"
    finally:
        proc.send_signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
        proc.wait(30)
    assert list((user_home / "autosave").glob("*.borane.yaml"))

    window = open_window(qtbot, monkeypatch)
    assert window.banner.isVisible() and window.restore_button.isVisible()
    assert "Unsaved work was recovered" in window.banner_text.text()
    assert "Nordazepam lactam reduction" in window.banner_text.text()
    window.restore_button.click()
    assert window.session.record.outcome.notes == "typed just before the crash"
    assert window.session.dirty
    assert window.session.path == str(example_run_path)  # Save goes back where it came from
    assert not window.banner.isVisible()
    assert window.session.record.scale_g == run_record.load(example_run_path).scale_g

    # Restored once: the old slot is gone, so a further start does not offer it again.
    window.autosaver.clear()
    later = open_window(qtbot, monkeypatch)
    assert not later.banner.isVisible()


def test_clean_close_leaves_nothing_to_restore(qtbot, monkeypatch, user_home, example_run_path) -> None:
    window = open_window(qtbot, monkeypatch)
    window.open_path(str(example_run_path))
    window.session.set_field("scale_g", 6.0)
    window.autosaver.save_now()
    assert list((user_home / "autosave").glob("*.borane.yaml"))
    window.close()  # the test answers "discard" to the unsaved prompt
    assert not list((user_home / "autosave").glob("*.borane.yaml"))


def test_a_live_windows_autosave_is_not_offered(qtbot, monkeypatch, user_home, example_run_path) -> None:
    from boranegui.ui.autosave import find_orphans

    window = open_window(qtbot, monkeypatch)
    window.open_path(str(example_run_path))
    window.session.set_field("scale_g", 6.0)
    window.autosaver.save_now()
    assert find_orphans() == []  # this process is alive
    meta = window.autosaver.meta_file
    text = meta.read_text().replace(f'"pid": {os.getpid()}', '"pid": 999999999')
    meta.write_text(text)
    assert [o.title for o in find_orphans()] == ["Nordazepam lactam reduction, batch 3 (low yield)"]
