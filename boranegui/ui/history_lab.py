"""What the Diagnosis page shows from the history: the lab's figures per action and what was already tried."""

from __future__ import annotations

from typing import Any

from boranegui.core.history import History, HistoryError, LabFigure
from boranegui.ui.history_view import change_words


def lab_notes(history: History, record: Any, figures: list[LabFigure] | None
              ) -> tuple[dict[tuple[str, str], LabFigure], list[str], list[LabFigure] | None]:
    """(figures by (cause, action), already-tried lines, the figures to keep for next time).

    ``figures`` is the list computed last time (None: ask the history again).  A history
    that cannot be read gives no figures rather than an error: these notes are extras.
    """
    try:
        if figures is None:
            figures = history.lab_figures()
    except HistoryError:
        figures = None
    by_pair = {(f.cause, f.action): f for f in figures or ()}
    tried: list[str] = []
    follows = getattr(record, "follows", None) or {}
    earlier = str(follows.get("run") or "")
    if earlier:
        try:
            chain = history.chain(earlier)
        except HistoryError:
            chain = []
        keys = [e.key for e in chain]
        chain = chain[: keys.index(earlier) + 1] if earlier in keys else []
        for number, entry in enumerate(chain, 1):
            yld = f", {entry.yield_percent:g} %" if entry.yield_percent is not None else ""
            for change in entry.changes:
                tried.append(f"Attempt {number}{yld}: {change_words(change)} "
                             f"(for {change.cause_title or change.cause.replace('_', ' ')})")
        from boranegui.core.history.model import changes_from

        own = changes_from(follows.get("changes"))
        label = f"Attempt {len(chain) + 1} (this run)" if chain else "This run"
        tried += [f"{label}: {change_words(c)} (for {c.cause_title or c.cause.replace('_', ' ')})" for c in own]
    return by_pair, tried, figures
