"""The drawer's actions and rows: tools, commands, and the SMILES/InChI line above the canvas.

The tools row puts what a chemist reaches for first where it stays visible at 1024 px:
bonds, the lactam scaffolds, the 5-, 6-, 7-ring and benzene, then the stereo bonds (all
visible at 1280 px); the rarer 3-, 4- and 8-rings go last, into the overflow. Elements
have a row of their own, beside the SMILES/InChI line.
Every toolbar button takes keyboard focus (Tab, then Space), so no tool needs a mouse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu, QToolBar, QToolButton, QWidget
from rdkit import Chem

from boranegui.core.substrate import captured_rdkit_messages

from . import icons
from .display import ELEMENT_COLOURS
from .templates import RING_SIZES, SCAFFOLDS
from .view import Tool

if TYPE_CHECKING:
    from .model import MoleculeModel
    from .scene import DrawerScene
    from .view import DrawerView

    _Base = QWidget
else:
    _Base = object

FIRST_RINGS = (5, 6, 7)  # the rings of lactams and their substituents: always visible
STEREO_TOOLS = (
    ("wedge", "Wedge", "Wedge bond (towards you): click a bond to set or turn it, an atom to grow one [W]"),
    ("hash", "Hash", "Hashed bond (away from you): click a bond to set or turn it, an atom to grow one [D]"),
    ("wavy", "Either", "Either: a wavy bond (configuration unknown), or a crossed double bond (E/Z unknown) [E]"),
)
ELEMENTS = ("C", "N", "O", "S", "F", "Cl", "Br")


class ToolbarMixin(_Base):
    """Builds ``MoleculeDrawer``'s actions and toolbars and switches tools."""

    model: MoleculeModel
    scene: DrawerScene
    view: DrawerView
    tool_actions: dict[str, QAction]
    smiles_edit: QLineEdit
    labels_action: QAction

    if TYPE_CHECKING:  # provided by MoleculeDrawer and TransferMixin

        def _say(self, text: str, error: bool = True) -> None: ...

        def fit_to_view(self) -> None: ...

        def copy(self) -> None: ...

        def cut(self) -> None: ...

        def paste(self) -> None: ...

        def select_all(self) -> None: ...

        def clean_up(self) -> None: ...

        def open_file(self, path: str | None = None) -> bool: ...

        def export_file(self, path: str | None = None) -> bool: ...

        def load_text(self) -> None: ...

        def set_show_labels(self, show: bool) -> None: ...

    def _action(self, text: str, slot: Any, shortcut: Any = None, icon: Any = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if icon is not None:
            action.setIcon(icon)
        if shortcut is not None:
            if isinstance(shortcut, QKeySequence.StandardKey):
                action.setShortcuts(shortcut)
            else:
                keys = shortcut if isinstance(shortcut, list) else [shortcut]
                action.setShortcuts([k if isinstance(k, QKeySequence) else QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tip or text)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        stack = self.model.undo_stack
        self.undo_action = self._action("Undo", stack.undo, QKeySequence.StandardKey.Undo)
        # Ctrl+Y as well as Ctrl+Shift+Z: the platform's standard list may hold only one
        redo_keys = [*QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)]
        for extra in ("Ctrl+Y", "Ctrl+Shift+Z"):
            if QKeySequence(extra) not in redo_keys:
                redo_keys.append(QKeySequence(extra))
        self.redo_action = self._action("Redo", stack.redo, redo_keys, tip="Redo (Ctrl+Y or Ctrl+Shift+Z)")
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
            "Paste", self.paste, QKeySequence.StandardKey.Paste, tip="Paste SMILES, MOL or SDF from the clipboard"
        )
        self.select_all_action = self._action("Select all", self.select_all, QKeySequence.StandardKey.SelectAll)
        self.clean_action = self._action(
            "Clean up", self.clean_up, "Ctrl+Shift+L", tip="Re-lay out with RDKit, keeping the stereo"
        )
        self.fit_action = self._action("Fit", self.fit_to_view, "Ctrl+0", tip="Fit the drawing to the view")
        self.zoom_in_action = self._action(
            "Zoom in", lambda: self.view.zoom_by(1.25), [QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+=")]
        )
        self.zoom_out_action = self._action(
            "Zoom out", lambda: self.view.zoom_by(0.8), QKeySequence.StandardKey.ZoomOut
        )
        self.open_action = self._action(
            "Open…", self.open_file, QKeySequence.StandardKey.Open, tip="Open a MOL, SDF or SMILES file"
        )
        self.export_action = self._action("Export…", self.export_file, tip="Save as SVG, PNG or MOL")
        self.clear_action = self._action("Clear", self.model.clear, tip="Erase the whole drawing")
        self.labels_action = self._action(
            "R/S E/Z", lambda: self.set_show_labels(self.labels_action.isChecked()), "Ctrl+Shift+R",
            tip="Show the R/S and E/Z the drawing defines (Ctrl+Shift+R)",
        )
        self.labels_action.setCheckable(True)
        self.text_action = self._action(
            "SMILES/InChI", lambda: self.smiles_edit.setFocus(), "Ctrl+L", tip="Type SMILES or InChI (Ctrl+L)"
        )
        self._build_tools()

    def _build_tools(self) -> None:
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
                f"bond{order}", name, Tool("bond", order), icons.bond_icon(order),
                f"{name} bond: click an atom to grow a chain, drag to aim, click a bond to set it [{order}]",
            )
        for mark, name, tip in STEREO_TOOLS:
            tool(f"stereo:{mark}", name, Tool("stereo", mark), icons.stereo_icon(mark), tip)
        other = QAction("Other element…", self)
        other.setIcon(icons.text_icon("…"))
        other.setToolTip("Any other element (I, P, B, Si, Se, …)")
        other.setCheckable(True)
        group.addAction(other)
        other.triggered.connect(lambda _=False: self.choose_element())
        self.tool_actions["atom…"] = other
        for sym in ELEMENTS:
            colour = ELEMENT_COLOURS.get(sym, "#202020")  # the button shows the canvas's colour
            key = {"Cl": "L", "Br": "B"}.get(sym, sym)
            tool(
                f"atom{sym}", sym, Tool("atom", sym), icons.text_icon(sym, colour),
                f"{sym}: click an atom to change it, click empty canvas to place it, drag to bond it [{key}]",
            )
        tool("charge+", "Charge +", Tool("charge", +1), icons.text_icon("+", circle=True), "Raise the charge [+]")
        tool("charge-", "Charge −", Tool("charge", -1), icons.text_icon("−", circle=True), "Lower the charge [−]")
        tool("erase", "Erase", Tool("erase"), icons.erase_icon(), "Erase an atom or bond [Del]")
        for n in RING_SIZES:
            tool(
                f"ring{n}", f"{n}-ring", Tool("ring", (n, False)), icons.ring_icon(n),
                f"{n}-membered ring: click a bond to fuse, an atom to attach, empty canvas to place"
                + (f" [{n}]" if n >= 4 else ""),
            )
        tool(
            "benzene", "Benzene", Tool("ring", (6, True)), icons.ring_icon(6, True),
            "Benzene: click a bond to fuse, an atom to attach, empty canvas to place [A]",
        )
        self.scaffold_menu = QMenu("Lactam scaffolds", self)
        for sc in SCAFFOLDS:
            a = tool(
                f"scaffold:{sc.key}", sc.name, Tool("scaffold", sc.key), icons.lactam_icon(),
                f"{sc.name}: click empty canvas to place, an atom to attach through the lactam N",
            )
            self.scaffold_menu.addAction(a)

    def _build_bars(self) -> tuple[QToolBar, QToolBar, QLineEdit, QToolBar]:
        """The tools row, the elements toolbar, the SMILES/InChI line and the commands row."""
        tools = QToolBar("Tools")
        tools.setIconSize(tools.iconSize().scaled(22, 22, Qt.AspectRatioMode.KeepAspectRatio))
        scaffolds = QToolButton()
        scaffolds.setText("Lactams")
        scaffolds.setIcon(icons.lactam_icon())
        scaffolds.setToolTip(
            "Lactam scaffolds: 1,4-benzodiazepin-2-one, 1,4-diazepan-5-one, 2-pyrrolidinone, 2-piperidinone"
        )
        scaffolds.setMenu(self.scaffold_menu)
        scaffolds.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.scaffolds_button = scaffolds
        order = (
            ["select", "bond1", "bond2", "bond3", "scaffolds"]
            + [f"ring{n}" for n in FIRST_RINGS]
            + ["benzene"]
            + [f"stereo:{m}" for m, _n, _t in STEREO_TOOLS]
            + ["erase", "charge+", "charge-"]
            + [f"ring{n}" for n in RING_SIZES if n not in FIRST_RINGS]
        )
        for key in order:
            if key == "scaffolds":
                tools.addWidget(scaffolds)
            else:
                tools.addAction(self.tool_actions[key])
        atoms = QToolBar("Elements")
        atoms.setIconSize(tools.iconSize())
        for key in [f"atom{s}" for s in ELEMENTS] + ["atom…"]:
            atoms.addAction(self.tool_actions[key])
        for bar in (tools, atoms):
            for button in bar.findChildren(QToolButton):
                button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # Tab to a tool, Space to take it

        commands = QToolBar("Commands")
        commands.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        # zoom lives on the wheel and Ctrl +/−: the row keeps its width for what has no gesture
        for a in (
            self.undo_action, self.redo_action, self.clean_action, self.fit_action, self.labels_action,
            self.copy_action, self.paste_action, self.open_action, self.export_action, self.clear_action,
        ):
            commands.addAction(a)
        for button in commands.findChildren(QToolButton):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)

        line = QLineEdit()
        line.setPlaceholderText("SMILES or InChI, then Enter (Ctrl+L)")
        line.setClearButtonEnabled(True)
        line.setToolTip("Type or paste SMILES or InChI and press Enter to load it; the drawing can be undone")
        line.returnPressed.connect(self.load_text)
        return tools, atoms, line, commands

    # ------------------------------------------------------------ tools
    def set_tool(self, tool: Tool) -> None:
        self.view.tool = tool
        key = tool_key(tool)
        for name, action in self.tool_actions.items():
            if name == key:
                action.setChecked(True)

    def choose_element(self) -> None:
        """Ask for an element symbol; the element tool then places that element."""
        text, ok = QInputDialog.getText(self, "Element", "Element symbol (for example I, P, B, Se):")
        if not ok or not text.strip():
            self.set_tool(self.view.tool)
            return
        symbol = element_symbol(text)
        if symbol is None:
            self._say(f"{text.strip()!r} is not an element symbol")
            self.set_tool(self.view.tool)
            return
        key = f"atom{symbol}"
        if key not in self.tool_actions:
            self.tool_actions[key] = self.tool_actions["atom…"]
        self.set_tool(Tool("atom", symbol))
        self._say(f"Click an atom to make it {symbol}, or the canvas to place {symbol}", error=False)


def element_symbol(text: str) -> str | None:
    """The element symbol a chemist typed ('cl' -> 'Cl'), or None; RDKit's complaint is kept quiet."""
    symbol = text.strip()[:1].upper() + text.strip()[1:].lower()
    if not symbol.isalpha() or len(symbol) > 3:
        return None
    with captured_rdkit_messages():
        try:
            number = Chem.GetPeriodicTable().GetAtomicNumber(symbol)
        except RuntimeError:
            return None
    return symbol if number > 0 else None


def tool_key(tool: Tool) -> str:
    """The name of the action that shows ``tool`` as checked."""
    if tool.kind == "bond":
        return f"bond{tool.value}"
    if tool.kind == "atom":
        return f"atom{tool.value}"
    if tool.kind == "charge":
        return "charge+" if tool.value > 0 else "charge-"
    if tool.kind == "ring":
        size, aromatic = tool.value
        return "benzene" if aromatic else f"ring{size}"
    if tool.kind in ("scaffold", "stereo"):
        return f"{tool.kind}:{tool.value}"
    return tool.kind
