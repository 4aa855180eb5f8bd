"""Drawing without a mouse: single keys on the hovered atom or bond, else on a keyboard cursor.

As Ketcher's hotkeys: element letters (L = Cl, B = Br), 1-3 bond orders (on an atom: grow a
bond, the cursor follows), W wedge, D hash, E either, 4-8 rings and A benzene, + and -
charges, arrow keys to move the cursor to the atom lying that way.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsView

from . import geometry as geo

if TYPE_CHECKING:
    from .model import MoleculeModel
    from .scene import DrawerScene

    _Base = QGraphicsView
else:
    _Base = object

ELEMENT_KEYS = {
    "c": "C",
    "n": "N",
    "o": "O",
    "s": "S",
    "f": "F",
    "l": "Cl",
    "b": "Br",
    "i": "I",
    "p": "P",
    "h": "H",
}
STEREO_KEYS = {"w": "wedge", "d": "hash", "e": "wavy"}  # W wedge, D dashed (hash), E either
RING_KEYS = {"4": (4, False), "5": (5, False), "6": (6, False), "7": (7, False), "8": (8, False), "a": (6, True)}
ARROWS = {
    Qt.Key.Key_Right: 0.0,
    Qt.Key.Key_Up: math.pi / 2,
    Qt.Key.Key_Left: math.pi,
    Qt.Key.Key_Down: -math.pi / 2,
}


class KeyboardMixin(_Base):
    """The key actions of ``DrawerView`` (its keyPressEvent decides which key goes here)."""

    model: MoleculeModel
    _scene: DrawerScene

    def _on_key(self, text: str, target: tuple[str, int] | None, sel_atoms: set[int]) -> bool:
        """One drawing key; True when it meant something here."""
        m = self.model
        kind, ident = target if target else (None, 0)
        atoms = [ident] if kind == "atom" else sorted(sel_atoms)
        lower = text.lower()
        if lower in ELEMENT_KEYS and text:
            if atoms:
                m.set_element(atoms, ELEMENT_KEYS[lower])
            elif m.is_empty():
                self.set_cursor(m.add_atom(ELEMENT_KEYS[lower], (0.0, 0.0)))
            return True
        if text in ("1", "2", "3"):
            order = int(text)
            if kind == "bond":
                m.set_bond_order([ident], order)
            elif kind == "atom":
                self.set_cursor(m.grow(ident, "C", order))
            elif self._scene.selected_bonds():
                m.set_bond_order(self._scene.selected_bonds(), order)
            elif m.is_empty():
                m.new_bond((0.0, 0.0), None, order)
                self.set_cursor(max(m.atom_ids(), default=None))
            return True
        if lower in STEREO_KEYS:
            if kind == "bond":
                m.set_bond_mark(ident, STEREO_KEYS[lower])
            elif kind == "atom":
                self.set_cursor(m.grow(ident, "C", 1, mark=STEREO_KEYS[lower]))
            return True
        if lower in RING_KEYS:
            size, aromatic = RING_KEYS[lower]
            on = (kind, ident) if kind else ("point", self._free_point())
            before = set(m.atom_ids())
            m.insert_ring(size, aromatic, on)
            if kind is None:
                self.set_cursor(min(set(m.atom_ids()) - before, default=None))
            return True
        if text in ("+", "=", "-", "_"):
            if atoms:
                m.change_charge(atoms, +1 if text in ("+", "=") else -1)
            return True
        return False

    # ----- the keyboard cursor: an atom to draw from without a mouse
    def set_cursor(self, atom_id: int | None) -> None:
        self._scene.set_cursor(atom_id)

    def _cursor_target(self) -> tuple[str, int] | None:
        aid = self._scene.cursor
        return ("atom", aid) if aid is not None else None

    def move_cursor(self, direction: float) -> None:
        """Arrow keys: to the atom that lies most nearly that way (bonded atoms first)."""
        m = self.model
        current = self._scene.cursor
        if current is None:
            self.set_cursor(min(m.atom_ids(), default=None))
            return
        here = m.position(current)
        bonded = set()
        for bid in m.bond_ids():
            a, b = m.bond_atoms(bid)
            if current in (a, b):
                bonded.add(b if a == current else a)
        best, best_score = None, math.inf
        for aid in m.atom_ids():
            if aid == current:
                continue
            there = m.position(aid)
            off = abs((geo.angle_of(here, there) - direction + math.pi) % (2 * math.pi) - math.pi)
            if off > math.radians(67.5):
                continue
            score = geo.distance(here, there) * (1 + off) * (1 if aid in bonded else 2.5)
            if score < best_score:
                best, best_score = aid, score
        if best is not None:
            self.set_cursor(best)

    def _step_cursor_off(self, atom_id: int) -> None:
        """Before the cursor atom is deleted: move the cursor to a neighbour of it."""
        for bid in self.model.bond_ids():
            a, b = self.model.bond_atoms(bid)
            if atom_id in (a, b):
                self.set_cursor(b if a == atom_id else a)
                return
        self.set_cursor(None)

    def _free_point(self) -> geo.Point:
        """Where a ring typed with no atom or bond in focus goes: right of the drawing."""
        ids = self.model.atom_ids()
        if not ids:
            return (0.0, 0.0)
        pts = [self.model.position(a) for a in ids]
        return (max(p[0] for p in pts) + 3 * geo.BOND_LENGTH, sum(p[1] for p in pts) / len(pts))
