"""Ways into the drawer besides the mouse: the SMILES/InChI line, keys only, Ctrl+Y, and the
MOL block a run file keeps (the chemist's own layout comes back unchanged)."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from boranegui.core import palette
from boranegui.report.structure import structure_svg
from boranegui.ui.drawer import MoleculeDrawer
from boranegui.ui.drawer import model as model_module
from boranegui.ui.drawer import scene as scene_module
from boranegui.ui.drawer.scene import LACTAM_COLOUR

from .test_stereo import type_structure
from .test_widget import NORDAZEPAM, canonical, key


def test_smiles_and_inchi_typed_above_the_canvas_load_on_enter(qtbot, drawer: MoleculeDrawer, capfd) -> None:
    type_structure(qtbot, drawer, NORDAZEPAM)
    assert drawer.smiles() == canonical(NORDAZEPAM)
    type_structure(qtbot, drawer, "InChI=1S/C4H7NO/c6-4-2-1-3-5-4/h1-3H2,(H,5,6)")
    assert drawer.smiles() == canonical("O=C1CCCN1")
    # bad input: one line under the canvas, the drawing kept, nothing on the terminal
    capfd.readouterr()
    type_structure(qtbot, drawer, "C1CC(")
    assert drawer.smiles() == canonical("O=C1CCCN1")
    assert "invalid SMILES" in drawer.message.text() and "\n" not in drawer.message.text()
    type_structure(qtbot, drawer, "InChI=1S/garbage")
    assert "invalid InChI" in drawer.message.text()
    _out, err = capfd.readouterr()
    assert "Violation" not in err and "SMILES Parse Error" not in err and "ERROR" not in err, err
    # undo takes the typed structure back like any edit
    drawer.view.setFocus()
    key(qtbot, drawer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert drawer.smiles() == canonical(NORDAZEPAM)
    key(qtbot, drawer, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert drawer.smiles() == canonical("O=C1CCCN1")


def test_an_unknown_element_is_one_line_and_no_rdkit_trace(qtbot, drawer: MoleculeDrawer, monkeypatch, capfd) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Xq", True))
    capfd.readouterr()
    drawer.tool_actions["atom…"].trigger()
    _out, err = capfd.readouterr()
    assert drawer.message.text() == "'Xq' is not an element symbol"
    assert "Violation" not in err and "Element" not in err, err


def test_ctrl_y_redoes(qtbot, drawer: MoleculeDrawer) -> None:
    key(qtbot, drawer, Qt.Key.Key_1)  # empty canvas: a first bond
    assert drawer.smiles() == "CC"
    key(qtbot, drawer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert drawer.smiles() == ""
    key(qtbot, drawer, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert drawer.smiles() == "CC"
    key(qtbot, drawer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, drawer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert drawer.smiles() == "CC"


def _arrow_towards(drawer: MoleculeDrawer, symbol: str) -> Qt.Key:
    """The arrow key pointing from the cursor atom to a neighbour with ``symbol``."""
    m = drawer.model
    here = m.position(drawer.scene.cursor)
    for bid in m.bond_ids():
        a, b = m.bond_atoms(bid)
        if drawer.scene.cursor in (a, b):
            other = b if a == drawer.scene.cursor else a
            if m.mol.GetAtomWithIdx(m.atom_index(other)).GetSymbol() == symbol:
                there = m.position(other)
                angle = math.atan2(there[1] - here[1], there[0] - here[0])
                arrows = {0.0: Qt.Key.Key_Right, 90.0: Qt.Key.Key_Up, 180.0: Qt.Key.Key_Left, -90.0: Qt.Key.Key_Down}
                best = min(arrows, key=lambda d: abs((math.degrees(angle) - d + 180) % 360 - 180))
                return arrows[best]
    raise AssertionError(f"no {symbol} next to the cursor")


def test_a_lactam_drawn_with_the_keyboard_only(qtbot, drawer: MoleculeDrawer) -> None:
    drawer.view.viewport().setCursor(Qt.CursorShape.BlankCursor)  # nothing hovered: keys act on the cursor
    key(qtbot, drawer, Qt.Key.Key_5)  # a cyclopentane; the keyboard cursor on one of its atoms
    assert drawer.smiles() == "C1CCCC1" and drawer.scene.cursor is not None
    key(qtbot, drawer, Qt.Key.Key_N)
    assert drawer.smiles() == "C1CCNC1"
    key(qtbot, drawer, _arrow_towards(drawer, "C"))  # to a ring carbon next to the N
    key(qtbot, drawer, Qt.Key.Key_2)  # C=C out of the ring, the cursor follows to the new atom
    key(qtbot, drawer, Qt.Key.Key_O)
    assert drawer.smiles() == canonical("O=C1CCCN1")  # 2-pyrrolidinone
    key(qtbot, drawer, _arrow_towards(drawer, "C"))  # back to the carbonyl carbon
    key(qtbot, drawer, _arrow_towards(drawer, "N"))
    key(qtbot, drawer, Qt.Key.Key_1)  # N-methyl
    assert drawer.smiles() == canonical("CN1CCCC1=O")
    key(qtbot, drawer, Qt.Key.Key_A)  # a benzene on the cursor atom (the new methyl): N-benzyl
    assert drawer.smiles() == canonical("O=C1CCCN1Cc1ccccc1")
    key(qtbot, drawer, Qt.Key.Key_Delete)  # deletes the cursor atom, the cursor steps to a neighbour
    assert drawer.smiles() == canonical("O=C1CCCN1.c1ccccc1")
    assert drawer.scene.cursor is not None


def test_the_mol_block_keeps_the_drawn_layout_for_the_run_file(qtbot, drawer: MoleculeDrawer) -> None:
    type_structure(qtbot, drawer, "O=C1CC[C@@H](C)N1")
    drawer.model.move(drawer.model.atom_ids()[:1], 0.7, 0.4)  # a hand-made layout, not RDKit's
    block = drawer.molblock()
    assert "2D" in block.splitlines()[1]
    again = MoleculeDrawer()
    qtbot.addWidget(again)
    again.set_molecule(block)
    assert again.smiles() == drawer.smiles()
    for aid in drawer.model.atom_ids():
        assert again.model.position(aid) == pytest.approx(drawer.model.position(aid), abs=1e-3)
    assert MoleculeDrawer().molblock() == ""  # an empty canvas has no MOL block


def test_the_report_highlights_the_lactam_in_the_canvas_colour(qtbot) -> None:
    assert LACTAM_COLOUR.name() == palette.LACTAM
    svg = structure_svg(NORDAZEPAM)
    assert palette.LACTAM.upper() in svg.upper()


def test_a_large_structure_is_laid_out_off_the_gui_thread(qtbot, drawer: MoleculeDrawer) -> None:
    big = "C" + "C(C)" * 40 + "C1CCC(=O)N1"  # over the in-place layout limit
    drawer.set_molecule(big)
    assert drawer.layout_pending()  # returned before the layout ran
    qtbot.waitUntil(lambda: not drawer.layout_pending(), timeout=60_000)
    assert drawer.smiles() == canonical(big)
    # the owner's analysis of it maps onto the laid-out atoms: the lactam halo and legend follow
    from boranegui.core.substrate import analyse

    drawer.set_analysis(analyse(drawer.smiles()), structure=drawer.smiles())
    assert "lactam C(=O)N ×1" in drawer.legend.text()
    assert drawer.scene.lactam_halo.is_empty() is False
    type_structure(qtbot, drawer, big.replace("C(=O)", "C(=S)"))
    qtbot.waitUntil(lambda: not drawer.layout_pending(), timeout=60_000)
    assert drawer.smiles() == canonical(big.replace("C(=O)", "C(=S)"))


def _no_layout_here(*_args: object) -> None:
    raise AssertionError("the clean-up of a large drawing was laid out or looked at on the GUI thread")


def test_clean_up_of_a_large_drawing_runs_in_the_worker(qtbot, drawer: MoleculeDrawer, monkeypatch) -> None:
    big = "C[C@H](O)" + "C(C)" * 40 + "C1CCC(=O)N1"  # over the in-place layout limit, with a wedge
    drawer.set_molecule(big)
    qtbot.waitUntil(lambda: not drawer.layout_pending(), timeout=60_000)
    ids = drawer.model.atom_ids()
    before = drawer.model.snapshot()  # stretched by hand, as a drag would: one step
    drawer.model.preview_positions({a: (x * 1.7, y) for a in ids for x, y in [drawer.model.position(a)]})
    drawer.model.commit_drag(before, "Stretch")
    smiles, steps = drawer.smiles(), drawer.undo_stack().count()
    squashed = {a: drawer.model.position(a) for a in ids}
    # the GUI process may neither lay it out nor work out its looks: the worker (a spawned
    # process, unpatched) does both
    monkeypatch.setattr(model_module, "clean_layout", _no_layout_here)
    monkeypatch.setattr(scene_module, "looks", _no_layout_here)
    drawer.clean_action.trigger()
    assert drawer.layout_pending()  # handed over; the drawing untouched until the result comes
    assert {a: drawer.model.position(a) for a in ids} == squashed
    qtbot.waitUntil(lambda: not drawer.layout_pending(), timeout=60_000)
    assert drawer.undo_stack().count() == steps + 1 and drawer.undo_stack().undoText() == "Clean up"
    assert any(drawer.model.position(a) != squashed[a] for a in ids)
    assert drawer.smiles() == smiles  # stereo kept: its wedge placed afresh on the new picture
    monkeypatch.undo()
    drawer.undo_stack().undo()  # one step takes it all back
    for a in ids:
        assert drawer.model.position(a) == pytest.approx(squashed[a], abs=1e-4)
    assert drawer.smiles() == smiles


def test_a_clean_up_result_for_an_older_drawing_is_dropped(qtbot, drawer: MoleculeDrawer) -> None:
    drawer.set_molecule("C" + "C(C)" * 40 + "C1CCC(=O)N1")
    qtbot.waitUntil(lambda: not drawer.layout_pending(), timeout=60_000)
    drawer.clean_action.trigger()
    assert drawer.layout_pending()
    first = drawer.model.atom_ids()[0]
    drawer.model.grow(first, "O")  # an edit while the worker runs: it wins
    edited = drawer.smiles()
    qtbot.waitUntil(lambda: not drawer.layout_pending(), timeout=60_000)
    assert drawer.undo_stack().undoText() == "Add O"
    assert drawer.smiles() == edited
