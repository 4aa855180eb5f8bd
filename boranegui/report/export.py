"""PDF export, print preview and printing of the revised protocol: one renderer for all three.

The PDF is rendered into memory first and then written atomically, so a failed write
(folder not writable, file open in a viewer on Windows) leaves the old file as it was
and the caller still holds everything: it gets a ReportWriteError that says what
happened in words, and may try another name.  PDF export needs only QtGui and QtSvg,
so ``boranegui protocol RUN --pdf OUT`` works headless (offscreen platform, no widgets).
"""

from __future__ import annotations

import errno
import html
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from boranegui.core.atomic import save_target, write_bytes_atomic
from boranegui.report.document import Report, make_report

if TYPE_CHECKING:
    import datetime

    from PySide6.QtWidgets import QWidget

    from boranegui.core.diagnosis import Diagnosis
    from boranegui.core.protocol import RevisedProtocol
    from boranegui.core.run_record import RunRecord
    from boranegui.core.substrate import SubstrateAnalysis

DEFAULT_PAGE_SIZE = "A4"
_app: Any = None  # the QGuiApplication we made for a headless export, kept alive


class ReportWriteError(OSError):
    """The PDF could not be written; the message says why and what to do. Nothing was lost."""

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}" if self.filename else str(self.strerror)


def ensure_gui_application() -> Any:
    """The running QGuiApplication, or a new offscreen one for headless use."""
    global _app
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication

    app = QCoreApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window is ever shown
        _app = app = QGuiApplication([sys.argv[0] if sys.argv and sys.argv[0] else "boranegui"])
    elif not isinstance(app, QGuiApplication):
        raise RuntimeError("PDF export needs a QGuiApplication, but a QCoreApplication is running")
    return app


def render_pdf(report: Report, page_size: str = DEFAULT_PAGE_SIZE) -> bytes:
    """The report as PDF bytes (fonts embedded, structure as vector paths)."""
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QPdfWriter

    from boranegui.report import pages

    ensure_gui_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(1200)
    writer.setTitle(f"Revised protocol: {report.title}")
    writer.setCreator(f"BoraneGUI {report.meta.version}")
    pages.setup_device(writer, page_size)
    pages.paint(writer, report)
    del writer  # flushes the PDF trailer into the buffer
    buffer.close()
    return bytes(buffer.data().data())


def _write_error(exc: OSError, path: Path) -> ReportWriteError:
    """Turn an OS failure into words a chemist can act on."""
    if isinstance(exc, IsADirectoryError) or path.is_dir():
        why = "this is a folder; give a file name ending in .pdf"
    elif isinstance(exc, FileNotFoundError) and not path.parent.is_dir():
        why = f"the folder {path.parent} does not exist"
    elif isinstance(exc, PermissionError):
        why = ("permission denied: the folder is not writable, or the file is open in another program "
               "(close the PDF viewer) — choose another name or folder; nothing was lost")
    else:
        why = f"cannot write the PDF: {exc.strerror or exc}"
    return ReportWriteError(exc.errno or errno.EIO, why, str(path))


def export_pdf(report: Report, out_path: str | os.PathLike[str], page_size: str = DEFAULT_PAGE_SIZE) -> None:
    """Render ``report`` and write it atomically to ``out_path``; ReportWriteError on failure."""
    path = Path(out_path)
    try:
        save_target(path)  # a device, pipe or read-only file is refused before the render
    except OSError as exc:
        raise _write_error(exc, path) from exc
    data = render_pdf(report, page_size)
    try:
        write_bytes_atomic(path, data)
    except OSError as exc:
        raise _write_error(exc, path) from exc


def export_pdf_headless(
    run: RunRecord,
    revised: RevisedProtocol,
    out_path: str | os.PathLike[str],
    run_path: str | os.PathLike[str] | None = None,
    rules_path: str | os.PathLike[str] | None = None,
    *,
    page_size: str = DEFAULT_PAGE_SIZE,
    diagnosis: Diagnosis | None = None,
    substrate: SubstrateAnalysis | None = None,
    today: datetime.date | None = None,
) -> None:
    """``boranegui protocol RUN --pdf OUT``: the PDF without any window.

    The substrate analysis and the diagnosis are recomputed when not given (the
    diagnosis with the same rules file, so the printed checksum matches them).
    """
    ensure_gui_application()
    if substrate is None:
        from boranegui.core.substrate import analyse

        try:
            substrate = analyse(run.substrate.structure)
        except ValueError:
            substrate = None  # the document says the structure could not be drawn
    if diagnosis is None:
        from boranegui.core.diagnosis import diagnose
        from boranegui.core.rules import load_rules

        diagnosis = diagnose(run, load_rules(rules_path), substrate)
    report = make_report(run, revised, diagnosis=diagnosis, substrate=substrate,
                         run_path=run_path, rules_path=rules_path, today=today)
    export_pdf(report, out_path, page_size)


def _printer(page_size: str) -> Any:
    from PySide6.QtPrintSupport import QPrinter

    from boranegui.report import pages

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    pages.setup_device(printer, page_size)
    return printer


def print_document(parent: QWidget | None, report: Report, page_size: str = DEFAULT_PAGE_SIZE) -> bool:
    """Ask for a printer (the system print dialog) and print; False when cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog

    from boranegui.report import pages

    printer = _printer(page_size)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the revised protocol")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    pages.paint(printer, report)
    return True


def preview_dialog(parent: QWidget | None, report: Report, page_size: str = DEFAULT_PAGE_SIZE) -> Any:
    """A QPrintPreviewDialog showing exactly the pages of the PDF; its Print button prints them."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    from boranegui.report import pages

    printer = _printer(page_size)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Print preview: {report.title}")
    dialog.paintRequested.connect(lambda p: pages.paint(p, report))
    dialog._printer = printer  # type: ignore[attr-defined]  # keep the printer alive with the dialog
    return dialog


def preview(parent: QWidget | None, report: Report, page_size: str = DEFAULT_PAGE_SIZE) -> int:
    """Show the print preview (modal); returns the dialog's result."""
    return preview_dialog(parent, report, page_size).exec()


def suggested_file_name(report: Report) -> str:
    """'<run file stem>-protocol.pdf', or one made from the title, safe on every file system."""
    import re

    stem = report.meta.run_file.split(".")[0] if report.meta.run_file else report.title
    stem = re.sub(r"[^\w\-]+", "-", stem, flags=re.UNICODE).strip("-")[:60] or "borane"
    return f"{stem}-protocol.pdf"


def save_pdf_interactive(
    parent: QWidget | None, report: Report, folder: str | os.PathLike[str] | None = None,
    page_size: str = DEFAULT_PAGE_SIZE,
) -> Path | None:
    """Export PDF button: ask where, write atomically, and on failure say why and ask again.

    Returns the written path, or None when the chemist cancels; nothing is lost either way.
    """
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    start = Path(folder or Path.home()) / suggested_file_name(report)
    while True:
        name, _ = QFileDialog.getSaveFileName(parent, "Export the revised protocol as PDF", str(start),
                                              "PDF documents (*.pdf)")
        if not name:
            return None
        path = Path(name) if name.lower().endswith(".pdf") else Path(name + ".pdf")
        try:
            export_pdf(report, path, page_size)
        except ReportWriteError as exc:
            # The message quotes the chosen path: rich text with every character escaped, so a
            # name like "<img src=...>" is shown, never rendered (Qt guesses the format otherwise).
            words = html.escape(f"{exc}\n\nChoose another name or folder.").replace("\n", "<br>")
            QMessageBox.warning(parent, "PDF not saved", f"<p>{words}</p>")
            start = path
            continue
        return path
