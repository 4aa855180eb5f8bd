"""The protocol's sections of the printed document: amounts, procedure steps with their
change marks, the changes with their causes, and the references they cite.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from boranegui.core import amounts as am
from boranegui.core.parameters import PARAMETERS
from boranegui.core.protocol.model import ROLE_WORDS
from boranegui.core.protocol.text import equiv_text, mass_text, mmol_text, quantity_text
from boranegui.core.sources import cite
from boranegui.report.markup import (
    CELL_PADDING,
    chem_html,
    esc,
    format_value,
    parameter_label,
    table,
)

if TYPE_CHECKING:
    from boranegui.core.protocol import Change, Step
    from boranegui.report.document import Report

BASE_PROCEDURE = cite(["note_table", "note_protocol"])  # the base procedure the protocol revises


def amounts_html(report: Report) -> str:
    rows = []
    for a in report.revised.amounts:
        # What is measured out in bold (core/protocol/text: the page and the JSON say the same);
        # a liquid's mass, when known, is a check in small print.
        quantity = f"<b>{esc(quantity_text(a))}</b>" if a.volume_ml is not None or a.mass_g is not None else "—"
        if a.volume_ml is not None and a.mass_g is not None:
            quantity += f"<br/><span class='small'>{esc(mass_text(a))}</span>"
        rows.append(
            f"<tr><td class='row'>{chem_html(a.name)}</td><td class='row'>{esc(ROLE_WORDS.get(a.role, a.role))}</td>"
            f"<td class='row num'>{equiv_text(a)}</td>"
            f"<td class='row num'>{mmol_text(a)}</td>"
            f"<td class='row num'>{quantity}</td><td class='row small'>{chem_html(a.note)}</td></tr>"
        )
    return "<h2>Amounts</h2>" + table(
        [("Reagent", "25%"), ("Role", "11%"), ("Equiv", "7%"), ("Amount", "13%"),
         ("Mass or volume", "16%"), ("Note", "28%")], rows) + _reagent_advice(report) + _from_note(report)


def _reagent_advice(report: Report) -> str:
    advice = [a for a in report.revised.reagent_advice if a.text]
    return "".join(
        f"<p class='small' style='margin-top:4px'><b>Reagent choice:</b> {chem_html(a.text)}"
        + (f" ({esc(a.source)})" if a.source else "") + "</p>"
        for a in advice
    )


def _from_note(report: Report) -> str:
    items = report.revised.from_note
    if not items:
        return ""
    words = "; ".join(
        f"{esc(parameter_label(i.parameter).lower())} {esc(format_value(i.parameter, i.value))}"
        + (f" ({esc(i.source)})" if i.source else "")
        for i in items
    )
    return f"<p class='small' style='margin-top:4px'>Not in the run record, taken from the note: {words}.</p>"


def _value_pattern(change: Change) -> re.Pattern[str] | None:
    """How the new value of a number parameter is written in a step's sentence ('66 °C', '2 h')."""
    after = change.after
    spec = PARAMETERS.get(change.parameter)
    if isinstance(after, bool) or not isinstance(after, int | float) or spec is None or not spec.unit:
        return None
    numbers = sorted({am.fmt_number(after), f"{after:.1f}", f"{after:.2f}"}, key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in numbers)
    return re.compile(rf"(?<![\w.])(?:{alternatives})\s?{re.escape(esc(spec.unit))}(?![\w])")


def _step_text(step: Step, changes: Sequence[Change], numbers: dict[int, int]) -> str:
    text = chem_html(step.text)
    marks = []
    for i, change in enumerate(changes):
        if change.parameter not in step.changed:
            continue
        pattern = _value_pattern(change)
        if pattern is not None:
            text = pattern.sub(lambda m: f"<span class='newval'>{m.group(0)}</span>", text, count=1)
        marks.append(f"<sup class='mark'>[{numbers[i]}]</sup>")
    return text + "".join(marks)


