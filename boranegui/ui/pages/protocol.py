"""Step 6: the protocol for the next attempt: steps, amounts, changes with their causes, safety."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QTextBrowser

from boranegui.core.parameters import CHOICE_WORDS, PARAMETERS
from boranegui.core.protocol.model import ROLE_WORDS
from boranegui.core.protocol.text import equiv_text, mass_text, mmol_text, quantity_text
from boranegui.ui.pages.base import Page, html_escape
from boranegui.ui.style import CHANGED_BG, ERROR, MUTED, WARN_BG, WARN_BORDER


def _value(parameter: str, value: Any) -> str:
    param = PARAMETERS.get(parameter)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):  # a choice in the bench's words ("Pd/C in MeOH"), as on the printed protocol
        return html_escape(CHOICE_WORDS.get(value, value))
    if isinstance(value, float):
        value = f"{value:g}"
    unit = f" {param.unit}" if param is not None and param.unit else ""
    return f"{html_escape(value)}{unit}"


def _label(parameter: str) -> str:
    label = PARAMETERS[parameter].label if parameter in PARAMETERS else parameter.replace("_", " ")
    return label if label.startswith("pH") else label[:1].upper() + label[1:]


def protocol_html(revised) -> str:
    """The revised protocol as one readable document."""
    out: list[str] = []
    safety: list[str] = []
    if revised.safety or revised.warnings:
        notes = (*revised.safety, *revised.warnings)
        items = "".join(f"<li>{html_escape(s)}</li>" for s in notes)
        safety.append(
            f"<table width='100%' cellpadding='10' cellspacing='0' style='margin-top:12px; background:{WARN_BG};"
            f" border-collapse:collapse; border:1px solid {WARN_BORDER}'>"
            f"<tr><td><b>Safety</b><ul style='margin:4px 0 0 0'>{items}</ul></td></tr></table>"
        )
    if revised.changes:
        rows = "".join(
            f"<tr style='background:{CHANGED_BG}'><td>{html_escape(_label(c.parameter))}</td>"
            f"<td>{_value(c.parameter, c.before)}</td><td><b>{_value(c.parameter, c.after)}</b></td>"
            f"<td>{html_escape(c.cause_words)}"
            f"{'<br><i>' + html_escape(c.why) + '</i>' if c.why else ''}"
            f"<br><span style='color:{MUTED}; font-size:9pt'>{html_escape(c.source)}</span></td></tr>"
            for c in revised.changes
        )
        out.append(
            "<h3>Changes from your run</h3>"
            "<table width='100%' cellspacing='0' cellpadding='5' border='1' style='border-collapse:collapse;"
            " border-color:#d5dbe0'>"
            "<tr style='background:#eef2f5'><th align='left'>Parameter</th><th align='left'>Was</th>"
            "<th align='left'>Now</th><th align='left'>Because</th></tr>"
            f"{rows}</table>"
        )
    else:
        out.append("<h3>Changes from your run</h3><p>None: this is the run as you performed it, scaled.</p>")
    rows = "".join(
        f"<tr><td>{html_escape(a.name)}</td><td>{html_escape(ROLE_WORDS.get(a.role, a.role))}</td>"
        f"<td align='right'>{equiv_text(a)}</td><td align='right'>{mmol_text(a)}</td>"
        f"<td align='right'><b>{html_escape(quantity_text(a))}</b>"
        + (f"<br><span style='color:{MUTED}; font-size:9pt'>{mass_text(a)}</span>"
           if a.volume_ml is not None and a.mass_g is not None else "")
        + f"</td><td>{html_escape(a.note)}</td></tr>"
        for a in revised.amounts
    )
    out.append(  # the figures in the words of the PDF and of protocol --json (core/protocol/text)
        "<h3>Amounts</h3>"
        "<table width='100%' cellspacing='0' cellpadding='5' border='1' style='border-collapse:collapse;"
        " border-color:#d5dbe0'>"
        "<tr style='background:#eef2f5'><th align='left'>Reagent</th><th align='left'>Role</th>"
        "<th align='right'>Equiv</th><th align='right'>Amount</th><th align='right'>Mass or volume</th>"
        "<th align='left'>Note</th></tr>"
        f"{rows}</table>"
    )
    out.extend(safety)  # after what changed and how much, before the steps it guards
    phase = None
    for step in revised.steps:
        if step.phase != phase:
            if phase is not None:
                out.append("</table>")
            phase = step.phase
            out.append(f"<h3>{html_escape(phase)}</h3><table width='100%' cellspacing='0' cellpadding='4'>")
        number = f"{step.number}." if step.number else "•"
        style = f" style='background:{CHANGED_BG}'" if step.changed else ""
        mark = (
            f"<br><span style='color:{MUTED}; font-size:9pt'>changed: "
            + ", ".join(html_escape(PARAMETERS[p].label if p in PARAMETERS else p) for p in step.changed)
            + "</span>"
            if step.changed
            else ""
        )
        out.append(  # nowrap and room for two digits: step 10 and 11 stay on one line
            f"<tr{style}><td width='36' valign='top' style='white-space:pre'><b>{number}</b></td>"
            f"<td>{html_escape(step.text)}{mark}</td></tr>"
        )
    if phase is not None:
        out.append("</table>")
    return "".join(out)


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
        ready = s.revised is not None
        for button in (self.pdf_button, self.print_button):
            if button is not None:
                button.setEnabled(ready)
        if ready:
            head = ""
            planned = s.revised.parameters.get("scale_g")
            if record is not None and isinstance(planned, int | float) and planned != record.scale_g:
                head = (f"<p><b>Next attempt at {planned:g} g</b> (this run: {record.scale_g:g} g); the amounts "
                        "below are for the next attempt, the record of this run is unchanged.</p>")
            self.view.setHtml(head + protocol_html(s.revised))
            return
        if not s.engine_ready:
            text = "Loading the chemistry engine…"
        elif s.record is None:
            text = "The run is not complete yet; the protocol is computed from the substrate and the run."
        else:
            text = s.protocol_error or s.engine_error or "No protocol yet."
        color = ERROR if (s.protocol_error or s.engine_error) else MUTED
        self.view.setHtml(f"<p style='color:{color}'>{html_escape(text)}</p>")
