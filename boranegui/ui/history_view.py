"""The history view: past runs, searchable by text, symptom and cause, re-opened with a click."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from boranegui.core.history import History, HistoryEntry, HistoryError
from boranegui.core.run_record import SYMPTOMS


class HistoryDialog(QDialog):
    open_requested = Signal(object)  # HistoryEntry

    def __init__(self, history: History, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("BoraneGUI — run history")
        self.resize(980, 560)
        self.history = history
        self.entries: list[HistoryEntry] = []
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.text = QLineEdit()
        self.text.setPlaceholderText("Search title, substrate, notes, causes…")
        self.text.setClearButtonEnabled(True)
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
        filters.addWidget(self.text, 2)
        filters.addWidget(self.symptom, 1)
        filters.addWidget(self.cause, 1)
        layout.addLayout(filters)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Date", "Run", "Symptoms", "Most likely cause"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._open_selected)
        layout.addWidget(self.table, 1)
        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # user text: never rendered as HTML
        self.status.setObjectName("muted")
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = buttons.addButton("Open run", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.clicked.connect(self._open_selected)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.text.textChanged.connect(self.refresh)
        self.symptom.currentIndexChanged.connect(self.refresh)
        self.cause.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        try:
            self.entries = self.history.search(self.text.text(), self.symptom.currentData(), self.cause.currentData())
        except HistoryError as exc:
            self.entries = []
            self.status.setText(str(exc))
            return
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            symptoms = ", ".join(SYMPTOMS.get(s, (s,))[0] for s in entry.symptoms)
            top = entry.top_cause
            cells = [
                entry.saved_at.replace("T", " ")[:16],
                entry.title,
                symptoms,
                f"{top.title} ({top.score:.0%})" if top else "—",
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        total = self.history.count()
        if not total:
            self.status.setText("No runs yet. Every run you diagnose is kept here.")
        else:
            self.status.setText(f"{len(self.entries)} of {total} runs")
        self.status.setToolTip(str(self.history.path))
        self.open_button.setEnabled(bool(self.entries))
        if self.entries:
            self.table.selectRow(0)

    def _open_selected(self, *args) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.entries):
            self.open_requested.emit(self.entries[row])
            self.accept()
