"""File > Export > Open Reaction Database: the current run, and its revised protocol as planned.

The window's menu calls :func:`export_ord`; everything ORD-specific lives in
:mod:`boranegui.core.ord_io`, which imports ``ord-schema`` only now.  Without the
optional extra the user is told, in one line, how to install it.
"""

from __future__ import annotations

import os
from typing import Any


def export_ord(window: Any, path: str | None = None) -> bool:
    """Write the run (and, once there is one, its revised protocol marked as planned) as one ORD file."""
    from boranegui.core import ord_io

    session = window.session
    if not ord_io.available():
        window.show_error("Open Reaction Database export is not installed", str(ord_io.OrdUnavailable()))
        return False
    if session.record is None:
        window.show_error("No run yet", "Complete the run first: the export is made from it.")
        return False
    if not path:
        from PySide6.QtWidgets import QFileDialog

        name = session.display_title().replace("/", "-").replace(os.sep, "-")
        suggested = os.path.join(window._folder(), f"{name}.ord.pbtxt")
        path, _ = QFileDialog.getSaveFileName(
            window, "Export as Open Reaction Database", suggested,
            "ORD text (*.pbtxt);;ORD binary (*.pb);;ORD JSON (*.json)")
        if not path:
            return False
    if os.path.splitext(path)[1].lower() not in ord_io.FORMATS:
        path += ".pbtxt"
    label = session.path or session.display_title()
    try:
        reactions = [(label, ord_io.run_reaction(session.record))]
        if session.revised is not None:
            reactions.append((f"{label} (planned)", ord_io.planned_reaction(session.record, session.revised)))
        done = ord_io.write_reactions(reactions, path, session.display_title())
    except (OSError, ValueError) as exc:
        window.show_error("The ORD file could not be written", str(exc))
        return False
    what = "the run and its revised protocol (planned)" if done.reactions == 2 else "the run"
    window.statusBar().showMessage(f"Wrote {path}: {what} as Open Reaction Database", 6000)
    return True
