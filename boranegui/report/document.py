"""The printable protocol as one document: the report's data, its run-facing sections, and
the QTextDocument they are laid out in (the protocol's own sections are in ``procedure``).

Everything a chemist or a lab typed (titles, notes, names, and the texts of a lab's
own rules file) is HTML-escaped (``markup.esc``), so ``<b>`` or ``&`` in a note prints
literally. The same document is drawn onto PDF pages, the print preview and the printer.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from boranegui import __version__
from boranegui.core import amounts as am
from boranegui.report.markup import (
    CELL_PADDING,
    CSS,
    box,
    chem_html,
    esc,
    format_value,
    formula_html,
    parameter_label,
    table,
)
from boranegui.report.procedure import (
    BASE_PROCEDURE,
    amounts_html,
    changes_html,
    references,
    references_html,
    steps_html,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QTextDocument

    from boranegui.core.diagnosis import Diagnosis
    from boranegui.core.protocol import RevisedProtocol
    from boranegui.core.run_record import RunRecord
    from boranegui.core.substrate import SubstrateAnalysis

# Kept importable from here: the report's callers and tests name them as document.<name>.
__all__ = [
    "BASE_PROCEDURE", "CELL_PADDING", "STRUCTURE_MARK", "STRUCTURE_SIZE_PT", "Report", "ReportMeta",
    "build_document", "chem_html", "esc", "file_sha256", "format_value", "make_report", "parameter_label",
    "references", "report_html",
]

STRUCTURE_MARK = "\u2063STRUCTURE\u2063"  # placeholder replaced by the vector drawing
STRUCTURE_SIZE_PT = (215.0, 133.0)  # width, height of the drawing on the page


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
    """SHA-256 of a file's bytes, or None when it cannot be read (the report says 'unknown').

    The protocol page builds a report on every change of the run: the rules file is read again
    only when its size or modification time says it changed."""
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return _sha256(str(path), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _sha256(path: str, _size: int, _mtime_ns: int) -> str | None:
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


# -- the run's sections ------------------------------------------------------------------

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
    out.append(table([("#", "4%"), ("Probable cause and evidence", "84%"), ("Score", "12%")], rows))
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
    return box("Warnings", body, "#fff8e1", "#c89b00")


def _checks(report: Report) -> str:
    """Causes too weak to change the protocol: what to check before the next run."""
    if not report.revised.checks:
        return ""
    body = "".join(f"<p>• {chem_html(c)}</p>" for c in report.revised.checks)
    return box("Check before the next run", body, "#eef4fb", "#3b6ea5")


def _safety(report: Report) -> str:
    lines = report.revised.safety
    if not lines:
        body = "<p>The protocol model gave no safety figures for this run; check them before you start.</p>"
    else:
        body = "".join(f"<p>• {chem_html(s)}</p>" for s in lines)
    return box("Safety", body, "#fdecea", "#b3261e")


def protocol_part_html(report: Report) -> str:
    """The protocol part of the document, as the wizard's protocol page shows it: the printed
    sheet's own sections (what changed, what to check, warnings, safety, amounts, steps and the
    references the changes cite), so the screen and the PDF cannot say different things."""
    return "".join((changes_html(report), _checks(report), _warnings(report), _safety(report),
                    amounts_html(report), steps_html(report), references_html(report)))


def report_html(report: Report) -> str:
    """The whole document (without the observation lines, which are drawn per page)."""
    parts = [
        _header(report), _substrate(report), _diagnosis(report), _warnings(report), _checks(report), _safety(report),
        amounts_html(report), steps_html(report), changes_html(report), references_html(report),
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
