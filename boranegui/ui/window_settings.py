"""The window's settings: the dialog, applying new settings, moving the history, the rules in use.

A mixin of :class:`boranegui.ui.main_window.MainWindow`; the settings file is core/preferences.
"""

from __future__ import annotations

import os
from dataclasses import replace

from PySide6.QtCore import QSettings

from boranegui.core import preferences as prefs_io
from boranegui.core.userdata import default_history_path
from boranegui.ui.window_files import _escape


class SettingsMixin:
    """Settings as the window applies them."""

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



def _window_settings() -> QSettings:
    """QSettings holds only the window geometry, in the user data folder with the rest."""
    from boranegui.core.userdata import user_data_dir

    return QSettings(str(user_data_dir() / "window.ini"), QSettings.Format.IniFormat)
