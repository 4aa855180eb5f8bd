"""The drawer as a chemist uses it: mouse clicks and keys on the canvas, clipboard, files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QInputDialog
from rdkit import Chem

from boranegui.ui.drawer import MoleculeDrawer
from boranegui.ui.drawer.items import AtomItem

NORDAZEPAM = "O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1"


def canonical(smiles: str) -> str:
    return Chem.MolToSmiles(Chem.MolFromSmiles(smiles))


def tool_button(drawer: MoleculeDrawer, key: str):
    action = drawer.tool_actions[key]
    for bar in (drawer.tools_bar, drawer.atoms_bar):
        button = bar.widgetForAction(action)
        if button is not None:
            return button
    raise AssertionError(f"no toolbar button for {key}")


def click_tool(qtbot, drawer: MoleculeDrawer, key: str) -> None:
    qtbot.mouseClick(tool_button(drawer, key), Qt.MouseButton.LeftButton)
    assert drawer.tool_actions[key].isChecked()


def atom_items(drawer: MoleculeDrawer) -> list[AtomItem]:
    return list(drawer.scene.atom_items.values())


def screen_pos(drawer: MoleculeDrawer, item) -> QPoint:
    """Where the chemist sees an atom or bond on the screen."""
    return drawer.view.mapFromScene(item.sceneBoundingRect().center() if not isinstance(item, AtomItem) else item.pos())


def hover(qtbot, drawer: MoleculeDrawer, pos: QPoint) -> None:
    qtbot.mouseMove(drawer.view.viewport(), pos)


def key(qtbot, drawer: MoleculeDrawer, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(drawer.view.viewport(), k, modifier)


def item_with_label(drawer: MoleculeDrawer, text: str) -> AtomItem:
    return next(i for i in atom_items(drawer) if i.look.label and i.look.text == text)


def ring_atoms_by_screen_position(drawer: MoleculeDrawer) -> list[AtomItem]:
    return sorted(atom_items(drawer), key=lambda i: (round(i.pos().y()), i.pos().x()))


def test_draw_a_lactam_with_mouse_and_keys(qtbot, drawer: MoleculeDrawer) -> None:
    viewport = drawer.view.viewport()
    centre = viewport.rect().center()
    # a cyclopentane from the ring tool, placed with one click
    click_tool(qtbot, drawer, "ring5")
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=centre)
    assert drawer.smiles() == "C1CCCC1"
    ring = atom_items(drawer)
    # hover the lowest-left ring atom and type N
    n_atom = max(ring, key=lambda i: (i.pos().y(), -i.pos().x()))
    hover(qtbot, drawer, screen_pos(drawer, n_atom))
    key(qtbot, drawer, Qt.Key.Key_N)
    assert drawer.smiles() == "C1CCNC1"
    # the N's ring neighbour gets a double bond out of the ring by typing 2 on it ...
    neighbour = min(
        (i for i in ring if i is not n_atom),
        key=lambda i: (i.pos() - n_atom.pos()).manhattanLength(),
    )
    hover(qtbot, drawer, screen_pos(drawer, neighbour))
    key(qtbot, drawer, Qt.Key.Key_2)
    # ... and the new atom becomes O by typing o on it
    new_atom = next(i for i in atom_items(drawer) if i not in ring)
    hover(qtbot, drawer, screen_pos(drawer, new_atom))
    key(qtbot, drawer, Qt.Key.Key_O)
    assert drawer.smiles() == canonical("O=C1CCCN1")  # 2-pyrrolidinone
    # the N shows its H as a chemist writes it, the carbonyl O is labelled
    assert {i.look.text for i in atom_items(drawer) if i.look.label} == {"NH", "O"} or {
        i.look.text for i in atom_items(drawer) if i.look.label
    } == {"HN", "O"}
    # the new C=O is a standard-length bond
    c_pos, o_pos = neighbour.pos(), item_with_label(drawer, "O").pos()
    assert (c_pos - o_pos).manhattanLength() == pytest.approx(30 * 1.41, rel=0.3)

    # undo and redo from the keyboard
    key(qtbot, drawer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert drawer.smiles() == canonical("C=C1CCCN1")
    key(qtbot, drawer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert drawer.smiles() == "C1CCNC1"
    key(qtbot, drawer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    key(qtbot, drawer, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert drawer.smiles() == canonical("O=C1CCCN1")


def test_bond_tool_clicks_grow_a_chain_and_cycle_bond_orders(qtbot, drawer: MoleculeDrawer) -> None:
    viewport = drawer.view.viewport()
    click_tool(qtbot, drawer, "bond1")
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=viewport.rect().center())
    assert drawer.smiles() == "CC"
    end = max(atom_items(drawer), key=lambda i: i.pos().x())
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=screen_pos(drawer, end))
    assert drawer.smiles() == "CCC"
    bond = next(iter(drawer.scene.bond_items.values()))
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=screen_pos(drawer, bond))
    assert drawer.smiles() == "C=CC"
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=screen_pos(drawer, bond))
    assert drawer.smiles() == "C#CC"
    # element tool on the atom outside the triple bond, then the erase tool
    terminal = next(i for i in atom_items(drawer) if i.atom_id not in (bond.look.begin, bond.look.end))
    click_tool(qtbot, drawer, "atomO")
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=screen_pos(drawer, terminal))
    assert drawer.smiles() == canonical("C#CO")
    click_tool(qtbot, drawer, "erase")
    o_item = item_with_label(drawer, "OH")
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=screen_pos(drawer, o_item))
    assert drawer.smiles() == "C#C"


def test_valence_problem_is_marked_on_the_atom_without_blocking(qtbot, drawer: MoleculeDrawer) -> None:
    drawer.set_molecule("CC(C)(C)C")  # neopentane: the centre has four bonds
    centre = next(i for i in atom_items(drawer) if not i.look.label)
    hover(qtbot, drawer, screen_pos(drawer, centre))
    key(qtbot, drawer, Qt.Key.Key_1)  # a fifth bond: RDKit calls it a valence error
    assert drawer.model.mol.GetNumAtoms() == 6  # the edit happened
    marked = [i for i in atom_items(drawer) if i.look.problem]
    assert [i.look.symbol for i in marked] == ["C"] and "5" in marked[0].look.problem
    assert marked[0].toolTip() == marked[0].look.problem
    assert "⚠" in drawer.status.text()
    # fixing it removes the mark
    key(qtbot, drawer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not [i for i in atom_items(drawer) if i.look.problem]
    assert "⚠" not in drawer.status.text()


def test_paste_smiles_and_molblock_from_the_clipboard(qtbot, drawer: MoleculeDrawer) -> None:
    clipboard = QApplication.clipboard()
    clipboard.setText(NORDAZEPAM)
    key(qtbot, drawer, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert drawer.smiles() == canonical(NORDAZEPAM)
    assert "C₁₅H₁₁ClN₂O" in drawer.status.text()
    assert "270.7" in drawer.status.text()
    # a MolBlock pasted next to it adds a second fragment, in one undo step
    clipboard.setText(Chem.MolToMolBlock(Chem.MolFromSmiles("O=C1CCCCN1")))
    key(qtbot, drawer, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert drawer.smiles() == canonical(NORDAZEPAM + ".O=C1CCCCN1")
    key(qtbot, drawer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert drawer.smiles() == canonical(NORDAZEPAM)
    # garbage on the clipboard: a message, nothing lost
    clipboard.setText("this is not a molecule")
    key(qtbot, drawer, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert drawer.smiles() == canonical(NORDAZEPAM)
    assert "invalid SMILES" in drawer.message.text()


def test_copy_puts_smiles_mol_svg_and_png_on_the_clipboard(qtbot, drawer: MoleculeDrawer) -> None:
    drawer.set_molecule(NORDAZEPAM)
    key(qtbot, drawer, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    data = QApplication.clipboard().mimeData()
    assert data.text() == canonical(NORDAZEPAM)
    molblock = bytes(data.data("chemical/x-mdl-molfile").data()).decode()
    assert Chem.MolToSmiles(Chem.MolFromMolBlock(molblock)) == canonical(NORDAZEPAM)
    assert b"<svg" in bytes(data.data("image/svg+xml").data())
    image = QImage(data.imageData())
    assert not image.isNull() and image.width() > 100


def test_box_select_and_move_is_one_undo_step(qtbot, drawer: MoleculeDrawer) -> None:
    drawer.set_molecule("CCCCCC")
    viewport = drawer.view.viewport()
    click_tool(qtbot, drawer, "select")
    before = {i.atom_id: i.pos() for i in atom_items(drawer)}
    corner = QPoint(2, 2)
    far = viewport.rect().bottomRight() - QPoint(2, 2)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=corner)
    qtbot.mouseMove(viewport, far)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=far)
    assert len(drawer.scene.selected_atoms()) == 6
    # drag one selected atom: the whole selection follows
    start = screen_pos(drawer, atom_items(drawer)[0])
    depth = drawer.model.undo_stack.count()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(viewport, start + QPoint(10 * step, 5 * step))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(50, 25))
    assert drawer.model.undo_stack.count() == depth + 1
    moved = {i.atom_id: i.pos() for i in atom_items(drawer)}
    shifts = [(moved[a].x() - before[a].x(), moved[a].y() - before[a].y()) for a in before]
    assert all(abs(dx - shifts[0][0]) < 1e-6 and abs(dy - shifts[0][1]) < 1e-6 for dx, dy in shifts)
    assert shifts[0][0] > 20 and shifts[0][1] > 10  # followed the mouse
    key(qtbot, drawer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {i.atom_id: i.pos() for i in atom_items(drawer)} == before
    # select all and delete from the keyboard
    key(qtbot, drawer, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, drawer, Qt.Key.Key_Delete)
    assert drawer.smiles() == ""


def test_hover_keys_set_elements_charges_and_bond_orders(qtbot, drawer: MoleculeDrawer) -> None:
    drawer.set_molecule("CCCCC")
    ends = sorted(atom_items(drawer), key=lambda i: i.pos().x())
    hover(qtbot, drawer, screen_pos(drawer, ends[0]))
    key(qtbot, drawer, Qt.Key.Key_L)
    hover(qtbot, drawer, screen_pos(drawer, ends[-1]))
    key(qtbot, drawer, Qt.Key.Key_B)
    assert drawer.smiles() == "ClCCCBr"
    hover(qtbot, drawer, screen_pos(drawer, ends[2]))
    key(qtbot, drawer, Qt.Key.Key_N)
    key(qtbot, drawer, Qt.Key.Key_Plus)
    assert drawer.smiles() == canonical("ClC[NH2+]CBr")
    assert item_with_label(drawer, "NH2+") or item_with_label(drawer, "H2N+")
    key(qtbot, drawer, Qt.Key.Key_Minus)
    middle_bond = next(
        b for b in drawer.scene.bond_items.values() if {b.look.begin, b.look.end} == {ends[2].atom_id, ends[3].atom_id}
    )
    hover(qtbot, drawer, screen_pos(drawer, middle_bond))
    key(qtbot, drawer, Qt.Key.Key_2)
    assert drawer.smiles() == canonical("ClC/N=C/Br")  # a zig-zag drawn: E, as the picture shows
    key(qtbot, drawer, Qt.Key.Key_Delete)
    assert drawer.smiles() == canonical("ClCN.CBr")


def test_molecule_changed_fires_on_every_edit_and_undo(qtbot, drawer: MoleculeDrawer) -> None:
    with qtbot.waitSignal(drawer.molecule_changed, timeout=1000):
        drawer.set_molecule("CCO")
    with qtbot.waitSignal(drawer.molecule_changed, timeout=1000):
        key(qtbot, drawer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert drawer.smiles() == ""


def test_sdf_with_several_records_asks_which_one(qtbot, drawer: MoleculeDrawer, tmp_path: Path, monkeypatch) -> None:
    sdf = tmp_path / "two.sdf"
    blocks = []
    for name, smi in (("pyrrolidinone", "O=C1CCCN1"), ("nordazepam", NORDAZEPAM)):
        m = Chem.MolFromSmiles(smi)
        m.SetProp("_Name", name)
        blocks.append(Chem.MolToMolBlock(m) + "$$$$\n")
    sdf.write_text("".join(blocks))
    offered = []

    def choose(parent, title, label, items, current, editable):
        offered.extend(items)
        return items[1], True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(choose))
    assert drawer.open_file(str(sdf))
    assert offered == ["1: pyrrolidinone", "2: nordazepam"]
    assert drawer.smiles() == canonical(NORDAZEPAM)


def test_dropping_a_mol_file_loads_it(qtbot, drawer: MoleculeDrawer, tmp_path: Path) -> None:
    path = tmp_path / "lactam.mol"
    path.write_text(Chem.MolToMolBlock(Chem.MolFromSmiles("O=C1CCCCCN1")))
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(100, 100), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    drawer.view.dropEvent(event)
    assert drawer.smiles() == canonical("O=C1CCCCCN1")


def test_export_svg_png_and_mol(qtbot, drawer: MoleculeDrawer, tmp_path: Path) -> None:
    drawer.set_molecule(NORDAZEPAM)
    assert drawer.export_file(str(tmp_path / "n.svg"))
    assert drawer.export_file(str(tmp_path / "n.png"))
    assert drawer.export_file(str(tmp_path / "n.mol"))
    assert "<svg" in (tmp_path / "n.svg").read_text()
    assert not QImage(str(tmp_path / "n.png")).isNull()
    mol = Chem.MolFromMolFile(str(tmp_path / "n.mol"))
    assert Chem.MolToSmiles(mol) == canonical(NORDAZEPAM)
    assert not drawer.export_file(str(tmp_path / "n.xyz"))
    assert "unknown" in drawer.message.text()


def test_zoom_fit_and_clean_up(qtbot, drawer: MoleculeDrawer) -> None:
    drawer.set_molecule(NORDAZEPAM)
    zoom = drawer.view.zoom()
    key(qtbot, drawer, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert drawer.view.zoom() > zoom
    drawer.fit_to_view()
    rect = drawer.view.mapFromScene(drawer.scene.molecule_rect()).boundingRect()
    assert drawer.view.viewport().rect().contains(rect)
    smiles = drawer.smiles()
    drawer.clean_action.trigger()
    assert drawer.smiles() == smiles


def _given_analysis(drawer: MoleculeDrawer, text: str | None = None) -> None:
    """What the run session does: analyse the structure once and hand the result over."""
    from boranegui.core.substrate import analyse

    text = text or drawer.smiles()
    drawer.set_analysis(analyse(text), structure=text)


def test_lactam_and_reducible_groups_are_highlighted_with_a_legend(qtbot, drawer: MoleculeDrawer) -> None:
    drawer.set_molecule(NORDAZEPAM)
    _given_analysis(drawer)
    assert not drawer.scene.lactam_halo.is_empty()
    assert "lactam" in drawer.legend.text()
    assert "imine" in drawer.legend.text()
    assert not drawer.scene.reducible_halo.is_empty()
    # an edit makes the analysis stale: its halos go until the owner sends the new one
    drawer.set_molecule("C1CCNC1")
    assert drawer.analysis is None and drawer.scene.lactam_halo.is_empty()
    _given_analysis(drawer)  # an amine has no lactam: the legend says so
    assert drawer.scene.lactam_halo.is_empty()
    assert "No lactam" in drawer.legend.text()


def test_halos_land_on_the_drawn_atoms_whatever_order_the_analysis_read(qtbot, drawer: MoleculeDrawer) -> None:
    """An analysis of a text written in another atom order (a run opened from a file) is mapped
    onto the drawing's atoms; an analysis of another structure shows no halo at all."""
    drawer.set_molecule("O=C1CCCN1")
    for text in ("C1CC(=O)NC1", drawer.smiles()):  # other order, then the drawing's own SMILES
        _given_analysis(drawer, text)
        (lactam,), _ = drawer.scene.highlights
        mol = drawer.model.mol
        assert sorted(mol.GetAtomWithIdx(drawer.model.atom_index(aid)).GetSymbol() for aid in lactam) == ["C", "N", "O"]
        carbon = next(aid for aid in lactam if mol.GetAtomWithIdx(drawer.model.atom_index(aid)).GetSymbol() == "C")
        neighbours = {n.GetSymbol() for n in mol.GetAtomWithIdx(drawer.model.atom_index(carbon)).GetNeighbors()}
        assert {"N", "O"} <= neighbours  # the amide carbon itself, not any carbon
    _given_analysis(drawer, "c1ccccc1")  # not this drawing
    assert drawer.analysis is None and drawer.scene.lactam_halo.is_empty()
    assert "another structure" in drawer.legend.text()


