"""Cut the report into pages and paint them on a PDF writer or a printer.

QTextDocument's own pagination moves single lines to the next page, which splits
table rows (a step's number on one page, its text on the next).  We lay the document
out as one long page instead, collect what must stay together (a table row, a heading
with what follows it, a table's header row with its first row, each line of a
paragraph), and cut only between those.  Each page then gets the footer (run title,
page n of N), and the last page ends with ruled lines for handwritten observations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
    QTextCursor,
    QTextDocument,
    QTextTable,
)

from boranegui.report.document import CELL_PADDING, Report, build_document
from boranegui.report.fonts import FAMILY, register_fonts

if TYPE_CHECKING:
    from collections.abc import Callable

PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
MARGINS_MM = QMarginsF(18, 14, 18, 10)  # left, top, right, bottom: fits A4 and Letter printers
FOOTER_PT = 24.0  # reserved at the bottom of the printable area
OBSERVATION_PITCH_PT = 21.0  # 7.4 mm between handwriting lines
MIN_OBSERVATION_LINES = 8
KEEP_TABLE_ROWS = 8  # tables up to this many rows are never split


def page_size(name: str) -> QPageSize:
    """QPageSize for 'A4' or 'Letter' (case-insensitive); ValueError in words otherwise."""
    for key, size_id in PAGE_SIZES.items():
        if name.strip().lower() == key.lower():
            return QPageSize(size_id)
    raise ValueError(f"unknown page size {name!r}: use A4 or Letter")


def setup_device(device: QPagedPaintDevice, size: str) -> None:
    """Page size and margins, the same for the PDF writer and for printers."""
    device.setPageLayout(QPageLayout(page_size(size), QPageLayout.Orientation.Portrait, MARGINS_MM,
                                     QPageLayout.Unit.Millimeter))


@dataclass(frozen=True)
class Unit:
    """A vertical span of the document that must not be cut; may be glued to the next one."""

    top: float
    bottom: float
    keep_with_next: bool = False


def _outer_table(cursor: QTextCursor, root: object) -> QTextTable | None:
    frame, outer = cursor.currentFrame(), None
    while frame is not None and frame != root:
        if isinstance(frame, QTextTable):
            outer = frame
        frame = frame.parentFrame()
    return outer


def units(doc: QTextDocument) -> list[Unit]:
    """The uncuttable spans of a laid-out document, top to bottom."""
    layout = doc.documentLayout()
    root = doc.rootFrame()
    out: list[Unit] = []
    rows: dict[tuple[int, int], int] = {}  # (table start, row) -> index in out
    block = doc.begin()
    while block.isValid():
        rect = layout.blockBoundingRect(block)
        table = _outer_table(QTextCursor(block), root)
        if table is not None:
            row = table.cellAt(block.position()).row()
            key = (table.firstPosition(), row)
            top, bottom = rect.top() - CELL_PADDING - 1, rect.bottom() + CELL_PADDING
            # A header row stays with the first row; a short table (amounts, causes) stays whole.
            glued = row < table.format().headerRowCount() or (
                table.rows() <= KEEP_TABLE_ROWS and row < table.rows() - 1)
            if key in rows:
                u = out[rows[key]]
                out[rows[key]] = Unit(min(u.top, top), max(u.bottom, bottom), u.keep_with_next)
            else:
                rows[key] = len(out)
                out.append(Unit(top, bottom, glued))
        else:
            heading = block.blockFormat().headingLevel() > 0
            text_layout = block.layout()
            count = text_layout.lineCount()
            for i in range(count):
                line = text_layout.lineAt(i)
                top = rect.top() + line.y()
                # A heading's top margin goes with it; every line of it stays with the next unit.
                out.append(Unit(rect.top() if i == 0 and heading else top, top + line.height(), heading))
            if count == 0:
                out.append(Unit(rect.top(), rect.bottom(), heading))
        block = block.next()
    return sorted(out, key=lambda u: u.top)


def line_bottoms(doc: QTextDocument) -> list[float]:
    """Where each line of text ends: the places to cut something taller than a page."""
    layout = doc.documentLayout()
    out: list[float] = []
    block = doc.begin()
    while block.isValid():
        top = layout.blockBoundingRect(block).top()
        text_layout = block.layout()
        out.extend(top + text_layout.lineAt(i).y() + text_layout.lineAt(i).height()
                   for i in range(text_layout.lineCount()))
        block = block.next()
    return sorted(out)


def groups(spans: list[Unit]) -> list[tuple[float, float]]:
    """Merge glued units: each group is kept on one page when it fits."""
    merged: list[tuple[float, float]] = []
    glue = False
    for u in spans:
        if (glue and merged) or (merged and u.top < merged[-1][1] - 0.5):
            top, bottom = merged[-1]
            merged[-1] = (top, max(bottom, u.bottom))
        else:
            merged.append((u.top, u.bottom))
        glue = u.keep_with_next
    return merged


def paginate(doc: QTextDocument, page_height: float) -> list[tuple[float, float]]:
    """Page slices (top, bottom) in document points, cut only between groups."""
    height = doc.size().height()
    spans = groups(units(doc))
    slices: list[tuple[float, float]] = []
    start = 0.0
    while start < height - 0.5:
        limit = start + page_height
        if limit >= height:
            slices.append((start, height))
            break
        cut = next((top for top, bottom in spans if bottom > limit), limit)
        if cut <= start + 1:  # one group taller than a page: cut it after the last whole line
            cut = max((b for b in line_bottoms(doc) if start + 1 < b <= limit), default=limit)
            slices.append((start, cut))
            start = cut
            continue
        slices.append((start, cut))
        start = next((top for top, _ in spans if top >= cut - 0.01), cut)  # no blank band on top
    return slices or [(0.0, height)]


def _small_font(family: str, size: float, bold: bool = False) -> QFont:
    font = QFont(family)
    font.setPixelSize(max(1, round(size)))  # 1 unit = 1 point on the page
    font.setBold(bold)
    return font


def _footer(painter: QPainter, family: str, width: float, y: float, title: str, page: int, pages: int,
            trace: str) -> None:
    painter.setPen(QPen(QColor("#888888"), 0.5))
    painter.drawLine(QLineF(0, y, width, y))
    font = _small_font(family, 7)
    painter.setFont(font)
    painter.setPen(QColor("#333333"))
    metrics = QFontMetricsF(font)
    right = f"Page {page} of {pages}"
    right_w = metrics.horizontalAdvance(right)
    left = metrics.elidedText(title, Qt.TextElideMode.ElideRight, width * 0.55)
    baseline = y + 10
    painter.drawText(QPointF(0, baseline), left)
    painter.drawText(QPointF(width - right_w, baseline), right)
    middle_w = metrics.horizontalAdvance(trace)
    painter.setPen(QColor("#666666"))
    painter.drawText(QPointF(width - right_w - 18 - middle_w, baseline), trace)


def _observations(painter: QPainter, family: str, width: float, top: float, bottom: float) -> None:
    painter.setPen(QColor("#1f3a5f"))
    painter.setFont(_small_font(family, 12, bold=True))
    painter.drawText(QPointF(0, top + 12), "Observations")
    painter.setPen(QColor("#555555"))
    painter.setFont(_small_font(family, 7))
    painter.drawText(QPointF(0, top + 24), "Date, operator, what you saw (gas, colour, TLC, temperatures), "
                     "deviations from this protocol, yield.")
    painter.setPen(QPen(QColor("#9a9a9a"), 0.5))
    y = top + 24 + OBSERVATION_PITCH_PT
    while y <= bottom:
        painter.drawLine(QLineF(0, y, width, y))
        y += OBSERVATION_PITCH_PT


def paint(device: QPagedPaintDevice, report: Report, on_page: Callable[[int], None] | None = None) -> int:
    """Paint the whole report on ``device`` (set up by setup_device); returns the number of pages.

    A printer's page range (from the print dialog) is honoured when it has one.
    """
    family = register_fonts() or FAMILY
    dpi = device.logicalDpiX()
    scale = dpi / 72.0
    rect = device.pageLayout().paintRectPixels(dpi)
    width, height = rect.width() / scale, rect.height() / scale
    content = height - FOOTER_PT
    doc = build_document(report, width)
    slices = paginate(doc, content)
    obs_space = MIN_OBSERVATION_LINES * OBSERVATION_PITCH_PT + 30
    last_used = slices[-1][1] - slices[-1][0]
    own_page = content - last_used - 14 < obs_space
    total = len(slices) + (1 if own_page else 0)
    first, last = 1, total
    from_page = getattr(device, "fromPage", lambda: 0)()
    to_page = getattr(device, "toPage", lambda: 0)()
    if from_page > 0:
        first, last = max(1, from_page), min(total, to_page or total)
    trace = f"BoraneGUI {report.meta.version} · rules {report.meta.rules_short}"
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("could not start drawing on the page (printer or PDF writer not ready)")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        layout = doc.documentLayout()
        started = False
        for page in range(1, total + 1):
            if page < first or page > last:
                continue
            if started and not device.newPage():
                raise OSError("could not start a new page")
            started = True
            if page <= len(slices):
                top, bottom = slices[page - 1]
                painter.save()
                painter.setClipRect(QRectF(0, 0, width, bottom - top))
                painter.translate(0, -top)
                ctx = QAbstractTextDocumentLayout.PaintContext()
                ctx.clip = QRectF(0, top + 0.5, width, bottom - top - 1)  # lines just outside: not drawn
                layout.draw(painter, ctx)
                painter.restore()
            if page == total:
                obs_top = 0.0 if own_page else last_used + 14
                _observations(painter, family, width, obs_top, content - 4)
            _footer(painter, family, width, content + 6, report.title, page, total, trace)
            if on_page is not None:
                on_page(page)
    finally:
        painter.end()
    return total
