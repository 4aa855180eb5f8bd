"""The window's files: new, open, save, recent files, drag-and-drop and the worked example.

A mixin of :class:`boranegui.ui.main_window.MainWindow` (it uses the window's session,
preferences, autosave and pages); kept apart so the window's module holds its layout only.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from boranegui.core import preferences as prefs_io

if TYPE_CHECKING:
    from PySide6.QtGui import QDragEnterEvent, QDropEvent


RUN_FILTER = "BoraneGUI runs (*.borane.yaml *.yaml *.yml)"
STRUCTURE_SUFFIXES = (".mol", ".sdf", ".mdl")
RUN_SUFFIXES = (".yaml", ".yml")


class FilesMixin:
    """Open, save and drop run files and structures; the recent-files menu."""

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
        if not self.session.engine_ready:
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

        if not self.session.engine_ready or not self.maybe_save():
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
            from boranegui.core.run_fields import missing_words

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
