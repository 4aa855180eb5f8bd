"""One drawing edit: the structure is analysed once (by the run session), and the drawer's
halos come from that one analysis (issue: the drawer used to run its own analysis too)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from rdkit import Chem

from boranegui.core import substrate
from tests.ui.conftest import open_window
from tests.ui.drawer.test_widget import atom_items, hover, key, screen_pos


def _canonical(smiles: object) -> str:
    return Chem.MolToSmiles(Chem.MolFromSmiles(str(smiles)))


def test_one_drawing_edit_analyses_once_and_the_halos_follow(qtbot, monkeypatch, example_run_path) -> None:
    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    window.go("substrate")
    drawer = window.pages["substrate"].drawer
    qtbot.waitUntil(lambda: drawer.isVisible() and drawer.analysis is not None)
    assert not drawer.scene.lactam_halo.is_empty()
    calls: list[object] = []
    real = substrate.analyse

    def counted(text_or_mol):
        calls.append(text_or_mol)
        return real(text_or_mol)

    monkeypatch.setattr(substrate, "analyse", counted)
    chlorine = next(i for i in atom_items(drawer) if i.look.text == "Cl")
    hover(qtbot, drawer, screen_pos(drawer, chlorine))
    drawer.view.setFocus()
    key(qtbot, drawer, Qt.Key.Key_B)  # the chlorine becomes a bromine: one edit
    assert "Br" in drawer.smiles()
    qtbot.wait(200)  # anything deferred by a timer would run now and be counted
    assert "Br" in window.session.structure()
    # The drawn structure is analysed once.  The only other analysis is of another molecule: the
    # product amine, whose groups the diagnosis compares with the target's (core/facts.py).
    drawn = window.session.structure()
    assert [c for c in calls if _canonical(c) == _canonical(drawn)] == [drawn], calls
    assert [_canonical(c) for c in calls if c != drawn] == [_canonical("Brc1ccc2c(c1)C(c1ccccc1)NCCN2")]
    # the drawer shows the session's analysis of the new structure, mapped onto its atoms
    assert drawer.analysis is window.session.analysis
    assert window.session.analysis.formula == "C15H11BrN2O"
    (lactam,), _ = drawer.scene.highlights
    mol = drawer.model.mol
    assert sorted(mol.GetAtomWithIdx(drawer.model.atom_index(a)).GetSymbol() for a in lactam) == ["C", "N", "O"]


def test_a_hidden_step_waits_until_it_is_shown(qtbot, monkeypatch, example_run_path) -> None:
    """The Symptoms step's MS box predicts species for its default target: not while another step
    is on screen (a large substrate makes that slow), but as soon as it is shown."""
    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    window.go("substrate")
    drawer = window.pages["substrate"].drawer
    qtbot.waitUntil(lambda: drawer.isVisible() and drawer.analysis is not None)
    box = window.pages["symptoms"].analytics
    drawer.set_molecule("O=C1CN=C(c2ccccc2)c2cc(Br)ccc2N1")  # one edit, as a paste is
    assert "Br" in window.session.structure()
    assert box._stale and "Br" not in box.target.placeholderText()
    window.go("symptoms")
    qtbot.waitUntil(lambda: "Br" in box.target.placeholderText())
    assert not box._stale


def test_a_large_drawing_reaches_the_session_in_later_turns(qtbot, monkeypatch) -> None:
    """Over the in-place limit, the drawing goes to the session after the canvas has drawn it
    (export in one event-loop turn, engine in the next), and only the newest drawing goes."""
    window = open_window(qtbot, monkeypatch)
    window.go("substrate")
    drawer = window.pages["substrate"].drawer
    qtbot.waitUntil(drawer.isVisible)
    big = "C" + "C(C)" * 40 + "C1CCC(=O)N1"
    drawer.set_molecule(big)
    qtbot.waitUntil(lambda: not drawer.layout_pending(), timeout=60_000)
    qtbot.waitUntil(lambda: window.session.structure() == drawer.smiles(), timeout=10_000)
    assert window.session.analysis is not None and len(window.session.analysis.lactams) == 1
    assert not drawer.scene.lactam_halo.is_empty()  # the session's analysis, mapped onto the drawing