def steps_html(report: Report) -> str:
    revised = report.revised
    changes = revised.changes
    numbers = {i: i + 1 for i in range(len(changes))}
    out = ["<h2>Procedure</h2>"]
    if changes:
        out.append("<p class='small'>Changed from the run: <span class='newval'>&nbsp;new value&nbsp;</span> "
                   "and a mark <span class='mark'>[n]</span> that refers to the footnotes below.</p>")
    phases: list[str] = []
    for step in revised.steps:
        if step.phase not in phases:
            phases.append(step.phase)
    for phase in phases:
        rows = []
        for step in (s for s in revised.steps if s.phase == phase):
            changed = bool(step.changed)
            bg = " bgcolor='#fff4dc'" if changed else ""
            number = f"{step.number}." if step.number else "•"
            flag = "<br/><span class='mark small'>changed</span>" if changed else ""
            rows.append(
                f"<tr><td class='row num' width='9%'{bg}><b>{number}</b>{flag}</td>"
                f"<td class='row'{bg}>{_step_text(step, changes, numbers)}</td></tr>"
            )
        out.append(f"<h3>{esc(phase)}</h3>")
        out.append(f'<table width="100%" cellspacing="0" cellpadding="{CELL_PADDING:g}">{"".join(rows)}</table>')
    if changes:
        notes = []
        for i, change in enumerate(changes):
            notes.append(
                f"<p class='small'><span class='mark'>[{numbers[i]}]</span> "
                f"{esc(parameter_label(change.parameter))}: {esc(format_value(change.parameter, change.before))}"
                f" → {esc(format_value(change.parameter, change.after))}. "
                f"Cause: {chem_html(change.cause_words)}. Source: {esc(change.source)}.</p>"
            )
        out.append("".join(notes).replace("<p class='small'>", "<p class='small' style='margin-top:6px'>", 1))
    return "".join(out)


def _action_text(report: Report, action_id: str) -> str:
    if report.diagnosis is not None:
        for cause in report.diagnosis.causes:
            for action in cause.actions:
                if action.id == action_id:
                    return action.text
    return action_id.replace("_", " ")


def changes_html(report: Report) -> str:
    changes = report.revised.changes
    if not changes:
        return "<h2>Changes from the run</h2><p>None: the protocol is the run as performed.</p>"
    cite = {s: f"ref. {i}" for i, s in enumerate(references(report), 1)}
    rows = []
    for i, c in enumerate(changes, 1):
        why = f"<br/><i>{esc(c.why)}</i>" if c.why else ""
        rows.append(
            f"<tr><td class='row num'>{i}</td><td class='row'>{esc(parameter_label(c.parameter))}</td>"
            f"<td class='row'>{esc(format_value(c.parameter, c.before))}</td>"
            f"<td class='row'><b>{esc(format_value(c.parameter, c.after))}</b></td>"
            f"<td class='row'>{chem_html(c.cause_words)}<br/>"
            f"<span class='small'>{chem_html(_action_text(report, c.action))}</span>{why}</td>"
            f"<td class='row'>{cite[c.source]}</td></tr>"
        )
    return "<h2>Changes from the run</h2>" + table(
        [("#", "4%"), ("Parameter", "20%"), ("Was", "12%"), ("Now", "12%"),
         ("Cause and action", "42%"), ("Source", "10%")], rows) + (
        "<p class='small' style='margin-top:3px'>Sources are numbered as in the references below.</p>")


def references(report: Report) -> list[str]:
    """Every source the document relies on, once, in order of first use."""
    seen: dict[str, None] = {BASE_PROCEDURE: None}
    for change in report.revised.changes:
        seen.setdefault(change.source, None)
    if report.diagnosis is not None:
        for cause in report.diagnosis.causes:
            seen.setdefault(cause.source, None)
            for action in cause.actions:
                seen.setdefault(action.source, None)
        for warning in report.diagnosis.warnings:
            seen.setdefault(warning.source, None)
    return [s for s in seen if s and s.strip()]


def references_html(report: Report) -> str:
    items = "".join(f"<p class='small'>{i}. {esc(s)}</p>" for i, s in enumerate(references(report), 1))
    return "<h2>References</h2>" + items
