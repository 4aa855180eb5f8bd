"""Step 5: the ranked causes, each with its weight, the evidence trail, the actions and sources."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from boranegui.core.run_record import SYMPTOMS
from boranegui.ui.pages.base import Page, html_escape, muted
from boranegui.ui.widgets import ScoreBar


def _label(html: str, object_name: str = "") -> QLabel:
    label = QLabel(html)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if object_name:
        label.setObjectName(object_name)
    return label


def trail(cause) -> list[str]:
    """The path of answers from what was seen to this cause, as the engine walked it: the
    symptoms first, then each answer's evidence in order, then what counts against it."""
    paths = getattr(cause, "trails", None)  # per-path trails, when the engine gives them
    if paths:
        return [" → ".join(p) for p in paths]
    seen = ", ".join(SYMPTOMS.get(s, (s,))[0] for s in cause.symptoms)
    lines = [f"You saw: {seen}"] if seen else []
    lines += list(cause.evidence)
    lines += [f"Against: {a}" for a in getattr(cause, "against", ())]
    return lines


class CauseCard(QFrame):
    """One cause: rank, title, bar, explanation, why (evidence), what to do, source."""

    def __init__(self, rank: int, cause, parent: QWidget | None = None, lab: dict | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.cause = cause
        lab = lab or {}  # (cause id, action id) -> LabFigure: shown beside the action, never re-ranks
        grid = QGridLayout(self)
        grid.setContentsMargins(16, 12, 16, 12)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        title = _label(f"<span style='font-size:13pt; font-weight:600'>{rank}. {html_escape(cause.title)}</span>")
        title.setObjectName("causeTitle")
        grid.addWidget(title, 0, 0)
        score = QLabel(f"{cause.score:.0%}")
        score.setStyleSheet("font-weight:600;")
        score.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(score, 0, 1)
        bar = ScoreBar(cause.score)
        bar.setFixedHeight(10)
        grid.addWidget(bar, 1, 0, 1, 2)
        grid.addWidget(_label(html_escape(cause.explanation)), 2, 0, 1, 2)
        row = 3
        actions = [html_escape(a.text) + (f" <span style='color:#1f6f8b'>({html_escape(lab[cause.id, a.id].words())})"
                                          "</span>" if (cause.id, a.id) in lab else "") for a in cause.actions]
        for heading, lines in (("How the answers led here", [html_escape(line) for line in trail(cause)]),
                               ("What to do next time", actions)):
            if lines:
                items = "".join(f"<li>{line}</li>" for line in lines)
                tag = "ol" if heading.startswith("How") else "ul"  # the trail is walked in order
                body = f"<{tag} style='margin-top:2px; margin-bottom:0'>{items}</{tag}>"
                grid.addWidget(_label(f"<b>{heading}</b>{body}"), row, 0, 1, 2)
                row += 1
        symptoms = ", ".join(SYMPTOMS.get(s, (s,))[0] for s in cause.symptoms)
        source = f"Source: {html_escape(cause.source)}"
        if symptoms:
            source = f"From: {html_escape(symptoms)}. {source}"
        grid.addWidget(_label(f"<span style='color:#5f6b73; font-size:9pt'>{source}</span>"), row, 0, 1, 2)
        grid.setColumnStretch(0, 1)


class DiagnosisPage(Page):
    title = "Diagnosis"
    subtitle = "The probable causes, most likely first, with the evidence for each and what to change."

    def __init__(self, session, parent=None) -> None:
        super().__init__(session, parent)
        scroll, inner = self.scroll_area()
        self.list = QVBoxLayout(inner)
        self.list.setContentsMargins(0, 0, 12, 0)
        self.list.setSpacing(10)
        self.body.addWidget(scroll, 1)
        self.cards: list[CauseCard] = []
        self.warning_frames: list[QFrame] = []
        self.lab_figures: dict = {}  # set by the window from the history (what worked in this lab)
        self.tried: list[str] = []  # what earlier attempts of this run's chain changed, in words
        session.diagnosis_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        while self.list.count():
            item = self.list.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.cards, self.warning_frames = [], []
        s = self.session
        diagnosis = s.diagnosis
        if diagnosis is not None:
            for warning in diagnosis.warnings:
                frame = QFrame()
                frame.setObjectName("banner")
                layout = QVBoxLayout(frame)
                layout.setContentsMargins(14, 10, 14, 10)
                layout.addWidget(_label(f"<b>Substrate warning.</b> {html_escape(warning.text)}"))
                layout.addWidget(
                    _label(f"<span style='color:#5f6b73; font-size:9pt'>Source: {html_escape(warning.source)}</span>")
                )
                self.list.addWidget(frame)
                self.warning_frames.append(frame)
            open_count = len(s.open_questions())
            if open_count and diagnosis.causes:
                note = QFrame()
                note.setObjectName("infoBanner")
                layout = QVBoxLayout(note)
                layout.setContentsMargins(14, 8, 14, 8)
                plural = "s" if open_count > 1 else ""
                layout.addWidget(
                    _label(f"{open_count} open question{plural} could sharpen this ranking (see Questions).")
                )
                self.list.addWidget(note)
            if self.tried:
                self.list.addWidget(self._tried_banner())
            for rank, cause in enumerate(diagnosis.causes, 1):
                card = CauseCard(rank, cause, lab=self.lab_figures)
                self.list.addWidget(card)
                self.cards.append(card)
        if not self.cards:
            self.list.addWidget(muted(self._empty_text()))
        self.list.addStretch(1)

    def set_lab(self, figures: dict, tried: list[str]) -> None:
        """Show the lab's figures beside the actions and what this chain already tried."""
        self.lab_figures, self.tried = figures, tried
        self.refresh()

    def _tried_banner(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("infoBanner")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(14, 8, 14, 8)
        items = "".join(f"<li>{html_escape(line)}</li>" for line in self.tried)
        heading = "<b>Already tried in this chain of attempts</b>"
        layout.addWidget(_label(f"{heading}<ul style='margin:2px 0 0 0'>{items}</ul>", "alreadyTried"))
        return frame

    def _empty_text(self) -> str:
        s = self.session
        if not s.engine_ready:
            return "Loading the chemistry engine…"
        if s.record is None:
            from boranegui.core.run_fields import missing_words

            missing = ", ".join(missing_words(s.problems)[:6])
            return f"The run is not complete yet. Still needed: {missing}. Fill it in on the Substrate and Run pages."
        if s.engine_error:
            return s.engine_error
        return (
            "No causes: no symptom is marked as seen. If the run went well, the protocol page "
            "shows it scaled as you ran it."
        )
