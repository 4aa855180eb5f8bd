"""The printable protocol as one document: HTML built here, laid out by QTextDocument.

Everything a chemist or a lab typed (titles, notes, names, and the texts of a lab's
own rules file) is HTML-escaped, so ``<b>`` or ``&`` in a note prints literally.
The same document is drawn onto PDF pages, the print preview and the printer.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from boranegui import __version__
from boranegui.core import amounts as am
from boranegui.core.parameters import CHOICE_WORDS, PARAMETERS
from boranegui.core.protocol.model import ROLE_WORDS

if TYPE_CHECKING:
    from PySide6.QtGui import QTextDocument

    from boranegui.core.diagnosis import Diagnosis
    from boranegui.core.protocol import Amount, Change, RevisedProtocol, Step
    from boranegui.core.run_record import RunRecord
    from boranegui.core.substrate import SubstrateAnalysis

BASE_PROCEDURE = (
    "Application note: Borane-mediated reduction of lactam intermediates in diazepine synthesis "
    "(BenchChem Technical Support, May 2026): base procedure and troubleshooting table"
)
STRUCTURE_MARK = "\u2063STRUCTURE\u2063"  # placeholder replaced by the vector drawing
STRUCTURE_SIZE_PT = (215.0, 133.0)  # width, height of the drawing on the page
CELL_PADDING = 3.0  # points; the paginator cuts between table rows using it

NUMERIC_HEADERS = {"Equiv", "Amount", "Mass or volume", "Score", "#"}


@dataclass(frozen=True)
class ReportMeta:
    """What ties a printed protocol to its run file, the app and the rules that produced it."""

    printed: str  # ISO date the document was made
    version: str
    run_file: str | None
    rules_name: str
    rules_sha256: str | None  # hex digest of the rules file's bytes; None if unreadable

    @property
    def rules_short(self) -> str:
        return self.rules_sha256[:12] if self.rules_sha256 else "unknown"


@dataclass(frozen=True)
class Report:
    """Everything the document shows: the run, its revised protocol, diagnosis and substrate."""

    run: RunRecord
    revised: RevisedProtocol
    diagnosis: Diagnosis | None
    substrate: SubstrateAnalysis | None
    meta: ReportMeta

    @property
    def title(self) -> str:
        return self.run.title or self.revised.title or "Borane reduction"


def file_sha256(path: str | Path) -> str | None:
    """SHA-256 of a file's bytes, or None when it cannot be read (the report says 'unknown')."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def make_report(
    run: RunRecord,
    revised: RevisedProtocol,
    *,
    diagnosis: Diagnosis | None = None,
    substrate: SubstrateAnalysis | None = None,
    run_path: str | Path | None = None,
    rules_path: str | Path | None = None,
    today: _dt.date | None = None,
) -> Report:
    """Collect a report; ``rules_path`` None means the shipped rules."""
    if rules_path is None:
        from boranegui.core import bundled

        try:
            rules = bundled.rules_path()
            name = "shipped rules.yaml"
        except FileNotFoundError:
            rules, name = None, "shipped rules.yaml (not found)"
    else:
        rules, name = Path(rules_path), Path(rules_path).name
    meta = ReportMeta(
        printed=(today or _dt.date.today()).isoformat(),
        version=__version__,
        run_file=Path(run_path).name if run_path else None,
        rules_name=name,
        rules_sha256=file_sha256(rules) if rules is not None else None,
    )
    return Report(run, revised, diagnosis, substrate, meta)


# -- words and numbers ------------------------------------------------------------------

def esc(text: Any) -> str:
    """Escape text for Qt rich text; line breaks are kept.

    The invisible separator that brackets STRUCTURE_MARK is dropped: a title holding the
    mark would otherwise be where the drawing goes.
    """
    text = str(text).replace("\u2063", "")
    return html.escape(text, quote=True).replace("\r\n", "\n").replace("\n", "<br/>")


def fmt_equiv(value: float | None) -> str:
    """Equiv as the steps write them (core/amounts: the one set of number formats)."""
    return "—" if value is None else am.fmt_equiv(value)


def _mmol(a: Amount) -> str:
    return "—" if a.mmol is None else am.fmt_mmol(a.mmol, substrate=a.role == "substrate")


