"""Entry script of the PyInstaller bundle: make stdout/stderr usable, then run the normal CLI.

A ``--windowed`` build (the Windows and macOS app) starts with ``sys.stdout`` and
``sys.stderr`` set to None; they are pointed at the user's ``logs/console.log`` before
anything can print.  Native crashes are written there too, so IT has something to read.
"""

from __future__ import annotations

import contextlib
import faulthandler
import sys

from boranegui.console import ensure_console_streams

ensure_console_streams()
# A stream without a real file descriptor (devnull fallback) cannot take native tracebacks.
with contextlib.suppress(AttributeError, ValueError, OSError):
    faulthandler.enable(file=sys.stderr)

from boranegui.cli import main  # noqa: E402

raise SystemExit(main())
