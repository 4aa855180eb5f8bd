"""The revised protocol as plain text, and the words for parameter values every view shares."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from boranegui.core import amounts as am
from boranegui.core.parameters import CHOICE_WORDS, PARAMETERS
from boranegui.core.protocol.route import METHOD_WORDS

if TYPE_CHECKING:
    from boranegui.core.protocol.model import Amount, RevisedProtocol


def label(name: str) -> str:
    """A parameter's label in a chemist's words."""
    return PARAMETERS[name].label if name in PARAMETERS else name


def value_words(value: Any, unit: str = "") -> str:
    """A parameter value in words: "2 h", "yes", "Pd/C-catalysed methanolysis"."""
    if value is None:
        return "not given"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return f"{value:g} {unit}".strip()
    return METHOD_WORDS.get(value) or CHOICE_WORDS.get(value) or str(value)


def volume_text(a: Amount) -> str:
    """A liquid's volume as every view prints it ("≥ 135.2 mL" when the figure is a floor); "" if none."""
    if a.volume_ml is None:
        return ""
    return f"{'≥ ' if a.minimum else ''}{am.fmt_ml(a.volume_ml, solvent=a.role == 'solvent')}"


def mass_text(a: Amount) -> str:
    """A mass as every view prints it; a floor is marked only when the mass is what is measured."""
    if a.mass_g is None:
        return ""
    return f"{'≥ ' if a.minimum and a.volume_ml is None else ''}{am.fmt_g(a.mass_g)}"


def quantity_text(a: Amount) -> str:
    """What to measure out, in the words of the protocol page, the PDF and ``protocol --json``:
    a liquid by its volume, a solid by its mass; "—" when the amount has neither."""
    return volume_text(a) or mass_text(a) or "—"


def mmol_text(a: Amount) -> str:
    """An amount's mmol in every view's words ("—" for none); the substrate to four figures."""
    return "—" if a.mmol is None else am.fmt_mmol(a.mmol, substrate=a.role == "substrate")


def equiv_text(a: Amount) -> str:
    return "—" if a.equiv is None else am.fmt_equiv(a.equiv)


def wrap(text: str, indent: str, width: int = 100) -> str:
    return textwrap.fill(text, width=width, subsequent_indent=indent, break_on_hyphens=False)


def format_text(revised: RevisedProtocol) -> str:
    """The protocol as a chemist prints it: steps by phase, amounts, changes, warnings."""
    lines = [revised.title, "=" * len(revised.title), ""]
    marks = {c.parameter: i + 1 for i, c in enumerate(revised.changes)}
    phase = None
    for step in revised.steps:
        if step.phase != phase:
            phase = step.phase
            lines += ["", phase]
        num = "  -" if step.number == 0 else f"{step.number:3d}."
        flag = "".join(f" [{n}]" for n in sorted(marks[p] for p in step.changed if p in marks))
        lines.append(wrap(f"{num} {step.text}{flag}", "     "))
    lines += ["", "Amounts", f"  {'reagent':<28}{'role':<15}{'equiv':>7}{'mmol':>10}{'mass':>11}{'volume':>11}"]
    for a in revised.amounts:
        equiv = am.fmt_equiv(a.equiv) if a.equiv is not None else ""
        mmol = (f"{a.mmol:.2f}" if a.role == "substrate" and a.mmol < 100 else am.fmt_value(a.mmol)) \
            if a.mmol is not None else ""
        mass, vol = mass_text(a), volume_text(a)
        name = a.name if len(a.name) <= 27 else a.name[:26] + "…"
        lines.append(f"  {name:<28}{a.role:<15}{equiv:>7}{mmol:>10}{mass:>11}{vol:>11}")
        if a.note:
            lines.append(wrap(f"      {a.note}", "      "))
    lines += ["", "Changes for the next attempt"]
    if not revised.changes:
        lines.append("  none: the protocol is the run as performed")
    for i, c in enumerate(revised.changes, 1):
        unit = PARAMETERS[c.parameter].unit if c.parameter in PARAMETERS else ""
        text = (f"[{i}] {label(c.parameter)}: {value_words(c.before, unit)} → {value_words(c.after, unit)} "
                f"(cause: {c.cause_words}; source: {c.source})")
        if c.why:
            text += f". {c.why}"
        lines.append(wrap("  " + text, "      "))
    if revised.from_note:
        lines += ["", "Values from the note (the run record is silent)"]
        for item in revised.from_note:
            unit = PARAMETERS[item.parameter].unit
            lines.append(wrap(f"  {label(item.parameter)}: {value_words(item.value, unit)} ({item.source})", "    "))
    for title, items in (("Safety", revised.safety), ("Warnings", revised.warnings),
                         ("Check before the next run", revised.checks)):
        if items:
            lines += ["", title]
            lines += [wrap(f"  - {s}", "    ") for s in items]
    return "\n".join(lines).replace("\n\n\n", "\n\n").strip() + "\n"
