"""The run history: stored entries come back by text, symptom and cause, newest first.

Every test that takes ``history_location`` runs twice: on a SQLite file and on a fresh
database of a real PostgreSQL server started by the tests (tests/pg_server.py).
"""

from __future__ import annotations

import sqlite3
from types import SimpleNamespace

import pytest

from boranegui.core import run_record
from boranegui.core.history import (
    SCHEMA_VERSION,
    History,
    HistoryCause,
    HistoryEntry,
    HistoryError,
    entry_for,
)


def _entry(
    title: str,
    symptoms: tuple[str, ...],
    causes: tuple[str, ...],
    when: str,
    text: str = "",
    key: str = "",
) -> HistoryEntry:
    return HistoryEntry(
        title=title,
        smiles="O=C1CCCN1",
        symptoms=symptoms,
        causes=tuple(
            HistoryCause(c, c.replace("_", " ").title(), 1.0 - i / 10) for i, c in enumerate(causes)
        ),
        run_text=f"format: borane-run/1\ntitle: {title}\n{text}",
        saved_at=when,
        key=key,
    )


def test_insert_search_and_reopen(history_location) -> None:
    with History(history_location) as history:
        assert history.schema_version == SCHEMA_VERSION
        a = history.add(
            _entry("Batch 1", ("low_yield",), ("amine_borane_complex",), "2026-11-01T10:00:00")
        )
        history.add(
            _entry(
                "Batch 2",
                ("gel_formation",),
                ("borate_gel",),
                "2026-11-02T10:00:00",
                text="notes: water quench, gummy",
            )
        )
        history.add(
            _entry(
                "Pyrrolidinone",
                ("incomplete_reduction", "low_yield"),
                ("reagent_degraded",),
                "2026-11-03T10:00:00",
            )
        )
        assert history.count() == 3
        assert [e.title for e in history.search()] == ["Pyrrolidinone", "Batch 2", "Batch 1"]
        assert [e.title for e in history.search(symptom="low_yield")] == [
            "Pyrrolidinone",
            "Batch 1",
        ]
        assert [e.title for e in history.search(cause="borate_gel")] == ["Batch 2"]
        assert [e.title for e in history.search(text="gummy")] == [
            "Batch 2"
        ]  # in the run file's notes
        assert [e.title for e in history.search(text="borate gel")] == ["Batch 2"]  # a cause title
        assert [e.title for e in history.search(text="batch", symptom="low_yield")] == ["Batch 1"]
        assert history.search(text="100%_") == []  # LIKE wildcards are matched literally
        entry = history.get(a)
        assert entry is not None and entry.top_cause == HistoryCause(
            "amine_borane_complex", "Amine Borane Complex", 1.0
        )
        assert entry.run_text.startswith("format: borane-run/1\ntitle: Batch 1")


def test_same_key_updates_instead_of_duplicating(history_location) -> None:
    with History(history_location) as history:
        first = history.add(
            _entry(
                "Run", ("low_yield",), ("amine_borane_complex",), "2026-11-01T10:00:00", key="k1"
            )
        )
        second = history.add(
            _entry(
                "Run (edited)", ("gel_formation",), ("borate_gel",), "2026-11-01T11:00:00", key="k1"
            )
        )
        assert first == second and history.count() == 1
        assert history.search(symptom="low_yield") == []
        assert history.get(first).title == "Run (edited)"  # type: ignore[union-attr]


def test_reopened_database_keeps_entries_and_copy_moves_them(history_location, tmp_path) -> None:
    with History(history_location) as history:
        history.add(_entry("Kept", ("emulsion",), (), "2026-11-01T10:00:00"))
        history.copy_to(tmp_path / "moved" / "history.sqlite3")
    with History(history_location) as again:
        assert [e.title for e in again.search()] == ["Kept"]
    with History(tmp_path / "moved" / "history.sqlite3") as moved:
        assert [e.symptoms for e in moved.search()] == [("emulsion",)]


def test_newer_schema_and_garbage_are_refused_in_words(tmp_path) -> None:
    newer = tmp_path / "newer.sqlite3"
    db = sqlite3.connect(newer)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    db.close()
    with pytest.raises(HistoryError, match="newer BoraneGUI"):
        History(newer)
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(HistoryError, match="not a BoraneGUI history database"):
        History(garbage)


def test_a_refused_database_is_not_left_open(tmp_path, monkeypatch) -> None:
    """On Windows an open handle keeps the file locked: the chemist could not move or replace it."""
    opened: list[sqlite3.Connection] = []
    connect = sqlite3.connect

    def recording_connect(*args, **kwargs):
        opened.append(connect(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(sqlite3, "connect", recording_connect)
    newer = tmp_path / "newer.sqlite3"
    db = connect(newer)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not sqlite" * 100)
    for path in (newer, garbage):
        with pytest.raises(HistoryError):
            History(path)
    assert len(opened) == 2
    for conn in opened:
        with pytest.raises(sqlite3.ProgrammingError, match="closed"):
            conn.execute("SELECT 1")


def test_entry_for_takes_titles_symptoms_and_ranked_causes(example_run_path) -> None:
    run = run_record.load(example_run_path)
    diagnosis = SimpleNamespace(
        causes=[SimpleNamespace(id="amine_borane_complex", title="Stuck complex", score=0.9)]
    )
    entry = entry_for(run, diagnosis, run_record.dumps(run), key="abc")
    assert entry.title == run.title and entry.symptoms == ("low_yield", "tlc_smear")
    assert entry.smiles == run.substrate.smiles
    assert entry.causes == (HistoryCause("amine_borane_complex", "Stuck complex", 0.9),)


def test_history_preferences_and_user_data_need_no_qt() -> None:
    import subprocess
    import sys

    from tests.conftest import cli_env

    code = (
        "import sys\n"
        "import boranegui.core.history, boranegui.core.preferences, boranegui.core.userdata\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=cli_env(), check=True)
    assert out.stdout.strip() == ""
