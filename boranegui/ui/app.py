"""Start the GUI: one QApplication, fonts, a global exception hook, and the main window.

The window is shown before anything heavy is imported; RDKit and the engine load in
the background.  ``BORANEGUI_EXIT_WHEN_SHOWN=1`` makes the app print ``shown`` at the main
window's first paint and quit; ``=ready`` prints ``shown`` there, then ``ready TITLE`` once
the engine is loaded and the first run diagnosed, and quits (benchmarks/bench_startup.py).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from boranegui import __version__
from boranegui.core.userdata import log_path

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import TracebackType

    from PySide6.QtWidgets import QMessageBox, QWidget


def setup_logging() -> str:
    """Log warnings and errors to a rotating file in the user data folder."""
    import logging
    import logging.handlers

    class QuietFileHandler(logging.handlers.RotatingFileHandler):
        """A full disk or a vanished folder must not print "--- Logging error ---" tracebacks
        on stderr at every message: the failure is noted and logging goes quiet."""

        failed = False

        def handleError(self, record: logging.LogRecord) -> None:
            self.failed = True

    log = logging.getLogger("boranegui")
    path = str(log_path())
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in log.handlers):
        try:
            handler = QuietFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        except OSError:
            return ""
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    return path


def _log_words() -> str:
    """Where the log is, for the error dialog; never raises (the hook must not fail)."""
    try:
        return f"The details are in the log ({log_path()}); please"
    except Exception:
        return "Please"


class ExceptionHook:
    """Shows any unhandled exception in a dialog with "Copy details", logs it, keeps running."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent
        self.dialogs: list[QMessageBox] = []
        self.count = 0
        self.last_details = ""
        self._previous = sys.excepthook

    def install(self) -> None:
        sys.excepthook = self

    def uninstall(self) -> None:
        sys.excepthook = self._previous

    def __call__(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        import logging
        import traceback

        details = "".join(traceback.format_exception(kind, exc, tb))
        details = f"BoraneGUI {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n\n{details}"
        self.count += 1
        self.last_details = details
        logging.getLogger("boranegui").error("unhandled exception\n%s", details)
        if sys.stderr is not None:  # windowed frozen builds have no stderr
            print(details, file=sys.stderr)
        if QApplication.instance() is None or len(self.dialogs) >= 3:
            return  # never bury the user under dialogs
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Something went wrong")
        box.setTextFormat(Qt.TextFormat.PlainText)  # the exception's words may quote user text
        box.setText(f"BoraneGUI hit an internal error: {kind.__name__}: {exc}")
        box.setInformativeText(
            f"Your run is still open and nothing was lost. {_log_words()} send the details "
            "with a description of what you did."
        )
        box.setDetailedText(details)
        copy = box.addButton("Copy details", QMessageBox.ButtonRole.ActionRole)
        copy.clicked.disconnect()  # keep the dialog open after copying
        copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
        box.addButton(QMessageBox.StandardButton.Close)
        box.finished.connect(lambda *_: self.dialogs.remove(box) if box in self.dialogs else None)
        self.dialogs.append(box)
        box.open()


def register_fonts() -> None:
    """The report's bundled fonts, when the report package is installed."""
    try:
        from boranegui.report.fonts import register_fonts as register
    except ImportError:
        return
    try:
        register()
    except Exception:
        import logging

        logging.getLogger("boranegui").exception("fonts could not be registered")


def app_icon() -> QIcon:
    """The application icon from its PNG sizes (PNG needs no plugin; Qt loads a size when drawn)."""
    from boranegui.core.bundled import resource

    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        icon.addFile(str(resource("icons", f"boranegui-{size}.png")))
    return icon


class _FirstPaint(QObject):
    """Runs ``then`` just after the window's first frame is painted (what the user first sees).

    Whatever is not needed for that frame (the pages, the engine, logging, fonts) waits for
    it: a zero timer posted from the paint event fires once the frame is flushed.  Should no
    paint come (a window shown minimized, a platform that never exposes it), a fallback
    timer runs ``then`` anyway.
    """

    FALLBACK_MS = 1000

    def __init__(self, window: QWidget, then: Callable[[], None], report: str = "") -> None:
        super().__init__(window)
        self.window, self.then, self.report = window, then, report
        self.fallback = QTimer(self)
        self.fallback.setSingleShot(True)
        self.fallback.timeout.connect(self._fire)
        window.installEventFilter(self)

    def arm(self) -> None:
        """Call after ``show()``: from then on, at most FALLBACK_MS until ``then`` runs."""
        self.fallback.start(self.FALLBACK_MS)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self.window:
            if self.report:  # BORANEGUI_EXIT_WHEN_SHOWN: the benchmark's and tests' mark
                print(self.report, flush=True)
                self.report = ""
            QTimer.singleShot(0, self._fire)
        return False

    def _fire(self) -> None:
        if self.window is None:
            return
        self.window.removeEventFilter(self)
        self.fallback.stop()
        self.window = None
        self.then()


def run_app(run_path: str | None, rules_path: str | None) -> int:
    """The GUI's entry point: returns the process exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("BoraneGUI")
    app.setOrganizationName("BoraneGUI")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("boranegui")  # matches packaging/linux/boranegui.desktop
    from boranegui.ui.main_window import MainWindow

    window = MainWindow(run_path, rules_path)
    hook = ExceptionHook(window)
    hook.install()
    marks = os.environ.get("BORANEGUI_EXIT_WHEN_SHOWN")
    if marks == "ready":
        window.ready.connect(lambda: (print(f"ready {window.windowTitle()}", flush=True), app.quit()))

    def after_first_paint() -> None:
        if marks and marks != "ready":
            app.quit()
            return
        setup_logging()
        app.setWindowIcon(app_icon())  # the window manager's icon: decoding it can wait for the frame
        window.start()  # builds the page on screen, loads the engine in a worker thread
        # The report's fonts: needed for PDFs (which register them too), not for the window.
        window.ready.connect(lambda: QTimer.singleShot(0, register_fonts))

    first_paint = _FirstPaint(window, after_first_paint, report="shown" if marks else "")
    window.show()
    first_paint.arm()
    try:
        return app.exec()
    finally:
        hook.uninstall()
