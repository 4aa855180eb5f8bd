"""The core must never need Qt: it is what the CLI and the tests run without a display."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import cli_env

CORE_MODULES = ["run_record", "substrate", "rules", "diagnosis", "protocol", "parameters", "yamlio", "bundled"]


def test_core_imports_no_qt() -> None:
    code = (
        "import importlib, sys\n"
        f"for m in {CORE_MODULES!r}:\n"
        "    importlib.import_module('boranegui.core.' + m)\n"
        "import boranegui.cli\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=cli_env(), check=True)
    assert out.stdout.strip() == "", f"Qt modules loaded by the core: {out.stdout}"
