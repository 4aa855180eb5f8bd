"""The history view: past runs searchable by text, symptom, cause, user and similar substrate; the
attempt chain of a run as a timeline; and what worked in this lab as a bar chart."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from boranegui.core.history import History, HistoryChange, HistoryEntry, HistoryError, LabFigure
from boranegui.core.parameters import PARAMETERS
from boranegui.core.run_record import SYMPTOMS
from boranegui.ui.pages.base import html_escape
from boranegui.ui.style import ACCENT, BORDER, MUTED


def change_words(change: HistoryChange) -> str:
    """'acid step temperature 20 → 66 °C' in a chemist's words."""
    spec = PARAMETERS.get(change.parameter)
    label = spec.label if spec else change.parameter.replace("_", " ")
    unit = f" {spec.unit}" if spec and spec.unit else ""

    def show(value: object) -> str:
        if isinstance(value, bool):
            return "yes" if value else "no"
        return "—" if value is None else f"{value:g}" if isinstance(value, float) else str(value)

    return f"{label} {show(change.before)} → {show(change.after)}{unit}"


def _label(html: str, name: str = "") -> QLabel:
    label = QLabel(html)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    if name:
        label.setObjectName(name)
    return label


class ChainTimeline(QWidget):
    """Attempts left to right: yield and top cause on each, the changes made between them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[HistoryEntry] = []
        self.cards: list[QFrame] = []
        self.arrows: list[QLabel] = []
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(4, 4, 4, 4)
        self.row.setSpacing(6)

    def set_chain(self, entries: list[HistoryEntry], current: str = "") -> None:
        while self.row.count():
            item = self.row.takeAt(0)
            if item.widget():
                item.widget().setParent(None)  # gone at once, not at the next event loop turn
        self.entries, self.cards, self.arrows = list(entries), [], []
        for number, entry in enumerate(entries, 1):
            if number > 1:
                by_cause: dict[str, list[str]] = {}
                for c in entry.changes:
                    cause = c.cause_title or c.cause.replace("_", " ")
                    by_cause.setdefault(cause, []).append(change_words(c))
                lines = "".join(
                    f"<li>{'<br>'.join(html_escape(w) for w in words)}<br>"
                    f"<span style='color:{MUTED}'>for: {html_escape(cause)}</span></li>"
                    for cause, words in by_cause.items()
                ) or "<li>no change recorded</li>"
                arrow = _label(f"<div style='font-size:16pt; color:{ACCENT}'>→</div>"
                               f"<ul style='margin:0; padding-left:12px'>{lines}</ul>", "chainChanges")
                arrow.setMinimumWidth(190)
                arrow.setMaximumWidth(260)
                self.row.addWidget(arrow)
                self.arrows.append(arrow)
            card = QFrame()
            card.setObjectName("card")
            if entry.key == current:
                card.setStyleSheet(f"QFrame#card {{ border: 2px solid {ACCENT}; }}")
            box = QVBoxLayout(card)
            box.setContentsMargins(12, 8, 12, 8)
            yld = f"{entry.yield_percent:g} %" if entry.yield_percent is not None else "yield not given"
            top = entry.top_cause.title if entry.top_cause else "no cause named"
            box.addWidget(_label(f"<b>Attempt {number}</b> · {html_escape(entry.date)}"))
            box.addWidget(_label(html_escape(entry.title)))
            box.addWidget(_label(f"<span style='font-size:15pt; font-weight:600'>{html_escape(yld)}</span>",
                                 "chainYield"))
            box.addWidget(_label(f"<span style='color:{MUTED}'>Most likely: {html_escape(top)}</span>"))
            card.setMinimumWidth(170)
            card.setMaximumWidth(240)
            self.row.addWidget(card)
            self.cards.append(card)
        if not entries:
            self.row.addWidget(_label(f"<span style='color:{MUTED}'>Select a run to see its attempts.</span>"))
        self.row.addStretch(1)
        for i in range(self.row.count()):
            widget = self.row.itemAt(i).widget()
            if widget is not None:
                widget.show()  # children added to a visible widget stay hidden until shown


class LabChart(QWidget):
    """What worked in this lab: one bar per cause and action, the share of next attempts that improved."""

    ROW = 46
    LABEL_SHARE = 0.45

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figures: list[LabFigure] = []
        self.titles: dict[str, str] = {}

    def set_figures(self, figures: list[LabFigure], action_titles: dict[str, str] | None = None) -> None:
        self.figures = list(figures)
        self.titles = dict(action_titles or {})
        self.setMinimumHeight(max(60, self.ROW * len(self.figures) + 16))
        self.updateGeometry()
        self.update()

    def row_label(self, figure: LabFigure) -> str:
        """'the action (for the cause)' in words, as the bar's label reads."""
        return f"{self.action_words(figure)} (for {self.cause_words(figure)})"

    def action_words(self, figure: LabFigure) -> str:
        text = self.titles.get(figure.action, figure.action.replace("_", " "))
        return text.split(". ")[0].rstrip(".")  # the action's first sentence is its gist

    @staticmethod
    def cause_words(figure: LabFigure) -> str:
        return figure.cause_title or figure.cause.replace("_", " ")

    def sizeHint(self) -> QSize:
        return QSize(640, max(60, self.ROW * len(self.figures) + 16))

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.figures:
            painter.setPen(QColor(MUTED))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             "No attempt follows another yet: start the next attempt from a revised protocol.")
            return
        metrics = QFontMetrics(self.font())
        width = self.width()
        label_w = width * self.LABEL_SHARE
        bar_w = width - label_w - 90
        line = metrics.height()
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for i, f in enumerate(self.figures):
            top = 8 + i * self.ROW
            for n, (text, colour) in enumerate(((self.action_words(f), "#26323a"),
                                                (f"for: {self.cause_words(f)}", MUTED))):
                painter.setPen(QColor(colour))
                elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(label_w - 12))
                painter.drawText(QRectF(0, top + n * line, label_w - 8, line), right, elided)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#e3e8ec"))
            bar_top = top + line - 7
            painter.drawRoundedRect(QRectF(label_w, bar_top, bar_w, 14), 4, 4)
            share = f.improved / f.attempts if f.attempts else 0.0
            painter.setBrush(QColor(ACCENT))
            painter.drawRoundedRect(QRectF(label_w, bar_top, max(4.0, bar_w * share), 14), 4, 4)
            painter.setPen(QColor("#26323a"))
            painter.drawText(QRectF(label_w + bar_w + 8, top, 82, 2 * line),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             f"{f.improved} of {f.attempts}")


