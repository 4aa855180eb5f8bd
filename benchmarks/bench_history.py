"""Benchmark of the run history: a similarity search over 10,000 runs, on SQLite and PostgreSQL.

Prints medians of repeated searches and each as a ratio to a floor measured in the same
run: RDKit's BulkTanimotoSimilarity over the same 10,000 fingerprints already in memory
(the comparison itself, which no search can avoid).  Target (issue 17): a similarity
search over 10,000 runs under 200 ms.

    python benchmarks/bench_history.py [--runs N] [--repeat N] [--postgres | --history URL]

``--postgres`` starts a throwaway local server as the tests do (tests/pg_server.py);
``--history URL`` uses a lab server (password from PGPASSWORD), which must be empty.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from boranegui.core.history import History, HistoryCause, HistoryEntry
from boranegui.core.history import fingerprints as fp

CORES = ("O=C1CN=C(c2ccccc2{a})c2cc({b})ccc2N1", "O=C1CCC({a})CN1{b}", "O=C1c2ccc({a})cc2CCN1{b}",
         "O=C1CC(c2ccc({a})cc2)CN1{b}", "O=C1CCCC({a})CCN1{b}")
GROUPS = ("", "C", "CC", "OC", "F", "Cl", "Br", "C(F)(F)F", "N(C)C", "C#N", "OCc1ccccc1", "C(=O)OC")


def substrates(n: int) -> list[str]:
    made = []
    for core, a, b in itertools.cycle(itertools.product(CORES, GROUPS, GROUPS)):
        text = core.format(a=a, b=b).replace("()", "")
        made.append(text)
        if len(made) == n:
            return made
    return made


def median_ms(call: Callable[[], object], repeat: int) -> float:
    call()  # warm caches (RDKit generator, database pages)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def fill(history: History, n: int) -> None:
    smiles = substrates(n)
    batch = []
    for i, s in enumerate(smiles):
        batch.append(HistoryEntry(f"run {i}", s, ("low_yield",), (HistoryCause("amine_borane_complex", "Stuck", 0.8),),
                                  f"format: borane-run/1\ntitle: run {i}\n", key=f"bench-{i}", operator="bench"))
        if len(batch) == 500:
            history.add_many(batch)
            batch = []
    history.add_many(batch)


def bench(location: str, n: int, repeat: int) -> None:
    with History(location) as history:
        start = time.perf_counter()
        fill(history, n)
        print(f"  stored {n} runs in {time.perf_counter() - start:.1f} s")
        stored = [fp.fingerprint(s) for s in substrates(n)]
        vectors = [v for v in stored if v is not None]
        query = fp.query_fingerprint("O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1")
        from rdkit import DataStructs

        objects = [DataStructs.ExplicitBitVect(v) for v in vectors]
        floor = median_ms(lambda: DataStructs.BulkTanimotoSimilarity(query, objects), repeat)
        similar = median_ms(lambda: history.search(similar="O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1", limit=50), repeat)
        cold = []
        for _ in range(max(3, repeat // 3)):  # a fresh connection decodes every fingerprint once
            with History(location) as fresh:
                start = time.perf_counter()
                fresh.search(similar="O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1", limit=50)
                cold.append((time.perf_counter() - start) * 1000)
        first = statistics.median(cold)
        text = median_ms(lambda: history.search("run 99"), repeat)
        cause = median_ms(lambda: history.search(cause="amine_borane_complex", limit=50), repeat)
        print(f"  floor (BulkTanimoto in memory, {len(objects)} fps): {floor:7.1f} ms")
        print(f"  similarity search, {n} runs, again: {similar:7.1f} ms  ({similar / floor:.1f} x floor;"
              f" target 200 ms: {'met' if similar < 200 else 'NOT met'})")
        print(f"  first similarity search of a session: {first:7.1f} ms  ({first / floor:.1f} x floor;"
              f" target 200 ms: {'met' if first < 200 else 'NOT met'})")
        print(f"  text search:                          {text:7.1f} ms")
        print(f"  cause search (50 newest):             {cause:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--postgres", action="store_true", help="also on a throwaway local PostgreSQL server")
    where.add_argument("--history", metavar="URL", help="also on this (empty) PostgreSQL history")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print("SQLite")
        bench(str(Path(tmp) / "bench.sqlite3"), args.runs, args.repeat)
    if args.history:
        print("PostgreSQL")
        bench(args.history, args.runs, args.repeat)
    elif args.postgres:
        import os

        from tests.pg_server import PostgresServer

        server = PostgresServer()
        try:
            os.environ["PGPASSWORD"] = server.password
            print("PostgreSQL (throwaway local server)")
            bench(server.url(server.new_database()), args.runs, args.repeat)
        finally:
            server.remove()


if __name__ == "__main__":
    main()
