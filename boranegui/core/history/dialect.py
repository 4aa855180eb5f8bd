"""The thin layer between the history's one set of SQL and its two databases (SQLite, PostgreSQL).

The history's SQL is written once, with ``?`` placeholders and four type names
(``{id}``, ``{ref}``, ``{real}``, ``{blob}``); a dialect connects, translates those, keeps the
schema version, runs transactions and puts database errors into words.  Plain DB-API
(stdlib ``sqlite3``, ``psycopg`` 3) rather than SQLAlchemy Core: a dozen statements do
not justify a large dependency in every copy of the app, and this way the default
SQLite history needs nothing beyond the standard library.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import urllib.parse
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from boranegui.core.history.model import HistoryError

URL_SCHEMES = ("postgresql://", "postgres://")


def is_url(location: str | os.PathLike[str]) -> bool:
    """True for a PostgreSQL connection URL, False for a SQLite file path."""
    return str(location).startswith(URL_SCHEMES)


class Dialect:
    """What differs between the back ends; the store never branches on the database."""

    name = ""
    types: Mapping[str, str] = {}
    errors: tuple[type[BaseException], ...] = ()

    def connect(self) -> Any:
        raise NotImplementedError

    def sql(self, text: str) -> str:
        """``text`` with this database's placeholders."""
        return text

    def transaction(self, conn: Any) -> contextlib.AbstractContextManager[Any]:
        """A cursor inside one all-or-nothing transaction."""
        raise NotImplementedError

    def lock_schema(self, cur: Any) -> None:
        """Serialise schema migrations between writers that start at the same moment."""

    def read_version(self, cur: Any) -> int:
        raise NotImplementedError

    def write_version(self, cur: Any, version: int) -> None:
        raise NotImplementedError

    def unreachable(self, exc: BaseException) -> bool:
        """True when the database could not be reached (worth queueing and retrying)."""
        return False

    def words(self, exc: BaseException) -> str:
        return f"the history {self.where} could not be used: {exc}"

    @property
    def where(self) -> str:
        """The database in words, for messages (never holds a password)."""
        raise NotImplementedError


class SQLiteDialect(Dialect):
    """One file on this PC; WAL where the file system allows it; version in ``PRAGMA user_version``."""

    name = "sqlite"
    types: Mapping[str, str] = {"id": "INTEGER PRIMARY KEY", "ref": "INTEGER", "real": "REAL", "blob": "BLOB"}
    errors = (sqlite3.Error, OSError)

    def __init__(self, path: str | os.PathLike[str], lock_timeout: float = 10.0) -> None:
        """``lock_timeout``: seconds to wait for another program's lock on each statement (the
        GUI gives a fraction of a second: a held lock must not freeze the window)."""
        self.path = Path(path)
        self.lock_timeout = lock_timeout

    @property
    def where(self) -> str:
        return f"database {self.path}"

    def connect(self) -> Any:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: reads autocommit, writes run in explicit BEGIN IMMEDIATE.
            conn = sqlite3.connect(self.path, timeout=self.lock_timeout, isolation_level=None, check_same_thread=False)
        except (sqlite3.Error, OSError) as exc:
            raise HistoryError(self.words(exc)) from exc
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            # Network drives and some file systems cannot do WAL; the rollback journal is fine.
            with contextlib.suppress(sqlite3.DatabaseError):
                conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.Error as exc:
            # A refused file is let go at once: on Windows an open handle would keep it locked.
            conn.close()
            raise HistoryError(self.words(exc)) from exc
        return conn

    @contextlib.contextmanager
    def transaction(self, conn: Any) -> Iterator[Any]:
        cur = conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            yield cur
        except BaseException:
            conn.rollback()
            raise
        conn.commit()

    def read_version(self, cur: Any) -> int:
        return int(cur.execute("PRAGMA user_version").fetchone()[0])

    def write_version(self, cur: Any, version: int) -> None:
        cur.execute(f"PRAGMA user_version = {int(version)}")

    def words(self, exc: BaseException) -> str:
        text, path = str(exc), self.path
        if "locked" in text or "busy" in text:
            return f"the history database {path} is locked by another program; try again in a moment"
        if "readonly" in text or "read-only" in text:
            return f"the history database {path} is read-only"
        if "disk" in text and "full" in text:
            return f"the disk holding {path} is full"
        if "not a database" in text or "malformed" in text:
            return f"{path} is not a BoraneGUI history database (or it is damaged)"
        return f"the history database {path} could not be used: {text}"


