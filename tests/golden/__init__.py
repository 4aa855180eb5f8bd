"""What the CLI answers, as JSON, for every run under tests/data: the behaviour a refactor must keep.

``python -m tests.golden`` writes the files; ``tests/core/test_golden.py`` compares.  A change of
chemistry regenerates them in the same commit, so the review sees every answer that moved.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"


def runs() -> list[Path]:
    """The run files whose answers are kept (tests/data, not its sub-folders)."""
    return sorted(DATA.glob("*.borane.yaml"))


def answers(run: Path) -> dict[str, Any]:
    """The JSON of ``substrate``, ``diagnose`` and ``protocol`` for one run, as the CLI prints it."""
    from boranegui.cli import main
    from boranegui.core import run_record

    def cli(*args: str) -> Any:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main([*args, "--json"])
        assert code == 0, (args, code)
        return json.loads(out.getvalue())

    structure = run_record.load(run).substrate.structure
    return {"substrate": cli("substrate", structure), "diagnose": cli("diagnose", str(run)),
            "protocol": cli("protocol", str(run))}


def path_for(run: Path) -> Path:
    return HERE / (run.name.removesuffix(".borane.yaml") + ".json")


def write_all() -> None:
    for run in runs():
        path_for(run).write_text(json.dumps(answers(run), indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                                 encoding="utf-8")
