"""The core must never need Qt: it is what the CLI and the tests run without a display."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import boranegui.core
from tests.conftest import cli_env


def _core_modules() -> list[str]:
    """Every module and sub-package under boranegui/core, found by walking it (no hand-kept list)."""
    return sorted(m.name for m in pkgutil.walk_packages(boranegui.core.__path__, "boranegui.core."))


def test_the_walk_finds_the_core() -> None:
    found = _core_modules()
    assert {"boranegui.core.run_record", "boranegui.core.substrate", "boranegui.core.groups"} <= set(found)


def test_core_imports_no_qt() -> None:
    code = (
        "import importlib, sys\n"
        f"for m in {_core_modules()!r}:\n"
        "    importlib.import_module(m)\n"
        "import boranegui.cli\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=cli_env(), check=True)
    assert out.stdout.strip() == "", f"Qt modules loaded by the core: {out.stdout}"
