"""The canvas view: mouse tools, single-key shortcuts on the hovered atom or bond, zoom and pan."""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGraphicsLineItem,
    QGraphicsRectItem,
    QGraphicsView,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)

from . import geometry as geo
from .items import SCALE, AtomItem, BondItem, from_scene, to_scene
from .keys import ARROWS, KeyboardMixin
from .scene import DrawerScene

if TYPE_CHECKING:
    from .widget import MoleculeDrawer

DRAG_THRESHOLD_PX = 4
MIN_ZOOM, MAX_ZOOM = 0.1, 8.0
DEFAULT_ZOOM = 1.5  # 45 px bonds: comfortable to click on a laptop screen
# single keys on the hovered atom (as in Ketcher): l = Cl, b = Br


log = logging.getLogger(__name__)


def guarded(handler: Callable[..., None]) -> Callable[..., None]:
    """An event handler that reports a failure on the message line instead of losing the app."""

    @functools.wraps(handler)
    def run(self: DrawerView, *args: Any) -> None:
        try:
            handler(self, *args)
        except Exception as exc:
            log.exception("drawer: %s failed", handler.__name__)
            self._press = None
            self._owner._say(f"That edit failed and was not applied ({type(exc).__name__}: {exc})")

    return run


@dataclass(frozen=True)
class Tool:
    """What a click does: kind is select | bond | stereo | atom | charge | erase | ring | scaffold."""

    kind: str
    value: Any = None