def test_a_large_paste_is_laid_out_in_the_background(qtbot, drawer: MoleculeDrawer) -> None:
    from benchmarks.bench_drawer import peptide

    big = peptide(150)
    QApplication.clipboard().setText(big)
    key(qtbot, drawer, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    # the paste returned before the layout: the canvas stays usable meanwhile
    assert drawer.layout_pending()
    assert "Laying out" in drawer.message.text()
    qtbot.waitUntil(lambda: not drawer.layout_pending(), timeout=30000)
    assert drawer.smiles() == canonical(big)
    assert drawer.model.undo_stack.count() == 1


def test_copy_with_a_selection_copies_only_the_selected_part(qtbot, drawer: MoleculeDrawer) -> None:
    drawer.set_molecule("O=C1CCCN1.c1ccccc1")
    lactam = [i.atom_id for i in atom_items(drawer) if i.atom_id <= 6]
    drawer.scene.set_selection(lactam, drawer.model.bonds_within(lactam))
    key(qtbot, drawer, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == canonical("O=C1CCCN1")


def test_bad_text_for_set_molecule_raises_and_keeps_the_drawing(qtbot, drawer: MoleculeDrawer) -> None:
    drawer.set_molecule(NORDAZEPAM)
    with pytest.raises(ValueError, match="invalid SMILES"):
        drawer.set_molecule("C1CC(")
    assert drawer.smiles() == canonical(NORDAZEPAM)


def test_wheel_zooms_and_right_drag_pans(qtbot, drawer: MoleculeDrawer) -> None:
    from PySide6.QtGui import QWheelEvent

    drawer.set_molecule(NORDAZEPAM)
    viewport = drawer.view.viewport()
    zoom = drawer.view.zoom()
    centre = QPointF(viewport.rect().center())
    wheel = QWheelEvent(
        centre,
        viewport.mapToGlobal(centre),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, wheel)
    assert drawer.view.zoom() > zoom * 1.2
    before = drawer.view.mapToScene(viewport.rect().center())
    qtbot.mousePress(viewport, Qt.MouseButton.RightButton, pos=QPoint(300, 300))
    qtbot.mouseMove(viewport, QPoint(200, 250))
    qtbot.mouseRelease(viewport, Qt.MouseButton.RightButton, pos=QPoint(200, 250))
    after = drawer.view.mapToScene(viewport.rect().center())
    assert after.x() > before.x() and after.y() > before.y()
    assert drawer.smiles() == canonical(NORDAZEPAM)  # panning never edits


def test_hovering_the_canvas_never_steals_the_keyboard_from_a_text_field(qtbot) -> None:
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    window = QWidget()
    field = QLineEdit()
    drawer = MoleculeDrawer()
    layout = QVBoxLayout(window)
    layout.addWidget(field)
    layout.addWidget(drawer)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    drawer.set_molecule("CCO")
    qtbot.mouseMove(drawer.view.viewport(), drawer.view.viewport().rect().center())
    QApplication.sendEvent(drawer.view, _enter_event(drawer))
    assert field.hasFocus()
    qtbot.keyClick(field, Qt.Key.Key_N)
    assert field.text() == "n" and drawer.smiles() == "CCO"


def _enter_event(drawer: MoleculeDrawer):
    from PySide6.QtGui import QEnterEvent

    p = QPointF(drawer.view.viewport().rect().center())
    return QEnterEvent(p, p, drawer.view.viewport().mapToGlobal(p))


def test_dragging_from_an_atom_aims_a_bond_and_can_close_a_ring(qtbot, drawer: MoleculeDrawer) -> None:
    viewport = drawer.view.viewport()
    click_tool(qtbot, drawer, "bond1")
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=viewport.rect().center())
    for _ in range(4):  # grow a chain of six by clicking the newest atom
        newest = drawer.scene.atom_items[max(drawer.scene.atom_items)]
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=screen_pos(drawer, newest))
    assert drawer.smiles() == "CCCCCC"
    first = drawer.scene.atom_items[min(drawer.scene.atom_items)]
    last = drawer.scene.atom_items[max(drawer.scene.atom_items)]
    start, end = screen_pos(drawer, last), screen_pos(drawer, first)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, (start + end) / 2)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    assert drawer.smiles() == "C1CCCCC1"
    # a drag into empty space grows a bond at a multiple of 30 degrees
    atom = drawer.scene.atom_items[min(drawer.scene.atom_items)]
    start = screen_pos(drawer, atom)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, start + QPoint(-20, -3))
    qtbot.mouseMove(viewport, start + QPoint(-60, -8))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(-60, -8))
    assert drawer.smiles() == "CC1CCCCC1"
    new = drawer.scene.atom_items[max(drawer.scene.atom_items)]
    d = new.pos() - atom.pos()
    assert d.y() == pytest.approx(0, abs=0.5) and d.x() == pytest.approx(-30, abs=0.5)  # due west


