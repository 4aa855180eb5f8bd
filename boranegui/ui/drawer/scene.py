"""The scene mirrors the model: one item per atom and bond, keyed by stable id, updated in place.

Only items whose look changed are touched, so Qt repaints just the region an edit affected.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsScene
from rdkit import Chem

from boranegui.core import palette

from .display import AtomLook, BondLook, Summary, looks
from .items import AtomItem, BondItem, HighlightItem, to_scene
from .model import ATOM_ID, BOND_ID, MoleculeModel

LACTAM_COLOUR = QColor(palette.LACTAM)  # the report highlights lactams in the same colour
REDUCIBLE_COLOUR = QColor(palette.REDUCIBLE)
SCENE_HALF = 20000.0
BUILD_STEP = 150  # items created or removed per event-loop turn: a few ms each turn
UPDATE_COST = 0.5  # an item moved or restyled costs half of one made (a clean-up moves all)


class DrawerScene(QGraphicsScene):
    """Atom and bond items for the model's molecule, plus hover, cursor, selection and halos."""

    built = Signal()  # the items are complete after a change built over several turns (see sync)
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
        self._wanted: tuple[list[AtomLook], list[BondLook]] = ([], [])
        self._step_scheduled = self._chunked = False
        self._preset: tuple[list[AtomLook], list[BondLook], Summary] | None = None
        model.changed.connect(self.sync)

    # ----- model -> items
    def sync(self) -> None:
        """Bring the items in line with the model. A large change (a 500-atom paste) is built
        BUILD_STEP items per event-loop turn, so the GUI thread is never held for long;
        ``built`` fires when the items are complete."""
        preset, self._preset = self._preset, None
        if preset is not None and not self.show_cip and _looks_fit(preset, self.model.mol):
            atoms, bonds, self.summary = preset
        else:
            atoms, bonds, self.summary = looks(self.model.mol, show_cip=self.show_cip)
        self._wanted = (atoms, bonds)
        self._build_step()

    def expect_looks(self, preset: tuple[list[AtomLook], list[BondLook], Summary] | None) -> None:
        """Looks already computed (in the worker) for the molecule the model is about to load;
        used by the next sync only if they fit that molecule exactly."""
        self._preset = preset

    def _build_step(self) -> None:
        self._step_scheduled = False
        atoms, bonds = self._wanted
        budget = self._sync_items(self.atom_items, atoms, AtomItem, BUILD_STEP)
        budget = self._sync_items(self.bond_items, bonds, BondItem, budget)
        if budget <= 0 and self.building():
            if not self._step_scheduled:
                self._step_scheduled = True
                # ``built`` (the view fits a new structure) only when items were still to be
                # made: moving many items (a drag, a clean-up) is also spread over turns
                self._chunked = self._chunked or len(atoms) != len(self.atom_items) or len(bonds) != len(
                    self.bond_items)
                QTimer.singleShot(0, self._build_step)
            return
        self._selected_atoms &= set(self.atom_items)
        self._selected_bonds &= set(self.bond_items)
        if self._hovered and self._item(self._hovered) is None:
            self._hovered = None
        if self._cursor is not None and self._cursor not in self.atom_items:
            self._cursor = None
        self._draw_highlights()
        if self._chunked:
            self._chunked = False
            self.built.emit()

    def building(self) -> bool:
        """True while items are still being made for the last change."""
        atoms, bonds = self._wanted
        return len(atoms) != len(self.atom_items) or len(bonds) != len(self.bond_items) or any(
            items.get(look.id) is None or items[look.id].look != look
            for items, looks_ in ((self.atom_items, atoms), (self.bond_items, bonds))
            for look in looks_
        )

    def _sync_items(
        self, items: dict, new_looks: list[AtomLook] | list[BondLook], cls: type, budget: float
    ) -> float:
        """Create, update and remove items toward ``new_looks``, spending at most ``budget``
        creations and removals (an update costs UPDATE_COST); returns what is left of it
        (0 or less: not finished)."""
        seen = set()
        for look in new_looks:
            seen.add(look.id)
            item = items.get(look.id)
            if item is None:
                if budget <= 0:
                    continue
                item = cls(look)
                items[look.id] = item
                self.addItem(item)
                budget -= 1
            elif item.look != look:
                if budget <= 0:
                    continue
                item.set_look(look)
                budget -= UPDATE_COST
        for gone in [k for k in items if k not in seen]:
            if budget <= 0:
                return budget
            self.removeItem(items.pop(gone))
            budget -= 1
        return budget

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
    @property
    def highlights(self) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]]:
        """The atom ids under the lactam halos and under the reducible-group halos."""
        return self._groups

    def set_highlights(self, lactam_atoms: list[tuple[int, ...]], reducible_atoms: list[tuple[int, ...]]) -> None:
        """Halos under groups given as tuples of atom ids (redrawn as atoms move)."""
        self._groups = (lactam_atoms, reducible_atoms)
        self._draw_highlights()

    def _draw_highlights(self) -> None:
        present = set(self.atom_items)
        if not any(self._groups):
            for halo in (self.lactam_halo, self.reducible_halo):
                if not halo.is_empty():
                    halo.set_shapes([], [])
            return
        # one pass over the bonds for all groups: a large molecule has many groups
        pairs = {frozenset((look.begin, look.end)) for look in (i.look for i in self.bond_items.values())}
        where = {aid: to_scene(item.look.x, item.look.y) for aid, item in self.atom_items.items()}
        for halo, groups in zip((self.lactam_halo, self.reducible_halo), self._groups, strict=True):
            points: list[QPointF] = []
            segments: list[tuple[QPointF, QPointF]] = []
            for group in groups:
                ids = [a for a in group if a in present]
                points.extend(where[a] for a in ids)
                for k, a in enumerate(ids):
                    for b in ids[k + 1 :]:
                        if frozenset((a, b)) in pairs:
                            segments.append((where[a], where[b]))
            halo.set_shapes(points, segments)

    def molecule_rect(self) -> QRectF:
        rect = QRectF()
        for item in self.atom_items.values():
            rect = rect.united(item.sceneBoundingRect())
        return rect


def _looks_fit(preset: tuple[list[AtomLook], list[BondLook], Summary], mol: Chem.Mol) -> bool:
    """The precomputed looks describe ``mol``: same atoms (ids, places) and bonds (ids)."""
    atoms, bonds, _summary = preset
    if len(atoms) != mol.GetNumAtoms() or len(bonds) != mol.GetNumBonds() or not mol.GetNumConformers():
        return False
    conf = mol.GetConformer()  # per atom, not GetPositions(): that imports numpy (~100 ms, once)
    for i, look in enumerate(atoms):
        if look.id != mol.GetAtomWithIdx(i).GetIntProp(ATOM_ID):
            return False
        p = conf.GetAtomPosition(i)
        if abs(look.x - p.x) > 1e-4 or abs(look.y - p.y) > 1e-4:
            return False
    return all(look.id == mol.GetBondWithIdx(k).GetIntProp(BOND_ID) for k, look in enumerate(bonds))
