"""Step 6: the protocol for the next attempt: steps, amounts, changes with their causes, safety."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QTextBrowser

from boranegui.ui.pages.base import Page, html_escape
from boranegui.ui.style import ERROR, MUTED


class ProtocolPage(Page):
    title = "Revised protocol"
    subtitle = "The procedure for the next attempt, scaled to your run. Changed steps are highlighted with their cause."

    pdf_requested = Signal()
    print_requested = Signal()

    def __init__(self, session, parent=None) -> None:
        super().__init__(session, parent)
        self.buttons = QHBoxLayout()
        self.pdf_button = QPushButton("Export PDF…")
        self.pdf_button.clicked.connect(self.pdf_requested)
        self.print_button = QPushButton("Print…")
        self.print_button.setToolTip("Ctrl+P")
        self.print_button.clicked.connect(self.print_requested)
        self.buttons.addWidget(self.pdf_button)
        self.buttons.addWidget(self.print_button)
        self.buttons.addStretch(1)
        self.body.addLayout(self.buttons)
        self.body.addLayout(self._next_attempt_row())
        self.view = QTextBrowser()
        self.view.setObjectName("protocolView")
        self.view.document().setDocumentMargin(14)
        from boranegui.report.markup import SCREEN_CSS  # the printed sheet's classes, sized for a screen

        self.view.document().setDefaultStyleSheet(SCREEN_CSS)
        # The sheet's boxes are 100 % wide plus their 1 px border: no scroll bar for that pixel,
        # and a long token (a SMILES, a citation) wraps rather than widening the page.
        self.view.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body.addWidget(self.view, 1)
        session.diagnosis_changed.connect(self.refresh)
        self.refresh()

    def _next_attempt_row(self) -> QHBoxLayout:
        """The next attempt's scale and the reagent on hand: they rescale the protocol, never
        the record of what was done."""
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(QLabel("Next attempt:"))
        self.plan_edits: dict[str, QLineEdit] = {}
        for name, words, unit in (("scale_g", "scale", "g"), ("molarity", "bottle on hand", "M"),
                                  ("titer", "titer found", "M")):
            label = QLabel(words)
            edit = QLineEdit()
            edit.setMaximumWidth(90)
            edit.setAccessibleName(f"next attempt: {words} ({unit})")
            edit.textEdited.connect(lambda text, n=name, u=unit: self._plan(n, text, u))
            label.setBuddy(edit)
            row.addWidget(label)
            row.addWidget(edit)
            row.addWidget(QLabel(unit))
            row.addSpacing(8)
            self.plan_edits[name] = edit
        self.plan_error = QLabel("")
        self.plan_error.setObjectName("fieldError")
        self.plan_error.setTextFormat(Qt.TextFormat.PlainText)
        row.addWidget(self.plan_error, 1)
        self._loads_shown = self.session.loads
        self.session.file_changed.connect(self._on_file_changed)
        return row

    def _plan(self, name: str, text: str, unit: str) -> None:
        from boranegui.ui.pages.numbers import parse_number

        try:
            value = parse_number(text, unit)
        except ValueError:
            self.plan_error.setText("must be a number, such as 2.5")
            return
        if value is not None and (value <= 0 or (unit == "M" and value > 20) or value > 100_000):
            self.plan_error.setText("out of range" if value > 0 else "must be more than 0")
            return
        self.plan_error.setText("")
        self.session.set_plan(name, value)

    def _on_file_changed(self) -> None:
        if self.session.loads != self._loads_shown:  # another run: its own next attempt
            self._loads_shown = self.session.loads
            for edit in self.plan_edits.values():
                edit.clear()
            self.plan_error.clear()

    def refresh(self) -> None:
        s = self.session
        record = s.record
        self.plan_edits["scale_g"].setPlaceholderText(f"{record.scale_g:g}" if record is not None else "as run")
        molarity = record.reagent.nominal_molarity if record is not None else None
        self.plan_edits["molarity"].setPlaceholderText(f"{molarity:g}" if molarity else "")
        self.plan_edits["titer"].setPlaceholderText("not titrated")
        in_situ = record is not None and record.reagent.in_situ
        for name in ("molarity", "titer"):
            self.plan_edits[name].setEnabled(not in_situ)
        report = s.report()
        ready = report is not None
        for button in (self.pdf_button, self.print_button):
            if button is not None:
                button.setEnabled(ready)
        if ready:
            head = ""
            planned = s.revised.parameters.get("scale_g")
            if record is not None and isinstance(planned, int | float) and planned != record.scale_g:
                head = (f"<p><b>Next attempt at {planned:g} g</b> (this run: {record.scale_g:g} g); the amounts "
                        "below are for the next attempt, the record of this run is unchanged.</p>")
            from boranegui.report.document import protocol_part_html

            self.view.setHtml(head + protocol_part_html(report))  # the PDF's own sections
            return
        if not s.engine_ready:
            text = "Loading the chemistry engine…"
        elif s.record is None:
            text = "The run is not complete yet; the protocol is computed from the substrate and the run."
        else:
            text = s.protocol_error or s.engine_error or "No protocol yet."
        color = ERROR if (s.protocol_error or s.engine_error) else MUTED
        self.view.setHtml(f"<p style='color:{color}'>{html_escape(text)}</p>")