def test_scaffold_tool_places_a_benzodiazepinone(qtbot, drawer: MoleculeDrawer) -> None:
    drawer.tool_actions["scaffold:benzodiazepinone"].trigger()
    viewport = drawer.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=viewport.rect().center())
    assert drawer.smiles() == canonical("O=C1CN=Cc2ccccc2N1")
    assert drawer.model.undo_stack.count() == 1
    _given_analysis(drawer)
    assert "lactam" in drawer.legend.text()


def test_a_failing_edit_is_reported_and_the_drawer_keeps_working(qtbot, drawer: MoleculeDrawer, monkeypatch) -> None:
    drawer.set_molecule("CC")
    atom = atom_items(drawer)[0]

    def broken(*args, **kwargs):
        raise RuntimeError("simulated fault")

    monkeypatch.setattr(drawer.model, "grow", broken)
    qtbot.mouseClick(drawer.view.viewport(), Qt.MouseButton.LeftButton, pos=screen_pos(drawer, atom))
    assert "simulated fault" in drawer.message.text()
    assert drawer.smiles() == "CC"
    monkeypatch.undo()
    qtbot.mouseClick(drawer.view.viewport(), Qt.MouseButton.LeftButton, pos=screen_pos(drawer, atom))
    assert drawer.smiles() == "CC(C)" or drawer.smiles() == "CCC"


