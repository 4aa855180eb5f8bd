"""The run history: every diagnosed run, kept in a local SQLite database.

Stdlib ``sqlite3`` only, WAL journal where the file system allows it, schema
migrations numbered by ``PRAGMA user_version``.  Each entry keeps the run file's
own text, so re-opening an entry gives back exactly what the chemist had.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class HistoryError(Exception):
    """The history database could not be read or written; the message says why in words."""


@dataclass(frozen=True)
class HistoryCause:
    id: str
    title: str
    score: float


@dataclass(frozen=True)
class HistoryEntry:
    """One stored run: when, what, what was seen, what the engine blamed, and the file."""

    title: str
    smiles: str
    symptoms: tuple[str, ...]
    causes: tuple[HistoryCause, ...]
    run_text: str
    saved_at: str = ""  # ISO 8601, local time, set when stored
    run_path: str = ""
    key: str = ""  # one per editing session, so re-diagnosing updates instead of duplicating
    id: int | None = None

    @property
    def top_cause(self) -> HistoryCause | None:
        return self.causes[0] if self.causes else None


# Each migration takes the database from version i to i + 1.
_MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        key TEXT UNIQUE,
        saved_at TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        smiles TEXT NOT NULL DEFAULT '',
        run_text TEXT NOT NULL,
        run_path TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE run_symptoms (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        symptom TEXT NOT NULL
    );
    CREATE TABLE run_causes (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        rank INTEGER NOT NULL,
        cause TEXT NOT NULL,
        title TEXT NOT NULL,
        score REAL NOT NULL
    );
    CREATE INDEX run_symptoms_symptom ON run_symptoms(symptom);
    CREATE INDEX run_causes_cause ON run_causes(cause);
    CREATE INDEX runs_saved_at ON runs(saved_at);
    """,
)
SCHEMA_VERSION = len(_MIGRATIONS)


def _words(exc: BaseException, path: Path) -> str:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"the history database {path} is locked by another program; try again in a moment"
    if "readonly" in text or "read-only" in text:
        return f"the history database {path} is read-only"
    if "disk" in text and "full" in text:
        return f"the disk holding {path} is full"
    if "not a database" in text or "malformed" in text:
        return f"{path} is not a BoraneGUI history database (or it is damaged)"
    return f"the history database {path} could not be used: {text}"


