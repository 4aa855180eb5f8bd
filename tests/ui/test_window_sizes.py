"""A small laptop screen (1024x700) and a large one (1920x1080): every field reachable without a
horizontal scroll bar, and the drawn lactam whole on the canvas."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.ui.conftest import open_window


def _settle(qtbot) -> None:
    QApplication.processEvents()
    qtbot.wait(20)


def test_the_run_form_fits_a_small_screen_in_one_column(qtbot, monkeypatch, example_run_path) -> None:
    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    window.go("run")
    page = window.pages["run"]
    for width, height, one_column in ((1024, 700, True), (1920, 1080, False), (1280, 800, False)):
        window.resize(width, height)
        _settle(qtbot)
        assert page.one_column is one_column, (width, page.one_column)
        assert not page._scroll.horizontalScrollBar().isVisible(), f"{width}x{height}: fields beyond the right edge"
        # The work-up fields are inside the page's width, not cut off.
        field = page.editor("workup.acid.temp_c").widget
        right = field.mapTo(page._scroll.viewport(), field.rect().topRight()).x()
        assert right <= page._scroll.viewport().width(), (width, right)


def test_the_drawn_lactam_stays_whole_when_the_window_shrinks(qtbot, monkeypatch, example_run_path) -> None:
    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    window.go("substrate")
    view = window.pages["substrate"].drawer.view
    for width, height in ((1280, 800), (1024, 700), (1920, 1080)):
        window.resize(width, height)
        _settle(qtbot)
        shown = view.mapFromScene(view.scene().molecule_rect()).boundingRect()
        assert view.viewport().rect().contains(shown), (width, shown, view.viewport().rect())
    # A zoom the chemist set by hand is theirs: a resize keeps it.
    view.zoom_by(1.5)
    zoom = view.zoom()
    window.resize(1100, 760)
    _settle(qtbot)
    assert view.zoom() == zoom


def test_the_lactam_scaffolds_are_on_screen_at_the_usual_sizes(qtbot, monkeypatch, example_run_path) -> None:
    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    window.go("substrate")
    drawer = window.pages["substrate"].drawer
    for width, height in ((1280, 800), (1024, 700)):
        window.resize(width, height)
        _settle(qtbot)
        button = drawer.scaffolds_button
        # Not pushed into the toolbar's overflow (whose popup leaves widgets out).
        assert button.isVisible(), f"{width}x{height}: the Lactams button is hidden"
        right = button.mapTo(drawer.tools_bar, button.rect().topRight()).x()
        assert right < drawer.tools_bar.width(), (width, right)


def test_a_long_list_of_missing_fields_does_not_widen_the_window(qtbot, monkeypatch) -> None:
    window = open_window(qtbot, monkeypatch)  # a new run: substrate and scale missing
    for path in ("conditions.time_h", "workup.acid.temp_c", "reagent.equiv", "conditions.max_temp_c"):
        window.session.clear_field(path)
    window.resize(1024, 700)
    _settle(qtbot)
    assert window.width() == 1024
    assert window.nav_hint.text().startswith("Still needed: lactam charged (g)")
    # Only the scale and the structure are required (the rest may be unknown): both are listed.
    assert "the substrate structure" in window.nav_hint.toolTip()  # the whole list is a hover away
