"""Step 2: what was done at the bench, as a form with units and validation as you type."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boranegui.core.note_values import NOTE_VALUES, PD_DEFAULTS, pd_whose
from boranegui.core.run_fields import CHOICE_LABELS
from boranegui.core.run_record import FIELDS, IN_SITU_KINDS
from boranegui.ui.pages.base import Page, link_button
from boranegui.ui.pages.numbers import c_to_f, f_to_c, fmt, parse_number

# A choice field's values in words, from the run record's one table (core/run_fields.py).
CHOICE_WORDS: dict[str, dict[str, str]] = {
    path: {value: CHOICE_LABELS[value] for value in spec.choices}
    for path, spec in FIELDS.items() if spec.kind == "choice" and all(v in CHOICE_LABELS for v in spec.choices)
}
# Commercial strengths of a reagent, offered as one-click choices beside its molarity.
BOTTLES: dict[str, tuple[tuple[str, float], ...]] = {
    "bh3_sme2": (("neat, 10 M", 10.0), ("2.0 M in THF", 2.0)),
}
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("The run", ("date", "operator", "scale_g", "substrate.water_percent")),
    (
        "Borane reagent",
        (
            "reagent.kind",
            "reagent.molarity",
            "reagent.equiv",
            "reagent.age_weeks",
            "reagent.storage",
            "reagent.titer_checked",
        ),
    ),
    ("Solvent", ("solvent.name", "solvent.volumes", "solvent.anhydrous", "solvent.water_ppm", "solvent.dissolved")),
    (
        "Conditions",
        (
            "conditions.addition_temp_c",
            "conditions.addition_minutes",
            "conditions.max_temp_c",
            "conditions.time_h",
        ),
    ),
    (
        "Quench and work-up",
        (
            "workup.quench",
            "workup.quench_temp_c",
            "workup.quench_minutes",
            "workup.decomplexation",
            "workup.acid.hcl_molarity",
            "workup.acid.equiv_vs_borane",
            "workup.acid.volume_ml",
            "workup.acid.temp_c",
            "workup.acid.hours",
            "workup.pd.loading_wt_percent",
            "workup.pd.pd_percent",
            "workup.pd.temp_c",
            "workup.pd.hours",
            "workup.basify_ph",
            "workup.extraction_solvent",
        ),
    ),
    (
        "Outcome",
        (
            "outcome.yield_percent",
            "outcome.mass_balance_percent",
            "outcome.starting_material_percent",
            "outcome.notes",
        ),
    ),
)
UNKNOWN = "— not recorded —"
# Form labels shorter than the record's own (which the error list and the file use).
PLACEHOLDERS = {"date": "YYYY-MM-DD", "title": "e.g. Nordazepam lactam reduction, batch 3"}
SHORT_LABELS = {"solvent.dissolved": "lactam dissolved before the borane"}
PD_PREFIX = "workup.pd."


class FieldEditor:
    """One run-record field: its label with unit, the input, and the error under it."""

    def __init__(self, page: RunPage, path: str) -> None:
        self.page, self.path = page, path
        self.spec = FIELDS[path]
        self.container = QWidget()
        layout = QVBoxLayout(self.container)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        optional = not self.spec.required
        if self.spec.kind == "choice":
            self.widget: QWidget = QComboBox()
            if optional:
                self.widget.addItem(UNKNOWN, None)
            for value in self.spec.choices:
                self.widget.addItem(CHOICE_WORDS.get(path, {}).get(value, value), value)
            self.widget.activated.connect(self._commit)
        elif self.spec.kind == "bool":
            self.widget = QComboBox()
            for label, value in ((UNKNOWN, None), ("yes", True), ("no", False)):
                self.widget.addItem(label, value)
            self.widget.activated.connect(self._commit)
        elif path == "outcome.notes":
            self.widget = QPlainTextEdit()
            self.widget.setMinimumHeight(120)  # a few lines of what was seen, without scrolling
            self.widget.setPlaceholderText("what you saw, in your own words")
            self.widget.setTabChangesFocus(True)  # Tab walks the form; it must not type into the notes
            self.widget.textChanged.connect(self._commit)
        else:
            self.widget = QLineEdit()
            self.widget.textEdited.connect(self._commit)
        if isinstance(self.widget, QComboBox):  # a long "(note: ...)" item must not widen the form
            self.widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            self.widget.setMinimumContentsLength(14)
        self.widget.setAccessibleName(self.spec.label)
        self.widget.setObjectName(path)
        self.error = QLabel("")
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # user text: never rendered as HTML
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        # "assumed from the note", or the HCl amount converted: muted, under the field.
        self.hint = QLabel("")
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        self.hint.hide()
        layout.addWidget(self.widget)
        layout.addWidget(self.error)
        layout.addWidget(self.hint)

    @property
    def fahrenheit(self) -> bool:
        return self.spec.unit == "°C" and self.page.temperature_unit == "F"

    def label_text(self) -> str:
        unit = "°F" if self.fahrenheit else self.spec.unit
        label = SHORT_LABELS.get(self.path, self.spec.label)
        text = label if label.startswith("pH") else label[:1].upper() + label[1:]
        return f"{text} ({unit})" if unit else text

    def placeholder(self) -> str:
        """What an empty field shows: the note's value for this run's reagent, never stored
        unless the chemist accepts it."""
        if self.path in PLACEHOLDERS:
            return PLACEHOLDERS[self.path]
        if self.path == "reagent.molarity" and self.page.session.get("reagent.kind") in IN_SITU_KINDS:
            return "in situ: no bottle molarity"
        if self.path.startswith(PD_PREFIX):  # not the note's: Couturier et al.'s, or BoraneGUI's choice
            value, whose = PD_DEFAULTS[self.path].value, pd_whose(self.path)
            shown = round(c_to_f(value), 1) if self.fahrenheit else value
            unit = "°F" if self.fahrenheit else self.spec.unit
            return f"{fmt(shown)}{' ' + unit if unit and unit != '%' else unit} ({whose})"  # the value first
        note = self.page.session.note_value(self.path)
        if note is None:
            return "required" if self.spec.required else "not recorded"
        if isinstance(note, str):
            return f"note: {CHOICE_WORDS.get(self.path, {}).get(note, note)}"
        if isinstance(note, bool):
            return f"note: {'yes' if note else 'no'}"
        shown = round(c_to_f(note), 1) if self.fahrenheit else note
        unit = "°F" if self.fahrenheit else self.spec.unit
        return f"note: {fmt(shown)}{' ' + unit if unit and unit != '%' else unit}"

    def show(self, value: Any, force: bool = False) -> None:
        """Show the session's value, unless the field holds the user's text in error
        (kept so nothing typed is lost) and this is not a new run."""
        assumed = self.path in self.page.session.assumed()
        whose = "the Pd/C defaults" if self.path.startswith(PD_PREFIX) else "the note"
        self.hint.setText(f"assumed from {whose} (not recorded)" if assumed else "")
        self.hint.setVisible(assumed)
        font = self.widget.font()
        if font.italic() != assumed:
            font.setItalic(assumed)
            self.widget.setFont(font)
        if isinstance(self.widget, QComboBox):
            if not self.spec.required and self.widget.count() and self.widget.itemData(0) is None:
                note = self.placeholder()
                self.widget.setItemText(0, f"— {note} —" if note.startswith("note") else UNKNOWN)
            index = self.widget.findData(value)
            self.widget.setCurrentIndex(max(index, 0))
        elif isinstance(self.widget, QPlainTextEdit):
            if self.widget.toPlainText() != (value or ""):
                self.widget.blockSignals(True)
                self.widget.setPlainText(value or "")
                self.widget.blockSignals(False)
        else:
            self.widget.setPlaceholderText(self.placeholder())
            if self.path.startswith(PD_PREFIX):  # the source may not fit the field: all of it on hover
                self.widget.setToolTip(f"If not recorded, the protocol takes {self.placeholder()}")
            if not force and (self.error.text() or self.widget.hasFocus()):
                return  # the user's text in error, or being typed: theirs, not ours to rewrite
            if self.fahrenheit and isinstance(value, int | float):
                value = round(c_to_f(value), 1)
            text = fmt(value) if value is not None and not isinstance(value, str) else value or ""
            if self.widget.text() != text:
                self.widget.setText(str(text))
                self.widget.setCursorPosition(0)
            self._set_error("")

    def _value(self) -> Any:
        if isinstance(self.widget, QComboBox):
            return self.widget.currentData()
        if isinstance(self.widget, QPlainTextEdit):
            return self.widget.toPlainText() or None
        text = self.widget.text()
        if self.spec.kind == "number":
            value = parse_number(text, "°F" if self.fahrenheit else self.spec.unit)  # ValueError: not a number
            if value is not None and self.fahrenheit:
                value = round(f_to_c(value), 2)
            return value
        if self.spec.kind == "date" and text.strip():
            import datetime

            try:
                datetime.date.fromisoformat(text.strip())
            except ValueError:
                raise ValueError("must be a date such as 2026-11-20") from None
        return text.strip() or None

    def _commit(self, *args: Any) -> None:
        try:
            value = self._value()
        except ValueError as exc:
            message = str(exc)
            why = message if "date" in message or "ambiguous" in message else "must be a number, such as 2.5"
        else:
            why = self.page.session.set_field(self.path, value)
            if why and self.fahrenheit and why.startswith(("must be at least", "must be at most")):
                why += " (that is in °C)"
        self._set_error(why or "")
        if why:
            # The text stays (nothing typed is lost) but the run no longer holds a value for the
            # field: not the "20" kept from typing a refused "200", nor an older one.
            self.page.session.clear_field(self.path)

    def _set_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.widget.setProperty("error", bool(message))
        self.widget.style().unpolish(self.widget)
        self.widget.style().polish(self.widget)


class RunPage(Page):
    title = "Run"
    subtitle = (
        "What you did at the bench. Leave a field empty when you do not know; the diagnosis "
        "asks for what it needs. Temperatures and amounts are as in your notebook."
    )

    def __init__(self, session, parent=None) -> None:
        super().__init__(session, parent)
        self.temperature_unit = "C"
        self.editors: dict[str, FieldEditor] = {}
        self._labels: dict[str, QLabel] = {}
        scroll, inner = self.scroll_area()
        grid = QGridLayout(inner)
        grid.setContentsMargins(0, 0, 12, 0)
        grid.setHorizontalSpacing(18)
        # The title gets the full width: run titles are long ("Nordazepam lactam, batch 3 ...").
        title = FieldEditor(self, "title")
        title_row = QFormLayout()
        title_row.setHorizontalSpacing(12)
        title_row.setContentsMargins(16, 0, 12, 4)
        title.widget.setStyleSheet("font-size: 11pt; padding: 3px;")
        title_label = QLabel("Run title")
        title_label.setStyleSheet("font-weight: 600;")
        title_label.setBuddy(title.widget)
        title_row.addRow(title_label, title.container)
        self.editors["title"] = title
        self._labels["title"] = title_label
        grid.addLayout(title_row, 0, 0, 1, 2)
        self._title_row = title_row
        columns = ((0, 1, 3), (2, 4, 5))  # section indices per column
        self.groups: dict[str, QGroupBox] = {}
        self.note_buttons: dict[str, QPushButton] = {}
        self.bottle_buttons: dict[float, QPushButton] = {}
        self._grid, self._scroll, self._inner = grid, scroll, inner
        self._columns: list[QVBoxLayout] = []
        self.one_column = False
        for col, indices in enumerate(columns):
            column_labels: list[QLabel] = []
            box = QVBoxLayout()
            for index in indices:
                name, paths = SECTIONS[index]
                group = QGroupBox(name)
                form = QFormLayout(group)
                form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
                form.setVerticalSpacing(6)
                for path in paths:
                    editor = FieldEditor(self, path)
                    label = QLabel(editor.label_text())
                    label.setBuddy(editor.widget)
                    label.setContentsMargins(0, 4, 0, 0)
                    form.addRow(label, editor.container)
                    self.editors[path] = editor
                    self._labels[path] = label
                    column_labels.append(label)
                    if path == "reagent.molarity":
                        self._add_bottles(editor)
                    if path == "workup.pd.hours":
                        self.pd_defaults = link_button("Use the Pd/C defaults")
                        self.pd_defaults.setToolTip(
                            "Fills only the empty Pd/C fields with the values shown greyed, each marked as "
                            "assumed (not recorded); the protocol lists them apart.")
                        self.pd_defaults.clicked.connect(self.accept_pd_defaults)
                        form.addRow("", self.pd_defaults)
                note_paths = [p for p in paths if p in NOTE_VALUES or p == "reagent.molarity"]
                if note_paths:
                    use = link_button("Use the note's values")
                    use.setToolTip("Fills only the empty fields of this section, each marked as assumed "
                                   "(not recorded); the protocol lists them apart.")
                    use.clicked.connect(lambda _=False, ps=tuple(note_paths): self.session.accept_note(ps))
                    form.addRow("", use)
                    use.setProperty("paths", note_paths)
                    self.note_buttons[name] = use
                self.groups[name] = group
                box.addWidget(group)
            box.addStretch(1)
            grid.addLayout(box, 1, col)
            self._columns.append(box)
            # One label width per column, so the fields of all its groups line up.
            width = max(label.sizeHint().width() for label in column_labels) + 12
            for label in column_labels:
                label.setMinimumWidth(width)
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.body.addWidget(scroll, 1)
        session.run_changed.connect(self.refresh)
        # A newly loaded run replaces every field; saving or the first edit must not (a field
        # in error keeps the text the user typed).
        self._loads_shown = session.loads
        session.file_changed.connect(self._on_file_changed)
        self.refresh(force=True)

    def _on_file_changed(self) -> None:
        if self.session.loads != self._loads_shown:
            self._loads_shown = self.session.loads
            self.refresh(force=True)
            self._scroll.verticalScrollBar().setValue(0)  # a new run is typed from its first field

    def _add_bottles(self, editor: FieldEditor) -> None:
        """One-click molarities for a reagent sold in more than one strength (BH3·SMe2)."""
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        for kind, bottles in BOTTLES.items():
            for words, molarity in bottles:
                button = link_button(words)
                button.setProperty("kind", kind)
                button.clicked.connect(lambda _=False, m=molarity: self._pick_bottle(m))
                row.addWidget(button)
                self.bottle_buttons[molarity] = button
        row.addStretch(1)
        holder = QWidget()
        holder.setLayout(row)
        editor.container.layout().addWidget(holder)
        self._bottle_row = holder

    def pd_paths(self) -> list[str]:
        return [p for p in FIELDS if p.startswith(PD_PREFIX)]

    def accept_pd_defaults(self) -> None:
        """The empty Pd/C fields take the values their placeholders show, stored as assumed."""
        for path in self.pd_paths():
            if self.session.get(path) is None:
                self.session.set_field(path, PD_DEFAULTS[path].value, assumed=True)

    def _pick_bottle(self, molarity: float) -> None:
        editor = self.editors["reagent.molarity"]
        editor._set_error("")
        self.session.set_field("reagent.molarity", molarity)
        editor.show(self.session.get("reagent.molarity"), force=True)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """Two columns when they fit, else one under the other: on a small laptop screen the
        work-up fields must not sit beyond a horizontal scroll bar."""
        spacing = self._grid.horizontalSpacing()
        margins = self._grid.contentsMargins()
        two = (sum(box.minimumSize().width() for box in self._columns) + spacing
               + margins.left() + margins.right())
        one = self._scroll.viewport().width() < two
        if one == self.one_column:
            return
        self.one_column = one
        second = self._columns[1]
        self._grid.removeItem(second)
        self._grid.addLayout(second, 2 if one else 1, 0 if one else 1)
        self._grid.setColumnStretch(1, 0 if one else 1)
        self._grid.removeItem(self._grid.itemAtPosition(0, 0))
        self._grid.addLayout(self._title_row, 0, 0, 1, 1 if one else 2)

    def set_temperature_unit(self, unit: str) -> None:
        self.temperature_unit = unit
        for path, editor in self.editors.items():
            self._labels[path].setText(editor.label_text())
        self.refresh(force=True)

    def refresh(self, force: bool = False) -> None:
        s = self.session
        acid = s.get("workup.decomplexation") in ("acid", None)  # unknown: the HCl step may be told
        kind = s.get("reagent.kind")
        # The Pd/C step's rows only when Pd/C was the method (or a loaded file records its details).
        pd = s.get("workup.decomplexation") == "pd_methanol" or any(s.get(p) is not None for p in self.pd_paths())
        for path, editor in self.editors.items():
            if path.startswith("workup.acid."):
                editor.container.setEnabled(acid)
                self._labels[path].setEnabled(acid)
            if path.startswith(PD_PREFIX):
                editor.container.setVisible(pd)
                self._labels[path].setVisible(pd)
            if path == "reagent.molarity":
                enabled = kind not in IN_SITU_KINDS
                editor.widget.setEnabled(enabled)
                self._labels[path].setEnabled(enabled)
            editor.show(s.get(path), force)
        self.pd_defaults.setVisible(pd and any(s.get(p) is None for p in self.pd_paths()))
        for button in self.note_buttons.values():  # offered only while a field it would fill is empty
            button.setVisible(any(s.get(p) is None and s.note_value(p) is not None for p in button.property("paths")))
        if kind in IN_SITU_KINDS:  # in situ, the equiv counts the BH3 the recipe makes
            from boranegui.core.amounts import IN_SITU

            recipe = IN_SITU[kind]
            hint = self.editors["reagent.molarity"].hint
            hint.setText(f"made in the flask: {recipe.equation}; {fmt(recipe.nabh4_per_bh3)} NaBH4 and "
                         f"{fmt(recipe.activator_per_bh3)} {recipe.activator} per BH3, counted in the equiv")
            hint.show()
        self._bottle_row.setVisible(kind in BOTTLES)
        for button in self.bottle_buttons.values():
            button.setVisible(button.property("kind") == kind)
        for path, other in (("workup.acid.equiv_vs_borane", "volume_ml"), ("workup.acid.volume_ml", "equiv")):
            editor = self.editors[path]
            converted = s.acid_amount()
            if editor.hint.text() or s.get(path) is None or converted is None:
                continue
            equiv, volume = converted
            editor.hint.setText(f"= {fmt(round(volume, 1))} mL of HCl" if other == "volume_ml"
                                else f"= {equiv:.2f} equiv per BH3")
            editor.hint.show()

    def editor(self, path: str) -> FieldEditor:
        return self.editors[path]
