"""The step list's look: each step with its state in small type under the title."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

BADGE_ROLE = Qt.ItemDataRole.UserRole + 1


class StepDelegate(QStyledItemDelegate):
    """Draws a step with its state under the title in small muted type ("2 seen", "3 open")."""

    def sizeHint(self, option, index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), 50))

    def paint(self, painter: QPainter, option, index) -> None:
        badge = index.data(BADGE_ROLE) or ""
        if not badge:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        rect = option.rect.adjusted(18, 6, -8, -6)
        font = QFont(opt.font)
        painter.setFont(font)
        painter.setPen(QColor("#1f6f8b") if option.state & QStyle.StateFlag.State_Selected else QColor("#26323a"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, index.data())
        small = QFont(font)
        small.setPointSizeF(max(font.pointSizeF() * 0.8, 7.0))
        small.setBold(False)
        painter.setFont(small)
        painter.setPen(QColor("#5f6b73"))
        painter.drawText(rect.adjusted(24, 0, 0, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, badge)
        painter.restore()