class PostgresDialect(Dialect):
    """A lab server.  The password comes from libpq (PGPASSWORD, a service or a passfile), never the URL."""

    name = "postgresql"
    types: Mapping[str, str] = {"id": "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", "ref": "BIGINT",
                                "real": "DOUBLE PRECISION", "blob": "BYTEA"}

    def __init__(self, url: str, connect_timeout: float = 5.0) -> None:
        parts = urllib.parse.urlsplit(url)
        query = urllib.parse.parse_qs(parts.query)
        if parts.password is not None or "password" in query:
            raise HistoryError(
                "the history URL holds a password; remove it and set PGPASSWORD or a passfile "
                "(~/.pgpass, readable only by you) so it is never saved in the settings or the logs"
            )
        _check_passfile()
        try:
            import psycopg
        except ImportError as exc:
            raise HistoryError(
                "a PostgreSQL history needs the psycopg package: pip install 'boranegui[lab]'"
            ) from exc
        self._psycopg = psycopg
        self.url = url
        self.connect_timeout = connect_timeout
        self.errors = (psycopg.Error, OSError)

    @property
    def where(self) -> str:
        parts = urllib.parse.urlsplit(self.url)
        host = parts.hostname or "local socket"
        port = f":{parts.port}" if parts.port else ""
        return f"server {host}{port}{parts.path or ''}"

    def connect(self) -> Any:
        try:
            return self._psycopg.connect(self.url, autocommit=True, application_name="boranegui",
                                         connect_timeout=max(1, round(self.connect_timeout)))
        except self._psycopg.Error as exc:
            raise HistoryError(self.words(exc)) from exc

    def sql(self, text: str) -> str:
        return _pg_sql(text)

    @contextlib.contextmanager
    def transaction(self, conn: Any) -> Iterator[Any]:
        with conn.transaction(), conn.cursor() as cur:
            yield cur

    def lock_schema(self, cur: Any) -> None:
        cur.execute("SELECT pg_advisory_xact_lock(7262017)")  # any constant shared by all copies

    def read_version(self, cur: Any) -> int:
        cur.execute("SELECT to_regclass('boranegui_schema') IS NOT NULL")
        if not cur.fetchone()[0]:
            return 0
        cur.execute("SELECT MAX(version) FROM boranegui_schema")
        row = cur.fetchone()
        return int(row[0] or 0)

    def write_version(self, cur: Any, version: int) -> None:
        cur.execute("CREATE TABLE IF NOT EXISTS boranegui_schema (version INTEGER NOT NULL)")
        cur.execute("DELETE FROM boranegui_schema")
        cur.execute("INSERT INTO boranegui_schema (version) VALUES (%s)", (int(version),))

    def unreachable(self, exc: BaseException) -> bool:
        return isinstance(exc, self._psycopg.OperationalError | OSError) or (
            isinstance(exc, HistoryError) and isinstance(exc.__cause__, self._psycopg.OperationalError)
        )

    def words(self, exc: BaseException) -> str:
        text = " ".join(str(exc).split()) or type(exc).__name__
        if isinstance(exc, self._psycopg.OperationalError):
            return f"the lab history {self.where} cannot be reached: {text}"
        return f"the lab history {self.where} refused the request: {text}"


def _check_passfile() -> None:
    """Refuse a password file others can read (libpq would skip it and the login fail obscurely)."""
    path = Path(os.environ.get("PGPASSFILE") or Path.home() / ".pgpass")
    if os.name != "posix" or not path.is_file():
        return
    if path.stat().st_mode & 0o077:
        raise HistoryError(f"the password file {path} can be read by other users; make it private "
                           f"(chmod 600 {path}) so the lab history's password stays yours")


@functools.lru_cache(maxsize=256)
def _pg_sql(text: str) -> str:
    # psycopg uses %s; a literal % must be doubled.  The history's SQL has no ? in literals.
    return text.replace("%", "%%").replace("?", "%s")


def dialect_for(location: str | os.PathLike[str], connect_timeout: float = 5.0) -> Dialect:
    """The dialect for a SQLite path or a ``postgresql://`` URL."""
    if is_url(location):
        return PostgresDialect(str(location), connect_timeout)
    return SQLiteDialect(location)
