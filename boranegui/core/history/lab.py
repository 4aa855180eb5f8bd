"""The history the app and the command line open: a SQLite file, or a lab server with an offline queue.

For a ``postgresql://`` location, runs go to the server; when it cannot be reached
they go to a SQLite queue on this PC (same schema) and are sent, oldest first, the next
time the server answers.  Sending is an upsert by the run's key, so a run sent twice
(a crash between sending and dropping it from the queue) is still stored once.  While
the server is away, searches see this PC's queued runs only, and :attr:`status` says so.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from boranegui.core.history.dialect import Dialect, PostgresDialect, SQLiteDialect, is_url
from boranegui.core.history.model import HistoryEntry, HistoryError, LabFigure, new_key
from boranegui.core.history.store import Store

T = TypeVar("T")
_SEND_BATCH = 200


def default_queue_path() -> Path:
    from boranegui.core.userdata import user_data_dir

    return user_data_dir() / "history-queue.sqlite3"


class History:
    """One run history, wherever it lives; every method raises only :class:`HistoryError`."""

    def __init__(self, location: str | os.PathLike[str], *, queue_path: str | os.PathLike[str] | None = None,
                 retry_seconds: float = 30.0, connect_timeout: float = 5.0, lock_timeout: float = 10.0) -> None:
        self.location = str(location)
        self.retry_seconds = retry_seconds
        self.last_error = ""  # why the server was last unreachable
        self._retry_at = 0.0
        self._store: Store | None = None
        self._queue: Store | None = None
        self._dialect: Dialect
        if is_url(self.location):
            self.path: Path | None = None
            self._dialect = PostgresDialect(self.location, connect_timeout)
            self._queue = Store(SQLiteDialect(queue_path or default_queue_path(), lock_timeout))
            try:
                self._reconnect()
            except BaseException:
                self._queue.close()  # a refused server (newer schema, no rights) leaves no file open
                raise
        else:
            self.path = Path(location)
            self._dialect = SQLiteDialect(location, lock_timeout)
            self._store = Store(self._dialect)

    # ---- connection --------------------------------------------------------------------
    @property
    def is_lab(self) -> bool:
        """True for a lab server (with a local queue), False for a SQLite file."""
        return self._queue is not None

    @property
    def online(self) -> bool:
        return self._store is not None

    @property
    def where(self) -> str:
        return self._dialect.where

    def _reconnect(self) -> bool:
        if self._store is not None:
            return True
        if time.monotonic() < self._retry_at:
            return False
        try:
            self._store = Store(self._dialect)
        except HistoryError as exc:
            if not self._dialect.unreachable(exc):
                raise
            self._go_offline(exc)
            return False
        self.last_error = ""
        self._send_queue()
        return self._store is not None

    def _go_offline(self, exc: BaseException) -> None:
        self.last_error = str(exc)
        self._retry_at = time.monotonic() + self.retry_seconds
        if self._store is not None:
            self._store.close()
            self._store = None

    def _on_server(self, call: Callable[[Store], T]) -> tuple[bool, T | None]:
        """(True, result) when the server answered, (False, None) when it is unreachable."""
        if not self._reconnect():
            return False, None
        assert self._store is not None
        try:
            return True, call(self._store)
        except HistoryError as exc:
            if not self._dialect.unreachable(exc):
                raise
            self._go_offline(exc)
            return False, None

    def _read(self, call: Callable[[Store], T]) -> T:
        if self._queue is None:
            assert self._store is not None
            return call(self._store)
        ok, result = self._on_server(call)
        return result if ok else call(self._queue)  # type: ignore[return-value]

    def flush(self) -> int:
        """Send the queued runs to the server now; returns how many still wait (0: all sent).

        Tries the server again at once even when it was away a moment ago (the retry delay
        only spaces out the attempts that adding a run makes on its own).
        """
        if self._queue is None:
            return 0
        if self._store is None:
            self._retry_at = 0.0
            self._reconnect()  # sends the queue when the server answers
        else:
            self._send_queue()
        return self.pending()

    def _send_queue(self) -> None:
        """Send the queue oldest first, a batch per transaction, until it is empty or the server goes."""
        if self._queue is None:
            return
        while self._store is not None:
            batch = self._queue.oldest(_SEND_BATCH)
            if not batch:
                return
            ok, _ = self._on_server(lambda store, b=batch: store.add_many(b))  # type: ignore[misc]
            if not ok:
                return
            # Sent: dropped from the queue.  A crash just here sends them again, as updates.
            self._queue.delete_many([e.key for e in batch])

    def pending(self) -> int:
        """Runs waiting in this PC's queue for the server."""
        return self._queue.count() if self._queue is not None else 0

    @property
    def status(self) -> str:
        """Where the history is, in words, and whether runs are waiting to be sent."""
        if self._queue is None:
            return f"History: {self.path}"
        waiting = self.pending()
        if self._store is not None and not waiting:
            return f"Lab history on the {self.where}"
        plural = "s wait" if waiting != 1 else " waits"
        if self._store is None:
            return (f"The lab history {self.where} cannot be reached; {waiting} run{plural} on this PC "
                    "and will be sent when it is back. Searches show this PC's runs only.")
        return f"Lab history on the {self.where}; {waiting} run{plural} to be sent"

    def close(self) -> None:
        for store in (self._store, self._queue):
            if store is not None:
                store.close()
        self._store = None

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- the history's API -------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return self._read(lambda s: s.schema_version)

    def add(self, entry: HistoryEntry) -> str:
        """Store an entry (replacing the one with the same key); returns its key.

        On a lab server that cannot be reached, the entry waits in the local queue.
        """
        if not entry.key:
            entry = replace(entry, key=new_key())
        if self._queue is None:
            assert self._store is not None
            return self._store.add(entry)
        ok, key = self._on_server(lambda s: s.add(entry))
        if ok and key is not None:
            return key
        return self._queue.add(entry)

    def count(self) -> int:
        return self._read(lambda s: s.count())

    def get(self, key: str) -> HistoryEntry | None:
        return self._read(lambda s: s.get(key))

    def search(self, text: str = "", symptom: str | None = None, cause: str | None = None,
               limit: int = 500, **filters: Any) -> list[HistoryEntry]:
        """See :meth:`Store.search`: text, symptom, cause, user, since, until, similar."""
        return self._read(lambda s: s.search(text, symptom, cause, limit, **filters))

    def chain(self, key: str) -> list[HistoryEntry]:
        return self._read(lambda s: s.chain(key))

    def known_causes(self) -> list[tuple[str, str]]:
        return self._read(lambda s: s.known_causes())

    def lab_figures(self) -> list[LabFigure]:
        return self._read(lambda s: s.lab_figures())

    def delete(self, key: str) -> None:
        if self._queue is not None:
            self._queue.delete(key)
        self._read(lambda s: s.delete(key))

    def copy_to(self, location: str | os.PathLike[str]) -> None:
        """Copy every run to another history (a new SQLite file or a lab server), which must be empty."""
        with History(location) as other:
            if other.count():
                raise HistoryError(f"{location} already holds a history; choose an empty location")
            if other.is_lab and not other.online:
                raise HistoryError(other.last_error or f"{location} cannot be reached")

            def copy(store: Store) -> None:
                batch: list[HistoryEntry] = []
                for entry in store.all_entries():
                    batch.append(entry)
                    if len(batch) >= _SEND_BATCH:
                        other.add_many(batch)
                        batch = []
                other.add_many(batch)

            self._read(copy)

    def add_many(self, entries: list[HistoryEntry]) -> None:
        """Store several entries at once (all or none on one database)."""
        if not entries:
            return
        if self._queue is None:
            assert self._store is not None
            self._store.add_many(entries)
            return
        ok, _ = self._on_server(lambda s: s.add_many(entries))
        if not ok:
            self._queue.add_many(entries)


def history_location(explicit: str | None = None, setting: str | None = None) -> str:
    """Where the history is: ``--history``, else ``$BORANEGUI_HISTORY``, else the setting (the
    app passes its own; else the saved one), else ``history.sqlite3`` in the user data folder.
    The one rule the app and the command line share."""
    if explicit:
        return explicit
    from_env = os.environ.get("BORANEGUI_HISTORY", "").strip()
    if from_env:
        return from_env
    from boranegui.core import preferences
    from boranegui.core.userdata import default_history_path

    return setting or preferences.load().history_path or str(default_history_path())
