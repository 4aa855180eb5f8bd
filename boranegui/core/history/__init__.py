"""The run history: every diagnosed run, its attempt chain and what worked, on SQLite or a lab server.

``History(path)`` is a SQLite file on this PC (the default, nothing to configure);
``History("postgresql://host/db")`` is one history for the whole lab, with a local
queue for when the server cannot be reached.  Each entry keeps the run file's own
text, so re-opening an entry gives back exactly what the chemist had.
"""

from __future__ import annotations

from boranegui.core.history.dialect import is_url
from boranegui.core.history.lab import History, default_queue_path, history_location
from boranegui.core.history.model import (
    HistoryCause,
    HistoryChange,
    HistoryEntry,
    HistoryError,
    LabFigure,
    entry_for,
    file_key,
    improved,
)
from boranegui.core.history.schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "History",
    "HistoryCause",
    "HistoryChange",
    "HistoryEntry",
    "HistoryError",
    "LabFigure",
    "default_queue_path",
    "entry_for",
    "file_key",
    "history_location",
    "improved",
    "is_url",
]
