"""Step 4: the engine's open questions, one at a time; every answer re-ranks the causes."""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boranegui.ui.pages.base import Page, muted
from boranegui.ui.pages.numbers import parse_number
from boranegui.ui.widgets import RankingList


class QuestionsPage(Page):
    title = "Questions"
    subtitle = (
        "Answers that would change the ranking, most useful first. "
        '"I don\'t know" is a fine answer: the question is set aside.'
    )

    def __init__(self, session, parent=None) -> None:
        super().__init__(session, parent)
        row = QHBoxLayout()
        row.setSpacing(20)
        card = QFrame()
        card.setObjectName("card")
        self.card_layout = QVBoxLayout(card)
        self.card_layout.setContentsMargins(20, 18, 20, 18)
        self.progress = muted("")
        self.question_label = QLabel("")
        self.question_label.setTextFormat(Qt.TextFormat.PlainText)  # a lab's rules file writes it: never HTML
        self.question_label.setWordWrap(True)
        self.question_label.setStyleSheet("font-size: 12.5pt; font-weight: 600;")
        self.question_label.setObjectName("questionText")
        self.question_label.setTextFormat(Qt.TextFormat.PlainText)
        # The expert system's "why": which causes the answer would move.
        self.why_label = muted("")
        self.why_label.setAccessibleName("why this question is asked")
        self.why_label.setTextFormat(Qt.TextFormat.PlainText)
        self.answers = QHBoxLayout()
        self.answers.setSpacing(8)
        # Children of the card from the start: a choice question never puts them in a layout,
        # and a parentless field would be a window of its own.
        self.number_edit = QLineEdit(card)
        self.number_edit.hide()
        self.number_edit.setMaximumWidth(160)
        self.number_edit.returnPressed.connect(self._answer_number)
        self.unit_label = QLabel("", card)
        self.unit_label.hide()
        self.error = QLabel("")
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # user text: never rendered as HTML
        self.error.setObjectName("fieldError")
        self.skip_button = QPushButton("I don't know")
        self.skip_button.clicked.connect(self._skip)
        self.card_layout.addWidget(self.progress)
        self.card_layout.addWidget(self.question_label)
        self.card_layout.addWidget(self.why_label)
        self.card_layout.addSpacing(8)
        self.card_layout.addLayout(self.answers)
        self.card_layout.addWidget(self.error)
        skip_row = QHBoxLayout()
        skip_row.addWidget(self.skip_button)
        skip_row.addStretch(1)
        self.card_layout.addLayout(skip_row)
        self.empty = muted("")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.card_layout.addWidget(self.empty)
        self.answered = muted("")
        # "I don't know" clicked too soon, or the NMR came back: the set-aside questions return.
        self.ask_again_button = QPushButton("Ask them again")
        self.ask_again_button.clicked.connect(session.ask_again)
        aside_row = QHBoxLayout()
        aside_row.addWidget(self.answered, 1)
        aside_row.addWidget(self.ask_again_button, 0, Qt.AlignmentFlag.AlignTop)
        left = QVBoxLayout()
        left.addWidget(card)
        left.addLayout(aside_row)
        left.addStretch(1)
        row.addLayout(left, 3)

        side = QVBoxLayout()
        heading = QLabel("<b>Most likely causes now</b>")
        side.addWidget(heading)
        self.ranking = RankingList()
        side.addWidget(self.ranking)
        self.ranking_empty = muted("")
        side.addWidget(self.ranking_empty)
        side.addStretch(1)
        side_widget = QWidget()
        side_widget.setLayout(side)
        row.addWidget(side_widget, 2)
        self.body.addLayout(row, 1)
        self.answer_buttons: list[QPushButton] = []
        self.current: Any = None
        self._why_cache: tuple[tuple[str, str], str] | None = None
        self.temperature_unit = "C"  # set by the window from the settings
        session.diagnosis_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        from PySide6.QtWidgets import QApplication

        focus = QApplication.focusWidget()
        answering = self.isVisible() and focus is not None and self.isAncestorOf(focus)
        questions = self.session.open_questions()
        causes = self.session.diagnosis.causes if self.session.diagnosis is not None else ()
        self.ranking.set_causes(causes)
        self.ranking_empty.setText("" if causes else "No causes yet: mark what you saw on the Symptoms page.")
        self.error.clear()
        while self.answers.count():
            item = self.answers.takeAt(0)
            widget = item.widget()
            if widget is not None and widget not in (self.number_edit, self.unit_label):
                widget.deleteLater()
        self.answer_buttons = []
        self.number_edit.hide()
        self.unit_label.hide()
        self.current = questions[0] if questions else None
        set_aside = [q.text for q in (self.session.diagnosis.open_questions if self.session.diagnosis else ())
                     if q.id in self.session.skipped]
        self.answered.setText(("Set aside (you did not know): " + "; ".join(set_aside)) if set_aside else "")
        self.ask_again_button.setVisible(bool(set_aside))
        has_question = self.current is not None
        for widget in (self.progress, self.question_label, self.why_label, self.skip_button):
            widget.setVisible(has_question)
        self.empty.setVisible(not has_question)
        if not has_question:
            self.empty.setText(self._empty_text())
            return
        q = self.current
        total = len(self.session.diagnosis.open_questions)
        answered = total - len(questions)
        self.progress.setText(f"Question {answered + 1} of {total}")
        self.question_label.setText(q.text)
        self.why_label.setText(self._why(q))
        choices = q.choices
        if not choices and q.field.startswith("symptom:"):
            choices = ((True, "Yes, seen"), (False, "No, checked and not seen"))
        if choices:
            for value, label in choices:
                button = QPushButton(str(label)[:1].upper() + str(label)[1:])
                button.setMinimumWidth(110)
                button.setMinimumHeight(32)
                button.clicked.connect(lambda _=False, v=value: self._answer(v))
                self.answers.addWidget(button)
                button.show()  # now, not on the next event loop pass: it takes the focus at once
                self.answer_buttons.append(button)
        else:
            self.number_edit.clear()
            self.number_edit.setPlaceholderText("a number")
            self.unit_label.setText("°F" if self._fahrenheit(q) else q.unit)
            self.answers.addWidget(self.number_edit)
            self.answers.addWidget(self.unit_label)
            self.number_edit.show()
            self.unit_label.show()
            ok = QPushButton("Answer")
            ok.clicked.connect(self._answer_number)
            self.answers.addWidget(ok)
            ok.show()
            self.answer_buttons.append(ok)
        self.answers.addStretch(1)
        # The answer buttons are made for each question, after the window set its Tab order:
        # put them before "I don't know", and give the next question the keyboard focus
        # when the chemist answered the last one from the keyboard.
        chain = [self.number_edit, *self.answer_buttons, self.skip_button]
        if self.window() is not self:  # in the main window (not while the page is being built)
            for first, second in itertools.pairwise(chain):
                QWidget.setTabOrder(first, second)
        if answering:
            first = self.number_edit if self.number_edit.isVisible() else self.answer_buttons[0]
            first.setFocus()

    def _why(self, question: Any) -> str:
        """Why the current question is asked, cached per run state (the what-ifs cost a few
        diagnoses, so they are not redone on every repaint)."""
        from boranegui.core.questions_why import moves, why_text

        s = self.session
        key = (question.id, s.text())
        if self._why_cache and self._why_cache[0] == key:
            return self._why_cache[1]
        if s.record is None or s.diagnosis is None or s.rules is None or not s.engine_ready:
            return ""
        impact = getattr(question, "impact", None)  # the engine's own figure, when it gives one
        try:
            found = moves(question, s.record, s.diagnosis, s.rules, s.analysis)
            text = why_text(found)
        except Exception:  # the "why" is an aid: a failure must not take the question away
            import logging

            logging.getLogger("boranegui").exception("the why of a question failed")
            text = ""
        if isinstance(impact, int | float) and text:
            text += f" Informativeness: {impact:.2f}."
        self._why_cache = (key, text)
        return text

    def focus_first(self) -> None:
        if self.number_edit.isVisible():
            self.number_edit.setFocus()
        elif self.answer_buttons:
            self.answer_buttons[0].setFocus()

    def _empty_text(self) -> str:
        s = self.session
        if not s.engine_ready:
            return "Loading the chemistry engine…"
        if s.record is None:
            return "The run is not complete yet; see the fields marked on the Run page."
        if s.engine_error:
            return s.engine_error
        if s.diagnosis is not None and not s.diagnosis.causes:
            return "Nothing to ask: no symptom is marked as seen."
        if s.skipped:
            return "No more questions. The ones you did not know are set aside; the diagnosis is ready."
        return "No open questions: the diagnosis has what it needs."

    def _answer(self, value: Any) -> None:
        if self.current is None:
            return
        why = self.session.answer(self.current, value)
        if why:
            self.error.setText(why)

    def _answer_number(self) -> None:
        try:
            unit = getattr(self.current, "unit", "") or ""
            if self.current is not None and self._fahrenheit(self.current):
                unit = "°F"
            value = parse_number(self.number_edit.text(), unit)
        except ValueError as exc:
            self.error.setText(str(exc) if "ambiguous" in str(exc) else "must be a number, such as 2.5")
            return
        if value is None:
            self.error.setText('type a number, or press "I don\'t know"')
            return
        if self.current is not None and self._fahrenheit(self.current):
            value = round((value - 32) * 5 / 9, 2)
        self._answer(value)

    def _fahrenheit(self, question: Any) -> bool:
        return question.unit == "°C" and self.temperature_unit == "F"

    def _skip(self) -> None:
        if self.current is not None:
            self.session.skip(self.current)
