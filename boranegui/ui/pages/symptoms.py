"""Step 3: what went wrong, symptom by symptom: seen, checked and not seen, or not checked."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QWidget,
)

from boranegui.core.run_record import SYMPTOMS
from boranegui.ui.pages.base import Page
from boranegui.ui.session import NOT_CHECKED, NOT_SEEN, SEEN

STATES = ((SEEN, "Seen"), (NOT_SEEN, "Checked, not seen"), (NOT_CHECKED, "Not checked"))


class SymptomsPage(Page):
    title = "Symptoms"
    subtitle = (
        'Say what you saw. "Checked, not seen" is evidence too: it rules causes out. '
        'Leave "Not checked" where you did not look.'
    )

    def __init__(self, session, parent=None) -> None:
        super().__init__(session, parent)
        scroll, inner = self.scroll_area()
        grid = QGridLayout(inner)
        grid.setContentsMargins(0, 0, 12, 0)
        grid.setVerticalSpacing(4)
        grid.setHorizontalSpacing(16)
        self.groups: dict[str, QButtonGroup] = {}
        self.buttons: dict[tuple[str, str], QToolButton] = {}
        for row, (symptom, (label, description)) in enumerate(SYMPTOMS.items()):
            text = QLabel(f"<b>{label}</b><br><span style='color:#5f6b73'>{description}</span>")
            text.setWordWrap(True)
            grid.addWidget(text, row, 0)
            group = QButtonGroup(self)
            group.setExclusive(True)
            buttons = QHBoxLayout()
            buttons.setSpacing(0)
            for state, words in STATES:
                button = QToolButton()
                button.setText(words)
                button.setCheckable(True)
                button.setObjectName("stateButton")
                button.setProperty("state", state)
                button.setAccessibleName(f"{label}: {words}")
                button.clicked.connect(lambda _=False, s=symptom, st=state: self.session.set_symptom(s, st))
                group.addButton(button)
                buttons.addWidget(button)
                self.buttons[(symptom, state)] = button
            holder = QWidget()
            holder.setLayout(buttons)
            grid.addWidget(holder, row, 1)
            self.groups[symptom] = group
        grid.setColumnStretch(0, 1)
        grid.setRowStretch(len(SYMPTOMS), 1)
        self.summary = QLabel("")
        self.summary.setObjectName("muted")
        self.body.addWidget(self.summary)
        self.body.addWidget(scroll, 1)
        session.run_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        seen = []
        for symptom in SYMPTOMS:
            state = self.session.symptom_state(symptom)
            self.buttons[(symptom, state)].setChecked(True)
            if state == SEEN:
                seen.append(SYMPTOMS[symptom][0])
        self.summary.setText(
            "Seen: " + ", ".join(seen) + "."
            if seen
            else "No symptom marked as seen yet: a run with no symptoms gets no diagnosis and an unchanged protocol."
        )

    def button(self, symptom: str, state: str) -> QToolButton:
        return self.buttons[(symptom, state)]
