"""A minimal structure entry with the drawer's API: paste SMILES or open a MOL file, see it drawn.

Used on the Substrate page when the full molecule drawer (``boranegui.ui.drawer``) is not
installed; it keeps the same interface (``set_molecule``, ``molecule``, ``smiles``,
``molecule_changed``) so the page does not care which one it has.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from rdkit import Chem
from rdkit.Chem import rdDepictor
from rdkit.Chem.Draw import rdMolDraw2D

from boranegui.core.substrate import parse_structure


def molecule_svg(mol: Chem.Mol, width: int = 520, height: int = 380) -> str:
    mol = Chem.Mol(mol)
    if not mol.GetNumConformers():
        rdDepictor.Compute2DCoords(mol)
    drawer = rdMolDraw2D.MolDraw2DSVG(width, height)
    options = drawer.drawOptions()
    options.clearBackground = False
    options.fixedBondLength = 32
    options.minFontSize = 14
    drawer.DrawMolecule(mol)
    drawer.FinishDrawing()
    return drawer.GetDrawingText()


class _Preview(QSvgWidget):
    """Keeps the drawing's aspect ratio instead of stretching it."""

    def paintEvent(self, event) -> None:
        from PySide6.QtGui import QPainter

        renderer = self.renderer()
        if not renderer.isValid():
            return
        size = renderer.defaultSize().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x = (self.width() - size.width()) / 2
        y = (self.height() - size.height()) / 2
        painter = QPainter(self)
        from PySide6.QtCore import QRectF

        renderer.render(painter, QRectF(x, y, size.width(), size.height()))


class StructureEditor(QWidget):
    """SMILES / MOL entry with a drawn preview."""

    molecule_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._mol: Chem.Mol | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.smiles_edit = QLineEdit()
        self.smiles_edit.setPlaceholderText("Paste a SMILES, e.g. O=C1CCCN1, and press Enter")
        self.smiles_edit.setAccessibleName("Substrate SMILES")
        self.smiles_edit.editingFinished.connect(self._on_smiles_entered)
        self.open_button = QPushButton("Open MOL/SDF…")
        self.open_button.clicked.connect(self._open_file)
        row.addWidget(self.smiles_edit, 1)
        row.addWidget(self.open_button)
        layout.addLayout(row)
        self.message = QLabel("")
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.preview = _Preview()
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.preview.setMinimumSize(320, 260)
        self.preview.setStyleSheet("background: white; border: 1px solid #d5dbe0; border-radius: 6px;")
        layout.addWidget(self.preview, 1)
        self.empty = QLabel("No structure yet.\nPaste a SMILES above or open a MOL file.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("muted")
        empty_layout = QVBoxLayout(self.preview)
        empty_layout.addWidget(self.empty)

    # ---- the drawer API ----
    def set_molecule(self, mol_or_text: Chem.Mol | str | None) -> None:
        """Show a molecule (Mol, SMILES or MolBlock); does not emit ``molecule_changed``."""
        self.message.clear()
        if mol_or_text is None or (isinstance(mol_or_text, str) and not mol_or_text.strip()):
            self._mol = None
            self.smiles_edit.clear()
        else:
            mol = mol_or_text if isinstance(mol_or_text, Chem.Mol) else parse_structure(mol_or_text)
            self._mol = Chem.Mol(mol)
            self.smiles_edit.setText(Chem.MolToSmiles(mol))
        self._render()

    def molecule(self) -> Chem.Mol | None:
        return Chem.Mol(self._mol) if self._mol is not None else None

    def smiles(self) -> str:
        return Chem.MolToSmiles(self._mol) if self._mol is not None else ""

    # ---- internals ----
    def _render(self) -> None:
        self.empty.setVisible(self._mol is None)
        svg = molecule_svg(self._mol) if self._mol is not None else "<svg xmlns='http://www.w3.org/2000/svg'/>"
        self.preview.load(QByteArray(svg.encode()))
        self.preview.update()

    def _on_smiles_entered(self) -> None:
        text = self.smiles_edit.text().strip()
        if text == self.smiles():
            return
        self._accept_text(text)

    def _accept_text(self, text: str) -> None:
        if not text:
            self._mol = None
            self._render()
            self.molecule_changed.emit()
            return
        try:
            mol = parse_structure(text)
        except ValueError as exc:
            self.message.setText(str(exc))  # the typed text stays in the field to be corrected
            return
        self.message.clear()
        self._mol = mol
        self.smiles_edit.setText(Chem.MolToSmiles(mol))
        self._render()
        self.molecule_changed.emit()

    def _open_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a structure", "", "Structures (*.mol *.sdf *.mdl)")
        if path:
            self.load_file(path)

    def load_file(self, path: str) -> None:
        from boranegui.core.yamlio import InputError, read_text

        try:
            text = read_text(path)
        except InputError as exc:
            self.message.setText("; ".join(str(p) for p in exc.problems))
            return
        if path.lower().endswith(".sdf"):
            text = text.split("$$$$")[0]
        self._accept_text(text)
