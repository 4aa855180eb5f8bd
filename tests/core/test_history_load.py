"""Load test: 8 processes writing 500 runs each to one PostgreSQL history, with and without an outage.

Not in the default run (``-m load`` selects it).  Every run must be present exactly once,
and when the server is stopped part-way the offline queues must deliver everything.
Prints runs per second (no timed assert: the figure depends on the machine).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest

from boranegui.core.history import History, HistoryCause, HistoryEntry

PROCESSES, RUNS = 8, 500
SMILES = ("O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1", "O=C1CCCN1", "O=C1CCCCCN1", "CN1C(=O)CN=C(c2ccccc2)c2cc(Cl)ccc21")
pytestmark = pytest.mark.load


def _writer(url: str, password: str, queue: str, worker: int) -> tuple[int, int]:
    """One lab PC: stores its runs, then keeps trying until its queue is empty.

    Returns (runs still queued at the end, most runs queued at once)."""
    os.environ["PGPASSWORD"] = password
    most_queued = 0
    with History(url, queue_path=queue, retry_seconds=0.2, connect_timeout=2) as history:
        for n in range(RUNS):
            history.add(HistoryEntry(
                title=f"pc {worker} run {n}", smiles=SMILES[n % len(SMILES)], symptoms=("low_yield", "tlc_smear"),
                causes=(HistoryCause("amine_borane_complex", "Stuck complex", 0.8),),
                run_text=f"format: borane-run/1\ntitle: pc {worker} run {n}\n", key=f"pc{worker}-{n}",
                yield_percent=float(n % 90)))
            if not history.online:
                most_queued = max(most_queued, history.pending())
        deadline = time.monotonic() + 180
        while history.flush() and time.monotonic() < deadline:
            time.sleep(0.2)
        return history.pending(), most_queued


def _run_all(server, url: str, tmp_path: Path, outage: bool) -> float:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(PROCESSES) as pool:
        start = time.perf_counter()
        jobs = [pool.apply_async(_writer, (url, server.password, str(tmp_path / f"q{i}.sqlite3"), i))
                for i in range(PROCESSES)]
        if outage:
            time.sleep(3)
            server.stop()
            time.sleep(3)
            server.start()
        results = [job.get(timeout=600) for job in jobs]
        elapsed = time.perf_counter() - start
    assert [pending for pending, _ in results] == [0] * PROCESSES
    queued = sum(most for _, most in results)
    assert (queued > 0) == outage  # the outage really sent runs through the queues
    return elapsed


def _check_each_run_once(url: str) -> None:
    with History(url) as history:
        keys = history._read(lambda s: s.keys())
        assert len(keys) == PROCESSES * RUNS
        assert set(keys) == {f"pc{w}-{n}" for w in range(PROCESSES) for n in range(RUNS)}
        rows = history._read(lambda s: s._rows("SELECT COUNT(*) FROM run_symptoms"))
        assert rows[0][0] == 2 * PROCESSES * RUNS  # no run's symptoms stored twice either


@pytest.mark.parametrize("outage", [False, True], ids=["server-up", "server-stopped-part-way"])
def test_eight_pcs_write_at_once_and_every_run_is_there_once(postgres_server, postgres_url, tmp_path,
                                                              outage) -> None:
    with History(postgres_url):
        pass  # the schema exists before the writers start (they would also migrate it once)
    elapsed = _run_all(postgres_server, postgres_url, tmp_path, outage)
    _check_each_run_once(postgres_url)
    print(f"\n{PROCESSES} x {RUNS} runs {'with an outage' if outage else ''}: {elapsed:.1f} s, "
          f"{PROCESSES * RUNS / elapsed:.0f} runs/s")
