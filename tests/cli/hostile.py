"""Running the command line as an attacker would: in a subprocess with a memory cap and a time limit.

A refused input must end with exit code 2 and one line per problem naming the input; nothing
may die of a signal, run past the time limit or allocate past the memory cap.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import cli_env

MEMORY_CAP = 700 * 1024 * 1024  # address space: Python, RDKit and the engine need about 400 MB
TIMEOUT_S = 60  # a hang guard only: every refusal here takes well under a second of work


def _cap_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_capped(*args: str, stdin: bytes | int | None = None, cap: bool = True) -> subprocess.CompletedProcess[str]:
    """``python -m boranegui ARGS`` with the memory cap (POSIX) and the time limit."""
    kwargs: dict = {"input": stdin} if isinstance(stdin, bytes) else {"stdin": stdin}
    result = subprocess.run(
        [sys.executable, "-m", "boranegui", *args], capture_output=True, env=cli_env(), timeout=TIMEOUT_S,
        preexec_fn=_cap_memory if cap and os.name == "posix" else None, **kwargs,
    )
    return subprocess.CompletedProcess(result.args, result.returncode,
                                       result.stdout.decode("utf-8", "replace"),
                                       result.stderr.decode("utf-8", "replace"))


def refused(result: subprocess.CompletedProcess[str], where: str | Path, *words: str) -> str:
    """Assert a clean refusal: exit 2, no traceback, one line naming ``where``; returns the line."""
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(str(where)), lines[0]
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def run_here(capsys, *args: str, stdin: bytes | None = None, monkeypatch=None) -> subprocess.CompletedProcess[str]:
    """The same command in this process (fast): for inputs that cannot hang or exhaust memory."""
    import io

    from boranegui.cli import main

    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(list(args))
    out = capsys.readouterr()
    return subprocess.CompletedProcess(list(args), code, out.out, out.err)
