"""The main window: a step list on the left, one page per step, and the run's file on top.

The window owns the session (the truth), the autosave, the history and the settings; the
pages only read the session and call its setters.  RDKit and the engine load in the
background after the window is on screen.  Files, the history, settings and the printable
protocol are mixins in ui/window_files.py, window_history.py, window_settings.py and
window_report.py, so this module holds the layout, the steps and start-up.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from boranegui.core import preferences as prefs_io
from boranegui.ui.session import RunSession
from boranegui.ui.style import STYLE_SHEET
from boranegui.ui.window_files import FilesMixin, _escape
from boranegui.ui.window_history import HistoryMixin
from boranegui.ui.window_report import ReportMixin
from boranegui.ui.window_settings import SettingsMixin, _window_settings

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from boranegui.core.history import History
    from boranegui.ui.autosave import Autosaver, Orphan
    from boranegui.ui.pages.base import Page

# Everything else (pages, PyYAML, SQLite, RDKit) is imported after the window is on screen.


STEPS = ("substrate", "run", "symptoms", "questions", "diagnosis", "protocol")
STEP_TITLES = ("Substrate", "Run", "Symptoms", "Questions", "Diagnosis", "Protocol")
# Each step's page (module under boranegui.ui.pages, class), imported when the page is built.
_PAGE_CLASSES = {
    "substrate": ("substrate", "SubstratePage"),
    "run": ("run", "RunPage"),
    "symptoms": ("symptoms", "SymptomsPage"),
    "questions": ("questions", "QuestionsPage"),
    "diagnosis": ("diagnosis", "DiagnosisPage"),
    "protocol": ("protocol", "ProtocolPage"),
}


class _Pages(dict[str, Any]):
    """The pages by step.  A page not built yet is built when first asked for (``pages[key]``);
    iterating, ``in`` and ``len`` see only the pages built so far."""

    def __init__(self, build: Any) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, key: str) -> Page:
        if key not in STEPS:
            raise KeyError(key)
        return self._build(key)


class MainWindow(FilesMixin, HistoryMixin, SettingsMixin, ReportMixin, QMainWindow):
    """BoraneGUI's one window."""

    ready = Signal()  # the engine is loaded and the first run is open

    def __init__(
        self,
        run_path: str | None = None,
        rules_path: str | None = None,
        first_start_example: bool = True,
    ) -> None:
        super().__init__()
        self.setStyleSheet(STYLE_SHEET)
        self.setAcceptDrops(True)
        self.resize(1280, 800)
        self.prefs = self._prefs_base = prefs_io.load()
        self.session = RunSession(self)
        self.session.rules_path = rules_path or self.prefs.rules_path
        self._initial_run = run_path
        self._first_start_example = first_start_example
        self.history: History | None = None
        self._lab_figures: list | None = None  # what worked in this lab, until the next run is stored
        self._history_down = ""  # why the history failed; not retried until asked for
        self._closed = False  # set on close: pages waiting to be built are not built any more
        self.last_error = ""  # the last error shown to the user (tests read it)
        self.orphans: list[Orphan] = []
        self.pages: dict[str, Page] = {}
        self.autosaver: Autosaver | None = None
        self._banner_run: int | None = None  # the run a banner is about (see show_banner)
        self._banner_rules = False  # the banner lists the problems of the lab's rules file
        self._build()
        self.session.file_changed.connect(self._update_title)
        self.session.rules_changed.connect(self._show_rules_status)
        self.session.engine_loaded.connect(self._on_engine_loaded)
        self._update_title()
        geometry = _window_settings().value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    # ---- building ------------------------------------------------------------------------
    def _build(self) -> None:
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.banner = QFrame()
        self.banner.setObjectName("banner")
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(14, 8, 14, 8)
        self.banner_text = QLabel("")
        self.banner_text.setTextFormat(Qt.TextFormat.RichText)  # callers escape every user string
        self.banner_text.setWordWrap(True)
        self.restore_button = QPushButton("Restore")
        self.restore_button.clicked.connect(self.restore_autosave)
        self.discard_button = QPushButton("Discard")
        self.discard_button.clicked.connect(self.discard_autosave)
        self.banner_close = QPushButton("Dismiss")
        self.banner_close.clicked.connect(self.banner.hide)
        banner_layout.addWidget(self.banner_text, 1)
        for button in (self.restore_button, self.discard_button, self.banner_close):
            banner_layout.addWidget(button)
        self.banner.hide()
        outer.addWidget(self.banner)

        row = QHBoxLayout()
        row.setSpacing(0)
        self.steps = QListWidget()
        self.steps.setObjectName("steps")
        self.steps.setFixedWidth(200)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        for number, title in enumerate(STEP_TITLES, 1):
            item = QListWidgetItem(f"{number}   {title}")
            item.setData(Qt.ItemDataRole.UserRole, STEPS[number - 1])
            self.steps.addItem(item)
        # Until the pages are built (just after the window shows), a quiet placeholder.
        placeholder = QLabel("Loading…")
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        placeholder.setObjectName("muted")
        self.stack.addWidget(placeholder)
        self.steps.currentRowChanged.connect(self._on_step)
        row.addWidget(self.steps)
        right = QVBoxLayout()
        right.setSpacing(0)
        right.addWidget(self.stack, 1)
        nav = QFrame()
        nav.setObjectName("navBar")
        nav_layout = QHBoxLayout(nav)
        nav_layout.setContentsMargins(28, 8, 28, 8)
        self.back_button = QPushButton("Back")
        self.back_button.setToolTip("Ctrl+PgUp or Alt+Left")
        self.back_button.clicked.connect(lambda: self.go(self.steps.currentRow() - 1))
        self.next_button = QPushButton("Next")
        self.next_button.setObjectName("primary")
        self.next_button.setToolTip("Ctrl+PgDown or Alt+Right")
        self.next_button.clicked.connect(lambda: self.go(self.steps.currentRow() + 1))
        self.nav_hint = QLabel("")
        self.nav_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.nav_hint.setObjectName("muted")
        # Wraps instead of widening the window: a list of missing fields made it 1093 px wide,
        # more than a 1024 px screen.
        self.nav_hint.setWordWrap(True)
        self.nav_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        nav_layout.addWidget(self.back_button)
        nav_layout.addWidget(self.nav_hint, 1)
        nav_layout.addWidget(self.next_button)
        right.addWidget(nav)
        row.addLayout(right, 1)
        outer.addLayout(row, 1)
        self.setCentralWidget(central)
        self.rules_label = QLabel("")
        self.rules_label.setTextFormat(Qt.TextFormat.PlainText)  # a file name is user text
        self.statusBar().addPermanentWidget(self.rules_label)
        self.statusBar().showMessage("Loading the chemistry engine…")
        self._build_menus()
        self.session.run_changed.connect(self._update_nav)
        self.session.diagnosis_changed.connect(self._update_nav)
        self.steps.setCurrentRow(0)

    def _build_pages(self) -> None:
        """The current step's page now; the others once the engine is ready (one per turn of the
        event loop, see :meth:`_build_next_page`), or as soon as something asks for them."""
        row = max(self.steps.currentRow(), 0)
        self.pages = _Pages(self._build_page)
        self._build_page(STEPS[row])
        placeholder = self.stack.widget(0)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self.session.diagnosis_changed.connect(self.update_lab_notes)
        self._on_step(row)

    def _build_page(self, key: str) -> Page:
        import importlib

        module, name = _PAGE_CLASSES[key]
        page: Any = getattr(importlib.import_module(f"boranegui.ui.pages.{module}"), name)(self.session)
        dict.__setitem__(self.pages, key, page)
        self.stack.addWidget(page)
        if key == "run":
            page.set_temperature_unit(self.prefs.temperature_unit)
        elif key == "questions":
            page.temperature_unit = self.prefs.temperature_unit
        elif key == "protocol":
            page.pdf_requested.connect(self.export_pdf)
            page.print_requested.connect(self.print_protocol)
        elif key == "diagnosis" and self.session.diagnosis is not None:  # what worked in this lab
            self.update_lab_notes()
        if self.session.engine_ready:  # built after the engine came: catch up with the others
            page.on_engine_loaded()
            self._order_tabs()
        return page

    def _build_next_page(self) -> None:
        """Build one page not built yet, then come back on the next turn of the event loop."""
        missing = [key for key in STEPS if key not in self.pages]
        if missing and not self._closed:
            self._build_page(missing[0])
            QTimer.singleShot(0, self._build_next_page)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")

        def action(menu, text: str, slot, shortcut: Any = None) -> QAction:
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(slot)
            menu.addAction(act)
            return act

        action(file_menu, "&New run", self.new_run, QKeySequence.StandardKey.New)
        action(file_menu, "&Open run…", self.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self._fill_recent()
        action(file_menu, "Open &worked example", self.open_example)
        file_menu.addSeparator()
        action(file_menu, "&Save", self.save, QKeySequence.StandardKey.Save)
        action(file_menu, "Save &as…", self.save_as, QKeySequence.StandardKey.SaveAs)
        file_menu.addSeparator()
        self.pdf_action = action(file_menu, "Export protocol as &PDF…", self.export_pdf)
        self.print_action = action(file_menu, "&Print protocol…", self.print_protocol, QKeySequence.StandardKey.Print)
        self.ord_action = action(file_menu.addMenu("E&xport"), "Open Reaction &Database…", lambda: self.export_ord())
        file_menu.addSeparator()
        action(file_menu, "Start the ne&xt attempt from this protocol", self.start_next_attempt)
        action(file_menu, "Run &history…", self.show_history, "Ctrl+H")
        action(file_menu, "Se&ttings…", self.show_settings, QKeySequence.StandardKey.Preferences)
        file_menu.addSeparator()
        action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        # Steps from the keyboard: the usual "next/previous page" keys, and Ctrl+1..6 for a step.
        go_menu = self.menuBar().addMenu("&Go")
        self.next_action = action(go_menu, "&Next step", lambda: self.go(self.steps.currentRow() + 1))
        self.next_action.setShortcuts([QKeySequence("Ctrl+PgDown"), QKeySequence("Alt+Right")])
        self.back_action = action(go_menu, "&Previous step", lambda: self.go(self.steps.currentRow() - 1))
        self.back_action.setShortcuts([QKeySequence("Ctrl+PgUp"), QKeySequence("Alt+Left")])
        go_menu.addSeparator()
        for number, title in enumerate(STEP_TITLES, 1):
            action(go_menu, f"&{number} {title}", lambda _=False, n=number - 1: self.go(n), f"Ctrl+{number}")
        help_menu = self.menuBar().addMenu("&Help")
        action(help_menu, "Open the data &folder", self._open_data_folder)
        action(help_menu, "&About BoraneGUI", self._about)

    # ---- start-up ------------------------------------------------------------------------
    def start(self) -> None:
        """Build the pages and load the engine in the background (call once the window is shown)."""
        from boranegui.ui.autosave import Autosaver
        from boranegui.ui.session import EngineLoader

        if not self.pages:
            from boranegui.ui.step_list import StepDelegate

            self.steps.setItemDelegate(StepDelegate(self.steps))
            self._build_pages()
        if self.autosaver is None:
            self.autosaver = Autosaver(self.session, parent=self)
            self.autosaver.failed.connect(lambda words: self.statusBar().showMessage(words, 15000))
        self.loader = EngineLoader(self)
        self.loader.loaded.connect(self.session.set_engine)
        self.loader.failed.connect(self._engine_failed)
        self.loader.start()

    def _engine_failed(self, message: str) -> None:
        self.show_error("The chemistry engine could not be loaded", message)
        self.statusBar().showMessage("The chemistry engine could not be loaded.")

    def _on_engine_loaded(self) -> None:
        for page in list(self.pages.values()):
            page.on_engine_loaded()
        self._order_tabs()
        self.statusBar().showMessage("Ready.", 4000)
        self._open_initial()
        self.ready.emit()
        QTimer.singleShot(0, self._build_next_page)  # the pages not seen yet, while the user looks

    def _open_initial(self) -> None:
        from boranegui.ui.autosave import find_orphans

        self.orphans = find_orphans()
        if self._initial_run:
            if not self.open_path(self._initial_run):  # said why; start on a new run instead
                self.session.new_run(self.prefs.default_molarity)
        elif self._first_start_example and not self.orphans and self._history_count() == 0:
            self.open_example()
        else:
            self.session.new_run(self.prefs.default_molarity)
        if self.orphans:
            orphan = self.orphans[0]
            when = orphan.saved_at.replace("T", " ")[:16] or "an earlier session"
            self.show_banner(
                f"<b>Unsaved work was recovered.</b> “{_escape(orphan.title or 'Untitled run')}” from {_escape(when)} "
                "was not saved when BoraneGUI last closed. Restore it?",
                restore=True,
            )

    def _order_tabs(self) -> None:
        """Tab goes from the step list into the page and then to Back and Next, as the eye
        reads the window; the pages (built after the buttons) would otherwise come last."""
        # findChildren, not a walk of the focus chain: the walk passes the menus, and PySide
        # then deletes the recent-files menu with its temporary wrapper.
        pages = [self.pages[key] for key in STEPS if key in self.pages]  # built so far
        in_pages = [w for page in pages for w in page.findChildren(QWidget)
                    if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.window() is self]  # not in popups
        chain = [self.steps, *in_pages, self.back_button, self.next_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def show_banner(self, html: str, restore: bool = False, about_run: bool = False) -> None:
        """A message across the window; ``about_run``: it describes the open run, and goes
        when another run is loaded."""
        self._banner_run = self.session.loads if about_run else None
        self._banner_rules = False
        self.banner_text.setText(html)
        self.restore_button.setVisible(restore)
        self.discard_button.setVisible(restore)
        self.banner_close.setVisible(not restore)
        self.banner.show()

    def restore_autosave(self) -> None:
        if not self.orphans:
            return
        orphan = self.orphans.pop(0)
        try:
            data = orphan.data()
        except (OSError, ValueError) as exc:
            self.show_error("The autosave could not be read", str(exc))
            return
        self.session.load_data(data, path=orphan.path, dirty=True)
        if self.autosaver is not None:
            self.autosaver.save_now()
        orphan.discard()
        self.banner.hide()
        self.statusBar().showMessage("Restored the unsaved run.", 5000)

    def discard_autosave(self) -> None:
        for orphan in self.orphans:
            orphan.discard()
        self.orphans = []
        self.banner.hide()

    # ---- navigation ----------------------------------------------------------------------
    def go(self, index_or_key: int | str) -> None:
        index = STEPS.index(index_or_key) if isinstance(index_or_key, str) else index_or_key
        if 0 <= index < len(STEPS):
            self.steps.setCurrentRow(index)
            if self.pages and self.isActiveWindow():
                self.pages[STEPS[index]].focus_first()  # Next, then type: no click into the page

    def current_step(self) -> str:
        return STEPS[self.steps.currentRow()]

    def _on_step(self, row: int) -> None:
        if not self.pages:
            self._update_nav()
            return
        page = self.pages[STEPS[row]]
        self.stack.setCurrentWidget(page)
        page.refresh()
        self._update_nav()
        if STEPS[row] in ("diagnosis", "protocol"):
            self.record_history()

    def _update_nav(self) -> None:
        row = self.steps.currentRow()
        self.back_button.setEnabled(row > 0)
        self.next_button.setVisible(row < len(STEPS) - 1)
        if row < len(STEPS) - 1:
            self.next_button.setText(f"Next: {STEP_TITLES[row + 1]}")
        s = self.session
        from boranegui.core.run_fields import missing_words

        if not s.engine_ready:
            hint = "Loading the chemistry engine…"
        elif s.record is None:
            missing = missing_words(s.problems)
            more = f" and {len(missing) - 2} more" if len(missing) > 2 else ""
            hint = "Still needed: " + ", ".join(missing[:2]) + more
        elif s.diagnosis is not None and s.diagnosis.top is not None:
            hint = f"Most likely: {s.diagnosis.top.title}"
        else:
            hint = ""
        self.nav_hint.setText(hint)
        self.nav_hint.setToolTip(", ".join(missing_words(s.problems)) if s.record is None and s.problems else "")
        self._update_step_badges()

    def _update_step_badges(self) -> None:
        """The step list says where things stand: symptoms seen, questions open, top cause."""
        if not self.pages:
            return
        from boranegui.ui.step_list import BADGE_ROLE

        s = self.session
        seen = len((s.data.get("outcome") or {}).get("symptoms") or [])
        badges = {
            "symptoms": f"{seen} seen" if seen else "",
            "questions": f"{len(s.open_questions())} open" if s.open_questions() else "",
            "diagnosis": _count(len(s.diagnosis.causes), "cause") if s.diagnosis is not None else "",
            "protocol": _count(len(s.revised.changes), "change") if s.revised is not None else "",
        }
        for row, key in enumerate(STEPS):
            item = self.steps.item(row)
            if item is not None and item.data(BADGE_ROLE) != badges.get(key, ""):
                item.setData(BADGE_ROLE, badges.get(key, ""))

    # ---- files ---------------------------------------------------------------------------
    def _update_title(self) -> None:
        if self._banner_run is not None and self._banner_run != self.session.loads:
            self._banner_run = None  # "Worked example." must not stay over the chemist's own run
            self.banner.hide()
        self.setWindowTitle(f"BoraneGUI — {self.session.display_title()}[*]")
        self.setWindowModified(self.session.dirty)

    def show_error(self, title: str, text: str, details: str = "") -> None:
        """Tell the user in words; never blocks the event loop, never loses their data."""
        self.last_error = f"{title}: {text}"
        import logging

        logging.getLogger("boranegui").warning("%s", self.last_error)
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # messages quote titles, paths and file lines
        if details:
            box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _open_data_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from boranegui.core.userdata import user_data_dir

        folder = str(user_data_dir())
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(folder)):  # no file manager here
            self.show_error("The data folder cannot be opened here",
                            f"No program to open folders was found. BoraneGUI keeps its data in:\n\n{folder}")

    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from boranegui import __version__

        QMessageBox.about(
            self,
            "About BoraneGUI",
            f"<b>BoraneGUI {__version__}</b><br>Troubleshooting borane reductions of lactams to amines.",
        )

    # ---- closing -------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        _window_settings().setValue("geometry", self.saveGeometry())
        if self.autosaver is not None:
            self.autosaver.close()
        if self.history is not None:
            self.history.close()
            self.history = None
        self._closed = True  # pages still waiting to be built are not built any more
        event.accept()


def _count(n: int, noun: str) -> str:
    return "" if not n else f"1 {noun}" if n == 1 else f"{n} {noun}s"