class HistoryDialog(QDialog):
    open_requested = Signal(object)  # HistoryEntry

    def __init__(self, history: History, parent: QWidget | None = None,
                 action_titles: dict[str, str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("BoraneGUI — run history")
        self.resize(1040, 600)
        self.history = history
        self.action_titles = action_titles or {}
        self.entries: list[HistoryEntry] = []
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        runs = QWidget()
        runs_layout = QVBoxLayout(runs)
        filters = QHBoxLayout()
        self.text = QLineEdit()
        self.text.setPlaceholderText("Search title, substrate, notes, causes…")
        self.text.setClearButtonEnabled(True)
        self.similar = QLineEdit()
        self.similar.setPlaceholderText("Runs on molecules like… (SMILES)")
        self.similar.setClearButtonEnabled(True)
        self.user = QLineEdit()
        self.user.setPlaceholderText("Operator")
        self.user.setClearButtonEnabled(True)
        self.symptom = QComboBox()
        self.symptom.addItem("Any symptom", None)
        for sid, (label, _) in SYMPTOMS.items():
            self.symptom.addItem(label, sid)
        self.cause = QComboBox()
        self.cause.addItem("Any cause", None)
        try:
            for cid, title in history.known_causes():
                self.cause.addItem(title, cid)
        except HistoryError:
            pass
        for widget, stretch in ((self.text, 3), (self.similar, 2), (self.user, 1), (self.symptom, 2),
                                (self.cause, 2)):
            filters.addWidget(widget, stretch)
        runs_layout.addLayout(filters)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Date", "Run", "Yield", "Symptoms", "Most likely cause"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for col, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch,
                                    QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch,
                                    QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(col, mode)
        self.table.doubleClicked.connect(self._open_selected)
        self.table.itemSelectionChanged.connect(self._show_chain)
        chain_box = QWidget()
        chain_layout = QVBoxLayout(chain_box)
        chain_layout.setContentsMargins(0, 6, 0, 0)
        chain_layout.addWidget(QLabel("<b>Attempt chain of the selected run</b>"))
        self.timeline = ChainTimeline()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.timeline)
        scroll.setMinimumHeight(150)
        scroll.setStyleSheet(f"QScrollArea {{ border: 1px solid {BORDER}; border-radius: 6px; }}")
        chain_layout.addWidget(scroll, 1)
        split = QSplitter(Qt.Orientation.Vertical)  # the chemist decides how much room the timeline gets
        split.addWidget(self.table)
        split.addWidget(chain_box)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        runs_layout.addWidget(split, 1)
        self.tabs.addTab(runs, "Runs and attempt chains")

        worked = QWidget()
        worked_layout = QVBoxLayout(worked)
        worked_layout.addWidget(_label(
            "<b>What worked in this lab.</b> For each change the diagnosis proposed, the share of next attempts "
            "that improved (higher yield, or the symptom gone). Shown for information: the rules alone rank "
            "the causes."))
        self.chart = LabChart()
        chart_scroll = QScrollArea()
        chart_scroll.setWidgetResizable(True)
        chart_scroll.setWidget(self.chart)
        worked_layout.addWidget(chart_scroll, 1)
        self.tabs.addTab(worked, "What worked")

        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # user text: never rendered as HTML
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = buttons.addButton("Open run", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.clicked.connect(self._open_selected)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for edit in (self.text, self.similar, self.user):
            edit.textChanged.connect(self.refresh)
        self.symptom.currentIndexChanged.connect(self.refresh)
        self.cause.currentIndexChanged.connect(self.refresh)
        self.refresh()
        self.refresh_figures()

    def refresh(self) -> None:
        similar = self.similar.text().strip() or None
        try:
            self.entries = self.history.search(self.text.text(), self.symptom.currentData(), self.cause.currentData(),
                                               user=self.user.text().strip() or None, similar=similar)
        except ValueError:
            self.entries = []
            self.status.setText("Not a structure yet: type a complete SMILES to find runs on similar molecules.")
            self.table.setRowCount(0)
            return
        except HistoryError as exc:
            self.entries = []
            self.status.setText(str(exc))
            self.table.setRowCount(0)
            return
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            symptoms = ", ".join(SYMPTOMS.get(s, (s,))[0] for s in entry.symptoms)
            top = entry.top_cause
            title = entry.title + (f"  (similarity {entry.similarity:.2f})" if entry.similarity is not None else "")
            cells = [
                entry.saved_at.replace("T", " ")[:16],
                title,
                f"{entry.yield_percent:g} %" if entry.yield_percent is not None else "—",
                symptoms,
                f"{top.title} ({top.score:.0%})" if top else "—",
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        try:
            total = self.history.count()
        except HistoryError as exc:
            self.status.setText(str(exc))
            return
        words = f"{len(self.entries)} of {total} runs" if total else "No runs yet. Every run you diagnose is kept here."
        if self.history.is_lab:
            words += f". {self.history.status}"
        self.status.setText(words)
        self.status.setToolTip(self.history.where)
        self.open_button.setEnabled(bool(self.entries))
        if self.entries:
            self.table.selectRow(0)
        self._show_chain()

    def refresh_figures(self) -> None:
        try:
            self.chart.set_figures(self.history.lab_figures(), self.action_titles)
        except HistoryError as exc:
            self.status.setText(str(exc))

    def _show_chain(self) -> None:
        row = self.table.currentRow()
        if not (0 <= row < len(self.entries)):
            self.timeline.set_chain([])
            return
        try:
            chain = self.history.chain(self.entries[row].key)
        except HistoryError as exc:
            self.status.setText(str(exc))
            chain = []
        self.timeline.set_chain(chain, self.entries[row].key)

    def _open_selected(self, *args) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.entries):
            self.open_requested.emit(self.entries[row])
            self.accept()
