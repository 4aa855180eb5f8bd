"""A run reused for another lactam: the old compound name must not silently head the new protocol."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import open_window

BOC_DIAZEPANONE = "CC(C)(C)OC(=O)N1CCNC(=O)CC1"


def test_pasting_another_lactam_flags_the_old_name(qtbot, monkeypatch, example_run_path) -> None:
    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    window.go("substrate")
    page = window.pages["substrate"]
    assert page.name_edit.text().startswith("7-chloro-5-phenyl")  # nordazepam's name, for nordazepam
    assert not page.name_note.isVisible()
    QApplication.clipboard().setText(BOC_DIAZEPANONE)
    page.drawer.view.setFocus()
    qtbot.keyClick(page.drawer.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.drawer.view, Qt.Key.Key_Delete)
    qtbot.keyClick(page.drawer.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.session.analysis is not None and window.session.analysis.formula == "C10H18N2O3")
    assert page.name_note.isVisible() and "7-chloro-5-phenyl" in page.name_note.text()
    # The chemist names the new lactam: the note goes.
    page.name_edit.setFocus()
    page.name_edit.selectAll()
    qtbot.keyClicks(page.name_edit, "4-Boc-1,4-diazepan-5-one")
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Return)
    assert window.session.get("substrate.name") == "4-Boc-1,4-diazepan-5-one"
    assert not page.name_note.isVisible()
    # A run opened afresh has a name that fits its structure.
    window.open_path(str(example_run_path))
    assert not page.name_note.isVisible()


def test_a_drawing_with_a_valence_problem_is_explained_in_words(qtbot, monkeypatch, example_run_path) -> None:
    from rdkit import Chem

    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    window.go("substrate")
    page = window.pages["substrate"]
    before = window.session.structure()
    # Five bonds on one carbon, as a slip of the mouse makes them.
    mol = Chem.RWMol(Chem.MolFromSmiles("O=C1CCCCN1C"))
    for _ in range(4):
        mol.AddBond(7, mol.AddAtom(Chem.Atom(6)), Chem.BondType.SINGLE)
    QApplication.clipboard().setText(Chem.MolToMolBlock(mol, kekulize=False))
    page.drawer.view.setFocus()
    qtbot.keyClick(page.drawer.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)  # next to nordazepam
    text = page.structure_error.text()
    assert "marked in red" in text and "atom #" not in text and "SMILES" not in text
    assert window.session.structure() == before  # the run keeps its last correct structure
