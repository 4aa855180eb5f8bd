"""The history's schema: numbered, forward-only migrations, the same on SQLite and PostgreSQL.

Migration ``i`` takes a database from version ``i`` to ``i + 1``.  All pending migrations
run in one transaction (both databases have transactional DDL), behind the dialect's
lock, so two copies of the app starting at once on an empty server migrate it once.
Never edit a released migration: add the next one.
"""

from __future__ import annotations

from typing import Any

from boranegui.core.history.dialect import Dialect
from boranegui.core.history.model import HistoryError

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: the first history (runs, their symptoms and ranked causes).
    (
        """CREATE TABLE runs (
            id {id},
            key TEXT UNIQUE,
            saved_at TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            smiles TEXT NOT NULL DEFAULT '',
            run_text TEXT NOT NULL,
            run_path TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE TABLE run_symptoms (
            run_id {ref} NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            symptom TEXT NOT NULL
        )""",
        """CREATE TABLE run_causes (
            run_id {ref} NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            rank INTEGER NOT NULL,
            cause TEXT NOT NULL,
            title TEXT NOT NULL,
            score {real} NOT NULL
        )""",
        "CREATE INDEX run_symptoms_symptom ON run_symptoms(symptom)",
        "CREATE INDEX run_causes_cause ON run_causes(cause)",
        "CREATE INDEX runs_saved_at ON runs(saved_at)",
    ),
    # 2: attempt chains (follows, changes), yields, operator and date, substrate fingerprints;
    # every run gets a key (its id across databases), which makes a re-sent run an update.
    (
        "UPDATE runs SET key = 'legacy-' || CAST(id AS TEXT) WHERE key IS NULL",
        "ALTER TABLE runs ADD COLUMN follows TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE runs ADD COLUMN yield_percent {real}",
        "ALTER TABLE runs ADD COLUMN operator TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE runs ADD COLUMN run_date TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE runs ADD COLUMN fingerprint {blob}",
        "ALTER TABLE run_symptoms ADD COLUMN position INTEGER NOT NULL DEFAULT 0",
        """CREATE TABLE run_changes (
            run_id {ref} NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            parameter TEXT NOT NULL,
            before_value TEXT NOT NULL,
            after_value TEXT NOT NULL,
            cause TEXT NOT NULL,
            action TEXT NOT NULL,
            cause_title TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX runs_follows ON runs(follows)",
        "CREATE INDEX runs_operator ON runs(operator)",
        "CREATE INDEX run_changes_run ON run_changes(run_id)",
        "CREATE INDEX run_changes_cause ON run_changes(cause, action)",
        "CREATE INDEX run_symptoms_run ON run_symptoms(run_id)",
        "CREATE INDEX run_causes_run ON run_causes(run_id)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(dialect: Dialect, conn: Any, target: int = SCHEMA_VERSION) -> int:
    """Bring the database up to ``target``; returns the version it is at."""
    with dialect.transaction(conn) as cur:
        dialect.lock_schema(cur)
        version = dialect.read_version(cur)
        if version > SCHEMA_VERSION:
            raise HistoryError(
                f"the history {dialect.where} was written by a newer BoraneGUI "
                f"(schema {version}, this version knows {SCHEMA_VERSION})"
            )
        if version >= target:
            return version
        for number in range(version, target):
            for statement in MIGRATIONS[number]:
                cur.execute(statement.format(**dialect.types))
        dialect.write_version(cur, target)
        return target


def current_version(dialect: Dialect, conn: Any) -> int:
    with dialect.transaction(conn) as cur:
        return dialect.read_version(cur)
