"""The window's run history: recording diagnosed runs, what worked in this lab, next attempts.

A mixin of :class:`boranegui.ui.main_window.MainWindow`; the history itself is core/history.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from boranegui.core.userdata import default_history_path

if TYPE_CHECKING:
    from boranegui.core.history import History


HISTORY_LOCK_WAIT_S = 0.3  # another program holding the history: give up fast, say so, go on


class HistoryMixin:
    """The history database as the window uses it: opened lazily, failures remembered."""

    def _history(self) -> History | None:
        from boranegui.core.history import History, HistoryError

        if self.history is None:
            from boranegui.core.history import history_location

            if self._history_down:  # remembered: every page visit must not wait on a lock again
                return None
            try:
                self.history = History(history_location(None, self.prefs.history_path),
                                       lock_timeout=HISTORY_LOCK_WAIT_S)
            except HistoryError as exc:
                self._history_failed(exc)
                return None
        return self.history

    def _history_failed(self, exc: Exception) -> None:
        """Let go of an unusable history until the chemist asks for it (Ctrl+H) again."""
        self._history_down = str(exc)
        if self.history is not None:
            self.history.close()
            self.history = None
        self.statusBar().showMessage(f"History unavailable: {exc}", 10000)

    def _history_count(self) -> int:
        from boranegui.core.history import HistoryError

        if self.history is None and not os.path.exists(self.prefs.history_path or str(default_history_path())):
            return 0  # a first start: the history file is made with its first entry, not now
        history = self._history()
        try:
            return history.count() if history is not None else 0
        except HistoryError as exc:
            self._history_failed(exc)
            return 0

    def record_history(self) -> None:
        """Keep the diagnosed run in the history (one entry per run, updated as it changes)."""
        from boranegui.core.history import HistoryError, entry_for

        s = self.session
        if s.record is None or s.diagnosis is None or not s.diagnosis.causes or s.example:
            return
        history = self._history()
        if history is None:
            return
        smiles = s.analysis.smiles if s.analysis is not None else ""
        try:
            history.add(entry_for(s.record, s.diagnosis, s.text(), s.path or "", key=s.key, smiles=smiles))
        except HistoryError as exc:
            self._history_failed(exc)
            return
        if history.is_lab and not history.online:
            self.statusBar().showMessage(history.status, 10000)
        if s.record.follows:  # a next attempt changes what worked in this lab
            self._lab_figures = None
            self.update_lab_notes()

    def update_lab_notes(self) -> None:
        """What worked in this lab beside each action, and what this run's chain already tried."""
        from boranegui.ui.history_lab import lab_notes

        history = self._history()
        if history is None or "diagnosis" not in self.pages:
            return
        figures, tried, self._lab_figures = lab_notes(history, self.session.record, self._lab_figures)
        self.pages["diagnosis"].set_lab(figures, tried)

    def start_next_attempt(self) -> None:
        """A new run from the revised protocol: the changes applied, and it follows this run."""
        from boranegui.core.attempts import next_attempt

        s = self.session
        if s.record is None or s.revised is None or not s.revised.changes:
            self.show_error("No revised protocol yet",
                            "Diagnose a failed run first: the next attempt starts from its revised protocol.")
            return
        self.record_history()
        earlier = s.key
        if not self.maybe_save():
            return
        s.load_data(next_attempt(s.record.to_dict(), s.revised, earlier), dirty=True)
        self.statusBar().showMessage("Next attempt: the protocol's changes are applied. Fill in the outcome "
                                     "when it is done.", 8000)
        self.go("run")

    def _adopt_history_key(self, path: str) -> None:
        """A reopened file updates its history entry instead of adding a second one."""
        from boranegui.core.history import HistoryError

        history = self._history()
        try:
            entries = history.search(limit=500) if history is not None else []
        except HistoryError:
            return
        here = os.path.abspath(path)
        for entry in entries:
            if entry.key and entry.run_path and os.path.abspath(entry.run_path) == here:
                self.session.key = entry.key
                return

    def show_history(self) -> None:
        from boranegui.ui.history_view import HistoryDialog

        self._history_down = ""  # asked for: try again
        history = self._history()
        if history is None:
            self.show_error("The history cannot be opened", self._history_down or self.statusBar().currentMessage())
            return
        rules = self.session.rules
        titles = {a.id: a.text for c in (rules.causes.values() if rules is not None else ()) for a in c.actions}
        self.history_dialog = HistoryDialog(history, self, action_titles=titles)
        self.history_dialog.open_requested.connect(self.open_history_entry)
        self.history_dialog.open()

    def open_history_entry(self, entry) -> None:
        from boranegui.core import run_record
        from boranegui.core.yamlio import InputError

        if not self.maybe_save():
            return
        try:
            record = run_record.loads(entry.run_text, f"history entry {entry.id}")
        except InputError as exc:
            self.show_error("This history entry cannot be opened", "\n".join(str(p) for p in exc.problems))
            return
        path = entry.run_path if entry.run_path and os.path.exists(entry.run_path) else None
        self.session.load_data(record.to_dict(), path=path)
        self.session.key = entry.key or self.session.key
        self.go("diagnosis")

    # ---- settings ------------------------------------------------------------------------
