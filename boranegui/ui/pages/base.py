"""What every page shares: a title, a one-line purpose, and access to the session."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from boranegui.ui.session import RunSession


class Page(QWidget):
    """A step of the wizard.  Subclasses fill ``self.body`` and implement ``refresh``."""

    title = ""
    subtitle = ""

    def __init__(self, session: RunSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.session = session
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 20, 28, 12)
        outer.setSpacing(6)
        heading = QLabel(self.title)
        heading.setObjectName("pageTitle")
        sub = QLabel(self.subtitle)
        sub.setObjectName("pageSubtitle")
        sub.setWordWrap(True)
        outer.addWidget(heading)
        outer.addWidget(sub)
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 10, 0, 0)
        outer.addLayout(self.body, 1)

    @staticmethod
    def scroll_area() -> tuple[QScrollArea, QWidget]:
        """A frameless scroll area and the widget inside it, for pages longer than the window."""
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        inner.setObjectName("scrollInner")
        scroll.setWidget(inner)
        return scroll, inner

    def refresh(self) -> None:
        """Show the session's current state."""

    def focus_first(self) -> None:
        """Put the keyboard focus on the page's first input (after Next, Back or a step key)."""
        for widget in self.findChildren(QWidget):
            if isinstance(widget, QScrollArea):
                continue  # the frame around the form, not an input
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible() and widget.isEnabled():
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                return

    def on_engine_loaded(self) -> None:
        """Called once RDKit and the engine are imported."""


def muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("muted")
    label.setWordWrap(True)
    return label


def link_button(text: str) -> QPushButton:
    """A quiet, link-like button for a secondary action ("Use the note's values")."""
    from boranegui.ui.style import ACCENT

    button = QPushButton(text)
    button.setObjectName("linkButton")
    button.setFlat(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setStyleSheet(f"QPushButton {{ color: {ACCENT}; text-align: left; padding: 1px 2px; border: none; }}"
                         "QPushButton:focus { text-decoration: underline; }")
    return button


def html_escape(text: object) -> str:
    import html

    return html.escape(str(text), quote=False)
