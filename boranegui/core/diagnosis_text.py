"""The diagnosis as a chemist reads it in a terminal: warnings, causes, why, what to do, masses."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from boranegui.core.diagnosis import Diagnosis


def _wrap(text: str, indent: str, first: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        96,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def format_text(diagnosis: Diagnosis) -> str:
    """The diagnosis as a chemist reads it in a terminal: causes, why, what to do."""
    out: list[str] = []
    if diagnosis.warnings:
        out.append("Substrate warnings:")
        for w in diagnosis.warnings:
            out.extend(_wrap(f"{w.text} [{w.source}]", "    ", "  ! "))
        out.append("")
    if not diagnosis.causes:
        out.append(
            "No cause to report: no symptom was reported, or none of the rules "
            "explains the symptoms given."
        )
    else:
        out.append("Most likely causes, most likely first:")
    for i, c in enumerate(diagnosis.causes, 1):
        out.append("")
        out.append(f"{i}. {c.title}  [{c.id}, score {c.score:.2f}]")
        out.extend(_wrap(c.explanation, "   "))
        if c.note_says:
            out.extend(_wrap(f"The note's table: {c.note_says}", "   "))
        if c.evidence:
            out.append("   Why:")
            for e in c.evidence:
                out.extend(_wrap(e, "       ", "     - "))
        if c.against:
            out.append("   Against:")
            for e in c.against:
                out.extend(_wrap(e, "       ", "     - "))
        if c.actions:
            out.append("   What to do:")
            for a in c.actions:
                out.extend(_wrap(a.text, "       ", "     * "))
                out.extend(_wrap(f"(source: {a.source})", "       "))
        out.extend(_wrap(f"Source: {c.source}", "     ", "   "))
    if diagnosis.masses:
        out.append("")
        out.append("MS peaks:")
        for m in diagnosis.masses:
            out.extend(_wrap(m.words(), "    ", "  - "))
    if diagnosis.open_questions:
        out.append("")
        out.append("Open questions (answering them would sharpen the ranking):")
        for q in diagnosis.open_questions:
            hint = (
                f" [{q.unit}]"
                if q.unit
                else (f" [{' / '.join(label for _, label in q.choices)}]" if q.choices else "")
            )
            out.extend(_wrap(f"{q.text}{hint}", "    ", "  ? "))
    return "\n".join(out)
