"""A bounded fuzz of the three inputs a user hands the command line: run files, rules files, structures.

Every input must end in exit 0, or exit 2 with each line naming the input; never a traceback,
an internal error, a hang (an alarm per example) or a jump in memory.  Hostile values from the
attack of issue 16 are spliced into valid files, next to hypothesis's own text.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boranegui.cli import main
from boranegui.core.bundled import rules_path
from tests.core.test_run_record import MINIMAL

HOSTILE = [
    "010", "1:30", "0x1F", ".nan", ".inf", "-.inf", "1e999", "1e9", "No", "yes", "~", "''", "[]", "{}", "[", "{",
    "*a", "&a [*a, *a]", "!!python/object/apply:os.system [true]", "!!binary AAAA", "!!int 1:30", "<<: {a: 1}",
    '"<img src=/dev/zero>"', '"\\u2063STRUCTURE\\u2063"', '"\\0"', "2026-13-45", "C" * 600, "x" * 30_000,
    "O=C1CCCN1" + "C" * 600, '"CC\\nO"', "|\n  M  V30 COUNTS 100000000 0 0 0 0\n  M  END", "- - -", "? a",
]
SMILES_ALPHABET = "CNOScnos()[]=#123456789+-@/\\.%Hl*B"
FUZZ = settings(max_examples=100, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
ALARM_S = 20  # a hang guard, far above any single input's work


@contextlib.contextmanager
def hang_guard() -> Iterator[None]:
    if os.name != "posix":
        yield
        return

    def fire(*_: object) -> None:
        raise TimeoutError("an input took past the hang guard")

    previous = signal.signal(signal.SIGALRM, fire)
    signal.alarm(ALARM_S)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _check(capsys, where: str, *args: str) -> None:
    with hang_guard():
        code = main(list(args))
    out = capsys.readouterr()
    assert "Traceback" not in out.err and "internal error" not in out.err, out.err[-500:]
    assert code in (0, 2), (code, out.err[-500:])
    if code == 2:
        lines = [line for line in out.err.splitlines() if line.strip()]
        assert lines and all(line.startswith(where) for line in lines), out.err[-500:]


def _splice(text: str, line: int, value: str) -> str:
    lines = text.splitlines()
    i = line % len(lines)
    key, sep, _ = lines[i].partition(":")
    lines[i] = f"{key}{sep} {value}" if sep else value
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def peak_memory() -> Iterator[None]:
    """The fuzz as a whole must not grow this process by more than a few hundred MB."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    yield
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 400 * 1024, f"the fuzz grew the process by {grown_kb // 1024} MB"


RUN = MINIMAL + "outcome:\n  symptoms: [low_yield]\n  notes: fine\n"


@FUZZ
@given(line=st.integers(0, 40), value=st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60)))
def test_run_files(capsys, tmp_path: Path, peak_memory: None, line: int, value: str) -> None:
    path = tmp_path / "fuzz.borane.yaml"
    path.write_text(_splice(RUN, line, value), encoding="utf-8", errors="surrogatepass")
    _check(capsys, str(path), "diagnose", str(path))


@FUZZ
@given(line=st.integers(0, 2000), value=st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60)))
def test_rules_files(capsys, tmp_path: Path, peak_memory: None, line: int, value: str) -> None:
    path = tmp_path / "fuzz-rules.yaml"
    path.write_text(_splice(rules_path().read_text(encoding="utf-8"), line, value), encoding="utf-8",
                    errors="surrogatepass")
    _check(capsys, str(path), "rules", "check", str(path))


@FUZZ
@given(text=st.one_of(
    st.text(SMILES_ALPHABET, min_size=1, max_size=200),
    st.builds(lambda n, b: f"\n  fuzz\n\n  0  0  0     0  0            999 V3000\nM  V30 BEGIN CTAB\n"
                           f"M  V30 COUNTS {n} {b} 0 0 0\nM  V30 END CTAB\nM  END\n",
              st.integers(0, 10**12), st.integers(0, 10**12)),
    st.builds(lambda n: f"\n  fuzz\n\n{n:3d}{n:3d}  0  0  0  0  0  0  0  0999 V2000\nM  END\n", st.integers(0, 999)),
))
def test_structures(capsys, tmp_path: Path, peak_memory: None, text: str) -> None:
    path = tmp_path / "fuzz.mol"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _check(capsys, str(path), "substrate", str(path))