def test_other_element_tool_places_any_element(qtbot, drawer: MoleculeDrawer, monkeypatch) -> None:
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("se", True)))
    qtbot.mouseClick(tool_button(drawer, "atom…"), Qt.MouseButton.LeftButton)
    assert drawer.tool_actions["atom…"].isChecked()
    qtbot.mouseClick(drawer.view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(200, 200))
    assert drawer.smiles() == "[SeH2]"
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Xx", True)))
    qtbot.mouseClick(tool_button(drawer, "atom…"), Qt.MouseButton.LeftButton)
    assert "not an element" in drawer.message.text()


def test_a_mistyped_smiles_is_explained_in_one_short_line(qtbot, drawer: MoleculeDrawer) -> None:
    drawer.set_molecule(NORDAZEPAM)
    QApplication.clipboard().setText("CC(C)(C)OC(=O)N1CCNC(=O)CC1(")  # a stray bracket at the end
    key(qtbot, drawer, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert drawer.smiles() == canonical(NORDAZEPAM)  # nothing lost
    text = drawer.message.text()
    assert "around position 28" in text
    # RDKit's log is not dumped on the chemist: no echo of the input, no ~~~^ pointer, no repeats.
    assert "SMILES Parse Error" not in text and "~" not in text and text.count("CC(C)(C)OC(=O)N1CCNC") == 1


def test_hover_keys_work_when_the_window_opened_under_the_pointer(qtbot, drawer: MoleculeDrawer) -> None:
    """No enter event comes when the window opens (or is activated) under the pointer: moving
    over an atom must still bring the keyboard to the canvas, unless a text field has it."""
    drawer.set_molecule("C1CCCC1")
    button = tool_button(drawer, "ring5")
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    from PySide6.QtGui import QMouseEvent

    pos = QPointF(screen_pos(drawer, atom_items(drawer)[0]))
    viewport = drawer.view.viewport()
    move = QMouseEvent(QMouseEvent.Type.MouseMove, pos, viewport.mapToGlobal(pos), Qt.MouseButton.NoButton,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, move)  # a plain move, as X delivers it: no enter event first
    assert drawer.view.hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_O)
    assert drawer.smiles() == canonical("C1CCOC1")