def format_value(parameter: str, value: Any) -> str:
    """A parameter value in the words of the bench: '66 °C', '2 h', 'MeOH', 'yes'."""
    if value is None:
        return "not given"
    spec = PARAMETERS.get(parameter)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        unit = spec.unit if spec else ""
        return f"{am.fmt_number(value)} {unit}".strip()
    if isinstance(value, str):
        return CHOICE_WORDS.get(value, value)
    return str(value)


def parameter_label(parameter: str) -> str:
    spec = PARAMETERS.get(parameter)
    label = spec.label if spec else parameter.replace("_", " ")
    if label[:2] == "pH":  # a unit's own spelling stays: "pH after basifying", never "PH"
        return label
    return label[:1].upper() + label[1:]


def formula_html(formula: str) -> str:
    """C15H11ClN2O with subscript counts."""
    return re.sub(r"(?<=[A-Za-z\)])(\d+)", r"<sub>\1</sub>", esc(formula))


# -- sections -----------------------------------------------------------------------------

CSS = f"""
body {{ font-size: 9px; color: #111; }}
h1 {{ font-size: 16px; font-weight: bold; margin-top: 0px; margin-bottom: 2px; }}
h2 {{ font-size: 12px; font-weight: bold; margin-top: 12px; margin-bottom: 4px; color: #1f3a5f; }}
h3 {{ font-size: 10px; font-weight: bold; margin-top: 8px; margin-bottom: 3px; color: #333; }}
p {{ margin-top: 0px; margin-bottom: 3px; }}
table {{ border-collapse: collapse; }}
td, th {{ padding: {CELL_PADDING}px; vertical-align: top; }}
th {{ font-weight: bold; text-align: left; background-color: #e8ecf2; border-bottom: 1px solid #555; }}
td.row {{ border-bottom: 0.5px solid #bbb; }}
td.num {{ text-align: right; }}
.sub {{ color: #444; }}
.small {{ font-size: 7px; color: #444; }}
.meta {{ color: #222; }}
.mark {{ color: #b35900; font-weight: bold; }}
.newval {{ background-color: #ffd27a; font-weight: bold; }}
"""


def _table(headers: Sequence[tuple[str, str]], rows: Iterable[str], attrs: str = "") -> str:
    head = "".join(
        f'<th width="{w}"{" align=right" if h in NUMERIC_HEADERS else ""}>{h}</th>' for h, w in headers)
    return (f'<table width="100%" cellspacing="0" cellpadding="{CELL_PADDING:g}" {attrs}>'
            f"<thead><tr>{head}</tr></thead>{''.join(rows)}</table>")


def _header(report: Report) -> str:
    run, meta = report.run, report.meta
    pairs: list[tuple[str, str]] = [("Generated", esc(meta.printed))]
    if run.date:
        pairs.append(("Run date", esc(run.date)))
    if run.operator:
        pairs.append(("Operator", esc(run.operator)))
    pairs.append(("Run file", esc(meta.run_file) if meta.run_file else "not saved to a file"))
    pairs.append(("BoraneGUI", f"version {esc(meta.version)}"))
    rows = []
    for i in range(0, len(pairs), 2):
        cells = "".join(f'<td width="13%" class="sub">{k}</td><td width="37%">{v}</td>' for k, v in pairs[i:i + 2])
        rows.append(f"<tr>{cells}</tr>")
    rows.append(f'<tr><td class="sub">Rules</td><td colspan="3">{esc(meta.rules_name)}, '
                f"SHA-256 {esc(meta.rules_short)}</td></tr>")
    return (
        f"<h1>Revised protocol: borane reduction of a lactam</h1>"
        f"<p style='font-size:11px; margin-bottom:6px'>{esc(report.title)}</p>"
        f'<table width="100%" cellspacing="0" cellpadding="1" class="meta">{"".join(rows)}</table>'
    )


