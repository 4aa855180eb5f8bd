"""Shared makers for the history tests: entries, and a chain of three real attempts."""

from __future__ import annotations

from pathlib import Path

from boranegui.core import attempts, diagnosis, protocol, run_record
from boranegui.core.history import HistoryCause, HistoryChange, HistoryEntry, entry_for
from boranegui.core.rules import load_rules

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "nordazepam-low-yield.borane.yaml"


def entry(title: str, smiles: str = "O=C1CCCN1", *, key: str = "", follows: str = "",
          changes: tuple[HistoryChange, ...] = (), yield_percent: float | None = None,
          symptoms: tuple[str, ...] = ("low_yield",), causes: tuple[str, ...] = ("amine_borane_complex",),
          saved_at: str = "2026-11-01T10:00:00", operator: str = "", run_date: str = "") -> HistoryEntry:
    return HistoryEntry(
        title=title, smiles=smiles, symptoms=symptoms,
        causes=tuple(HistoryCause(c, c.replace("_", " ").title(), 0.9 - i / 10) for i, c in enumerate(causes)),
        run_text=f"format: borane-run/1\ntitle: {title}\n", saved_at=saved_at, key=key or title,
        follows=follows, changes=changes, yield_percent=yield_percent, operator=operator, run_date=run_date,
    )


def change(cause: str, action: str, parameter: str = "acid_hours") -> HistoryChange:
    return HistoryChange(parameter, 1.0, 2, cause, action, cause.replace("_", " "))


def three_attempts(yields: tuple[float, float, float] = (35, 62, 81)) -> list[HistoryEntry]:
    """Batch 3 of the worked example, then two next attempts made from each revised protocol,
    the way the app makes them (run files with ``follows:``), diagnosed and turned into entries."""
    rules = load_rules(None)
    run = run_record.load(EXAMPLE)
    out: list[HistoryEntry] = []
    key = "attempt-1"
    for number in range(1, len(yields) + 1):
        found = diagnosis.diagnose(run, rules)
        out.append(entry_for(run, found, run_record.dumps(run), key=key))
        if number == len(yields):
            break
        revised = protocol.plan(run, found)
        data = attempts.next_attempt(run.to_dict(), revised, key)
        data["title"] = f"Nordazepam, attempt {number + 1}"
        data["outcome"] = {"yield_percent": yields[number], "symptoms": ["low_yield"] if yields[number] < 70 else []}
        run = run_record.from_dict(data)
        key = f"attempt-{number + 1}"
    return out
