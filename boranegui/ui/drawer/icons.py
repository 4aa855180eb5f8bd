"""Toolbar icons painted at run time (rings, bonds, labels): no image files to ship or lose."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

SIZE = 32
INK = QColor("#202020")


def _canvas() -> tuple[QPixmap, QPainter]:
    pix = QPixmap(SIZE, SIZE)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(INK, 1.8))
    return pix, painter


def ring_icon(size: int, aromatic: bool = False) -> QIcon:
    pix, p = _canvas()
    r = SIZE * 0.38
    c = QPointF(SIZE / 2, SIZE / 2)
    start = -math.pi / 2 + (math.pi / size if size % 2 == 0 else 0)
    pts = [
        QPointF(
            c.x() + r * math.cos(start + 2 * math.pi * k / size),
            c.y() + r * math.sin(start + 2 * math.pi * k / size),
        )
        for k in range(size)
    ]
    p.drawPolygon(QPolygonF(pts))
    if aromatic:
        for k in range(0, size, 2):
            a, b = pts[k], pts[(k + 1) % size]
            f = 0.72
            p.drawLine(
                QPointF(c.x() + (a.x() - c.x()) * f, c.y() + (a.y() - c.y()) * f),
                QPointF(c.x() + (b.x() - c.x()) * f, c.y() + (b.y() - c.y()) * f),
            )
    p.end()
    return QIcon(pix)


def bond_icon(order: int) -> QIcon:
    pix, p = _canvas()
    a, b = QPointF(6, 26), QPointF(26, 6)
    gap = 4.0
    offsets = {1: [0.0], 2: [-gap / 2, gap / 2], 3: [-gap, 0.0, gap]}[order]
    for o in offsets:
        d = o / math.sqrt(2)
        p.drawLine(QPointF(a.x() + d, a.y() + d), QPointF(b.x() + d, b.y() + d))
    p.end()
    return QIcon(pix)


def text_icon(text: str, colour: str = "#202020", circle: bool = False) -> QIcon:
    pix, p = _canvas()
    font = QFont("DejaVu Sans")
    font.setPixelSize(15 if len(text) < 3 else 11)
    font.setBold(True)
    p.setFont(font)
    if circle:
        p.setPen(QPen(QColor(colour), 1.5))
        p.drawEllipse(QRectF(5, 5, SIZE - 10, SIZE - 10))
    p.setPen(QColor(colour))
    p.drawText(QRectF(0, 0, SIZE, SIZE), Qt.AlignmentFlag.AlignCenter, text)
    p.end()
    return QIcon(pix)


def select_icon() -> QIcon:
    pix, p = _canvas()
    pen = QPen(INK, 1.5, Qt.PenStyle.DashLine)
    p.setPen(pen)
    p.drawRect(QRectF(5, 5, 22, 22))
    p.end()
    return QIcon(pix)


def erase_icon() -> QIcon:
    pix, p = _canvas()
    p.setPen(QPen(QColor("#c62828"), 2.2))
    p.drawLine(QPointF(9, 9), QPointF(23, 23))
    p.drawLine(QPointF(23, 9), QPointF(9, 23))
    p.end()
    return QIcon(pix)


def lactam_icon() -> QIcon:
    """A 2-pyrrolidinone glyph for the scaffold menu."""
    pix, p = _canvas()
    c = QPointF(15, 18)
    r = 9.0
    pts = [
        QPointF(
            c.x() + r * math.cos(math.radians(-90 + 72 * k)),
            c.y() + r * math.sin(math.radians(-90 + 72 * k)),
        )
        for k in range(5)
    ]
    p.drawPolygon(QPolygonF(pts))
    top = pts[0]
    p.drawLine(top, QPointF(top.x(), top.y() - 6))
    p.drawLine(QPointF(top.x() + 3, top.y()), QPointF(top.x() + 3, top.y() - 6))
    p.setPen(QColor("#2344d8"))
    font = QFont("DejaVu Sans")
    font.setPixelSize(9)
    font.setBold(True)
    p.setFont(font)
    p.drawText(QPointF(pts[1].x() - 1, pts[1].y() + 4), "N")
    p.end()
    return QIcon(pix)


def stereo_icon(mark: str) -> QIcon:
    """Wedge, hash or wavy bond, narrow end at the lower left as the tools draw them."""
    pix, p = _canvas()
    a, b = QPointF(6, 26), QPointF(26, 6)
    if mark == "wedge":
        p.setBrush(INK)
        p.drawPolygon(QPolygonF([a, QPointF(b.x() - 3, b.y() - 3), QPointF(b.x() + 3, b.y() + 3)]))
    elif mark == "hash":
        for k in range(1, 8):
            f = k / 7
            x, y = a.x() + (b.x() - a.x()) * f, a.y() + (b.y() - a.y()) * f
            half = 3.5 * f + 0.5
            p.drawLine(QPointF(x - half, y - half), QPointF(x + half, y + half))
    else:
        path = QPainterPath(a)
        n = 6
        for k in range(n):
            f1, mid = (k + 1) / n, (k + 0.5) / n
            sign = 3.5 if k % 2 == 0 else -3.5
            ctrl = QPointF(a.x() + (b.x() - a.x()) * mid + sign, a.y() + (b.y() - a.y()) * mid + sign)
            path.quadTo(ctrl, QPointF(a.x() + (b.x() - a.x()) * f1, a.y() + (b.y() - a.y()) * f1))
        p.drawPath(path)
    p.end()
    return QIcon(pix)
