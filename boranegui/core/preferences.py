"""The app's settings: a small JSON file in the user data folder, written atomically.

Kept out of QSettings (which holds only window geometry) so a lab can read, copy and
version the file, and so the self-test and the CLI can read it without Qt.
"""

from __future__ import annotations

import itertools
import json
import os
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from boranegui.core.limits import read_regular_file
from boranegui.core.userdata import settings_path

TEMPERATURE_UNITS = ("C", "F")
PAGE_SIZES = ("A4", "Letter")
MAX_RECENT = 8


@dataclass(frozen=True)
class Preferences:
    rules_path: str | None = None  # None: the shipped rules
    history_path: str | None = None  # None: history.sqlite3 in the user data folder
    temperature_unit: str = "C"  # how the forms show temperatures; files always hold °C
    default_molarity: float = 1.0  # BH3·THF molarity a new run starts with
    page_size: str = "A4"  # printed and PDF protocol
    recent_files: tuple[str, ...] = field(default_factory=tuple)

    def with_recent(self, path: str) -> Preferences:
        """Put ``path`` first in the recent files, without duplicates."""
        path = os.path.abspath(path)
        recent = (path, *(p for p in self.recent_files if p != path))[:MAX_RECENT]
        return replace(self, recent_files=recent)


def _clean(data: Any) -> Preferences:
    """Settings from JSON, ignoring anything of the wrong type (a hand-edited file must not
    stop the app from starting)."""
    if not isinstance(data, dict):
        return Preferences()
    out: dict[str, Any] = {}
    for key in ("rules_path", "history_path"):
        if isinstance(data.get(key), str) and data[key]:
            out[key] = data[key]
    if data.get("temperature_unit") in TEMPERATURE_UNITS:
        out["temperature_unit"] = data["temperature_unit"]
    if data.get("page_size") in PAGE_SIZES:
        out["page_size"] = data["page_size"]
    molarity = data.get("default_molarity")
    if isinstance(molarity, int | float) and not isinstance(molarity, bool) and 0 < molarity <= 20:
        out["default_molarity"] = float(molarity)
    recent = data.get("recent_files")
    if isinstance(recent, list):
        out["recent_files"] = tuple(p for p in recent if isinstance(p, str))[:MAX_RECENT]
    return Preferences(**out)


def load(path: Path | None = None) -> Preferences:
    """The saved settings, or the defaults when there are none or the file is unreadable."""
    path = path or settings_path()
    try:
        return _clean(json.loads(read_regular_file(path, limit=1024 * 1024).decode("utf-8")))
    except (OSError, ValueError):
        return Preferences()


def merge(base: Preferences, mine: Preferences, theirs: Preferences) -> Preferences:
    """What to write when another window saved ``theirs`` since this one loaded ``base``:
    the settings this window changed, the other's for the rest, both windows' recent files."""
    out = {f.name: getattr(mine, f.name) if getattr(mine, f.name) != getattr(base, f.name)
           else getattr(theirs, f.name) for f in fields(Preferences) if f.name != "recent_files"}
    first_old = base.recent_files[0] if base.recent_files else None
    opened_here = tuple(itertools.takewhile(lambda p: p != first_old, mine.recent_files))
    recent = dict.fromkeys((*opened_here, *theirs.recent_files, *mine.recent_files))
    return Preferences(**out, recent_files=tuple(recent)[:MAX_RECENT])


def save(prefs: Preferences, path: Path | None = None, base: Preferences | None = None) -> Preferences:
    """Write the settings atomically and return what was written; OSError propagates.

    With ``base`` (the settings as this window loaded or last wrote them), the file's current
    contents are merged in first, so two open windows do not wipe each other's settings.
    """
    path = path or settings_path()
    if base is not None:
        prefs = merge(base, prefs, load(path))
    data = asdict(prefs)
    data["recent_files"] = list(prefs.recent_files)
    from boranegui.core.yamlio import write_text_atomic  # PyYAML is not needed at start-up

    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    write_text_atomic(path, text)
    return prefs
