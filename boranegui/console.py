"""Give a process without a console (a ``--windowed`` bundle, ``pythonw``) somewhere to print.

Imported first by the frozen launcher and ``python -m boranegui``, so it stays cheap:
only the stdlib and ``boranegui.core.userdata`` (which says where logs go).
"""

from __future__ import annotations

import os
import sys
from typing import TextIO


def ensure_console_streams() -> None:
    """Point ``sys.stdout``/``sys.stderr`` at ``logs/console.log`` when they are None.

    Such a process starts with both set to None, and the first write or warning would
    raise.  Their output goes to the user's ``logs/console.log`` (an append-only log,
    so written in place rather than atomically), or is dropped when even that folder
    cannot be created.
    """
    if sys.stdout is not None and sys.stderr is not None:
        return
    stream: TextIO
    try:
        from boranegui.core.userdata import log_path

        stream = open(log_path().parent / "console.log", "a", encoding="utf-8", buffering=1)  # noqa: SIM115
    except OSError:
        stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stdout is None:
        sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream
