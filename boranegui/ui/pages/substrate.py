"""Step 1: the lactam, drawn or pasted, with what RDKit says about it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from boranegui.core.groups import LABELS
from boranegui.ui.pages.base import Page, html_escape, muted
from boranegui.ui.style import ERROR, MUTED, WARN_BG, WARN_BORDER


def analysis_html(analysis, error: str = "") -> str:
    """The substrate analysis as a short, readable report."""
    if error:
        return f"<p style='color:{ERROR}'>{html_escape(error)}</p>"
    if analysis is None:
        return (
            f"<p style='color:{MUTED}'>Draw or paste the lactam to see its formula, molecular weight, "
            "lactam sites and the groups that compete for borane.</p>"
        )
    parts = [
        "<table cellspacing='0' cellpadding='3'>",
        f"<tr><td style='color:{MUTED}'>Formula</td><td><b>{_formula(analysis.formula)}</b></td></tr>",
        f"<tr><td style='color:{MUTED}'>MW</td><td><b>{analysis.mw:.2f}</b> g/mol</td></tr>",
        f"<tr><td style='color:{MUTED}'>Lactams</td><td><b>{len(analysis.lactams)}</b></td></tr>",
        f"<tr><td style='color:{MUTED}'>Borane demand</td><td>at least <b>{analysis.hydride_budget:.2f}</b>"
        " equiv BH3 before any excess</td></tr>",
        "</table>",
    ]
    if not analysis.lactams:
        parts.append(f"<p style='color:{ERROR}'><b>No lactam found.</b> This tool is for lactam reductions.</p>")
    groups = [(g, n) for g, n in analysis.groups.items() if n and g != "lactam"]
    if groups:
        items = "".join(f"<li>{html_escape(LABELS.get(g, g.replace('_', ' ')))} × {n}</li>" for g, n in groups)
        parts.append(f"<p style='margin-bottom:0'><b>Other groups</b></p><ul style='margin-top:2px'>{items}</ul>")
    for warning in analysis.warnings:
        parts.append(
            f"<table width='100%' cellpadding='8' cellspacing='0' style='margin-top:8px; background:{WARN_BG};"
            f" border-collapse:collapse; border:1px solid {WARN_BORDER}'><tr><td>{html_escape(warning.text)}"
            f"<br><span style='color:{MUTED}; font-size:9pt'>Source: {html_escape(warning.source)}</span>"
            "</td></tr></table>"
        )
    return "".join(parts)


def _formula(formula: str) -> str:
    import re

    return re.sub(r"(\d+)", r"<sub>\1</sub>", html_escape(formula))


class SubstratePage(Page):
    title = "Substrate"
    subtitle = "Draw or paste the lactam you reduced. Its groups decide how much borane it needs and what else reacts."

    def __init__(self, session, parent=None) -> None:
        super().__init__(session, parent)
        row = QHBoxLayout()
        row.setSpacing(16)
        self.drawer_box = QVBoxLayout()
        self.loading = muted("Loading the chemistry engine…")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drawer_box.addWidget(self.loading, 1)
        self.drawer: QWidget | None = None
        self._waiting_for: int | None = None  # a large drawing waiting for its canvas before the session
        left = QWidget()
        left.setLayout(self.drawer_box)
        row.addWidget(left, 3)

        right = QVBoxLayout()
        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("optional, e.g. nordazepam lactam")
        self.name_edit.editingFinished.connect(self._on_name)
        form.addRow("Name", self.name_edit)
        right.addLayout(form)
        # A name kept from another structure would head the printed protocol of this one.
        self.name_note = QLabel("")
        self.name_note.setObjectName("fieldError")
        self.name_note.setWordWrap(True)
        self.name_note.hide()
        right.addWidget(self.name_note)
        self._name_for: str | None = None  # the structure (SMILES) the name was given for
        self._loads_seen = -1
        self.structure_error = QLabel("")
        self.structure_error.setTextFormat(Qt.TextFormat.PlainText)  # echoes pasted text: never HTML
        self.structure_error.setObjectName("fieldError")
        self.structure_error.setWordWrap(True)
        right.addWidget(self.structure_error)
        self.analysis_view = QTextBrowser()
        self.analysis_view.setOpenExternalLinks(False)
        self.analysis_view.setMinimumWidth(340)
        right.addWidget(self.analysis_view, 1)
        right_widget = QWidget()
        right_widget.setLayout(right)
        row.addWidget(right_widget, 2)
        self.body.addLayout(row, 1)
        session.structure_changed.connect(self._show_structure)
        session.analysis_changed.connect(self._show_analysis)
        session.analysis_changed.connect(self._check_name)
        session.file_changed.connect(self._check_name)
        session.run_changed.connect(self._show_name)
        self._show_analysis()

    def on_engine_loaded(self) -> None:
        self.loading.hide()
        from boranegui.ui.drawer import MoleculeDrawer  # imports RDKit: built once the engine is loaded

        self.drawer = MoleculeDrawer()
        self.drawer.setObjectName("drawer")
        self.drawer_box.addWidget(self.drawer, 1)
        self.drawer.molecule_changed.connect(self._on_drawn)
        self.drawer.scene.built.connect(self._export_later)
        self._show_structure()

    def focus_first(self) -> None:
        if self.drawer is not None:  # the drawing keys (C, N, O, 1, 2, Del…) act on the canvas
            self.drawer.view.setFocus()

    def refresh(self) -> None:
        self._show_structure()
        self._show_analysis()
        self._show_name()

    def _show_name(self) -> None:
        name = (self.session.data.get("substrate") or {}).get("name") or ""
        if not self.name_edit.hasFocus() and self.name_edit.text() != name:
            self.name_edit.setText(name)
            self.name_edit.setCursorPosition(0)  # long IUPAC names: show their start

    def _show_structure(self) -> None:
        if self.drawer is None:
            return
        text = self.session.structure()
        current = self.drawer.smiles()
        drawn = (self.session.data.get("substrate") or {}).get("molblock")  # the layout as drawn, if kept
        if text and current:
            same = self.session.analysis is not None and self.session.analysis.smiles == current
            if same or text == current:
                self._show_highlights()
                return
        self.drawer.blockSignals(True)
        try:
            self.drawer.set_molecule(drawn or text or None)
            self.structure_error.clear()
        except ValueError as exc:
            self.structure_error.setText(str(exc))
        finally:
            self.drawer.blockSignals(False)
        self._show_highlights()

    def _show_highlights(self) -> None:
        """The drawer's halos come from the session's one analysis of the structure."""
        if self.drawer is not None:
            s = self.session
            self.drawer.set_analysis(s.analysis, s.analysis_error, s.structure())

    def _drawing(self) -> str | None:
        """The MOL block of the drawing (2D coordinates as drawn), None when it cannot be made."""
        assert self.drawer is not None
        try:
            return self.drawer.molblock()
        except Exception:  # the layout is a nicety: the SMILES alone still records the structure
            import logging

            logging.getLogger("boranegui").exception("the drawing's MOL block could not be made")
            return None

    def _show_analysis(self) -> None:
        self.analysis_view.setHtml(analysis_html(self.session.analysis, self.session.analysis_error))
        self._show_highlights()

    def _on_drawn(self, *args) -> None:
        """Hand the drawing to the run session.  A large one (a paste of hundreds of atoms) goes
        over in later event-loop turns, the export in one and the engine in the next, so no
        turn holds the GUI thread for long; an edit made meanwhile replaces it."""
        from boranegui.ui.drawer.layout_job import BACKGROUND_LAYOUT_ATOMS  # RDKit: after the engine

        assert self.drawer is not None
        if self.drawer.model.mol.GetNumAtoms() <= BACKGROUND_LAYOUT_ATOMS:
            self._hand_over()
            return
        self._waiting_for = self.drawer.model.revision
        if not self.drawer.scene.building():
            self._export_later()
        # else: once the canvas has made its items (scene.built), not in between its steps

    def _export_later(self) -> None:
        revision = self._waiting_for
        if revision is not None:
            self._waiting_for = None
            QTimer.singleShot(0, self, lambda: self._export_then_hand_over(revision))  # dies with the page

    def _export_then_hand_over(self, revision: int) -> None:
        if self.drawer is not None and self.drawer.model.revision == revision:
            self.drawer.smiles()  # the export, kept by the drawer for the next turn
            QTimer.singleShot(0, self, lambda: self._hand_over(revision))

    def _hand_over(self, revision: int | None = None) -> None:
        assert self.drawer is not None
        if revision is not None and self.drawer.model.revision != revision:
            return  # drawn over since: the newer edit is on its way
        smiles = self.drawer.smiles()
        why = self.session.set_structure(smiles, drawing=self._drawing() if smiles else None)
        if why and self.drawer.scene.summary.problems:
            # A drawing in progress, not a typed SMILES: RDKit's "invalid SMILES: Explicit
            # valence for atom # 1" says less than the red mark on the canvas.
            why = ("The drawing has a problem, marked in red on the canvas. Until it is fixed, the "
                   "run keeps its structure as it was (Ctrl+Z undoes the last edit).")
        self.structure_error.setText(why or "")
        self._show_highlights()  # an edit that left the run's structure as it was still moved atoms

    def _on_name(self) -> None:
        text = self.name_edit.text().strip()
        sub = self.session.data.get("substrate") or {}
        if text != (sub.get("name") or ""):
            self.session.set_field("substrate.name", text or None)
            self._name_for = self._smiles()
            self._check_name()

    def _smiles(self) -> str | None:
        analysis = self.session.analysis
        return analysis.smiles if analysis is not None else None

    def _check_name(self) -> None:
        """Say so when the structure was replaced but the name is the old structure's."""
        if self.session.loads != self._loads_seen:  # a run was opened: its name fits its structure
            self._loads_seen = self.session.loads
            self._name_for = self._smiles()
        name = (self.session.data.get("substrate") or {}).get("name")
        stale = bool(name) and self._name_for is not None and self._smiles() not in (None, self._name_for)
        self.name_note.setText(
            f"“{html_escape(name)}” was given to the earlier structure: check that it still names this "
            "one (the printed protocol uses it), or clear it." if stale else ""
        )
        self.name_note.setVisible(stale)
