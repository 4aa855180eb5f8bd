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

from boranegui.core.draft import NOT_CHECKED, NOT_SEEN, SEEN
from boranegui.core.run_record import SYMPTOMS
from boranegui.ui.pages.analytics import AnalyticsBox
from boranegui.ui.pages.base import Page, html_escape

STATES = ((SEEN, "Seen"), (NOT_SEEN, "Checked, not seen"), (NOT_CHECKED, "Not checked"))
# Gas tells when something went wrong: these are grouped, in the order of the run.
GAS = ("reagent_pressure", "gas_on_addition", "little_gas_on_quench", "gas_on_acid", "gas_on_acid_heating")
ORDER = (*(s for s in SYMPTOMS if s not in GAS), *GAS)


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
        row = 0
        for symptom in ORDER:
            label, description = SYMPTOMS[symptom]
            if symptom == GAS[0]:
                head = QLabel("Gas, in the order of the run: when it came tells which step went wrong")
                head.setStyleSheet("font-weight: 600; margin-top: 10px;")
                grid.addWidget(head, row, 0, 1, 2)
                row += 1
            text = QLabel(f"<b>{html_escape(label)}</b><br><span style='color:#5f6b73'>"
                          f"{html_escape(description)}</span>")
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
            row += 1
        self.analytics = AnalyticsBox(session)
        grid.addWidget(self.analytics, row, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setRowStretch(row + 1, 1)
        self._scroll = scroll
        self._loads_shown = session.loads
        session.file_changed.connect(self._on_file_changed)
        self.summary = QLabel("")
        self.summary.setObjectName("muted")
        self.body.addWidget(self.summary)
        self.body.addWidget(scroll, 1)
        session.run_changed.connect(self.refresh)
        self.refresh()

    def _on_file_changed(self) -> None:
        if self.session.loads != self._loads_shown:  # a new run is read from the top
            self._loads_shown = self.session.loads
            self._scroll.verticalScrollBar().setValue(0)

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
