"""One history database (SQLite or PostgreSQL): store, search, chains and lab figures, SQL written once.

Every write is an upsert by the run's key inside one transaction, so sending the same
run again (a re-diagnosis, or the offline queue retrying) updates it and never adds a
second copy, however many PCs write at once.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import heapq
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from boranegui.core.history import fingerprints
from boranegui.core.history.dialect import Dialect
from boranegui.core.history.model import (
    HistoryCause,
    HistoryChange,
    HistoryEntry,
    HistoryError,
    LabFigure,
    json_value,
    lab_figures,
)
from boranegui.core.history.schema import current_version, migrate

_COLUMNS = ("r.id, r.key, r.saved_at, r.title, r.smiles, r.run_text, r.run_path, r.follows,"
            " r.yield_percent, r.operator, r.run_date")
_CHUNK = 500  # ids per IN (...) list: well under both databases' limits


class Store:
    """A connection to one history database, migrated to the current schema on opening."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self._vectors = fingerprints.VectorCache()
        self._db = dialect.connect()
        try:
            migrate(dialect, self._db)
        except BaseException as exc:
            self.close()
            if isinstance(exc, HistoryError):
                raise
            if isinstance(exc, dialect.errors):
                raise HistoryError(dialect.words(exc)) from exc
            raise

    # ---- plumbing ----------------------------------------------------------------------
    def close(self) -> None:
        with contextlib.suppress(*self.dialect.errors):
            self._db.close()

    def _run(self, cur: Any, sql: str, args: Sequence[Any] = ()) -> Any:
        cur.execute(self.dialect.sql(sql), tuple(args))
        return cur

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            cur = self._db.cursor()
            try:
                return list(self._run(cur, sql, args).fetchall())
            finally:
                cur.close()
        except self.dialect.errors as exc:
            raise HistoryError(self.dialect.words(exc)) from exc

    @property
    def schema_version(self) -> int:
        try:
            return current_version(self.dialect, self._db)
        except self.dialect.errors as exc:
            raise HistoryError(self.dialect.words(exc)) from exc

    # ---- writing -----------------------------------------------------------------------
    def add(self, entry: HistoryEntry) -> str:
        """Store an entry, replacing the one with the same key; returns the key."""
        return self.add_many([entry])[0]

    def add_many(self, entries: Iterable[HistoryEntry]) -> list[str]:
        """Store several entries in one transaction (all or none)."""
        keys = []
        try:
            with self.dialect.transaction(self._db) as cur:
                for entry in entries:
                    keys.append(self._upsert(cur, entry))
        except self.dialect.errors as exc:
            raise HistoryError(self.dialect.words(exc)) from exc
        return keys

    def _upsert(self, cur: Any, entry: HistoryEntry) -> str:
        if not entry.key:
            raise HistoryError("a history entry needs a key (the run's id)")
        saved_at = entry.saved_at or _dt.datetime.now().isoformat(timespec="seconds")
        fp = fingerprints.fingerprint(entry.smiles) if entry.smiles else None
        row = self._run(
            cur,
            "INSERT INTO runs (key, saved_at, title, smiles, run_text, run_path, follows, yield_percent,"
            " operator, run_date, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET saved_at = excluded.saved_at, title = excluded.title,"
            " smiles = excluded.smiles, run_text = excluded.run_text, run_path = excluded.run_path,"
            " follows = excluded.follows, yield_percent = excluded.yield_percent,"
            " operator = excluded.operator, run_date = excluded.run_date, fingerprint = excluded.fingerprint"
            " RETURNING id",
            (entry.key, saved_at, entry.title, entry.smiles, entry.run_text, entry.run_path, entry.follows,
             entry.yield_percent, entry.operator, entry.run_date, fp),
        ).fetchone()
        row_id = int(row[0])
        for table in ("run_symptoms", "run_causes", "run_changes"):
            self._run(cur, f"DELETE FROM {table} WHERE run_id = ?", (row_id,))
        sql = self.dialect.sql
        if entry.symptoms:
            cur.executemany(sql("INSERT INTO run_symptoms (run_id, position, symptom) VALUES (?, ?, ?)"),
                            [(row_id, i, s) for i, s in enumerate(entry.symptoms)])
        if entry.causes:
            cur.executemany(sql("INSERT INTO run_causes (run_id, rank, cause, title, score) VALUES (?, ?, ?, ?, ?)"),
                            [(row_id, i, c.id, c.title, c.score) for i, c in enumerate(entry.causes)])
        if entry.changes:
            cur.executemany(
                sql("INSERT INTO run_changes (run_id, position, parameter, before_value, after_value, cause,"
                    " action, cause_title) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                [(row_id, i, c.parameter, json_value(c.before), json_value(c.after), c.cause, c.action,
                  c.cause_title) for i, c in enumerate(entry.changes)])
        return entry.key

    def delete(self, key: str) -> None:
        self.delete_many([key])

    def delete_many(self, keys: Sequence[str]) -> None:
        """Drop several entries in one transaction (the queue, once the server has them)."""
        try:
            with self.dialect.transaction(self._db) as cur:
                for key in keys:
                    row = self._run(cur, "SELECT id FROM runs WHERE key = ?", (key,)).fetchone()
                    if row is None:
                        continue
                    for table in ("run_symptoms", "run_causes", "run_changes"):
                        self._run(cur, f"DELETE FROM {table} WHERE run_id = ?", (row[0],))
                    self._run(cur, "DELETE FROM runs WHERE id = ?", (row[0],))
        except self.dialect.errors as exc:
            raise HistoryError(self.dialect.words(exc)) from exc

    # ---- reading -----------------------------------------------------------------------
    def oldest(self, limit: int) -> list[HistoryEntry]:
        """The ``limit`` entries stored first (the queue sends in this order)."""
        return self._fetch("", [], limit, order="r.id")

    def count(self) -> int:
        return int(self._rows("SELECT COUNT(*) FROM runs")[0][0])

    def keys(self) -> list[str]:
        return [k for (k,) in self._rows("SELECT key FROM runs ORDER BY id")]

    def get(self, key: str) -> HistoryEntry | None:
        found = self._fetch("WHERE r.key = ?", [key], limit=1)
        return found[0] if found else None

    def all_entries(self, batch: int = _CHUNK) -> Iterator[HistoryEntry]:
        """Every entry, oldest first, a batch at a time (moving a history to another database)."""
        last = -1
        while True:
            rows = self._fetch("WHERE r.id > ?", [last], batch, order="r.id")
            if not rows:
                return
            yield from rows
            last = int(rows[-1].id or 0)

    def search(self, text: str = "", symptom: str | None = None, cause: str | None = None,
               limit: int = 500, *, user: str | None = None, since: str | None = None,
               until: str | None = None, similar: str | None = None,
               min_similarity: float = 0.3) -> list[HistoryEntry]:
        """Newest first, or most similar first with ``similar`` (a SMILES or MOL block).

        ``text`` matches title, SMILES, cause titles and the run file's text (so notes,
        operator and reagent are searchable), case-insensitively; ``symptom`` and ``cause``
        are ids; ``user`` is the operator; ``since``/``until`` are ISO dates, inclusive.
        """
        where: list[str] = []
        args: list[Any] = []
        for word in text.lower().split():
            like = f"%{_escape_like(word)}%"
            where.append(
                "(LOWER(r.title) LIKE ? ESCAPE '\\' OR LOWER(r.smiles) LIKE ? ESCAPE '\\'"
                " OR LOWER(r.run_text) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM run_causes c"
                " WHERE c.run_id = r.id AND LOWER(c.title) LIKE ? ESCAPE '\\'))"
            )
            args += [like] * 4
        if symptom:
            where.append("EXISTS (SELECT 1 FROM run_symptoms s WHERE s.run_id = r.id AND s.symptom = ?)")
            args.append(symptom)
        if cause:
            where.append("EXISTS (SELECT 1 FROM run_causes c WHERE c.run_id = r.id AND c.cause = ?)")
            args.append(cause)
        if user:
            where.append("LOWER(r.operator) = ?")
            args.append(user.strip().lower())
        day = "COALESCE(NULLIF(r.run_date, ''), SUBSTR(r.saved_at, 1, 10))"
        if since:
            where.append(f"{day} >= ?")
            args.append(since)
        if until:
            where.append(f"{day} <= ?")
            args.append(until)
        if similar is None:
            clause = ("WHERE " + " AND ".join(where)) if where else ""
            return self._fetch(clause, args, limit)
        query = fingerprints.query_fingerprint(similar)
        where.append("r.fingerprint IS NOT NULL")
        rows = self._rows("SELECT r.id, r.fingerprint FROM runs r WHERE " + " AND ".join(where), args)
        vectors = self._vectors.vectors([(int(i), bytes(fp)) for i, fp in rows])
        scores = fingerprints.similarities(query, vectors)
        best = heapq.nlargest(limit, ((s, int(row[0])) for s, row in zip(scores, rows, strict=True)
                                      if s >= min_similarity))
        by_id = {e.id: e for e in self._fetch_ids([i for _, i in best])}
        out = []
        for score, row_id in best:
            entry = by_id.get(row_id)
            if entry is not None:
                out.append(_with(entry, similarity=score))
        return out

    def chain(self, key: str) -> list[HistoryEntry]:
        """The attempts linked to ``key`` through ``follows``, oldest first.

        Walks back to the first attempt, then forward along the newest next attempt, so a
        chain reads as one line even when a run was retried twice from the same one.
        """
        entry = self.get(key)
        if entry is None:
            return []
        seen = {entry.key}
        back = [entry]
        while back[0].follows and back[0].follows not in seen:
            earlier = self.get(back[0].follows)
            if earlier is None:
                break
            seen.add(earlier.key)
            back.insert(0, earlier)
        forward = back
        while True:
            nxt = [e for e in self._fetch("WHERE r.follows = ?", [forward[-1].key], 50) if e.key not in seen]
            if not nxt:
                return forward
            seen.add(nxt[0].key)
            forward.append(nxt[0])

    def known_causes(self) -> list[tuple[str, str]]:
        """(id, title) of every cause stored, for the history view's cause filter."""
        rows = self._rows("SELECT cause, MAX(title) FROM run_causes GROUP BY cause ORDER BY MAX(title)")
        return [(str(c), str(t)) for c, t in rows]

    def lab_figures(self) -> list[LabFigure]:
        """What worked in this lab: per cause and action, how often the next attempt improved."""
        rows = self._rows("SELECT p.key, c.key FROM runs c JOIN runs p ON p.key = c.follows")
        if not rows:
            return []
        keys = sorted({k for pair in rows for k in pair})
        entries: dict[str, HistoryEntry] = {}
        for start in range(0, len(keys), _CHUNK):
            part = keys[start:start + _CHUNK]
            marks = ", ".join("?" * len(part))
            for e in self._fetch(f"WHERE r.key IN ({marks})", part, len(part)):
                entries[e.key] = e
        return lab_figures((entries[p], entries[c]) for p, c in rows if p in entries and c in entries)

    # ---- building entries --------------------------------------------------------------
    def _fetch(self, clause: str, args: Sequence[Any], limit: int,
               order: str = "r.saved_at DESC, r.id DESC") -> list[HistoryEntry]:
        rows = self._rows(f"SELECT {_COLUMNS} FROM runs r {clause} ORDER BY {order} LIMIT ?", [*args, limit])
        return self._entries(rows)

    def _fetch_ids(self, ids: Sequence[int]) -> list[HistoryEntry]:
        out: list[HistoryEntry] = []
        for start in range(0, len(ids), _CHUNK):
            part = list(ids[start:start + _CHUNK])
            marks = ", ".join("?" * len(part))
            out += self._fetch(f"WHERE r.id IN ({marks})", part, len(part))
        return out

    def _children(self, table: str, columns: str, order: str, ids: list[int]) -> dict[int, list[tuple[Any, ...]]]:
        out: dict[int, list[tuple[Any, ...]]] = {}
        if not ids:
            return out
        marks = ", ".join("?" * len(ids))
        for row in self._rows(f"SELECT run_id, {columns} FROM {table} WHERE run_id IN ({marks})"
                              f" ORDER BY run_id, {order}", ids):
            out.setdefault(int(row[0]), []).append(tuple(row[1:]))
        return out

    def _entries(self, rows: list[tuple[Any, ...]]) -> list[HistoryEntry]:
        ids = [int(r[0]) for r in rows]
        symptoms = self._children("run_symptoms", "symptom", "position, symptom", ids)
        causes = self._children("run_causes", "cause, title, score", "rank", ids)
        changes = self._children("run_changes", "parameter, before_value, after_value, cause, action, cause_title",
                                 "position", ids)
        out = []
        for row_id, key, saved_at, title, smiles, run_text, run_path, follows, yld, operator, run_date in rows:
            out.append(HistoryEntry(
                title=title, smiles=smiles,
                symptoms=tuple(s for (s,) in symptoms.get(row_id, [])),
                causes=tuple(HistoryCause(c, t, float(s)) for c, t, s in causes.get(row_id, [])),
                run_text=run_text, saved_at=saved_at, run_path=run_path, key=key or "", id=int(row_id),
                follows=follows or "",
                changes=tuple(HistoryChange(p, json.loads(b), json.loads(a), c, act, ct)
                              for p, b, a, c, act, ct in changes.get(row_id, [])),
                yield_percent=None if yld is None else float(yld), operator=operator or "",
                run_date=run_date or "",
            ))
        return out


def _with(entry: HistoryEntry, **changes: Any) -> HistoryEntry:
    from dataclasses import replace

    return replace(entry, **changes)


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