class History:
    """A connection to one history database file."""

    def __init__(self, path: str | os.PathLike[str], timeout: float = 5.0) -> None:
        """``timeout``: seconds to wait for another program's lock on each statement (the
        GUI gives a fraction of a second: a held lock must not freeze the window)."""
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=timeout)
        except (sqlite3.Error, OSError) as exc:
            raise HistoryError(_words(exc, self.path)) from exc
        try:
            self._db.execute("PRAGMA foreign_keys = ON")
            # Network drives and some file systems cannot do WAL; the rollback journal is fine.
            with contextlib.suppress(sqlite3.DatabaseError):
                self._db.execute("PRAGMA journal_mode = WAL")
            self._migrate()
        except (sqlite3.Error, OSError, HistoryError) as exc:
            # A refused file is let go at once: on Windows an open handle would keep it locked
            # while the chemist moves or replaces it.
            self._db.close()
            if isinstance(exc, HistoryError):
                raise
            raise HistoryError(_words(exc, self.path)) from exc

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise HistoryError(
                f"the history database {self.path} was written by a newer BoraneGUI "
                f"(schema {version}, this version knows {SCHEMA_VERSION})"
            )
        for number in range(version, SCHEMA_VERSION):
            # executescript commits first; BEGIN/COMMIT makes each migration all-or-nothing.
            self._db.executescript(
                f"BEGIN; {_MIGRATIONS[number]} PRAGMA user_version = {number + 1}; COMMIT;"
            )

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, entry: HistoryEntry) -> int:
        """Store an entry (replacing the one with the same ``key``); returns its id."""
        saved_at = entry.saved_at or _dt.datetime.now().isoformat(timespec="seconds")
        try:
            with self._db:
                row_id: int | None = None
                if entry.key:
                    row = self._db.execute(
                        "SELECT id FROM runs WHERE key = ?", (entry.key,)
                    ).fetchone()
                    row_id = row[0] if row else None
                values = (saved_at, entry.title, entry.smiles, entry.run_text, entry.run_path)
                if row_id is None:
                    cur = self._db.execute(
                        "INSERT INTO runs (key, saved_at, title, smiles, run_text, run_path)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        (entry.key or None, *values),
                    )
                    row_id = int(cur.lastrowid or 0)
                else:
                    self._db.execute(
                        "UPDATE runs SET saved_at = ?, title = ?, smiles = ?, run_text = ?,"
                        " run_path = ?"
                        " WHERE id = ?",
                        (*values, row_id),
                    )
                    self._db.execute("DELETE FROM run_symptoms WHERE run_id = ?", (row_id,))
                    self._db.execute("DELETE FROM run_causes WHERE run_id = ?", (row_id,))
                self._db.executemany(
                    "INSERT INTO run_symptoms (run_id, symptom) VALUES (?, ?)",
                    [(row_id, s) for s in entry.symptoms],
                )
                self._db.executemany(
                    "INSERT INTO run_causes (run_id, rank, cause, title, score)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [(row_id, i, c.id, c.title, c.score) for i, c in enumerate(entry.causes)],
                )
            return row_id
        except sqlite3.Error as exc:
            raise HistoryError(_words(exc, self.path)) from exc

    def count(self) -> int:
        try:
            return int(self._db.execute("SELECT COUNT(*) FROM runs").fetchone()[0])
        except sqlite3.Error as exc:
            raise HistoryError(_words(exc, self.path)) from exc

    def get(self, entry_id: int) -> HistoryEntry | None:
        found = self._fetch("WHERE r.id = ?", [entry_id], limit=1)
        return found[0] if found else None

    def search(
        self, text: str = "", symptom: str | None = None, cause: str | None = None, limit: int = 500
    ) -> list[HistoryEntry]:
        """Newest first.  ``text`` matches title, SMILES, cause titles and the run file's text
        (so notes, operator and reagent are searchable); ``symptom`` and ``cause`` are ids."""
        where: list[str] = []
        args: list[Any] = []
        for word in text.split():
            like = f"%{_escape_like(word)}%"
            where.append(
                "(r.title LIKE ? ESCAPE '\\' OR r.smiles LIKE ? ESCAPE '\\'"
                " OR r.run_text LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM run_causes c"
                " WHERE c.run_id = r.id AND c.title LIKE ? ESCAPE '\\'))"
            )
            args += [like] * 4
        if symptom:
            where.append(
                "EXISTS (SELECT 1 FROM run_symptoms s WHERE s.run_id = r.id AND s.symptom = ?)"
            )
            args.append(symptom)
        if cause:
            where.append(
                "EXISTS (SELECT 1 FROM run_causes c WHERE c.run_id = r.id AND c.cause = ?)"
            )
            args.append(cause)
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        return self._fetch(clause, args, limit)

    def known_causes(self) -> list[tuple[str, str]]:
        """(id, title) of every cause stored, for the history view's cause filter."""
        try:
            rows = self._db.execute(
                "SELECT cause, MAX(title) FROM run_causes GROUP BY cause ORDER BY MAX(title)"
            ).fetchall()
        except sqlite3.Error as exc:
            raise HistoryError(_words(exc, self.path)) from exc
        return [(c, t) for c, t in rows]

    def delete(self, entry_id: int) -> None:
        try:
            with self._db:
                self._db.execute("DELETE FROM runs WHERE id = ?", (entry_id,))
        except sqlite3.Error as exc:
            raise HistoryError(_words(exc, self.path)) from exc

    def copy_to(self, new_path: str | os.PathLike[str]) -> None:
        """Copy the whole database to ``new_path`` (the history-location setting moves it)."""
        target = Path(new_path)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with History(target) as other:
                if other.count():
                    raise HistoryError(
                        f"{target} already holds a history; choose an empty location"
                    )
            dest = sqlite3.connect(target, timeout=5.0)
            try:
                self._db.backup(dest)
            finally:
                dest.close()
        except (sqlite3.Error, OSError) as exc:
            raise HistoryError(_words(exc, target)) from exc

    def _fetch(self, clause: str, args: Sequence[Any], limit: int) -> list[HistoryEntry]:
        try:
            rows = self._db.execute(
                "SELECT r.id, r.key, r.saved_at, r.title, r.smiles, r.run_text, r.run_path"
                " FROM runs r "
                f"{clause} ORDER BY r.saved_at DESC, r.id DESC LIMIT ?",
                [*args, limit],
            ).fetchall()
            out = []
            for row_id, key, saved_at, title, smiles, run_text, run_path in rows:
                symptoms = tuple(
                    s
                    for (s,) in self._db.execute(
                        "SELECT symptom FROM run_symptoms WHERE run_id = ? ORDER BY rowid",
                        (row_id,),
                    )
                )
                causes = tuple(
                    HistoryCause(c, t, s)
                    for c, t, s in self._db.execute(
                        "SELECT cause, title, score FROM run_causes WHERE run_id = ? ORDER BY rank",
                        (row_id,),
                    )
                )
                out.append(
                    HistoryEntry(
                        title,
                        smiles,
                        symptoms,
                        causes,
                        run_text,
                        saved_at,
                        run_path,
                        key or "",
                        row_id,
                    )
                )
            return out
        except sqlite3.Error as exc:
            raise HistoryError(_words(exc, self.path)) from exc


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def entry_for(
    run: Any, diagnosis: Any, run_text: str, run_path: str = "", key: str = "", smiles: str = ""
) -> HistoryEntry:
    """A history entry from a RunRecord and its Diagnosis (or None when not diagnosed)."""
    causes: Iterable[Any] = diagnosis.causes if diagnosis is not None else ()
    return HistoryEntry(
        title=run.title or run.substrate.name or "Untitled run",
        smiles=smiles or run.substrate.smiles or "",
        symptoms=tuple(run.outcome.symptoms),
        causes=tuple(HistoryCause(c.id, c.title, float(c.score)) for c in causes),
        run_text=run_text,
        run_path=run_path,
        key=key,
    )
