"""Autosave: the run being edited is copied to the user data folder every few seconds.

Each running window owns one slot: a YAML copy of the run and a JSON note of where it
came from and which process owns it.  A slot whose owner process is no longer running
belongs to a session that crashed: the next start offers to restore it.  (QLockFile is
not used: with long-held locks its stale detection is either time-based or off.)
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import logging
import os
import socket
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from PySide6.QtCore import QObject, QTimer, Signal

from boranegui.core.userdata import autosave_dir
from boranegui.core.yamlio import write_text_atomic
from boranegui.ui.session import RunSession

log = logging.getLogger("boranegui")
INTERVAL_MS = 3000


@dataclass(frozen=True)
class Orphan:
    """The autosave of a session that did not close cleanly."""

    run_file: Path
    meta_file: Path
    saved_at: str
    title: str
    path: str | None

    def data(self) -> dict[str, Any]:
        loaded = yaml.safe_load(self.run_file.read_text(encoding="utf-8"))
        if not isinstance(loaded, dict):
            raise ValueError("the autosave is damaged")
        return loaded

    def discard(self) -> None:
        for file in (self.run_file, self.meta_file):
            with contextlib.suppress(OSError):
                file.unlink()


def process_alive(pid: int) -> bool:
    """Whether a process with this id is running on this machine."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def find_orphans(folder: Path | None = None) -> list[Orphan]:
    """Autosaves left by sessions that are no longer running, newest first."""
    folder = folder or autosave_dir()
    out = []
    for run_file in folder.glob("*.borane.yaml"):
        slot = run_file.name.removesuffix(".borane.yaml")
        meta_file = folder / f"{slot}.json"
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
        if not isinstance(meta, dict):
            meta = {}
        pid = meta.get("pid") if isinstance(meta.get("pid"), int) else 0
        same_host = meta.get("host", socket.gethostname()) == socket.gethostname()
        if pid == os.getpid() or not same_host or process_alive(pid):
            continue  # a window that is still open (here or on another machine) owns it
        out.append(
            Orphan(
                run_file,
                meta_file,
                str(meta.get("saved_at", "")),
                str(meta.get("title", "")),
                meta.get("path"),
            )
        )
    return sorted(out, key=lambda o: o.saved_at, reverse=True)


class Autosaver(QObject):
    """Writes the session's run to this window's slot while it has unsaved changes."""

    failed = Signal(str)  # the first failure of a series, in words: the window says it once

    def __init__(
        self,
        session: RunSession,
        folder: Path | None = None,
        interval_ms: int = INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.folder = folder or autosave_dir()
        slot = uuid.uuid4().hex[:12]
        self.run_file = self.folder / f"{slot}.borane.yaml"
        self.meta_file = self.folder / f"{slot}.json"
        self._pending = False
        self.last_error = ""
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.save_now)
        self.timer.start()
        session.run_changed.connect(self._note_change)
        session.file_changed.connect(self._on_file_changed)

    def _note_change(self) -> None:
        if self.session.dirty:
            self._pending = True

    def _on_file_changed(self) -> None:
        if not self.session.dirty:
            self.clear()  # saved (or a fresh run): nothing to restore
        else:
            self._pending = True

    def save_now(self) -> None:
        if not self._pending:
            return
        try:
            write_text_atomic(self.run_file, self.session.text())
            meta = {
                "saved_at": _dt.datetime.now().isoformat(timespec="seconds"),
                "title": self.session.display_title(),
                "path": self.session.path,
                "pid": os.getpid(),
                "host": socket.gethostname(),
            }
            write_text_atomic(self.meta_file, json.dumps(meta, ensure_ascii=False))
            self._pending = False
            self.last_error = ""
        except OSError as exc:  # autosave must never get in the way; say it once in the log
            if not self.last_error:
                log.warning("autosave failed: %s", exc)
                self.failed.emit(f"Unsaved changes could not be copied to the data folder: "
                                 f"{exc.strerror or exc}")
            self.last_error = str(exc)

    def clear(self) -> None:
        self._pending = False
        for file in (self.run_file, self.meta_file):
            with contextlib.suppress(OSError):
                file.unlink()

    def close(self) -> None:
        """A clean exit: remove the slot entirely."""
        self.timer.stop()
        self.clear()
