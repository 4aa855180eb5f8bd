"""The canvas items: atoms (labels with implicit H and charges), bonds, and group highlights.

Scene coordinates are model units times SCALE with y flipped (RDKit's y points up).
Proportions follow the ACS 1996 drawing style: line width about 4 % and double-bond
spacing about 18 % of the bond length, labels that bonds stop short of.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from .display import AtomLook, BondLook, charge_text

SCALE = 20.0  # scene pixels per model unit: a 1.5 bond is 30 px at zoom 1
BOND_PX = 1.5 * SCALE
LINE_WIDTH = 0.045 * BOND_PX
DOUBLE_GAP = 0.18 * BOND_PX
INNER_TRIM = 0.14  # inner line of a ring double bond is this fraction shorter at each end
LABEL_CLEAR = 0.3 * BOND_PX  # bonds stop this far from a labelled atom's centre
FONT_PX = 0.5 * BOND_PX
HIT_RADIUS = 0.3 * BOND_PX
HALO_RADIUS = 0.27 * BOND_PX
INK = QColor("#1e1e1e")
HOVER = QColor(0, 120, 215, 60)
SELECTED = QColor(0, 120, 215, 110)
PROBLEM = QColor("#d32f2f")
CURSOR = QColor(0, 90, 180)
CIP_INK = QColor("#6a1b9a")  # R/S and E/Z labels: apart from element colours


def _bond_pen(style: Qt.PenStyle) -> QPen:
    pen = QPen(INK, LINE_WIDTH)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setStyle(style)
    return pen


_SOLID_PEN = _bond_pen(Qt.PenStyle.SolidLine)
_DASHED_PEN = _bond_pen(Qt.PenStyle.DashLine)  # the dashed line of an aromatic bond drawn as such
_INK_BRUSH = QBrush(INK)


def to_scene(x: float, y: float) -> QPointF:
    return QPointF(x * SCALE, -y * SCALE)


def from_scene(p: QPointF) -> tuple[float, float]:
    return (p.x() / SCALE, -p.y() / SCALE)


def label_font() -> QFont:
    font = QFont("DejaVu Sans")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPixelSize(round(FONT_PX))
    return font


def small_font() -> QFont:
    font = label_font()
    font.setPixelSize(round(FONT_PX * 0.68))
    return font


class AtomItem(QGraphicsItem):
    """One atom: nothing for a skeletal carbon, else its label; hover/selection/problem rings."""

    Type = QGraphicsItem.UserType + 1

    def __init__(self, look: AtomLook) -> None:
        super().__init__()
        self.look = look
        self.hovered = False
        self.selected = False
        self.keyboard_cursor = False  # the keyboard cursor sits here
        self.setZValue(2)
        self._font, self._small = label_font(), small_font()
        self._fm, self._fms = QFontMetricsF(self._font), QFontMetricsF(self._small)
        self._layout: list[tuple[str, QPointF, bool]] = []
        self._rect = QRectF()
        self.set_look(look)

    def type(self) -> int:
        return self.Type

    @property
    def atom_id(self) -> int:
        return self.look.id

    def set_look(self, look: AtomLook) -> None:
        self.prepareGeometryChange()
        self.look = look
        self._colour = QColor(look.colour)
        self.setPos(to_scene(look.x, look.y))
        self._layout = self._lay_out()
        r = HIT_RADIUS + 6  # room for the keyboard cursor ring
        rect = QRectF(-r, -r, 2 * r, 2 * r)
        for text, at, small in self._layout:
            fm = self._fms if small else self._fm
            rect = rect.united(QRectF(at.x(), at.y() - fm.ascent(), fm.horizontalAdvance(text), fm.height()))
        if look.cip:
            at = self._cip_at()
            size = (self._fms.horizontalAdvance(f"({look.cip})"), self._fms.height())
            rect = rect.united(QRectF(at.x(), at.y() - self._fms.ascent(), *size))
        self._rect = rect.adjusted(-2, -2, 2, 2)
        if look.problem != self.toolTip():
            self.setToolTip(look.problem)
        self.update()

    def _lay_out(self) -> list[tuple[str, QPointF, bool]]:
        """Pieces of the label (text, baseline origin, small?) with the element centred on the atom."""
        look = self.look
        if not look.label:
            return []
        fm, fms = self._fm, self._fms
        base = fm.capHeight() / 2  # baseline so that capitals are centred vertically
        sym_w = fm.horizontalAdvance(look.symbol)
        x0 = -sym_w / 2
        parts: list[tuple[str, QPointF, bool]] = [(look.symbol, QPointF(x0, base), False)]
        sup_y = base - fm.capHeight() * 0.75
        sub_y = base + fm.capHeight() * 0.35
        right = x0 + sym_w
        left = x0
        if look.isotope:
            iso = str(look.isotope)
            left -= fms.horizontalAdvance(iso)
            parts.append((iso, QPointF(left, sup_y), True))
        if look.hydrogens:
            count = str(look.hydrogens) if look.hydrogens > 1 else ""
            h_w = fm.horizontalAdvance("H")
            c_w = fms.horizontalAdvance(count)
            if look.h_side == "left":
                at = QPointF(left - h_w - c_w, base)
            elif look.h_side == "above":
                at = QPointF(-h_w / 2, base - fm.capHeight() * 1.25)
            elif look.h_side == "below":
                at = QPointF(-h_w / 2, base + fm.capHeight() * 1.25)
            else:
                at = QPointF(right, base)
                right += h_w + c_w
            parts.append(("H", at, False))
            if count:
                parts.append((count, QPointF(at.x() + h_w, at.y() + sub_y - base), True))
        if look.charge:
            parts.append((charge_text(look.charge), QPointF(right, sup_y), True))
        if look.radicals:
            parts.append(("•" * look.radicals, QPointF(x0, base - fm.capHeight() - 1), True))
        return parts

    def _cip_at(self) -> QPointF:
        """Baseline origin of the (R)/(S) label: centred in the widest gap between the bonds."""
        fm = self._fms
        width = fm.horizontalAdvance(f"({self.look.cip})")
        reach = HIT_RADIUS * 1.25 + width / 2
        cx, cy = math.cos(self.look.cip_angle) * reach, -math.sin(self.look.cip_angle) * reach
        return QPointF(cx - width / 2, cy + fm.capHeight() / 2)

    def boundingRect(self) -> QRectF:
        return self._rect

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), HIT_RADIUS, HIT_RADIUS)
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        # Antialiasing comes from the view; a skeletal carbon with nothing on it draws nothing
        # (most atoms of a large drawing: a full repaint visits every item).
        if not (self._layout or self.look.cip or self.look.problem or self.selected or self.hovered
                or self.keyboard_cursor):
            return
        if self.selected or self.hovered:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(SELECTED if self.selected else HOVER)
            painter.drawEllipse(QPointF(0, 0), HIT_RADIUS, HIT_RADIUS)
        if self.keyboard_cursor:
            pen = QPen(CURSOR, LINE_WIDTH * 1.3)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(0, 0), HIT_RADIUS + 3, HIT_RADIUS + 3)
        if self.look.problem:
            pen = QPen(PROBLEM, LINE_WIDTH * 1.2)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(0, 0), HIT_RADIUS + 1.5, HIT_RADIUS + 1.5)
        painter.setPen(PROBLEM if self.look.problem else self._colour)
        for text, at, small in self._layout:
            painter.setFont(self._small if small else self._font)
            painter.drawText(at, text)
        if self.look.cip:
            painter.setPen(CIP_INK)
            painter.setFont(self._small)
            painter.drawText(self._cip_at(), f"({self.look.cip})")


class BondItem(QGraphicsItem):
    """One bond: single/double/triple lines, wedges; ring double bonds drawn inside the ring."""

    Type = QGraphicsItem.UserType + 2

    def __init__(self, look: BondLook) -> None:
        super().__init__()
        self.hovered = False
        self.selected = False
        self.setZValue(1)
        self._lines: list[tuple[QPointF, QPointF, bool]] = []
        self._polygon: QPolygonF | None = None
        self._hatches: list[tuple[QPointF, QPointF]] = []
        self._wave: QPainterPath | None = None
        self._cip_at: QPointF | None = None
        self._shape = QPainterPath()
        self._rect = QRectF()
        self.look = look
        self.set_look(look)

    def type(self) -> int:
        return self.Type

    @property
    def bond_id(self) -> int:
        return self.look.id

    def set_look(self, look: BondLook) -> None:
        self.prepareGeometryChange()
        self.look = look
        self._compute()
        self.update()

    def _compute(self) -> None:
        look = self.look
        a, b = to_scene(*look.p1), to_scene(*look.p2)
        dx, dy = b.x() - a.x(), b.y() - a.y()
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        # scene y is flipped, so "left of begin->end" in model space is right in scene space
        nx, ny = uy, -ux
        t1 = LABEL_CLEAR if look.label1 else 0.0
        t2 = LABEL_CLEAR if look.label2 else 0.0
        if t1 + t2 > length * 0.8:
            t1 = t2 = length * 0.2
        s = QPointF(a.x() + ux * t1, a.y() + uy * t1)
        e = QPointF(b.x() - ux * t2, b.y() - uy * t2)
        lines: list[tuple[QPointF, QPointF, bool]] = []
        self._polygon, self._hatches, self._wave = None, [], None

        def offset(p: QPointF, d: float) -> QPointF:
            return QPointF(p.x() + nx * d, p.y() + ny * d)

        if look.order == 2 and look.mark == "either":  # crossed: E/Z unknown
            half = DOUBLE_GAP / 2
            lines.append((offset(s, half), offset(e, -half), False))
            lines.append((offset(s, -half), offset(e, half), False))
        elif look.order in (2, 4) and look.side != 0:
            lines.append((s, e, False))
            trim_s = INNER_TRIM * length if not look.label1 else 0.0
            trim_e = INNER_TRIM * length if not look.label2 else 0.0
            s2 = QPointF(s.x() + ux * trim_s, s.y() + uy * trim_s)
            e2 = QPointF(e.x() - ux * trim_e, e.y() - uy * trim_e)
            d = DOUBLE_GAP * look.side
            lines.append((offset(s2, d), offset(e2, d), look.order == 4))
        elif look.order in (2, 4):
            half = DOUBLE_GAP / 2
            lines.append((offset(s, half), offset(e, half), False))
            lines.append((offset(s, -half), offset(e, -half), look.order == 4))
        elif look.order == 3:
            lines.append((s, e, False))
            lines.append((offset(s, DOUBLE_GAP), offset(e, DOUBLE_GAP), False))
            lines.append((offset(s, -DOUBLE_GAP), offset(e, -DOUBLE_GAP), False))
        elif look.mark == "wedge":
            w = DOUBLE_GAP * 0.6
            self._polygon = QPolygonF([s, offset(e, w), offset(e, -w)])
        elif look.mark == "wavy":
            self._wave = _wave(s, e, (nx, ny))
        elif look.mark == "hash":
            w = DOUBLE_GAP * 0.6
            n = max(4, int(length / 4))
            for k in range(n + 1):
                f = k / n
                p = QPointF(s.x() + (e.x() - s.x()) * f, s.y() + (e.y() - s.y()) * f)
                self._hatches.append((offset(p, -w * f - 0.5), offset(p, w * f + 0.5)))
        else:
            lines.append((s, e, look.order == 0))
        self._lines = lines
        self._cip_at = None
        if look.cip:  # beside the middle of the bond, on the side away from the second line
            side = -look.side if look.side else 1
            mid = QPointF((a.x() + b.x()) / 2, (a.y() + b.y()) / 2)
            self._cip_at = offset(mid, side * DOUBLE_GAP * 2.2)
        path = QPainterPath(a)
        path.lineTo(b)
        stroker = QPainterPathStroker()
        stroker.setWidth(HIT_RADIUS * 1.1)
        stroker.setCapStyle(Qt.PenCapStyle.FlatCap)
        self._shape = stroker.createStroke(path)
        pad = DOUBLE_GAP * (4 if self._cip_at is not None else 1)
        self._rect = self._shape.boundingRect().adjusted(-pad, -pad, pad, pad)

    def boundingRect(self) -> QRectF:
        return self._rect

    def shape(self) -> QPainterPath:
        return self._shape

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        # Antialiasing comes from the view; the pens are made once (every item is painted on a
        # full repaint, so per-paint QPen objects and state changes add up at 500 atoms).
        if self.selected or self.hovered:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(SELECTED if self.selected else HOVER)
            painter.drawPath(self._shape)
        pen = None
        for s, e, dashed in self._lines:
            wanted = _DASHED_PEN if dashed else _SOLID_PEN
            if wanted is not pen:
                pen = wanted
                painter.setPen(pen)
            painter.drawLine(s, e)
        if pen is not _SOLID_PEN and (self._polygon is not None or self._hatches or self._wave is not None):
            painter.setPen(_SOLID_PEN)
        if self._polygon is not None:
            painter.setBrush(_INK_BRUSH)
            painter.drawPolygon(self._polygon)
        if self._hatches:
            for s, e in self._hatches:
                painter.drawLine(s, e)
        if self._wave is not None:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(self._wave)
        if self._cip_at is not None:
            font = small_font()
            painter.setFont(font)
            painter.setPen(CIP_INK)
            text = f"({self.look.cip})"
            width = QFontMetricsF(font).horizontalAdvance(text)
            painter.drawText(QPointF(self._cip_at.x() - width / 2, self._cip_at.y() + font.pixelSize() / 3), text)


def _wave(s: QPointF, e: QPointF, normal: tuple[float, float]) -> QPainterPath:
    """A wavy ("either configuration") bond: half-waves about a sixth of the bond long."""
    dx, dy = e.x() - s.x(), e.y() - s.y()
    n = max(4, round(math.hypot(dx, dy) / 5))
    amp = DOUBLE_GAP * 0.45
    path = QPainterPath(s)
    for k in range(n):
        f0, f1 = k / n, (k + 1) / n
        mid = (f0 + f1) / 2
        sign = 1 if k % 2 == 0 else -1
        ctrl = QPointF(s.x() + dx * mid + normal[0] * amp * 2 * sign, s.y() + dy * mid + normal[1] * amp * 2 * sign)
        path.quadTo(ctrl, QPointF(s.x() + dx * f1, s.y() + dy * f1))
    return path


class HighlightItem(QGraphicsItem):
    """A soft halo under a set of atoms and bonds (lactam sites, borane-reducible groups)."""

    Type = QGraphicsItem.UserType + 3

    def __init__(self, colour: QColor) -> None:
        super().__init__()
        self.colour = colour
        self.setZValue(-1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._points: list[QPointF] = []
        self._segments: list[tuple[QPointF, QPointF]] = []
        self._rect = QRectF()

    def type(self) -> int:
        return self.Type

    def set_shapes(self, points: list[QPointF], segments: list[tuple[QPointF, QPointF]]) -> None:
        self.prepareGeometryChange()
        self._points, self._segments = points, segments
        rect = QRectF()
        r = HALO_RADIUS + 2
        for p in points:
            rect = rect.united(QRectF(p.x() - r, p.y() - r, 2 * r, 2 * r))
        self._rect = rect
        self.update()

    def is_empty(self) -> bool:
        return not self._points

    def boundingRect(self) -> QRectF:
        return self._rect

    def shape(self) -> QPainterPath:
        return QPainterPath()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        pen = QPen(self.colour, 2 * HALO_RADIUS)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        for s, e in self._segments:
            painter.drawLine(s, e)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.colour)
        for p in self._points:
            painter.drawEllipse(p, HALO_RADIUS, HALO_RADIUS)
