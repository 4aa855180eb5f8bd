"""The settings dialog: rules file, history location, temperature unit, default molarity."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from boranegui.core.preferences import Preferences
from boranegui.core.userdata import default_history_path


class SettingsDialog(QDialog):
    def __init__(self, prefs: Preferences, rules_problems: list | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("BoraneGUI — settings")
        self.setMinimumWidth(760)
        self.prefs = prefs
        layout = QVBoxLayout(self)
        form = QFormLayout()
        rules_box = QVBoxLayout()
        self.shipped = QRadioButton("The shipped rules: the application note's table, extended from cited literature")
        self.own = QRadioButton("My lab's rules file:")
        group = QButtonGroup(self)
        group.addButton(self.shipped)
        group.addButton(self.own)
        row = QHBoxLayout()
        self.rules_path = QLineEdit(prefs.rules_path or "")
        self.rules_path.setPlaceholderText("rules.yaml")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse_rules)
        row.addWidget(self.own)
        row.addWidget(self.rules_path, 1)
        row.addWidget(browse)
        rules_box.addWidget(self.shipped)
        rules_box.addLayout(row)
        (self.own if prefs.rules_path else self.shipped).setChecked(True)
        self.rules_report = QLabel("")
        self.rules_report.setTextFormat(Qt.TextFormat.PlainText)  # quotes a lab's file: never rendered as HTML
        self.rules_report.setObjectName("fieldError")
        self.rules_report.setWordWrap(True)
        if rules_problems:
            self.rules_report.setText(
                "This rules file has problems, so the shipped rules are in use:\n"
                + "\n".join(str(p) for p in rules_problems[:12])
            )
        self.rules_report.setVisible(bool(rules_problems))
        rules_box.addWidget(self.rules_report)
        form.addRow("Rules", rules_box)

        hist_row = QHBoxLayout()
        self.history_path = QLineEdit(prefs.history_path or "")
        self.history_path.setPlaceholderText("history.sqlite3 in the BoraneGUI data folder (the default)")
        self.history_path.setToolTip(f"Default: {default_history_path()}. For one history for the whole lab, "
                                     "type postgresql://user@server/database (the password comes from "
                                     "PGPASSWORD or ~/.pgpass, never from here).")
        hist_browse = QPushButton("Browse…")
        hist_browse.clicked.connect(self._browse_history)
        hist_row.addWidget(self.history_path, 1)
        hist_row.addWidget(hist_browse)
        form.addRow("History database", hist_row)

        self.unit = QComboBox()
        self.unit.addItem("°C", "C")
        self.unit.addItem("°F", "F")
        self.unit.setCurrentIndex(max(self.unit.findData(prefs.temperature_unit), 0))
        self.unit.setToolTip(
            "The unit of the temperature fields on the Run page and in the questions. Run files, the "
            "diagnosis and the printed protocol stay in °C, as in the application note."
        )
        form.addRow("Enter temperatures in", self.unit)

        self.molarity = QDoubleSpinBox()
        self.molarity.setRange(0.1, 20.0)
        self.molarity.setDecimals(2)
        self.molarity.setSingleStep(0.1)
        self.molarity.setSuffix(" M")
        self.molarity.setValue(prefs.default_molarity)
        form.addRow("BH3·THF molarity for new runs", self.molarity)

        self.page_size = QComboBox()
        for size in ("A4", "Letter"):
            self.page_size.addItem(size, size)
        self.page_size.setCurrentIndex(max(self.page_size.findData(prefs.page_size), 0))
        form.addRow("Paper for PDF and printing", self.page_size)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _browse_rules(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Rules file", "", "Rules (*.yaml *.yml)")
        if path:
            self.rules_path.setText(path)
            self.own.setChecked(True)

    def _browse_history(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "History database", "history.sqlite3", "SQLite (*.sqlite3 *.db)")
        if path:
            self.history_path.setText(path)

    def result_preferences(self) -> Preferences:
        rules = self.rules_path.text().strip() if self.own.isChecked() else ""
        return replace(
            self.prefs,
            rules_path=rules or None,
            history_path=self.history_path.text().strip() or None,
            temperature_unit=self.unit.currentData(),
            default_molarity=round(self.molarity.value(), 2),
            page_size=self.page_size.currentData(),
        )
