"""Small widgets the pages share: the score bar and the live ranking list."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from boranegui.ui.style import ACCENT


class ScoreBar(QWidget):
    """A cause's likelihood as a filled bar (0..1), so the ranking reads at a glance."""

    def __init__(self, score: float = 0.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.score = max(0.0, min(1.0, float(score)))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(f"likelihood {self.score:.0%}")

    def sizeHint(self) -> QSize:
        return QSize(160, 10)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(0, 0, self.width(), self.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#e3e8ec"))
        painter.drawRoundedRect(rect, 4, 4)
        painter.setBrush(QColor(ACCENT))
        painter.drawRoundedRect(QRectF(0, 0, max(8.0, rect.width() * self.score), rect.height()), 4, 4)


class RankingList(QWidget):
    """The causes as they stand, most likely first, with bars; re-drawn on every answer."""

    def __init__(self, parent: QWidget | None = None, limit: int = 6) -> None:
        super().__init__(parent)
        self.limit = limit
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setVerticalSpacing(4)
        self.titles: list[str] = []

    def set_causes(self, causes) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.titles = []
        for row, cause in enumerate(list(causes)[: self.limit]):
            title = QLabel(f"{row + 1}. {cause.title}")
            title.setTextFormat(Qt.TextFormat.PlainText)  # a lab's rules file writes titles
            title.setWordWrap(True)
            bar = ScoreBar(cause.score)
            bar.setFixedHeight(8)
            score = QLabel(f"{cause.score:.0%}")
            score.setObjectName("muted")
            self.grid.addWidget(title, row * 2, 0, 1, 2)
            self.grid.addWidget(bar, row * 2 + 1, 0)
            self.grid.addWidget(score, row * 2 + 1, 1)
            self.titles.append(cause.title)
        self.grid.setColumnStretch(0, 1)
