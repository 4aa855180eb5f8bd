"""One history for the lab: migrations on both back ends, credentials, and the offline queue."""

from __future__ import annotations

import threading

import pytest

from boranegui.core.history import SCHEMA_VERSION, History, HistoryError
from boranegui.core.history.dialect import dialect_for
from boranegui.core.history.schema import migrate
from tests.core.history_helpers import entry


def test_a_first_version_history_is_migrated_forward_and_keeps_its_runs(history_location) -> None:
    dialect = dialect_for(history_location)
    conn = dialect.connect()
    migrate(dialect, conn, target=1)
    with dialect.transaction(conn) as cur:  # a run stored by the first BoraneGUI: no key, no yield
        cur.execute(dialect.sql("INSERT INTO runs (key, saved_at, title, smiles, run_text) VALUES (?, ?, ?, ?, ?)"),
                    (None, "2026-01-05T10:00:00", "old run", "O=C1CCCN1", "format: borane-run/1\n"))
    conn.close()
    with History(history_location) as history:
        assert history.schema_version == SCHEMA_VERSION == 2
        (old,) = history.search()
        assert old.title == "old run" and old.key.startswith("legacy-") and old.yield_percent is None
        assert history.search(similar="O=C1CCCN1") == []  # no fingerprint was stored then
        history.add(entry("new", yield_percent=50))
        assert history.count() == 2


def test_copies_starting_at_once_migrate_an_empty_server_once(postgres_url) -> None:
    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            with History(postgres_url, retry_seconds=0) as h:
                h.add(entry(f"run {threading.get_ident()}"))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with History(postgres_url) as history:
        assert history.schema_version == SCHEMA_VERSION and history.count() == 6


def test_a_password_in_the_url_is_refused(postgres_server) -> None:
    with pytest.raises(HistoryError, match="PGPASSWORD"):
        History(f"postgresql://boranegui:{postgres_server.password}@127.0.0.1:{postgres_server.port}/postgres")


def test_the_password_comes_from_the_environment(postgres_url, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PGPASSWORD", "wrong")
    with History(postgres_url, queue_path=tmp_path / "q.sqlite3") as history:
        assert not history.online and "password authentication failed" in history.last_error
        assert "wrong" not in history.status


def test_an_unreachable_server_queues_runs_and_sends_them_once_back(postgres_server, postgres_url, tmp_path) -> None:
    queue = tmp_path / "queue.sqlite3"
    with History(postgres_url, queue_path=queue, retry_seconds=0) as history:
        history.add(entry("online 1"))
        postgres_server.stop()
        try:
            history.add(entry("offline 1"))
            history.add(entry("offline 2"))
            history.add(entry("offline 2", yield_percent=40))  # edited again while offline: still one run
            assert not history.online and history.pending() == 2
            assert "cannot be reached" in history.status and "2 runs wait" in history.status
            assert sorted(e.title for e in history.search()) == ["offline 1", "offline 2"]  # this PC's runs
        finally:
            postgres_server.start()
        history.add(entry("online 2"))  # the server answers: the queue goes first
        assert history.online and history.pending() == 0
        assert sorted(e.title for e in history.search()) == ["offline 1", "offline 2", "online 1", "online 2"]
        assert history.get("offline 2").yield_percent == 40  # type: ignore[union-attr]
    # A crash after sending but before the queue was emptied sends the same runs again: still once each.
    with History(queue) as local:
        local.add(entry("offline 1"))
        local.add(entry("online 1"))
    with History(postgres_url, queue_path=queue) as history:
        assert history.pending() == 0 and history.count() == 4


def test_a_server_that_never_answered_still_lets_the_chemist_work(tmp_path, monkeypatch) -> None:
    import socket

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("PGPASSWORD", "x")
    with History(f"postgresql://nobody@127.0.0.1:{port}/lab", queue_path=tmp_path / "q.sqlite3") as history:
        assert not history.online
        history.add(entry("kept"))
        assert [e.title for e in history.search()] == ["kept"] and history.pending() == 1


def test_a_server_written_by_a_newer_version_is_refused_in_words(postgres_url) -> None:
    dialect = dialect_for(postgres_url)
    conn = dialect.connect()
    with dialect.transaction(conn) as cur:
        dialect.write_version(cur, SCHEMA_VERSION + 3)
    conn.close()
    with pytest.raises(HistoryError, match="newer BoraneGUI"):
        History(postgres_url)


def test_without_a_server_the_postgresql_tests_fail_under_ci_and_skip_elsewhere(tmp_path) -> None:
    """A PostgreSQL test never passes silently: no server under CI is a failure, with the reason."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    test = "tests/core/test_history_lab.py::test_a_password_in_the_url_is_refused"
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["BORANEGUI_PG_BINDIR"] = str(tmp_path / "no-server")

    def run(**extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test],
                              capture_output=True, text=True, cwd=ROOT, env={**env, **extra}, timeout=300)

    in_ci = run(CI="true")
    assert in_ci.returncode == 1 and "PostgreSQL tests cannot run" in in_ci.stdout
    elsewhere = run()
    assert elsewhere.returncode == 0 and "1 skipped" in elsewhere.stdout
    assert "apt-get install postgresql" in elsewhere.stdout


def test_a_password_file_others_can_read_is_refused_in_words(tmp_path, monkeypatch) -> None:
    passfile = tmp_path / "pgpass"
    passfile.write_text("127.0.0.1:5432:lab:chemist:secret\n")
    passfile.chmod(0o644)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    with pytest.raises(HistoryError, match="chmod 600"):
        History("postgresql://chemist@127.0.0.1/lab", queue_path=tmp_path / "q.sqlite3")
    passfile.chmod(0o600)
    with History("postgresql://chemist@127.0.0.1:1/lab", queue_path=tmp_path / "q.sqlite3",
                 connect_timeout=1) as history:
        assert not history.online  # accepted; nobody listens on port 1
