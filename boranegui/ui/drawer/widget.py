"""MoleculeDrawer: the reusable sketcher widget (toolbar, canvas, formula/MW line, legend)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget
from rdkit import Chem

from boranegui.core.groups import REDUCED_BY_BORANE, reducible_label

from . import formats
from .background import LayoutService
from .formats import StructureError
from .model import MoleculeModel
from .scene import LACTAM_COLOUR, REDUCIBLE_COLOUR, DrawerScene
from .toolbar import ToolbarMixin
from .transfer import TransferMixin
from .view import DrawerView, Tool

if TYPE_CHECKING:
    from boranegui.core.substrate import SubstrateAnalysis

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")

# Groups borane reduces besides the lactam, from the one group table (core/groups.py).
REDUCIBLE_GROUPS = {gid: reducible_label(gid) for gid in REDUCED_BY_BORANE}


class MoleculeDrawer(ToolbarMixin, TransferMixin, QWidget):
    """Draw or paste the lactam. ``molecule_changed`` fires after every edit, undo or redo."""

    molecule_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = MoleculeModel(self)
        self.scene = DrawerScene(self.model)
        self.view = DrawerView(self.scene, self)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # shows pasted text: never rendered as HTML
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # echoes pasted text: never rendered as HTML
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c")
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.analysis: SubstrateAnalysis | None = None  # given by the owner (the run session)
        self.analysis_error = ""
        self._analysis_ids: list[int] = []  # analysis atom index -> drawer atom id
        self._export: tuple[int, Chem.Mol, str] = (-1, Chem.Mol(), "")  # see _exported
        self._shown_for: tuple[int, str, str, int] | None = None  # what set_analysis last showed
        self.tool_actions: dict[str, QAction] = {}
        self._layouts = LayoutService()
        self._layouts.finished.connect(self._on_worker_done)
        self._layout_requests: dict[int, tuple[Chem.Mol, str, bool]] = {}
        self._job_counter = 0
        self.destroyed.connect(lambda *_args, service=self._layouts: service.shutdown())
        self._build_actions()
        tools, atoms, self.smiles_edit, commands = self._build_bars()
        self.tools_bar, self.atoms_bar, self.commands_bar = tools, atoms, commands
        atoms_row = QHBoxLayout()
        atoms_row.setContentsMargins(0, 0, 4, 0)
        atoms_row.addWidget(atoms)
        atoms_row.addWidget(self.smiles_edit, 1)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(4, 0, 4, 0)
        bottom.addWidget(self.status)
        bottom.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(tools)
        layout.addLayout(atoms_row)
        layout.addWidget(commands)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.legend.setContentsMargins(4, 0, 4, 4)
        layout.addWidget(self.legend)
        self.model.changed.connect(self._on_model_changed)
        self.model.undo_stack.indexChanged.connect(self._on_edit_done)
        self.set_tool(Tool("bond", 1))
        self._on_model_changed()

    # ------------------------------------------------------------ public API
    def set_molecule(self, mol_or_text: Chem.Mol | str | None) -> None:
        """Replace the drawing (one undo step). Text may be SMILES, a MolBlock or SDF.

        Raises StructureError (a ValueError) saying what is wrong with the text.
        """
        self._layout_requests.clear()  # a newer structure wins over a layout still running
        if mol_or_text is None or (isinstance(mol_or_text, str) and not mol_or_text.strip()):
            self.model.clear()
            self.fit_to_view()
        else:
            mol = formats.read_structure(mol_or_text) if isinstance(mol_or_text, str) else mol_or_text
            self._insert(mol, "Load structure", replace=True)  # large ones: laid out off the GUI thread
        self.scene.set_selection((), ())

    def _exported(self) -> tuple[Chem.Mol, str]:
        """The drawing's export copy and its SMILES, made once per change of the drawing: one
        edit asks for the SMILES, the MOL block and the atom order of the halos, and each export
        perceives the stereo again (about 50 ms at 500 atoms)."""
        if self._export[0] != self.model.revision:
            out = formats.export_copy(self.model.mol)
            smiles = formats.smiles_of_export(out) if out.GetNumAtoms() else ""
            self._export = (self.model.revision, out, smiles)
        return self._export[1], self._export[2]

    def molecule(self) -> Chem.Mol:
        """The drawing as an RDKit Mol (sanitized when possible, 2D coordinates and stereo as drawn)."""
        return Chem.Mol(self._exported()[0])

    def smiles(self) -> str:
        """Canonical SMILES of the drawing, with the stereo its wedges and geometry show."""
        return self._exported()[1]

    def molblock(self, v3000: bool = False) -> str:
        """MOL block of the drawing: the chemist's own 2D coordinates and wedges, header "2D".

        This is what a run file stores beside the SMILES (``substrate.molblock``) so the
        report draws what was drawn; ``set_molecule`` takes it back unchanged in layout.
        Empty string for an empty canvas.
        """
        if self.model.is_empty():
            return ""
        return formats.molblock_of_export(self._exported()[0], v3000)

    def undo_stack(self) -> QUndoStack:
        return self.model.undo_stack

    def set_show_labels(self, show: bool) -> None:
        """Show or hide the R/S and E/Z labels read from the drawing."""
        self.labels_action.setChecked(show)
        self.scene.set_show_cip(show)

    def load_text(self) -> None:
        """Load the SMILES or InChI typed above the canvas (Enter); a bad one is one line below."""
        text = self.smiles_edit.text().strip()
        if not text:
            return
        try:
            mol = formats.read_structure(text, "typed structure")
        except StructureError as exc:
            self._say(str(exc))
            return
        self._layout_requests.clear()
        self._insert(mol, "Load typed structure", replace=True)
        self.view.setFocus()

    # ------------------------------------------------------------ commands
    def fit_to_view(self) -> None:
        self.view.fit()

    def select_all(self) -> None:
        self.scene.set_selection(self.model.atom_ids(), self.model.bond_ids())

    def delete_selection(self) -> None:
        self.model.delete(self.scene.selected_atoms(), self.scene.selected_bonds())

    def handle_standard_key(self, event: QKeyEvent) -> bool:
        """Standard shortcuts when the view has focus (also when Qt's shortcut map did not fire)."""
        for key, slot in (
            (QKeySequence.StandardKey.Undo, self.model.undo_stack.undo),
            (QKeySequence.StandardKey.Redo, self.model.undo_stack.redo),
            ("Ctrl+Y", self.model.undo_stack.redo),
            ("Ctrl+Shift+Z", self.model.undo_stack.redo),
            (QKeySequence.StandardKey.Copy, self.copy),
            (QKeySequence.StandardKey.Cut, self.cut),
            (QKeySequence.StandardKey.Paste, self.paste),
            (QKeySequence.StandardKey.SelectAll, self.select_all),
            (QKeySequence.StandardKey.ZoomIn, lambda: self.view.zoom_by(1.25)),
            (QKeySequence.StandardKey.ZoomOut, lambda: self.view.zoom_by(0.8)),
        ):
            pressed = QKeySequence(event.keyCombination())
            if (event.matches(key) if not isinstance(key, str) else pressed == QKeySequence(key)):
                slot()
                return True
        return False

    # ------------------------------------------------------------ clipboard, files, drops
    def _say(self, text: str, error: bool = True) -> None:
        self.message.setStyleSheet("color: #b71c1c" if error else "color: #555")
        self.message.setText(text)

    # ------------------------------------------------------------ feedback
    def _on_model_changed(self) -> None:
        # plain text (the line may quote what was pasted): subscripts as Unicode digits
        summary = self.scene.summary
        if summary.formula:
            text = f"{summary.formula.translate(_SUBSCRIPTS)}   MW {summary.mw:.2f}"
        else:
            text = "Draw the substrate, or paste SMILES / MOL (Ctrl+V)"
        if summary.problems:
            first = summary.problems[0][1]
            more = f" (+{len(summary.problems) - 1} more)" if len(summary.problems) > 1 else ""
            text += f"   ⚠ {first}{more}"
        self.status.setStyleSheet("color: #c62828" if summary.problems else "")
        self.status.setText(text)

    def _on_edit_done(self) -> None:
        if self.analysis is not None:  # of the drawing before this edit: the owner sends the new one
            self.set_analysis(None)
        self.molecule_changed.emit()

    def set_analysis(self, analysis: SubstrateAnalysis | None, error: str = "", structure: str = "") -> None:
        """Show lactam sites and borane-reducible groups as halos and a legend.

        The drawer does not analyse: its owner (the run session) analyses each structure once
        and hands the result here.  ``structure`` is the text the analysis read (its atom
        indices refer to it): the drawing's own SMILES maps by RDKit's output order, any other
        text (a run opened from a file) by a substructure match."""
        key = (id(analysis), error, structure, self.model.revision)
        if key == self._shown_for and analysis is self.analysis:
            return  # the page asks on each signal of one edit: halos drawn once
        self._shown_for = key
        ids = None
        summary = self.scene.summary
        # Another molecule (the run kept its structure while the drawing has a problem RDKit does
        # not mark, or is still being laid out): its formula says so before any atom matching.
        if analysis is not None and not self.model.is_empty() and not summary.problems \
                and summary.formula in ("", analysis.formula):
            order = formats.atom_order(*self._exported(), structure)
            if order is not None:
                ids = [self.model.atom_id_at(i) for i in order]
        self.analysis = analysis if ids is not None else None
        self.analysis_error = error if analysis is None else ("" if ids is not None else "it is of another structure")
        self._analysis_ids = ids or []
        self._show_analysis()

    def _show_analysis(self) -> None:
        lactams: list[tuple[int, ...]] = []
        reducible: list[tuple[int, ...]] = []
        found: dict[str, int] = {}
        if self.analysis is not None:
            ids = self._analysis_ids

            def to_ids(group: tuple[int, ...]) -> tuple[int, ...]:
                return tuple(ids[i] for i in group if 0 <= i < len(ids))

            lactams = [to_ids(g) for g in self.analysis.lactams]
            for gid in REDUCIBLE_GROUPS:
                occurrences = self.analysis.group_atoms.get(gid, ())
                if occurrences:
                    found[gid] = len(occurrences)
                    reducible.extend(to_ids(g) for g in occurrences)
        self.scene.set_highlights(lactams, reducible)
        self.legend.setText(self._legend_html(len(lactams), found))

    def _legend_html(self, n_lactams: int, found: dict[str, int]) -> str:
        if self.model.is_empty():
            return ""
        if self.scene.summary.problems:
            return "<span style='color:#666'>Fix the marked atoms to see lactam sites and competing groups.</span>"
        if self.analysis is None:
            why = html.escape(self.analysis_error) if self.analysis_error else "not available"
            return f"<span style='color:#666'>Substrate analysis: {why}</span>"
        parts = []
        if n_lactams:
            parts.append(f"{_swatch(LACTAM_COLOUR.name())} lactam C(=O)N ×{n_lactams}")
        else:
            parts.append("<span style='color:#c62828'>No lactam in this structure</span>")
        if found:
            names = ", ".join(f"{REDUCIBLE_GROUPS[g]} ×{n}" for g, n in found.items())
            parts.append(f"{_swatch(REDUCIBLE_COLOUR.name())} also reduced by borane: {names}")
        return " &nbsp;&nbsp; ".join(parts)


def _swatch(colour: str) -> str:
    return f"<span style='background-color:{colour}'>&nbsp;&nbsp;&nbsp;&nbsp;</span>"
