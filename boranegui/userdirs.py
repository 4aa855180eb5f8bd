"""Where the app keeps the user's data and its logs: $BORANEGUI_HOME, else the platform's place.

Qt-free and cheap to import, because the frozen launcher needs the logs folder before
anything else is imported (a ``--windowed`` build has no console to print to).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

APP_NAME = "BoraneGUI"


def user_data_dir() -> Path:
    """Settings, history, autosave and logs live here (created on first use by the writer)."""
    home = os.environ.get("BORANEGUI_HOME")
    if home:
        return Path(home)
    from platformdirs import user_data_dir as platform_user_data_dir

    return Path(platform_user_data_dir(APP_NAME, appauthor=False))


def logs_dir() -> Path:
    """The ``logs/`` folder under the user data folder, created if missing."""
    path = user_data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def ensure_console_streams() -> None:
    """Give a ``--windowed`` build (or ``pythonw``) somewhere to write.

    Such a process starts with ``sys.stdout``/``sys.stderr`` set to None, and the first
    ``print`` or warning would raise.  Their output goes to ``logs/console.log`` instead
    (an append-only log, so it is written in place rather than atomically), or is dropped
    when even that folder cannot be created.
    """
    if sys.stdout is not None and sys.stderr is not None:
        return
    stream: TextIO
    try:
        stream = open(logs_dir() / "console.log", "a", encoding="utf-8", buffering=1)  # noqa: SIM115
    except OSError:
        stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stdout is None:
        sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream
