"""MoleculeDrawer: the reusable sketcher widget (toolbar, canvas, formula/MW line, legend)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QImage, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QSizePolicy,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from rdkit import Chem

from boranegui.core import yamlio

from . import formats, icons
from .background import LayoutService
from .display import ELEMENT_COLOURS
from .formats import Record, StructureError
from .layout_job import BACKGROUND_LAYOUT_ATOMS
from .model import MoleculeModel, has_usable_2d
from .scene import LACTAM_COLOUR, REDUCIBLE_COLOUR, DrawerScene
from .templates import RING_SIZES, SCAFFOLDS
from .view import DrawerView, Tool

MOLFILE_MIME = "chemical/x-mdl-molfile"
SMILES_MIME = "chemical/x-daylight-smiles"
SVG_MIME = "image/svg+xml"

# groups borane reduces besides the lactam (ARCHITECTURE.md causes imine_reduced, hydroboration,
# acid_reduced, ester_reduced; Brown & Heim 1973 and Burkhardt & Matos 2006 via the seed note)
REDUCIBLE_GROUPS = {
    "carboxylic_acid": "carboxylic acid",
    "aldehyde": "aldehyde",
    "ketone": "ketone",
    "imine": "imine C=N",
    "alkene": "alkene (hydroboration)",
    "alkyne": "alkyne (hydroboration)",
    "nitrile": "nitrile",
    "epoxide": "epoxide",
    "ester": "ester (forcing conditions)",
}


class MoleculeDrawer(QWidget):
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
        self.analysis: Any = None
        self.analysis_error = ""
        self._analysis_timer = QTimer(self)
        self._analysis_timer.setSingleShot(True)
        self._analysis_timer.setInterval(60)
        self._analysis_timer.timeout.connect(self._analyse)
        self.tool_actions: dict[str, QAction] = {}
        self._layouts = LayoutService()
        self._layouts.laid_out.connect(self._on_laid_out)
        self._layout_requests: dict[int, tuple[Chem.Mol, str, bool]] = {}
        self.destroyed.connect(lambda *_args, service=self._layouts: service.shutdown())
        self._build_actions()
        self._build_layout()
        self.model.changed.connect(self._on_model_changed)
        self.model.undo_stack.indexChanged.connect(self._on_edit_done)
        self.set_tool(Tool("bond", 1))
        self._on_model_changed()

    # ------------------------------------------------------------ public API
    def set_molecule(self, mol_or_text: Chem.Mol | str | None) -> None:
        """Replace the drawing (one undo step). Text may be SMILES, a MolBlock or SDF.

        Raises StructureError (a ValueError) saying what is wrong with the text.
        """
        if mol_or_text is None or (isinstance(mol_or_text, str) and not mol_or_text.strip()):
            self.model.clear()
        else:
            mol = formats.read_structure(mol_or_text) if isinstance(mol_or_text, str) else mol_or_text
            self.model.load(mol)
        self.scene.set_selection((), ())
        self.fit_to_view()

    def molecule(self) -> Chem.Mol:
        """The drawing as an RDKit Mol (sanitized when possible, 2D coordinates kept)."""
        return formats.export_copy(self.model.mol)

    def smiles(self) -> str:
        return formats.to_smiles(self.model.mol)

    def molblock(self, v3000: bool = False) -> str:
        return formats.to_molblock(self.model.mol, v3000)

    def undo_stack(self):
        return self.model.undo_stack

    # ------------------------------------------------------------ building
    def _action(self, text: str, slot: Any, shortcut: Any = None, icon: Any = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if icon is not None:
            action.setIcon(icon)
        if shortcut is not None:
            if isinstance(shortcut, QKeySequence.StandardKey):
                action.setShortcuts(shortcut)
            else:
                action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tip or text)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        stack = self.model.undo_stack
        self.undo_action = self._action("Undo", stack.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self._action("Redo", stack.redo, QKeySequence.StandardKey.Redo)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.undoTextChanged.connect(lambda t: self.undo_action.setToolTip(f"Undo {t}".strip()))
        stack.redoTextChanged.connect(lambda t: self.redo_action.setToolTip(f"Redo {t}".strip()))
        self.copy_action = self._action(
            "Copy", self.copy, QKeySequence.StandardKey.Copy, tip="Copy as SMILES, MOL, SVG and PNG"
        )
        self.cut_action = self._action("Cut", self.cut, QKeySequence.StandardKey.Cut)
        self.paste_action = self._action(
            "Paste",
            self.paste,
            QKeySequence.StandardKey.Paste,
            tip="Paste SMILES, MOL or SDF from the clipboard",
        )
        self.select_all_action = self._action("Select all", self.select_all, QKeySequence.StandardKey.SelectAll)
        self.clean_action = self._action(
            "Clean up",
            self.model.clean_up,
            "Ctrl+Shift+L",
            tip="Re-lay out the structure with RDKit, keeping its orientation",
        )
        self.fit_action = self._action("Fit", self.fit_to_view, "Ctrl+0", tip="Fit the drawing to the view")
        self.zoom_in_action = self._action(
            "Zoom in",
            lambda: self.view.zoom_by(1.25),
            [QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+=")],
        )
        self.zoom_out_action = self._action(
            "Zoom out", lambda: self.view.zoom_by(0.8), QKeySequence.StandardKey.ZoomOut
        )
        self.open_action = self._action(
            "Open…",
            self.open_file,
            QKeySequence.StandardKey.Open,
            tip="Open a MOL, SDF or SMILES file",
        )
        self.export_action = self._action("Export…", self.export_file, tip="Save as SVG, PNG or MOL")
        self.clear_action = self._action("Clear", self.model.clear, tip="Erase the whole drawing")

        group = QActionGroup(self)
        group.setExclusive(True)

        def tool(key: str, text: str, t: Tool, icon: Any, tip: str) -> QAction:
            a = QAction(text, self)
            a.setIcon(icon)
            a.setToolTip(tip)
            a.setCheckable(True)
            a.triggered.connect(lambda _=False, t=t: self.set_tool(t))
            group.addAction(a)
            self.tool_actions[key] = a
            return a

        tool("select", "Select", Tool("select"), icons.select_icon(), "Select, box-select and move")
        for order, name in ((1, "Single"), (2, "Double"), (3, "Triple")):
            tool(
                f"bond{order}",
                name,
                Tool("bond", order),
                icons.bond_icon(order),
                f"{name} bond: click an atom to grow a chain, drag to aim, click a bond to set it",
            )
        other = QAction("Other element…", self)
        other.setIcon(icons.text_icon("…"))
        other.setToolTip("Any other element (I, P, B, Si, Se, …)")
        other.setCheckable(True)
        group.addAction(other)
        other.triggered.connect(lambda _=False: self.choose_element())
        self.tool_actions["atom…"] = other
        for sym in ("C", "N", "O", "S", "F", "Cl", "Br"):
            colour = ELEMENT_COLOURS.get(sym, "#202020")  # the button shows the canvas's colour
            tool(
                f"atom{sym}",
                sym,
                Tool("atom", sym),
                icons.text_icon(sym, colour),
                f"{sym}: click an atom to change it, click empty canvas to place it, drag to bond it",
            )
        tool(
            "charge+",
            "Charge +",
            Tool("charge", +1),
            icons.text_icon("+", circle=True),
            "Raise the charge",
        )
        tool(
            "charge-",
            "Charge −",
            Tool("charge", -1),
            icons.text_icon("−", circle=True),
            "Lower the charge",
        )
        tool("erase", "Erase", Tool("erase"), icons.erase_icon(), "Erase an atom or bond")
        for n in RING_SIZES:
            tool(
                f"ring{n}",
                f"{n}-ring",
                Tool("ring", (n, False)),
                icons.ring_icon(n),
                f"{n}-membered ring: click a bond to fuse, an atom to attach, empty canvas to place",
            )
        tool(
            "benzene",
            "Benzene",
            Tool("ring", (6, True)),
            icons.ring_icon(6, True),
            "Benzene: click a bond to fuse, an atom to attach, empty canvas to place",
        )
        self.scaffold_menu = QMenu("Lactam scaffolds", self)
        for sc in SCAFFOLDS:
            a = tool(
                f"scaffold:{sc.key}",
                sc.name,
                Tool("scaffold", sc.key),
                icons.lactam_icon(),
                f"{sc.name}: click empty canvas to place, an atom to attach through the lactam N",
            )
            self.scaffold_menu.addAction(a)

    def _build_layout(self) -> None:
        tools = QToolBar("Tools")
        tools.setIconSize(tools.iconSize().scaled(22, 22, Qt.AspectRatioMode.KeepAspectRatio))
        order = (
            [
                "select",
                "bond1",
                "bond2",
                "bond3",
                "atomC",
                "atomN",
                "atomO",
                "atomS",
                "atomF",
                "atomCl",
                "atomBr",
                "atom…",
                "charge+",
                "charge-",
                "erase",
            ]
            + [f"ring{n}" for n in RING_SIZES]
            + ["benzene"]
        )
        scaffolds = QToolButton()
        scaffolds.setText("Lactams")
        scaffolds.setIcon(icons.lactam_icon())
        scaffolds.setToolTip(
            "Lactam scaffolds: 1,4-benzodiazepin-2-one, 1,4-diazepan-5-one, 2-pyrrolidinone, 2-piperidinone"
        )
        scaffolds.setMenu(self.scaffold_menu)
        scaffolds.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.scaffolds_button = scaffolds
        # The lactam scaffolds come right after the bond tools: at the window's usual width the
        # end of the row goes into the toolbar's overflow, whose popup leaves widgets out, and
        # the scaffolds are what a chemist here starts from.
        for key in order:
            tools.addAction(self.tool_actions[key])
            if key == "bond3":
                tools.addWidget(scaffolds)
        self.tools_bar = tools

        commands = QToolBar("Commands")
        commands.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in (
            self.undo_action,
            self.redo_action,
            self.clean_action,
            self.fit_action,
            self.zoom_in_action,
            self.zoom_out_action,
            self.copy_action,
            self.paste_action,
            self.open_action,
            self.export_action,
            self.clear_action,
        ):
            commands.addAction(a)
        self.commands_bar = commands

        bottom = QHBoxLayout()
        bottom.setContentsMargins(4, 0, 4, 0)
        bottom.addWidget(self.status)
        bottom.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(tools)
        layout.addWidget(commands)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.legend.setContentsMargins(4, 0, 4, 4)
        layout.addWidget(self.legend)

    # ------------------------------------------------------------ tools and commands
    def set_tool(self, tool: Tool) -> None:
        self.view.tool = tool
        for key, action in self.tool_actions.items():
            if _tool_key(tool) == key:
                action.setChecked(True)

    def choose_element(self) -> None:
        """Ask for an element symbol; the element tool then places that element."""
        text, ok = QInputDialog.getText(self, "Element", "Element symbol (for example I, P, B, Se):")
        if not ok or not text.strip():
            self.set_tool(self.view.tool)
            return
        symbol = text.strip()[:1].upper() + text.strip()[1:].lower()
        try:
            Chem.GetPeriodicTable().GetAtomicNumber(symbol)
        except RuntimeError:
            self._say(f"{text.strip()!r} is not an element symbol")
            self.set_tool(self.view.tool)
            return
        key = f"atom{symbol}"
        if key not in self.tool_actions:
            self.tool_actions[key] = self.tool_actions["atom…"]
        self.set_tool(Tool("atom", symbol))
        self._say(f"Click an atom to make it {symbol}, or the canvas to place {symbol}", error=False)

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
            (QKeySequence.StandardKey.Copy, self.copy),
            (QKeySequence.StandardKey.Cut, self.cut),
            (QKeySequence.StandardKey.Paste, self.paste),
            (QKeySequence.StandardKey.SelectAll, self.select_all),
            (QKeySequence.StandardKey.ZoomIn, lambda: self.view.zoom_by(1.25)),
            (QKeySequence.StandardKey.ZoomOut, lambda: self.view.zoom_by(0.8)),
        ):
            if event.matches(key):
                slot()
                return True
        return False

    # ------------------------------------------------------------ clipboard, files, drops
    def _selected_fragment(self) -> Chem.Mol:
        atoms = self.scene.selected_atoms()
        mol = self.model.mol
        if not atoms or len(atoms) == mol.GetNumAtoms():
            return Chem.Mol(mol)
        keep = {self.model.atom_index(a) for a in atoms}
        frag = Chem.RWMol(mol)
        for idx in sorted((i for i in range(mol.GetNumAtoms()) if i not in keep), reverse=True):
            frag.RemoveAtom(idx)
        return frag

    def mime_data(self) -> QMimeData:
        """SMILES, MOL, SVG and PNG of the selection (or everything) in one clipboard entry."""
        mol = self._selected_fragment()
        data = QMimeData()
        smiles = formats.to_smiles(mol)
        data.setText(smiles)
        data.setData(SMILES_MIME, QByteArray(smiles.encode()))
        data.setData(MOLFILE_MIME, QByteArray(formats.to_molblock(mol).encode()))
        data.setData(SVG_MIME, QByteArray(formats.to_svg(mol).encode()))
        data.setImageData(QImage.fromData(formats.to_png(mol), "PNG"))
        return data

    def copy(self) -> None:
        if self.model.is_empty():
            return
        QApplication.clipboard().setMimeData(self.mime_data())
        self._say("")

    def cut(self) -> None:
        if self.scene.selected_atoms() or self.scene.selected_bonds():
            self.copy()
            self.delete_selection()

    def paste(self) -> None:
        self.accept_mime(QApplication.clipboard().mimeData(), "clipboard")

    def can_accept(self, data: QMimeData | None) -> bool:
        return data is not None and (data.hasUrls() or data.hasText() or data.hasFormat(MOLFILE_MIME))

    def accept_mime(self, data: QMimeData | None, source: str) -> bool:
        """Paste or drop: a MOL/SDF/SMILES text, or structure files. Errors go to the message line."""
        if data is None:
            return False
        try:
            if data.hasUrls() and any(u.isLocalFile() for u in data.urls()):
                path = next(u.toLocalFile() for u in data.urls() if u.isLocalFile())
                record = self._choose(formats.read_file(path), Path(path).name)
            elif data.hasFormat(MOLFILE_MIME):
                text = bytes(data.data(MOLFILE_MIME).data()).decode("utf-8", "replace")
                record = self._choose(formats.read_records(text, source), source)
            elif data.hasText():
                record = self._choose(formats.read_records(data.text(), source), source)
            else:
                self._say(f"{source}: nothing that looks like a structure")
                return False
        except StructureError as exc:
            self._say(str(exc))
            return False
        if record is None:
            return False
        self._insert(record.mol, "Paste" if source == "clipboard" else "Drop")
        return True

    def _insert(self, mol: Chem.Mol, text: str, replace: bool = False) -> None:
        """Load into an empty canvas, else add beside the drawing; large layouts run off-thread."""
        if mol.GetNumAtoms() > BACKGROUND_LAYOUT_ATOMS and not has_usable_2d(mol):
            token = len(self._layout_requests) + 1
            while token in self._layout_requests:
                token += 1
            if self._layouts.submit(token, mol):
                self._layout_requests[token] = (mol, text, replace)
                self._say(f"Laying out {mol.GetNumAtoms()} atoms…", error=False)
                return
        self._place(mol, text, replace)

    def _on_laid_out(self, token: int, mol: Chem.Mol | None) -> None:
        request = self._layout_requests.pop(token, None)
        if request is None:
            return
        original, text, replace = request
        self._place(mol if mol is not None else original, text, replace)

    def layout_pending(self) -> bool:
        """True while a large structure is being laid out in the background."""
        return bool(self._layout_requests)

    def _place(self, mol: Chem.Mol, text: str, replace: bool = False) -> None:
        if replace or self.model.is_empty():
            self.model.load(mol, text)
        else:
            self.model.insert_fragment(mol, ("right", None), text)
        self.fit_to_view()
        self._say("")

    def _choose(self, records: list[Record], source: str) -> Record | None:
        """SDF with several molecules: ask which one (the first is the default)."""
        if len(records) == 1:
            return records[0]
        names = [f"{i + 1}: {r.name}" for i, r in enumerate(records)]
        choice, ok = QInputDialog.getItem(
            self, "Choose a molecule", f"{source} holds {len(records)} molecules:", names, 0, False
        )
        if not ok:
            return None
        return records[names.index(choice)]

    def open_file(self, path: str | None = None) -> bool:
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self,
                "Open structure",
                "",
                "Structures (*.mol *.sdf *.sd *.smi *.smiles *.txt);;All files (*)",
            )
            if not path:
                return False
        try:
            record = self._choose(formats.read_file(path), Path(path).name)
        except StructureError as exc:
            self._say(str(exc))
            return False
        if record is None:
            return False
        self._insert(record.mol, f"Open {Path(path).name}", replace=True)
        return True

    def export_file(self, path: str | None = None) -> bool:
        """Save the drawing; the format follows the extension (.svg, .png, .mol, .sdf)."""
        if not path:
            path, chosen = QFileDialog.getSaveFileName(
                self,
                "Export structure",
                "structure.svg",
                "SVG picture (*.svg);;PNG picture (*.png);;MOL V2000 (*.mol);;MOL V3000 (*.mol)",
            )
            if not path:
                return False
        else:
            chosen = ""
        suffix = Path(path).suffix.lower()
        mol = self.model.mol
        try:
            if suffix == ".png":
                yamlio.write_bytes_atomic(path, formats.to_png(mol))
            elif suffix == ".svg":
                yamlio.write_text_atomic(path, formats.to_svg(mol))
            elif suffix in (".mol", ".sdf", ".sd"):
                block = formats.to_molblock(mol, v3000="V3000" in chosen)
                yamlio.write_text_atomic(path, block + ("$$$$\n" if suffix != ".mol" else ""))
            else:
                self._say(f"{path}: unknown picture or structure type {suffix or '(none)'}; use .svg, .png or .mol")
                return False
        except OSError as exc:
            self._say(f"{path}: cannot write: {exc.strerror or exc}")
            return False
        return True

    def _say(self, text: str, error: bool = True) -> None:
        self.message.setStyleSheet("color: #b71c1c" if error else "color: #555")
        self.message.setText(text)

    # ------------------------------------------------------------ feedback
    def _on_model_changed(self) -> None:
        summary = self.scene.summary
        if summary.formula:
            text = f"<b>{_formula_html(summary.formula)}</b> &nbsp; MW {summary.mw:.2f}"
        else:
            text = "<i>Draw the substrate, or paste SMILES / MOL (Ctrl+V)</i>"
        if summary.problems:
            first = summary.problems[0][1]
            more = f" (+{len(summary.problems) - 1} more)" if len(summary.problems) > 1 else ""
            text += f" &nbsp; <span style='color:#c62828'>⚠ {html.escape(first)}{more}</span>"
        self.status.setText(text)

    def _on_edit_done(self) -> None:
        self._analysis_timer.start()
        self.molecule_changed.emit()

    def _analyse(self) -> None:
        """Lactam sites and borane-reducible groups from the substrate analysis, as halos + legend."""
        mol = self.model.mol
        self.analysis, self.analysis_error = None, ""
        lactams: list[tuple[int, ...]] = []
        reducible: list[tuple[int, ...]] = []
        found: dict[str, int] = {}
        if mol.GetNumAtoms() and not self.scene.summary.problems:
            try:
                from boranegui.core.substrate import analyse

                self.analysis = analyse(formats.export_copy(mol))
            except Exception as exc:  # the drawing must never die on analysis
                self.analysis_error = str(exc) or type(exc).__name__
        if self.analysis is not None:
            ids = [self.model.atom_id_at(i) for i in range(mol.GetNumAtoms())]

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


def _formula_html(formula: str) -> str:
    out = []
    for ch in formula:
        out.append(f"<sub>{ch}</sub>" if ch.isdigit() else html.escape(ch))
    return "".join(out).replace("</sub><sub>", "")


def _tool_key(tool: Tool) -> str:
    if tool.kind == "bond":
        return f"bond{tool.value}"
    if tool.kind == "atom":
        return f"atom{tool.value}"
    if tool.kind == "charge":
        return "charge+" if tool.value > 0 else "charge-"
    if tool.kind == "ring":
        size, aromatic = tool.value
        return "benzene" if aromatic else f"ring{size}"
    if tool.kind == "scaffold":
        return f"scaffold:{tool.value}"
    return tool.kind