def _substrate(report: Report) -> str:
    run, analysis = report.run, report.substrate
    facts: list[tuple[str, str]] = []
    if run.substrate.name:
        facts.append(("Name", esc(run.substrate.name)))
    if analysis is not None:
        facts.append(("Formula", formula_html(analysis.formula)))
        facts.append(("MW", f"{analysis.mw:.2f} g/mol"))
        n = len(analysis.lactams)
        facts.append(("Lactams", f"{n}, highlighted in the drawing" if n else "none found"))
    water = run.substrate.water_percent
    scale = f"{am.fmt_g(run.scale_g)} of lactam charged"
    if water:
        scale += f" (contains {am.fmt_number(water)} % water)"
    facts.append(("Scale", scale))
    planned = report.revised.parameters.get("scale_g")  # the next attempt's scale, when it differs
    if isinstance(planned, int | float) and planned != run.scale_g:
        facts.append(("Next attempt", f"{am.fmt_g(planned)} of lactam: the amounts below are at this scale"))
    if run.substrate.smiles:
        facts.append(("SMILES", f"<span class='small'>{esc(run.substrate.smiles)}</span>"))
    rows = "".join(f"<tr><td width='22%' class='sub'>{k}</td><td>{v}</td></tr>" for k, v in facts)
    return (
        "<h2>Substrate</h2>"
        f'<table width="100%" cellspacing="0" cellpadding="0"><tr>'
        f'<td width="{STRUCTURE_SIZE_PT[0] + 12:.0f}">{STRUCTURE_MARK}</td>'
        f'<td><table width="100%" cellspacing="0" cellpadding="2">{rows}</table></td>'
        f"</tr></table>"
    )


def _diagnosis(report: Report, top: int = 3) -> str:
    diagnosis, run = report.diagnosis, report.run
    out = ["<h2>Diagnosis of the run</h2>"]
    if run.outcome.notes:
        out.append(f"<p><span class='sub'>Notes from the run:</span> {esc(run.outcome.notes)}</p>")
    if diagnosis is None:
        out.append("<p>No diagnosis was made for this run.</p>")
        return "".join(out)
    if not diagnosis.causes:
        out.append("<p>No problem was reported for this run: the protocol below is the run as performed.</p>")
        return "".join(out)
    rows = []
    for rank, cause in enumerate(diagnosis.causes[:top], 1):
        evidence = "".join(f"<br/>– {chem_html(e)}" for e in cause.evidence)
        rows.append(
            f"<tr><td class='row num'>{rank}</td>"
            f"<td class='row'><b>{chem_html(cause.title)}</b>{evidence}</td>"
            f"<td class='row num'>{cause.score * 100:.0f} %</td></tr>"
        )
    out.append(_table([("#", "4%"), ("Probable cause and evidence", "84%"), ("Score", "12%")], rows))
    more = len(diagnosis.causes) - top
    if more > 0:
        out.append(f"<p class='small'>{more} less likely cause{'s' if more > 1 else ''} not shown.</p>")
    if diagnosis.open_questions:
        asked = " ".join(f"• {chem_html(q.text)}" for q in diagnosis.open_questions[:5])
        out.append(f"<p class='small' style='margin-top:3px'><b>Still unknown</b> (answers may change the "
                   f"ranking): {asked}</p>")
    return "".join(out)


def _warnings(report: Report) -> str:
    items: list[str] = []
    seen: set[str] = set()
    for text in report.revised.warnings:
        if text not in seen:
            seen.add(text)
            items.append(chem_html(text))
    if report.diagnosis is not None:
        for w in report.diagnosis.warnings:
            # The protocol model may already carry the same warning with its source appended.
            if not any(w.text in text for text in seen):
                seen.add(w.text)
                items.append(f"{chem_html(w.text)} <span class='small'>({esc(w.source)})</span>")
    if not items:
        return ""
    body = "".join(f"<p>• {i}</p>" for i in items)
    return _box("Warnings", body, "#fff8e1", "#c89b00")


def _checks(report: Report) -> str:
    """Causes too weak to change the protocol: what to check before the next run."""
    if not report.revised.checks:
        return ""
    body = "".join(f"<p>• {chem_html(c)}</p>" for c in report.revised.checks)
    return _box("Check before the next run", body, "#eef4fb", "#3b6ea5")


def _box(title: str, body: str, background: str, border: str) -> str:
    return (
        f'<table width="100%" cellspacing="0" cellpadding="6" style="margin-top:8px; '
        f'border: 1px solid {border}; border-style: solid; border-color: {border}" '
        f'border="1" bgcolor="{background}"><tr><td style="border: 1px solid {border}">'
        f"<p style='font-size:10px; font-weight:bold; margin-bottom:3px'>{title}</p>{body}</td></tr></table>"
    )


