"""What the history holds: entries, their causes and changes, lab figures, and the one error type.

Qt-free and database-free, so the command line, the app and both back ends share them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# Run ids (history keys) of files stored from the command line are derived from the file's
# text, so adding the same file twice stores it once.
_FILE_NAMESPACE = uuid.UUID("4f1c7c2e-6b55-4d1e-9f0e-1b6f2d2b7a11")


class HistoryError(Exception):
    """The history could not be read or written; the message says why in words."""


@dataclass(frozen=True)
class HistoryCause:
    id: str
    title: str
    score: float


@dataclass(frozen=True)
class HistoryChange:
    """One protocol parameter changed between the earlier attempt and this one, and why."""

    parameter: str
    before: Any
    after: Any
    cause: str  # cause id the change answered
    action: str  # action id of the rules
    cause_title: str = ""

    def to_json(self) -> dict[str, Any]:
        out = {"parameter": self.parameter, "before": self.before, "after": self.after,
               "cause": self.cause, "action": self.action}
        if self.cause_title:
            out["cause_title"] = self.cause_title
        return out


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
    key: str = ""  # the run's id: one per run, so re-diagnosing updates instead of duplicating
    id: int | None = None  # the row in one database (differs between a queue and the server)
    follows: str = ""  # key of the attempt this run follows
    changes: tuple[HistoryChange, ...] = ()  # what changed since the attempt it follows
    yield_percent: float | None = None
    operator: str = ""
    run_date: str = ""  # the run's own date (ISO), when the file gives one
    similarity: float | None = None  # Tanimoto to the query of a similarity search

    @property
    def top_cause(self) -> HistoryCause | None:
        return self.causes[0] if self.causes else None

    @property
    def date(self) -> str:
        """The run's date if known, else the day it was stored."""
        return self.run_date or self.saved_at[:10]

    def to_json(self) -> dict[str, Any]:
        """The ``boranegui history search --json`` shape of one entry."""
        out: dict[str, Any] = {
            "id": self.key, "title": self.title, "date": self.date, "saved_at": self.saved_at,
            "smiles": self.smiles, "symptoms": list(self.symptoms),
            "causes": [{"id": c.id, "title": c.title, "score": c.score} for c in self.causes],
            "follows": self.follows or None, "changes": [c.to_json() for c in self.changes],
            "yield_percent": self.yield_percent, "operator": self.operator or None,
        }
        if self.similarity is not None:
            out["similarity"] = round(self.similarity, 4)
        return out


@dataclass(frozen=True)
class LabFigure:
    """How often the next attempt improved after one action taken against one cause."""

    cause: str
    action: str
    improved: int
    attempts: int
    cause_title: str = ""

    def words(self) -> str:
        plural = "s" if self.attempts != 1 else ""
        return f"in this lab: {self.improved} of {self.attempts} attempt{plural} improved after this change"


def improved(before: HistoryEntry, after: HistoryEntry) -> bool | None:
    """Did ``after`` go better than ``before``?  None when the records cannot tell.

    The yield decides when both attempts give one; otherwise the attempt improved when a
    symptom of the earlier one is gone and no new one appeared.
    """
    if before.yield_percent is not None and after.yield_percent is not None:
        return after.yield_percent > before.yield_percent
    if not before.symptoms:
        return None
    gone = set(before.symptoms) - set(after.symptoms)
    new = set(after.symptoms) - set(before.symptoms)
    return bool(gone) and not new


def lab_figures(pairs: Iterable[tuple[HistoryEntry, HistoryEntry]]) -> list[LabFigure]:
    """Per (cause, action): of the next attempts that took it, how many improved.

    ``pairs`` are (earlier attempt, next attempt).  Shown beside the rules' ranking; it
    never changes it.
    """
    counts: dict[tuple[str, str], list[int]] = {}
    titles: dict[str, str] = {}
    for before, after in pairs:
        verdict = improved(before, after)
        if verdict is None:
            continue
        for pair in {(c.cause, c.action) for c in after.changes}:
            tally = counts.setdefault(pair, [0, 0])
            tally[0] += int(verdict)
            tally[1] += 1
        for c in after.changes:
            titles.setdefault(c.cause, c.cause_title)
    figures = [LabFigure(cause, action, n, total, titles.get(cause, ""))
               for (cause, action), (n, total) in counts.items()]
    return sorted(figures, key=lambda f: (-f.attempts, f.cause, f.action))


def changes_from(data: Any) -> tuple[HistoryChange, ...]:
    """The changes of a run file's ``follows:`` (or of JSON), tolerant of missing keys."""
    out = []
    for item in data or ():
        if isinstance(item, Mapping):
            out.append(HistoryChange(str(item.get("parameter", "")), item.get("before"), item.get("after"),
                                     str(item.get("cause", "")), str(item.get("action", "")),
                                     str(item.get("cause_title", ""))))
    return tuple(out)


def json_value(value: Any) -> str:
    """A change's before/after value as stored (JSON text keeps numbers, booleans and words)."""
    return json.dumps(value, ensure_ascii=False)


def file_key(run_text: str) -> str:
    """The history id of a run stored from its file: the same text gives the same id."""
    return str(uuid.uuid5(_FILE_NAMESPACE, run_text.replace("\r\n", "\n").strip()))


def new_key() -> str:
    return str(uuid.uuid4())


def entry_for(
    run: Any, diagnosis: Any, run_text: str, run_path: str = "", key: str = "", smiles: str = ""
) -> HistoryEntry:
    """A history entry from a RunRecord and its Diagnosis (or None when not diagnosed)."""
    causes: Iterable[Any] = diagnosis.causes if diagnosis is not None else ()
    follows = getattr(run, "follows", None) or {}
    return HistoryEntry(
        title=run.title or run.substrate.name or "Untitled run",
        smiles=smiles or run.substrate.smiles or "",
        symptoms=tuple(run.outcome.symptoms),
        causes=tuple(HistoryCause(c.id, c.title, float(c.score)) for c in causes),
        run_text=run_text,
        run_path=run_path,
        key=key or file_key(run_text),
        follows=str(follows.get("run") or ""),
        changes=changes_from(follows.get("changes")),
        yield_percent=run.outcome.yield_percent,
        operator=run.operator or "",
        run_date=str(run.date or ""),
    )
