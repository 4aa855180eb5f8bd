"""The Analytics section of the Symptoms page: MS peaks assigned as you type, the target
amine, and the groups found reduced that should have survived.

The peaks, the target and the groups are run-record fields (``outcome.masses``,
``substrate.target_smiles``, ``outcome.reduced_groups``); what a peak is comes from
core/masses.py through the session.  Every text here is plain text.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from boranegui.core.run_record import MASS_WHERE, SYMPTOMS
from boranegui.ui.pages.base import link_button, muted
from boranegui.ui.pages.numbers import fmt, parse_number
from boranegui.ui.session import RunSession

WHERE_WORDS = {
    "crude": "crude",
    "organic": "organic layer",
    "aqueous": "aqueous layer",
    "ipc": "in-process check (before the work-up)",
}
ROWS_SHOWN = 3  # empty rows ready for typing


def _decimals(text: str) -> int:
    """Decimals as typed ("101.100" has 3): the precision decides the matching tolerance."""
    text = text.strip().replace(",", ".")
    return len(text.split(".", 1)[1]) if "." in text else 0


class PeakRow:
    """One MS peak: m/z, where it was seen, area %, and what it is."""

    def __init__(self, box: AnalyticsBox, index: int) -> None:
        self.box = box
        self.mz = QLineEdit()
        self.mz.setPlaceholderText("m/z [M+H]+")
        self.mz.setAccessibleName(f"peak {index + 1}: m/z")
        self.where = QComboBox()
        self.where.addItem("— where? —", None)
        for key in MASS_WHERE:
            self.where.addItem(WHERE_WORDS.get(key, key), key)
        self.where.setAccessibleName(f"peak {index + 1}: where it was seen")
        self.where.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.where.setMinimumContentsLength(14)  # the long "in-process check" must not squeeze the answer
        self.percent = QLineEdit()
        self.percent.setPlaceholderText("area %")
        self.percent.setMaximumWidth(80)
        self.percent.setAccessibleName(f"peak {index + 1}: area %")
        self.result = QLabel("")
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.setObjectName("peakAssignment")
        self.mz.textEdited.connect(box.commit)
        self.percent.textEdited.connect(box.commit)
        self.where.activated.connect(box.commit)

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.mz, self.where, self.percent, self.result)

    def read(self) -> tuple[dict[str, Any] | None, str]:
        """The peak as the record holds it (None: empty or in error) and the error in words."""
        if not self.mz.text().strip() and not self.percent.text().strip():
            return None, ""
        try:
            mz = parse_number(self.mz.text())
            percent = parse_number(self.percent.text(), "%")
        except ValueError:
            return None, "m/z and area % must be numbers, such as 273.1"
        peak: dict[str, Any] = {"mz": mz}
        if self.where.currentData() is not None:
            peak["where"] = self.where.currentData()
        if percent is not None:
            peak["percent"] = percent
        for key, value in (("mz", mz), ("percent", percent)):
            why = RunSession.peak_problem(key, value)
            if why:
                return None, f"{'m/z' if key == 'mz' else 'area %'}: {why}"
        return peak, ""

    def show(self, peak: dict[str, Any] | None) -> None:
        for edit, value in ((self.mz, peak and peak.get("mz")), (self.percent, peak and peak.get("percent"))):
            text = fmt(value) if value is not None else ""
            if not edit.hasFocus() and edit.text() != text:
                edit.setText(text)
        index = self.where.findData(peak.get("where") if peak else None)
        self.where.setCurrentIndex(max(index, 0))


class AnalyticsBox(QGroupBox):
    """MS peaks, target amine and reduced groups: the evidence a chemist has beyond symptoms."""

    def __init__(self, session: RunSession, parent: QWidget | None = None) -> None:
        super().__init__("Analytics: LCMS peaks, target, groups reduced", parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addWidget(muted(
            "Type each LCMS peak as [M+H]+ m/z and where you saw it; an in-process check is an aliquot "
            "taken before the work-up. BoraneGUI says what each peak is and which symptom it stands for."))
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(4)
        for col, words in enumerate(("m/z", "Where", "Area %", "What it is")):
            head = QLabel(words)
            head.setStyleSheet("font-weight: 600;")
            self.grid.addWidget(head, 0, col)
        self.grid.setColumnStretch(3, 1)
        self.grid.setColumnMinimumWidth(0, 110)
        layout.addLayout(self.grid)
        self.rows: list[PeakRow] = []
        add = link_button("Add a peak")
        add.clicked.connect(lambda: self._add_row(focus=True))
        layout.addWidget(add)
        self.add_button = add

        target_row = QHBoxLayout()
        label = QLabel("Target amine (SMILES)")
        self.target = QLineEdit()
        self.target.setAccessibleName("target amine SMILES")
        self.target.textEdited.connect(self._commit_target)
        label.setBuddy(self.target)
        target_row.addWidget(label)
        target_row.addWidget(self.target, 1)
        layout.addLayout(target_row)
        self.target_error = QLabel("")
        self.target_error.setObjectName("fieldError")
        self.target_error.setWordWrap(True)
        self.target_error.setTextFormat(Qt.TextFormat.PlainText)
        self.target_error.hide()
        layout.addWidget(self.target_error)
        self.target_hint = muted("")
        self.target_hint.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.target_hint)

        layout.addWidget(QLabel("Groups found reduced that should have survived:"))
        self.groups_row = QHBoxLayout()
        self.groups_row.setSpacing(12)
        layout.addLayout(self.groups_row)
        self.group_boxes: dict[str, QCheckBox] = {}
        self.groups_empty = muted("")
        layout.addWidget(self.groups_empty)
        for _ in range(ROWS_SHOWN):
            self._add_row()
        self._loads_shown = -1
        self._stale = True
        session.run_changed.connect(self.refresh)
        session.analysis_changed.connect(self._build_groups)
        self._build_groups()
        self.refresh()

    # ---- peaks ---------------------------------------------------------------------------
    def _add_row(self, focus: bool = False) -> PeakRow:
        row = PeakRow(self, len(self.rows))
        r = len(self.rows) + 1
        for col, widget in enumerate(row.widgets()):
            self.grid.addWidget(widget, r, col)
        self.rows.append(row)
        if focus:
            row.mz.setFocus()
        return row

    def commit(self, *args: Any) -> None:
        """Store the valid peaks; a row in error keeps its text and says why."""
        peaks = []
        for row in self.rows:
            peak, why = row.read()
            if peak is not None:
                peaks.append(peak)
            row.result.setProperty("error", bool(why))
            if why:
                row.result.setText(why)
        self.session.set_masses(peaks)
        self._show_assignments()

    def _show_assignments(self) -> None:
        index = 0  # the peak's place in outcome.masses (rows in error or empty are not stored)
        for row in self.rows:
            peak, why = row.read()
            if why:
                continue
            row.result.setText(self._words(row, peak, index) if peak else "")
            index += 1 if peak else 0

    def _causes(self, index: int) -> list[str]:
        """The causes the engine says this peak supports, when its diagnosis gives them."""
        s = self.session
        supports = getattr(s.diagnosis, "supports", None) or {}
        rules = getattr(s.rules, "causes", {}) or {}
        return [rules[c].title if c in rules else c for c in supports.get(index, ())]

    def _words(self, row: PeakRow, peak: dict[str, Any], index: int = 0) -> str:
        s = self.session
        if not s.engine_ready:
            return "(the chemistry engine is loading)"
        a = s.assign_mass(float(peak["mz"]), _decimals(row.mz.text()), peak.get("where"), peak.get("percent"))
        if a is None:
            return "(draw the substrate first: the species are predicted from it)"
        if a.species == "unknown":
            return "no predicted species within the tolerance"
        text = f"{a.label[:1].upper()}{a.label[1:]} ({a.formula})"
        if a.isotope:
            text += ", its 37Cl/81Br isotope peak"
        points = [SYMPTOMS[x][0].lower() for x in a.symptoms if x in SYMPTOMS]
        if points:
            text += " — supports: " + ", ".join(points)
        causes = self._causes(index)
        if causes:
            text += " — points to: " + ", ".join(causes)
        if a.cleared:
            text += " — seen before the work-up, so the work-up did not make it"
        if a.also:
            text += " — could also be " + " or ".join(a.also)
        return text

    # ---- target --------------------------------------------------------------------------
    def _commit_target(self, text: str) -> None:
        why = self.session.set_target(text)
        self.target_error.setText(why or "")
        self.target_error.setVisible(bool(why))
        self._show_assignments()

    # ---- groups --------------------------------------------------------------------------
    def _build_groups(self) -> None:
        from boranegui.core.groups import GROUPS

        while self.groups_row.count():
            item = self.groups_row.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.group_boxes = {}
        analysis = self.session.analysis
        present = {g for g, n in (analysis.groups.items() if analysis is not None else ()) if n}
        for group in GROUPS:
            if group.id in present and group.id not in ("lactam", "basic_amine", "acidic_nh_oh"):
                box = QCheckBox(group.label)
                box.toggled.connect(self._commit_groups)
                self.groups_row.addWidget(box)
                self.group_boxes[group.id] = box
        self.groups_row.addStretch(1)
        self.groups_empty.setText("" if self.group_boxes else (
            "The substrate has no other group borane could reduce." if analysis is not None
            else "Draw the substrate to list its groups."))
        self.groups_empty.setVisible(not self.group_boxes)
        self.refresh()

    def _commit_groups(self) -> None:
        chosen = [g for g, box in self.group_boxes.items() if box.isChecked()]
        self.session.set_field("outcome.reduced_groups", chosen or None)

    # ---- showing the session -------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Show the session's peaks, target and groups; while the box is hidden (another step of
        the wizard) only note that it is stale: the MS species of a large substrate take a while."""
        self._stale = not self.isVisible()
        if self._stale:
            return
        s = self.session
        new_run = s.loads != self._loads_shown
        self._loads_shown = s.loads
        if new_run:  # another run: its peaks replace whatever was typed
            peaks = list(s.get("outcome.masses") or [])
            while len(self.rows) < len(peaks):
                self._add_row()
            for i, row in enumerate(self.rows):
                row.show(peaks[i] if i < len(peaks) else None)
                row.result.setText("")
            self.target.setText(s.get("substrate.target_smiles") or "")
            self.target_error.hide()
        default = s.default_target()
        self.target.setPlaceholderText(f"default: {default}" if default else "default: the lactam C=O made CH2")
        self.target_hint.setText(
            "Leave empty for the default: the lactam C=O made CH2, plus what borane reduces anyway "
            "(C=N, acids, nitriles, ketones)." if not s.get("substrate.target_smiles") else "")
        chosen = set(s.get("outcome.reduced_groups") or ())
        for gid, box in self.group_boxes.items():
            if box.isChecked() != (gid in chosen):
                box.blockSignals(True)
                box.setChecked(gid in chosen)
                box.blockSignals(False)
        self._show_assignments()

    def row(self, index: int) -> PeakRow:
        return self.rows[index]