class DrawerView(KeyboardMixin, QGraphicsView):
    def __init__(self, scene: DrawerScene, owner: MoleculeDrawer) -> None:
        super().__init__(scene)
        self._scene = scene
        self._owner = owner
        self.model = scene.model
        self.tool = Tool("bond", 1)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        # Every item sets the pen, brush and font it draws with (items.py), so the view need
        # not save and restore the painter around each of hundreds of items per repaint.
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setMouseTracking(True)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setBackgroundBrush(QColor("white"))
        self.setMinimumSize(320, 240)
        self._press: dict[str, Any] | None = None
        self._pan: QPointF | None = None
        self.fitted = True  # the view shows the fitted drawing (no zoom or pan by hand since)
        self._preview = QGraphicsLineItem()
        pen = QPen(QColor(0, 120, 215), 1.5)
        pen.setStyle(Qt.PenStyle.DashLine)
        self._preview.setPen(pen)
        self._preview.setZValue(5)
        self._preview.hide()
        scene.addItem(self._preview)
        self._band = QGraphicsRectItem()
        self._band.setPen(QPen(QColor(0, 120, 215), 1, Qt.PenStyle.DashLine))
        self._band.setBrush(QColor(0, 120, 215, 30))
        self._band.setZValue(6)
        self._band.hide()
        scene.addItem(self._band)
        self.scale(DEFAULT_ZOOM, DEFAULT_ZOOM)
        self.centerOn(0, 0)
        scene.built.connect(self._on_built)

    def _on_built(self) -> None:
        """A large structure finished appearing: fit it, unless the chemist zoomed by hand."""
        if self.fitted:
            self.fit()

    # ----- hit testing
    def hit(self, scene_pos: QPointF) -> tuple[str, int] | None:
        bond = None
        for item in self._scene.items(scene_pos):
            if isinstance(item, AtomItem):
                return ("atom", item.atom_id)
            if bond is None and isinstance(item, BondItem):
                bond = ("bond", item.bond_id)
        return bond

    def _event_scene_pos(self, event: QMouseEvent | QWheelEvent) -> QPointF:
        return self.mapToScene(event.position().toPoint())

    # ----- zoom and pan
    def zoom_by(self, factor: float) -> None:
        self.fitted = False
        current = self.transform().m11()
        factor = max(MIN_ZOOM / current, min(MAX_ZOOM / current, factor))
        self.scale(factor, factor)

    def zoom(self) -> float:
        return self.transform().m11()

    @guarded
    def resizeEvent(self, event) -> None:
        """A window made smaller (or the page laid out after the molecule was loaded) must not
        leave the molecule cropped: a fitted view is fitted again; a hand-set zoom is kept."""
        super().resizeEvent(event)
        if self.fitted:
            self.fit()

    def fit(self) -> None:
        self.fitted = True
        rect = self._scene.molecule_rect()
        if rect.isNull():
            self.resetTransform()
            self.scale(DEFAULT_ZOOM, DEFAULT_ZOOM)
            self.centerOn(0, 0)
            return
        margin = 0.8 * SCALE * geo.BOND_LENGTH
        rect = rect.adjusted(-margin, -margin, margin, margin)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 2.0:  # a lone ring should not fill the screen
            self.resetTransform()
            self.scale(2.0, 2.0)
            self.centerOn(rect.center())

    @guarded
    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta().y()
        if delta:
            self.zoom_by(1.0015**delta)
        event.accept()

    # ----- mouse
    @guarded
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if event.button() in (Qt.MouseButton.MiddleButton, Qt.MouseButton.RightButton):
            self._pan = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            return
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = self._event_scene_pos(event)
        target = self.hit(pos)
        press: dict[str, Any] = {
            "pos": pos,
            "screen": event.position(),
            "target": target,
            "dragging": False,
        }
        if self.tool.kind == "select":
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            atoms, bonds = self._scene.selected_atoms(), self._scene.selected_bonds()
            if target is None:
                press["band"] = (atoms, bonds) if shift else (set(), set())
                if not shift:
                    self._scene.set_selection((), ())
            else:
                kind, ident = target
                chosen = atoms if kind == "atom" else bonds
                if ident not in chosen:
                    if not shift:
                        atoms, bonds = set(), set()
                    (atoms if kind == "atom" else bonds).add(ident)
                    self._scene.set_selection(atoms, bonds)
                moving = set(atoms)
                for bid in bonds:
                    moving.update(self.model.bond_atoms(bid))
                press["moving"] = {aid: self.model.position(aid) for aid in moving}
                press["before"] = self.model.snapshot()
        self._press = press

    @guarded
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan is not None:
            self.fitted = False
            delta = event.position() - self._pan
            self._pan = event.position()
            self.translate_view(delta.x(), delta.y())
            return
        pos = self._event_scene_pos(event)
        press = self._press
        if press is None:
            self._scene.set_hovered(self.hit(pos))
            if not self.hasFocus():  # e.g. the window opened, or was activated, under the pointer
                self._take_focus_if_free()
            return
        if not press["dragging"]:
            d = event.position() - press["screen"]
            if math.hypot(d.x(), d.y()) < DRAG_THRESHOLD_PX:
                return
            press["dragging"] = True
        if "moving" in press:
            dx = (pos.x() - press["pos"].x()) / SCALE
            dy = -(pos.y() - press["pos"].y()) / SCALE
            self.model.preview_positions({a: (p[0] + dx, p[1] + dy) for a, p in press["moving"].items()})
        elif "band" in press:
            rect = QRectF(press["pos"], pos).normalized()
            self._band.setRect(rect)
            self._band.show()
            self._select_in(rect, *press["band"])
        elif press["target"] and press["target"][0] == "atom" and self.tool.kind in ("bond", "atom", "stereo"):
            start = self.model.position(press["target"][1])
            end = self._drag_end(start, pos, press["target"][1])
            self._preview.setLine(to_scene(*start).x(), to_scene(*start).y(), to_scene(*end).x(), to_scene(*end).y())
            self._preview.show()
        elif press["target"] is None and self.tool.kind in ("bond", "stereo"):
            start = from_scene(press["pos"])
            end = geo.snap_angle(start, from_scene(pos))
            self._preview.setLine(press["pos"].x(), press["pos"].y(), to_scene(*end).x(), to_scene(*end).y())
            self._preview.show()
        self._scene.set_hovered(self.hit(pos))

    def translate_view(self, dx: float, dy: float) -> None:
        centre = self.mapToScene(self.viewport().rect().center())
        z = self.zoom()
        self.centerOn(centre.x() - dx / z, centre.y() - dy / z)

    def _drag_end(self, start: geo.Point, pos: QPointF, start_id: int) -> geo.Point:
        """Where a bond dragged from an atom ends: on another atom, else at a snapped angle."""
        target = self.hit(pos)
        if target and target[0] == "atom" and target[1] != start_id:
            return self.model.position(target[1])
        return geo.snap_angle(start, from_scene(pos))

    def _select_in(self, rect: QRectF, atoms: set[int], bonds: set[int]) -> None:
        inside = {aid for aid, item in self._scene.atom_items.items() if rect.contains(item.pos())}
        self._scene.set_selection(atoms | inside, bonds | self.model.bonds_within(inside))

    @guarded
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan is not None:
            self._pan = None
            self.viewport().unsetCursor()
            return
        press, self._press = self._press, None
        self._preview.hide()
        self._band.hide()
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        pos = self._event_scene_pos(event)
        try:
            self._release(press, pos)
        finally:
            self._scene.set_hovered(self.hit(pos))

    def _release(self, press: dict[str, Any], pos: QPointF) -> None:
        tool, target, dragging = self.tool, press["target"], press["dragging"]
        m = self.model
        if tool.kind == "select":
            if "moving" in press and dragging:
                m.commit_drag(press["before"], "Move")
            return
        p = from_scene(press["pos"])
        kind, ident = target if target else (None, None)
        if tool.kind in ("bond", "atom"):
            symbol = tool.value if tool.kind == "atom" else "C"
            order = tool.value if tool.kind == "bond" else 1
            if kind == "atom":
                if dragging:
                    end_hit = self.hit(pos)
                    if end_hit and end_hit[0] == "atom" and end_hit[1] != ident:
                        m.connect(ident, end_hit[1], order)
                    else:
                        m.grow(ident, symbol, order, geo.snap_angle(m.position(ident), from_scene(pos)))
                elif tool.kind == "atom":
                    m.set_element([ident], symbol)
                else:
                    m.grow(ident, "C", order)
            elif kind == "bond":
                if tool.kind == "bond":
                    idx = m.bond_index(ident)
                    current = {1.0: 1, 2.0: 2, 3.0: 3}.get(m.mol.GetBondWithIdx(idx).GetBondTypeAsDouble(), 0)
                    if order == 1 or current == order:  # the single-bond tool cycles 1-2-3
                        m.cycle_bond(ident)
                    else:
                        m.set_bond_order([ident], order)
            elif tool.kind == "atom":
                m.add_atom(symbol, p)
            else:
                end = geo.snap_angle(p, from_scene(pos)) if dragging else None
                m.new_bond(p, end, order)
        elif tool.kind == "stereo":
            if kind == "bond":
                m.set_bond_mark(ident, tool.value)
            elif kind == "atom":
                aim = geo.snap_angle(m.position(ident), from_scene(pos)) if dragging else None
                m.grow(ident, "C", 1, aim, mark=tool.value)
            else:
                m.new_bond(p, geo.snap_angle(p, from_scene(pos)) if dragging else None, 1, mark=tool.value)
        elif tool.kind == "charge" and kind == "atom":
            m.change_charge([ident], tool.value)
        elif tool.kind == "erase" and target:
            m.delete([ident] if kind == "atom" else [], [ident] if kind == "bond" else [])
        elif tool.kind == "ring":
            size, aromatic = tool.value
            m.insert_ring(size, aromatic, target if target else ("point", p))
        elif tool.kind == "scaffold":
            from .templates import scaffold_mol

            name = tool.value
            on = ("atom", ident) if kind == "atom" else ("point", p)
            m.insert_fragment(scaffold_mol(name), on, f"Add {name}")

    def enterEvent(self, event: Any) -> None:
        self._take_focus_if_free()
        super().enterEvent(event)

    def _take_focus_if_free(self) -> None:
        """Hover shortcuts (type N over an atom) work without a click first, but never steal
        the keyboard from a field the chemist is typing in."""
        focus = QApplication.focusWidget()
        typing = isinstance(focus, (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)) or (
            isinstance(focus, QComboBox) and focus.isEditable()
        )
        if not typing and self.isActiveWindow():
            self.setFocus(Qt.FocusReason.MouseFocusReason)

    def leaveEvent(self, event: Any) -> None:
        if self._press is None:
            self._scene.set_hovered(None)
        super().leaveEvent(event)

    # ----- keys: on the hovered atom or bond, else on the keyboard cursor (as Ketcher's hotkeys)
    @guarded
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._owner.handle_standard_key(event):
            return
        mods = event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        if event.key() in ARROWS and not mods:
            self.move_cursor(ARROWS[Qt.Key(event.key())])
            return
        target = self._scene.hovered or self._cursor_target()
        m = self.model
        sel_atoms = self._scene.selected_atoms()
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            if target and not (target[0] == "atom" and target[1] in sel_atoms):
                kind, ident = target
                if kind == "atom" and target == self._cursor_target():
                    self._step_cursor_off(ident)
                m.delete([ident] if kind == "atom" else [], [ident] if kind == "bond" else [])
            else:
                m.delete(sel_atoms, self._scene.selected_bonds())
            return
        if event.key() == Qt.Key.Key_Escape:
            self._scene.set_selection((), ())
            return
        if mods:
            super().keyPressEvent(event)
            return
        text = event.text()
        if not self._on_key(text, target, sel_atoms):
            super().keyPressEvent(event)

    def matches(self, event: QKeyEvent, key: QKeySequence.StandardKey) -> bool:
        return event.matches(key)

    # ----- drag and drop of files and text
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._owner.can_accept(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._owner.can_accept(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    @guarded
    def dropEvent(self, event: QDropEvent) -> None:
        if self._owner.accept_mime(event.mimeData(), "drop"):
            event.acceptProposedAction()
        else:
            event.ignore()
