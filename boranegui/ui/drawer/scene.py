"""The scene mirrors the model: one item per atom and bond, keyed by stable id, updated in place.

Only items whose look changed are touched, so Qt repaints just the region an edit affected.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsScene

from boranegui.core import palette

from .display import AtomLook, BondLook, Summary, looks
from .items import AtomItem, BondItem, HighlightItem, to_scene
from .model import MoleculeModel

LACTAM_COLOUR = QColor(palette.LACTAM)  # the report highlights lactams in the same colour
REDUCIBLE_COLOUR = QColor(palette.REDUCIBLE)
SCENE_HALF = 20000.0


class DrawerScene(QGraphicsScene):
    def __init__(self, model: MoleculeModel) -> None:
        super().__init__()
        self.model = model
        self.setSceneRect(QRectF(-SCENE_HALF, -SCENE_HALF, 2 * SCENE_HALF, 2 * SCENE_HALF))
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.atom_items: dict[int, AtomItem] = {}
        self.bond_items: dict[int, BondItem] = {}
        self.summary = Summary("", 0.0, ())
        self.lactam_halo = HighlightItem(LACTAM_COLOUR)
        self.reducible_halo = HighlightItem(REDUCIBLE_COLOUR)
        self.addItem(self.lactam_halo)
        self.addItem(self.reducible_halo)
        self._selected_atoms: set[int] = set()
        self._selected_bonds: set[int] = set()
        self._hovered: tuple[str, int] | None = None
        self._groups: tuple[list[tuple[int, ...]], list[tuple[int, ...]]] = ([], [])
        self.show_cip = False  # R/S and E/Z labels
        self._cursor: int | None = None  # the keyboard cursor's atom id
        model.changed.connect(self.sync)

    # ----- model -> items
    def sync(self) -> None:
        atoms, bonds, self.summary = looks(self.model.mol, show_cip=self.show_cip)
        self._sync_items(self.atom_items, atoms, AtomItem)
        self._sync_items(self.bond_items, bonds, BondItem)
        self._selected_atoms &= set(self.atom_items)
        self._selected_bonds &= set(self.bond_items)
        if self._hovered and self._item(self._hovered) is None:
            self._hovered = None
        if self._cursor is not None and self._cursor not in self.atom_items:
            self._cursor = None
        self._draw_highlights()

    def _sync_items(self, items: dict, new_looks: list[AtomLook] | list[BondLook], cls: type) -> None:
        seen = set()
        for look in new_looks:
            seen.add(look.id)
            item = items.get(look.id)
            if item is None:
                item = cls(look)
                items[look.id] = item
                self.addItem(item)
            elif item.look != look:
                item.set_look(look)
        for gone in [k for k in items if k not in seen]:
            self.removeItem(items.pop(gone))

    def _item(self, key: tuple[str, int]) -> AtomItem | BondItem | None:
        kind, ident = key
        return self.atom_items.get(ident) if kind == "atom" else self.bond_items.get(ident)

    def set_show_cip(self, show: bool) -> None:
        self.show_cip = show
        self.sync()

    # ----- hover, keyboard cursor and selection (view state, not model state)
    @property
    def cursor(self) -> int | None:
        return self._cursor

    def set_cursor(self, atom_id: int | None) -> None:
        if atom_id is not None and atom_id not in self.atom_items:
            atom_id = None
        for aid, flag in ((self._cursor, False), (atom_id, True)):
            item = self.atom_items.get(aid) if aid is not None else None
            if item is not None:
                item.keyboard_cursor = flag
                item.update()
        self._cursor = atom_id

    @property
    def hovered(self) -> tuple[str, int] | None:
        return self._hovered

    def set_hovered(self, key: tuple[str, int] | None) -> None:
        if key == self._hovered:
            return
        for k, flag in ((self._hovered, False), (key, True)):
            item = self._item(k) if k else None
            if item is not None:
                item.hovered = flag
                item.update()
        self._hovered = key

    def selected_atoms(self) -> set[int]:
        return set(self._selected_atoms)

    def selected_bonds(self) -> set[int]:
        return set(self._selected_bonds)

    def set_selection(self, atoms: Iterable[int], bonds: Iterable[int]) -> None:
        atoms, bonds = set(atoms) & set(self.atom_items), set(bonds) & set(self.bond_items)
        for ident, item in self.atom_items.items():
            flag = ident in atoms
            if item.selected != flag:
                item.selected = flag
                item.update()
        for ident, item in self.bond_items.items():
            flag = ident in bonds
            if item.selected != flag:
                item.selected = flag
                item.update()
        self._selected_atoms, self._selected_bonds = atoms, bonds

    # ----- highlights
    def set_highlights(self, lactam_atoms: list[tuple[int, ...]], reducible_atoms: list[tuple[int, ...]]) -> None:
        """Halos under groups given as tuples of atom ids (redrawn as atoms move)."""
        self._groups = (lactam_atoms, reducible_atoms)
        self._draw_highlights()

    def _draw_highlights(self) -> None:
        present = set(self.atom_items)
        for halo, groups in zip((self.lactam_halo, self.reducible_halo), self._groups, strict=True):
            points: list[QPointF] = []
            segments: list[tuple[QPointF, QPointF]] = []
            for group in groups:
                ids = [a for a in group if a in present]
                for aid in ids:
                    points.append(to_scene(*self.model.position(aid)))
                for bid in self.model.bonds_within(ids):
                    a, b = self.model.bond_atoms(bid)
                    segments.append((to_scene(*self.model.position(a)), to_scene(*self.model.position(b))))
            halo.set_shapes(points, segments)

    def molecule_rect(self) -> QRectF:
        rect = QRectF()
        for item in self.atom_items.values():
            rect = rect.united(item.sceneBoundingRect())
        return rect
