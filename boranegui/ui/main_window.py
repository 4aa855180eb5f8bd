"""The main window: a step list on the left, one page per step, and the run's file on top.

The window owns the session (the truth), the autosave, the history and the settings; the
pages only read the session and call its setters.  RDKit and the engine load in the
background after the window is on screen.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
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
from boranegui.core.userdata import default_history_path
from boranegui.ui.session import RunSession
from boranegui.ui.style import STYLE_SHEET

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent

    from boranegui.core.history import History
    from boranegui.ui.autosave import Autosaver, Orphan
    from boranegui.ui.pages.base import Page

# Everything else (pages, PyYAML, SQLite, RDKit) is imported after the window is on screen.


RUN_FILTER = "BoraneGUI runs (*.borane.yaml *.yaml *.yml)"
STRUCTURE_SUFFIXES = (".mol", ".sdf", ".mdl")
RUN_SUFFIXES = (".yaml", ".yml")
HISTORY_LOCK_WAIT_S = 0.3  # another program holding the history: give up fast, say so, go on
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


class MainWindow(QMainWindow):
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
        if self.session.engine is not None:  # built after the engine came: catch up with the others
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
        from boranegui.ui.session import missing_words

        if s.engine is None:
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

    def maybe_save(self) -> bool:
        """Before the run is replaced or the window closes: True to go on."""
        if not self.session.dirty:
            return True
        answer = self.ask_unsaved()
        if answer == "save":
            return self.save()
        return answer == "discard"

    def ask_unsaved(self) -> str:
        """'save', 'discard' or 'cancel' (a separate method so tests can answer it)."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Unsaved changes")
        box.setTextFormat(Qt.TextFormat.PlainText)  # the run's title is user text
        box.setText(f"“{self.session.display_title()}” has changes that are not saved.")
        box.setInformativeText("Save them before going on?")
        box.setStandardButtons(
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        result = box.exec()
        return {
            QMessageBox.StandardButton.Save: "save",
            QMessageBox.StandardButton.Discard: "discard",
        }.get(QMessageBox.StandardButton(result), "cancel")

    def new_run(self) -> None:
        if self.maybe_save():
            self.session.new_run(self.prefs.default_molarity)
            self.go("substrate")

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, "Open a run", self._folder(), RUN_FILTER)
        if path:
            self.open_path(path, confirmed=True)

    def open_path(self, path: str, confirmed: bool = False) -> bool:
        """Open a run file; a bad file is reported (file:line) and the current run stays."""
        if self.session.engine is None:
            self._initial_run = path
            return False
        if not confirmed and not self.maybe_save():
            return False
        from boranegui.core.yamlio import InputError

        try:
            self.session.open_file(path)
        except InputError as exc:
            problems = "\n".join(str(p) for p in exc.problems)
            self.show_error(
                "This run file cannot be opened",
                f"{os.path.basename(path)} has problems:\n\n{problems}",
            )
            return False
        self._adopt_history_key(path)
        self._remember(path)
        self.go("diagnosis" if self.session.diagnosis is not None and self.session.diagnosis.causes else "substrate")
        return True

    def open_example(self) -> None:
        """The worked example of a failed run from the note, as an unsaved copy."""
        from boranegui.core import bundled
        from boranegui.core.yamlio import InputError

        if self.session.engine is None or not self.maybe_save():
            return
        try:
            self.session.open_file(str(bundled.example_run_path()))
        except (InputError, FileNotFoundError) as exc:
            self.show_error("The worked example is missing", str(exc))
            return
        self.session.path = None  # saving asks where, the shipped example is never overwritten
        self.session.example = True  # not the chemist's run: kept out of their history until saved
        self.session.file_changed.emit()
        self.go("substrate")
        self.show_banner(
            "<b>Worked example.</b> A nordazepam lactam reduction from the application note that gave a "
            "low yield. Step through the pages to see how BoraneGUI finds the cause, or start your own "
            "with File ▸ New run.",
            about_run=True,
        )

    def save(self) -> bool:
        if self.session.path is None:
            return self.save_as()
        return self.save_to(self.session.path)

    def save_as(self) -> bool:
        name = self.session.display_title().replace("/", "-").replace(os.sep, "-")
        suggested = os.path.join(self._folder(), f"{name}.borane.yaml")
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self, "Save the run", suggested, RUN_FILTER)
        return self.save_to(path) if path else False

    def save_to(self, path: str) -> bool:
        """Save atomically; any failure is reported and the run stays in memory, unsaved."""
        from boranegui.core.yamlio import InputError

        if not path.endswith(RUN_SUFFIXES):
            path += ".borane.yaml"
        previous_key = self.session.key
        if self.session.path and os.path.abspath(path) != os.path.abspath(self.session.path):
            # "Save as" makes batch 4 from batch 3: a new run in the history, and batch 3's
            # entry stays as it was diagnosed.
            self.session.key = os.urandom(16).hex()
        try:
            self.session.save(path)
        except InputError as exc:
            self.session.key = previous_key
            from boranegui.ui.session import missing_words

            problems = "\n".join(f"• {w}" for w in missing_words(exc.problems))
            self.show_error(
                "The run is not complete yet",
                f"Fill in these before saving (a field in red has text that was not accepted):\n\n{problems}"
                "\n\nNothing is lost: your run is kept here and in the autosave.",
            )
            return False
        except OSError as exc:
            self.session.key = previous_key
            self.show_error(
                "The run could not be saved",
                _os_error_words(exc, path) + "\n\nYour run is still open here; save it to another folder.",
            )
            return False
        self._remember(path)
        self.record_history()
        dropped = self.session.comments_dropped
        note = (" (comments inside the file were not kept, only those at its top: the YAML reader "
                "drops comments)") if dropped else ""
        self.statusBar().showMessage(f"Saved {path}{note}", 12000 if dropped else 5000)
        return True

    def _folder(self) -> str:
        if self.session.path:
            return os.path.dirname(self.session.path)
        if self.prefs.recent_files:
            return os.path.dirname(self.prefs.recent_files[0])
        return str(Path.home())

    def _remember(self, path: str) -> None:
        self._save_prefs(self.prefs.with_recent(path))
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.prefs.recent_files:
            act = self.recent_menu.addAction(path)
            act.triggered.connect(lambda _=False, p=path: self.open_path(p))
        self.recent_menu.setEnabled(bool(self.prefs.recent_files))

    def _save_prefs(self, prefs: prefs_io.Preferences) -> None:
        self.prefs = prefs
        try:  # merged with what another open window may have saved meanwhile
            self.prefs = self._prefs_base = prefs_io.save(prefs, base=self._prefs_base)
        except OSError as exc:
            self.statusBar().showMessage(f"Settings could not be saved: {exc.strerror or exc}", 8000)

    # ---- drag and drop -------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile() and urls[0].toLocalFile().lower().endswith(RUN_SUFFIXES + STRUCTURE_SUFFIXES):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls:
            self.open_dropped(urls[0].toLocalFile())
            event.acceptProposedAction()

    def open_dropped(self, path: str) -> None:
        """A run file replaces the run; a MOL/SDF file becomes the substrate."""
        if path.lower().endswith(RUN_SUFFIXES):
            self.open_path(path)
            return
        from boranegui.core.yamlio import InputError, read_text

        try:
            text = read_text(path, "a MOL or SD text file")
        except InputError as exc:
            self.show_error("The structure file cannot be read", "\n".join(str(p) for p in exc.problems))
            return
        if not text.strip():  # else the drop would silently clear the substrate
            self.show_error("The structure file cannot be used", f"{os.path.basename(path)}: the file is empty")
            return
        if path.lower().endswith(".sdf"):
            text = text.split("$$$$")[0]
        why = self.session.set_structure(text, molblock=True)
        if why:
            self.show_error("The structure file cannot be used", f"{os.path.basename(path)}: {why}")
            return
        self.go("substrate")

    # ---- history -------------------------------------------------------------------------
    def _history(self) -> History | None:
        from boranegui.core.history import History, HistoryError

        if self.history is None:
            from boranegui.core.history import history_location

            if self._history_down:  # remembered: every page visit must not wait on a lock again
                return None
            try:
                self.history = History(history_location(None, self.prefs.history_path),
                                       lock_timeout=HISTORY_LOCK_WAIT_S)
            except HistoryError as exc:
                self._history_failed(exc)
                return None
        return self.history

    def _history_failed(self, exc: Exception) -> None:
        """Let go of an unusable history until the chemist asks for it (Ctrl+H) again."""
        self._history_down = str(exc)
        if self.history is not None:
            self.history.close()
            self.history = None
        self.statusBar().showMessage(f"History unavailable: {exc}", 10000)

    def _history_count(self) -> int:
        from boranegui.core.history import HistoryError

        if self.history is None and not os.path.exists(self.prefs.history_path or str(default_history_path())):
            return 0  # a first start: the history file is made with its first entry, not now
        history = self._history()
        try:
            return history.count() if history is not None else 0
        except HistoryError as exc:
            self._history_failed(exc)
            return 0

    def record_history(self) -> None:
        """Keep the diagnosed run in the history (one entry per run, updated as it changes)."""
        from boranegui.core.history import HistoryError, entry_for

        s = self.session
        if s.record is None or s.diagnosis is None or not s.diagnosis.causes or s.example:
            return
        history = self._history()
        if history is None:
            return
        smiles = s.analysis.smiles if s.analysis is not None else ""
        try:
            history.add(entry_for(s.record, s.diagnosis, s.text(), s.path or "", key=s.key, smiles=smiles))
        except HistoryError as exc:
            self._history_failed(exc)
            return
        if history.is_lab and not history.online:
            self.statusBar().showMessage(history.status, 10000)
        if s.record.follows:  # a next attempt changes what worked in this lab
            self._lab_figures = None
            self.update_lab_notes()

    def update_lab_notes(self) -> None:
        """What worked in this lab beside each action, and what this run's chain already tried."""
        from boranegui.ui.history_lab import lab_notes

        history = self._history()
        if history is None or "diagnosis" not in self.pages:
            return
        figures, tried, self._lab_figures = lab_notes(history, self.session.record, self._lab_figures)
        self.pages["diagnosis"].set_lab(figures, tried)

    def start_next_attempt(self) -> None:
        """A new run from the revised protocol: the changes applied, and it follows this run."""
        from boranegui.core.attempts import next_attempt

        s = self.session
        if s.record is None or s.revised is None or not s.revised.changes:
            self.show_error("No revised protocol yet",
                            "Diagnose a failed run first: the next attempt starts from its revised protocol.")
            return
        self.record_history()
        earlier = s.key
        if not self.maybe_save():
            return
        s.load_data(next_attempt(s.record.to_dict(), s.revised, earlier), dirty=True)
        self.statusBar().showMessage("Next attempt: the protocol's changes are applied. Fill in the outcome "
                                     "when it is done.", 8000)
        self.go("run")

    def _adopt_history_key(self, path: str) -> None:
        """A reopened file updates its history entry instead of adding a second one."""
        from boranegui.core.history import HistoryError

        history = self._history()
        try:
            entries = history.search(limit=500) if history is not None else []
        except HistoryError:
            return
        here = os.path.abspath(path)
        for entry in entries:
            if entry.key and entry.run_path and os.path.abspath(entry.run_path) == here:
                self.session.key = entry.key
                return

    def show_history(self) -> None:
        from boranegui.ui.history_view import HistoryDialog

        self._history_down = ""  # asked for: try again
        history = self._history()
        if history is None:
            self.show_error("The history cannot be opened", self._history_down or self.statusBar().currentMessage())
            return
        rules = self.session.rules
        titles = {a.id: a.text for c in (rules.causes.values() if rules is not None else ()) for a in c.actions}
        self.history_dialog = HistoryDialog(history, self, action_titles=titles)
        self.history_dialog.open_requested.connect(self.open_history_entry)
        self.history_dialog.open()

    def open_history_entry(self, entry) -> None:
        from boranegui.core import run_record
        from boranegui.core.yamlio import InputError

        if not self.maybe_save():
            return
        try:
            record = run_record.loads(entry.run_text, f"history entry {entry.id}")
        except InputError as exc:
            self.show_error("This history entry cannot be opened", "\n".join(str(p) for p in exc.problems))
            return
        path = entry.run_path if entry.run_path and os.path.exists(entry.run_path) else None
        self.session.load_data(record.to_dict(), path=path)
        self.session.key = entry.key or self.session.key
        self.go("diagnosis")

    # ---- settings ------------------------------------------------------------------------
    def show_settings(self) -> None:
        from boranegui.ui.settings import SettingsDialog

        problems = self.session.rules_problems if self.session.rules_path else []
        # The dialog shows the rules in use, which may be a file given with --rules.
        shown = self.session.rules_path
        dialog = SettingsDialog(replace(self.prefs, rules_path=shown), problems, self)
        self.settings_dialog = dialog

        def accepted() -> None:
            new = dialog.result_preferences()
            if new.rules_path == shown and shown != self.prefs.rules_path:
                # Rules from the command line stay in use for this session, without becoming
                # the saved default; OK after changing the paper size must not drop them.
                self.apply_settings(replace(new, rules_path=self.prefs.rules_path), rules_path=shown)
            else:
                self.apply_settings(new)

        dialog.accepted.connect(accepted)
        dialog.open()

    def apply_settings(self, new: prefs_io.Preferences, rules_path: str | bool | None = False) -> None:
        """Save the settings and apply them; ``rules_path`` (when not False) is the rules file
        to use now instead of ``new.rules_path``."""
        old = self.prefs
        if (new.history_path or "") != (old.history_path or ""):
            new = self._move_history(old, new)
        self._save_prefs(new)
        if new.temperature_unit != old.temperature_unit:
            self.pages["run"].set_temperature_unit(new.temperature_unit)
            self.pages["questions"].temperature_unit = new.temperature_unit
            self.pages["questions"].refresh()
        rules = new.rules_path if rules_path is False else rules_path
        if rules != self.session.rules_path or rules:
            # A lab's file is read again on OK: the chemist who fixed the line the banner named
            # expects the fix to count without restarting.
            self.session.set_rules_path(rules)

    def _move_history(self, old: prefs_io.Preferences, new: prefs_io.Preferences) -> prefs_io.Preferences:
        from boranegui.core.history import History, HistoryError

        target = new.history_path or str(default_history_path())
        current = self._history()
        try:
            if current is not None and current.count() and not os.path.exists(target):
                current.copy_to(target)
            moved = History(target)
        except HistoryError as exc:
            self.show_error("The history could not be moved", f"{exc}\n\nThe history stays where it was.")
            return replace(new, history_path=old.history_path)
        if current is not None:
            current.close()
        self.history = moved
        return new

    def _show_rules_status(self) -> None:
        s = self.session
        if self._banner_rules and not (s.rules_problems and s.rules_path):
            self._banner_rules = False  # the problems it listed are gone
            self.banner.hide()
        if s.rules_problems and s.rules_path:
            self.rules_label.setText("Rules: shipped (your lab's file has problems)")
            problems = "<br>".join(_escape(str(p)) for p in s.rules_problems[:6])
            more = f"<br>… and {len(s.rules_problems) - 6} more" if len(s.rules_problems) > 6 else ""
            self.show_banner(
                f"<b>Your rules file cannot be used</b>, so the shipped rules are in use. "
                f"Problems in {_escape(s.rules_path)}:<br>{problems}{more}"
            )
            self._banner_rules = True
        elif s.rules is not None:
            summary = s.rules.summary() if hasattr(s.rules, "summary") else ""
            where = os.path.basename(s.rules_path) if s.rules_path else "shipped"
            self.rules_label.setText(f"Rules: {where}" + (f" ({summary})" if summary else ""))

    # ---- report --------------------------------------------------------------------------
    def _report(self) -> Any:
        """The report of the current run, or None (said why) when there is no protocol yet."""
        s = self.session
        if s.record is None or s.revised is None:
            self.show_error("No protocol yet", s.protocol_error or s.engine_error or
                            "Complete the run first: the protocol is computed from it.")
            return None
        from boranegui.report.document import make_report

        return make_report(s.record, s.revised, diagnosis=s.diagnosis, substrate=s.analysis,
                           run_path=s.path, rules_path=s.rules_path if not s.rules_problems else None)

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


def _window_settings() -> QSettings:
    """QSettings holds only the window geometry, in the user data folder with the rest."""
    from boranegui.core.userdata import user_data_dir

    return QSettings(str(user_data_dir() / "window.ini"), QSettings.Format.IniFormat)


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=False)


def _os_error_words(exc: OSError, path: str) -> str:
    """An OSError in a chemist's words."""
    import errno

    from boranegui.core.atomic import SaveRefused

    where = os.path.dirname(path) or "."
    if isinstance(exc, SaveRefused):  # a link, device or read-only file: its own words
        return f"{os.path.basename(path)}: {exc.strerror}."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"You do not have permission to write in {where}."
    if exc.errno == errno.ENOSPC:
        return f"The disk holding {where} is full."
    if exc.errno == errno.ENOENT:
        return f"The folder {where} does not exist."
    if getattr(exc, "winerror", None) in (32, 33):
        return f"{os.path.basename(path)} is open in another program; close it there and save again."
    return f"{path}: {exc.strerror or exc}"
