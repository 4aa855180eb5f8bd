"""Stereo as a chemist draws it: wedges and hashes by click, E/Z from the drawing, the MOL
export agreeing with the SMILES, and configurations that survive unrelated edits."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from rdkit import Chem

from boranegui.ui.drawer import MoleculeDrawer
from boranegui.ui.drawer.items import AtomItem, BondItem, to_scene

from .test_widget import atom_items, click_tool, hover, key, screen_pos


def type_structure(qtbot, drawer: MoleculeDrawer, text: str) -> None:
    """Type into the SMILES/InChI line above the canvas and press Enter."""
    drawer.smiles_edit.clear()
    qtbot.keyClicks(drawer.smiles_edit, text)
    qtbot.keyClick(drawer.smiles_edit, Qt.Key.Key_Return)


def mol_export_smiles(drawer: MoleculeDrawer) -> str:
    """The SMILES a reader of the exported MOL file gets."""
    block = drawer.molblock()
    assert block.splitlines()[1].rstrip().endswith("2D")
    return Chem.MolToSmiles(Chem.MolFromMolBlock(block))


def atom(drawer: MoleculeDrawer, symbol: str, degree: int | None = None) -> AtomItem:
    m = drawer.model
    for item in atom_items(drawer):
        a = m.mol.GetAtomWithIdx(m.atom_index(item.atom_id))
        if a.GetSymbol() == symbol and (degree is None or a.GetDegree() == degree):
            return item
    raise AssertionError(f"no {symbol} of degree {degree}")


def bond_between(drawer: MoleculeDrawer, a: AtomItem, b: AtomItem) -> BondItem:
    return next(i for i in drawer.scene.bond_items.values() if {i.look.begin, i.look.end} == {a.atom_id, b.atom_id})


def click(qtbot, drawer: MoleculeDrawer, item) -> None:
    qtbot.mouseClick(drawer.view.viewport(), Qt.MouseButton.LeftButton, pos=screen_pos(drawer, item))


def test_a_wedge_drawn_by_click_gives_the_same_stereo_in_smiles_and_mol(qtbot, drawer: MoleculeDrawer) -> None:
    type_structure(qtbot, drawer, "CC(N)CO")  # alaninol, no stereo yet
    assert drawer.smiles() == "CC(N)CO"
    centre, nitrogen = atom(drawer, "C", 3), atom(drawer, "N")
    click_tool(qtbot, drawer, "stereo:wedge")
    click(qtbot, drawer, bond_between(drawer, centre, nitrogen))
    wedged = drawer.smiles()
    assert "@" in wedged
    assert mol_export_smiles(drawer) == wedged
    assert bond_between(drawer, centre, nitrogen).look.mark == "wedge"
    assert bond_between(drawer, centre, nitrogen).look.begin == centre.atom_id  # narrow end on the centre
    # the hash on the same bond is the other enantiomer, in both exports
    click_tool(qtbot, drawer, "stereo:hash")
    click(qtbot, drawer, bond_between(drawer, centre, nitrogen))
    hashed = drawer.smiles()
    assert "@" in hashed and hashed != wedged
    assert Chem.MolToSmiles(Chem.MolFromSmiles(hashed), isomericSmiles=False) == "CC(N)CO"
    assert mol_export_smiles(drawer) == hashed
    # the labels option shows R/S on the centre, flipping with the drawing
    drawer.labels_action.trigger()
    hashed_label = drawer.scene.atom_items[centre.atom_id].look.cip
    key(qtbot, drawer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wedged_label = drawer.scene.atom_items[centre.atom_id].look.cip
    assert {hashed_label, wedged_label} == {"R", "S"}
    assert drawer.smiles() == wedged


def test_charge_toggled_on_a_stereocentre_keeps_it(qtbot, drawer: MoleculeDrawer) -> None:
    type_structure(qtbot, drawer, "C[C@H](N)CO")
    before = drawer.smiles()
    assert "@" in before
    centre = atom(drawer, "C", 3)
    hover(qtbot, drawer, screen_pos(drawer, centre))
    key(qtbot, drawer, Qt.Key.Key_Plus)
    assert drawer.model.mol.GetAtomWithIdx(drawer.model.atom_index(centre.atom_id)).GetFormalCharge() == 1
    key(qtbot, drawer, Qt.Key.Key_Minus)
    assert drawer.smiles() == before
    # an edit away from the centre keeps it too: the O becomes S
    hover(qtbot, drawer, screen_pos(drawer, atom(drawer, "O")))
    key(qtbot, drawer, Qt.Key.Key_S)
    assert drawer.smiles() == Chem.MolToSmiles(Chem.MolFromSmiles("C[C@H](N)CS"))
    assert mol_export_smiles(drawer) == drawer.smiles()
    # an edit on the centre is read again from the drawing: a second methyl, no centre left
    hover(qtbot, drawer, screen_pos(drawer, drawer.scene.atom_items[centre.atom_id]))
    key(qtbot, drawer, Qt.Key.Key_1)
    assert drawer.smiles() == Chem.MolToSmiles(Chem.MolFromSmiles("CC(C)(N)CS"))


def _draw_butene(qtbot, drawer: MoleculeDrawer) -> tuple[AtomItem, BondItem]:
    """A four-carbon zig-zag by clicks, then a double bond in the middle: the last atom and that bond."""
    viewport = drawer.view.viewport()
    click_tool(qtbot, drawer, "bond1")
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=viewport.rect().center() - QPoint(60, 0))
    for _ in range(2):
        click(qtbot, drawer, drawer.scene.atom_items[max(drawer.scene.atom_items)])
    assert drawer.smiles() == "CCCC"
    ids = sorted(drawer.scene.atom_items)
    middle = bond_between(drawer, drawer.scene.atom_items[ids[1]], drawer.scene.atom_items[ids[2]])
    click_tool(qtbot, drawer, "bond2")
    click(qtbot, drawer, middle)
    return drawer.scene.atom_items[ids[3]], middle


def test_a_hand_drawn_trans_and_cis_alkene_export_their_geometry(qtbot, drawer: MoleculeDrawer) -> None:
    last, double = _draw_butene(qtbot, drawer)
    trans = Chem.MolToSmiles(Chem.MolFromSmiles("C/C=C/C"))
    assert drawer.smiles() == trans
    assert mol_export_smiles(drawer) == trans
    # drag the last carbon across the double bond's axis: the drawing is now cis
    m = drawer.model
    a, b = (m.position(x) for x in (double.look.begin, double.look.end))
    p = m.position(last.atom_id)
    dx, dy = b[0] - a[0], b[1] - a[1]
    t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)
    foot = (a[0] + t * dx, a[1] + t * dy)
    mirrored = (2 * foot[0] - p[0], 2 * foot[1] - p[1])
    viewport = drawer.view.viewport()
    click_tool(qtbot, drawer, "select")
    start = screen_pos(drawer, last)
    end = drawer.view.mapFromScene(to_scene(*mirrored))
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, 6):
        qtbot.mouseMove(viewport, start + (end - start) * (k / 5))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    cis = Chem.MolToSmiles(Chem.MolFromSmiles("C/C=C\\C"))
    assert drawer.smiles() == cis
    assert mol_export_smiles(drawer) == cis
    # E/Z labels follow; the "either" tool crosses the bond and both exports drop E/Z
    drawer.set_show_labels(True)
    assert drawer.scene.bond_items[double.bond_id].look.cip == "Z"
    click_tool(qtbot, drawer, "stereo:wavy")
    click(qtbot, drawer, drawer.scene.bond_items[double.bond_id])
    assert drawer.scene.bond_items[double.bond_id].look.mark == "either"
    assert drawer.smiles() == "CC=CC"
    assert mol_export_smiles(drawer) == "CC=CC"


def test_an_unspecified_double_bond_loaded_from_smiles_stays_unspecified(qtbot, drawer: MoleculeDrawer) -> None:
    type_structure(qtbot, drawer, "CC=CC(=O)N")
    assert drawer.smiles() == "CC=CC(N)=O"
    assert mol_export_smiles(drawer) == "CC=CC(N)=O"
    type_structure(qtbot, drawer, r"C/C=C\C(=O)N")
    assert drawer.smiles() == Chem.MolToSmiles(Chem.MolFromSmiles(r"C/C=C\C(=O)N"))


def test_stereo_survives_clean_up_and_paste_beside_a_drawing(qtbot, drawer: MoleculeDrawer) -> None:
    target = Chem.MolToSmiles(Chem.MolFromSmiles("O=C1CC[C@@H](C)N1"))
    type_structure(qtbot, drawer, target)
    assert drawer.smiles() == target
    key(qtbot, drawer, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert drawer.smiles() == target
    QApplication.clipboard().setText("F[C@H](Cl)Br")
    key(qtbot, drawer, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert drawer.smiles() == Chem.MolToSmiles(Chem.MolFromSmiles(target + ".F[C@H](Cl)Br"))
    assert mol_export_smiles(drawer) == drawer.smiles()


def test_a_wedge_key_on_an_atom_grows_a_wedged_bond(qtbot, drawer: MoleculeDrawer) -> None:
    type_structure(qtbot, drawer, "CCC(O)CCC")  # hexan-3-ol
    centre = atom(drawer, "C", 3)
    hover(qtbot, drawer, screen_pos(drawer, centre))
    key(qtbot, drawer, Qt.Key.Key_W)  # a wedged methyl: a quaternary centre with four different groups
    smiles = drawer.smiles()
    assert "@" in smiles and Chem.MolFromSmiles(smiles).GetNumAtoms() == 8
    assert mol_export_smiles(drawer) == smiles
    key(qtbot, drawer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, drawer, Qt.Key.Key_D)
    hashed = drawer.smiles()
    assert "@" in hashed and hashed != smiles
