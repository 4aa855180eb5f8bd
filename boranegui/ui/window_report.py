"""The window's printable protocol: the report built from the session, PDF, ORD export and printing.

A mixin of :class:`boranegui.ui.main_window.MainWindow`; the document itself is boranegui/report.
"""

from __future__ import annotations

import os
from typing import Any


class ReportMixin:
    """Export and print the revised protocol of the run on screen."""

    def _report(self) -> Any:
        """The report of the current run, or None (said why) when there is no protocol yet."""
        s = self.session
        report = s.report()
        if report is None:
            self.show_error("No protocol yet", s.protocol_error or s.engine_error or
                            "Complete the run first: the protocol is computed from it.")
        return report

    def export_pdf(self, path: str | None = None) -> bool:
        """Write the revised protocol as PDF (atomically); a failure is said in words."""
        report = self._report()
        if report is None:
            return False
        if not path:
            name = self.session.display_title().replace("/", "-").replace(os.sep, "-")
            suggested = os.path.join(self._folder(), f"{name} - revised protocol.pdf")
            from PySide6.QtWidgets import QFileDialog

            path, _ = QFileDialog.getSaveFileName(self, "Export the protocol as PDF", suggested, "PDF (*.pdf)")
            if not path:
                return False
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        from boranegui.report.export import export_pdf

        try:
            export_pdf(report, path, self.prefs.page_size)
        except OSError as exc:  # ReportWriteError says what happened in words
            self.show_error("The PDF could not be written", f"{exc}\n\nThe protocol is still here; try another name.")
            return False
        self.statusBar().showMessage(f"Wrote {path}", 6000)
        return True

    def export_ord(self, path: str | None = None) -> bool:
        """The run, and its revised protocol as planned, as an Open Reaction Database file."""
        from boranegui.ui.ord_export import export_ord

        return export_ord(self, path)

    def print_protocol(self) -> None:
        """Print preview of exactly the PDF's pages; its Print button prints (Ctrl+P)."""
        report = self._report()
        if report is None:
            return
        from boranegui.report.export import preview_dialog

        self.preview = preview_dialog(self, report, self.prefs.page_size)
        self.preview.open()

    # ---- help ----------------------------------------------------------------------------
