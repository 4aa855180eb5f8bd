"""Where the app keeps its own files: settings, history, autosave, logs.

One place so the GUI, the self-test and packaging agree: ``$BORANEGUI_HOME`` when set
(tests, portable installs), else the platform's user data folder.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

APP_NAME = "BoraneGUI"


def user_data_dir(create: bool = True) -> Path:
    """The user data folder (created on first use unless ``create`` is False)."""
    home = os.environ.get("BORANEGUI_HOME")
    if home:
        path = Path(home)
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    if create:
        _make(path)
    return path


def _make(folder: Path) -> None:
    """Create a folder if we can.  An unwritable data folder must not stop the app from
    starting: the write that needs it fails later, in words, where it can be reported."""
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)


def settings_path() -> Path:
    return user_data_dir() / "settings.json"


def default_history_path() -> Path:
    return user_data_dir() / "history.sqlite3"


def autosave_dir() -> Path:
    path = user_data_dir() / "autosave"
    _make(path)
    return path


def log_path() -> Path:
    path = user_data_dir() / "logs"
    _make(path)
    return path / "boranegui.log"
