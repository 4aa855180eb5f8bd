"""The drawer on screen (offscreen), shared by the drawer's widget tests."""

from __future__ import annotations

import pytest

from boranegui.ui.drawer.widget import MoleculeDrawer


@pytest.fixture
def drawer(qtbot) -> MoleculeDrawer:
    w = MoleculeDrawer()
    w.resize(800, 600)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.view.setFocus()
    return w