def _safety(report: Report) -> str:
    lines = report.revised.safety
    if not lines:
        body = "<p>The protocol model gave no safety figures for this run; check them before you start.</p>"
    else:
        body = "".join(f"<p>• {chem_html(s)}</p>" for s in lines)
    return _box("Safety", body, "#fdecea", "#b3261e")


def _amounts(report: Report) -> str:
    rows = []
    for a in report.revised.amounts:
        # A liquid is measured by volume; its mass, when known, is a check in small print.
        if a.volume_ml is not None:
            volume = am.fmt_ml(a.volume_ml, solvent=a.role == "solvent")
            quantity = f"<b>{'≥ ' if a.note.startswith('at least') else ''}{volume}</b>"
            if a.mass_g is not None:
                quantity += f"<br/><span class='small'>{am.fmt_g(a.mass_g)}</span>"
        elif a.mass_g is not None:
            quantity = f"<b>{am.fmt_g(a.mass_g)}</b>"
        else:
            quantity = "—"
        rows.append(
            f"<tr><td class='row'>{chem_html(a.name)}</td><td class='row'>{esc(ROLE_WORDS.get(a.role, a.role))}</td>"
            f"<td class='row num'>{fmt_equiv(a.equiv)}</td>"
            f"<td class='row num'>{_mmol(a)}</td>"
            f"<td class='row num'>{quantity}</td><td class='row small'>{chem_html(a.note)}</td></tr>"
        )
    return "<h2>Amounts</h2>" + _table(
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


# Digits right after an element symbol or ")" and before the next symbol, a dot or a break;
# never inside an entity such as &#x27; (escaped apostrophe).
_FORMULA_COUNT = re.compile(r"(?<=[A-Za-z)])(?<!&#x)(?<!&[a-z])(?<!&[a-z]{2})(\d+)(?=[A-Z(·+\s,.;:)\-−]|$)")


def chem_html(text: str) -> str:
    """Escape generated chemistry text and set formula counts as subscripts (BH3, Na2SO4, B(OMe)3).

    Only for texts the app writes (steps, amounts, safety); never for what a user typed.
    """
    return _FORMULA_COUNT.sub(r"<sub>\1</sub>", esc(text))


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


def _steps(report: Report) -> str:
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


def _changes(report: Report) -> str:
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
    return "<h2>Changes from the run</h2>" + _table(
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


def _references(report: Report) -> str:
    items = "".join(f"<p class='small'>{i}. {esc(s)}</p>" for i, s in enumerate(references(report), 1))
    return "<h2>References</h2>" + items


def report_html(report: Report) -> str:
    """The whole document (without the observation lines, which are drawn per page)."""
    parts = [
        _header(report), _substrate(report), _diagnosis(report), _warnings(report), _checks(report), _safety(report),
        _amounts(report), _steps(report), _changes(report), _references(report),
    ]
    return f"<html><body>{''.join(parts)}</body></html>"


def build_document(report: Report, width_pt: float) -> QTextDocument:
    """Lay the report out as a QTextDocument ``width_pt`` points wide (1 unit = 1 point)."""
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QFont, QTextDocument, QTextOption

    from boranegui.report import structure
    from boranegui.report.fonts import FAMILY, register_fonts

    family = register_fonts() or FAMILY
    doc = QTextDocument()
    doc.setUseDesignMetrics(True)
    font = QFont(family)
    font.setPixelSize(9)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    # No ligatures: "reflux" must stay searchable and extractable, not "re\ufb02ux".
    font.setFeature(QFont.Tag("liga"), 0)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)
    doc.setDefaultStyleSheet(CSS)
    doc.setHtml(report_html(report))
    cursor = doc.find(STRUCTURE_MARK)
    if not cursor.isNull():
        # The analysis's atom indices refer to the structure as given, not to its canonical SMILES.
        given = report.run.substrate.structure
        smiles = given if given.strip() else (report.substrate.smiles if report.substrate else "")
        drawn, lactams = structure.drawn_structure(
            smiles, report.run.substrate.molblock, report.substrate.lactams if report.substrate else None
        )
        handler = structure.install_svg_handler(doc)
        try:
            svg = structure.structure_svg(drawn, lactams)
        except ValueError as exc:
            cursor.insertText(f"(structure not drawn: {exc})")
        else:
            structure.insert_svg(cursor, handler, svg, QSizeF(*STRUCTURE_SIZE_PT))
    doc.setTextWidth(width_pt)
    return doc
