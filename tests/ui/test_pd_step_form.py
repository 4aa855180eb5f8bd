"""The Pd/C step's details on the Run page: shown only for Pd/C, typed into the run file, and
gone from the record when another method is chosen."""

from __future__ import annotations

import yaml
from PySide6.QtCore import Qt

from tests.ui.conftest import open_window

PD_PATHS = ("workup.pd.loading_wt_percent", "workup.pd.pd_percent", "workup.pd.temp_c", "workup.pd.hours")


def _type(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def _choose(qtbot, combo, value: str) -> None:
    """With the keyboard, as a chemist tabbing through the form."""
    combo.setFocus()
    target = combo.findData(value)
    key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, key)


def test_the_pd_fields_are_typed_into_the_run_file_and_leave_with_the_method(
        qtbot, monkeypatch, example_run_path, tmp_path) -> None:
    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    window.go("run")
    page = window.pages["run"]
    hours = page.editor("workup.pd.hours")
    assert not hours.container.isVisibleTo(page)  # the acid run: no Pd/C rows
    _choose(qtbot, page.editor("workup.decomplexation").widget, "pd_methanol")
    assert window.session.get("workup.decomplexation") == "pd_methanol"
    assert all(page.editor(p).container.isVisibleTo(page) for p in PD_PATHS)
    # Placeholders say whose value the protocol would take; nothing is stored by showing them.
    assert hours.widget.placeholderText() == "12 h (Couturier et al., Org. Lett. 2001)"
    assert page.editor("workup.pd.temp_c").widget.placeholderText() == "20 °C (BoraneGUI's choice)"
    _type(qtbot, page.editor("workup.pd.loading_wt_percent").widget, "5 wt%")
    _type(qtbot, hours.widget, "2 h")
    _type(qtbot, page.editor("workup.pd.pd_percent").widget, "150")  # refused, in words, under the field
    assert "at most 100" in page.editor("workup.pd.pd_percent").error.text()
    _type(qtbot, page.editor("workup.pd.pd_percent").widget, "10")
    assert not page.editor("workup.pd.pd_percent").error.text()
    out = tmp_path / "pd.borane.yaml"
    assert window.save_to(str(out))
    saved = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert saved["workup"]["decomplexation"] == "pd_methanol" and "acid" not in saved["workup"]
    assert saved["workup"]["pd"] == {"loading_wt_percent": 5, "pd_percent": 10, "hours": 2}
    assert window.session.record.workup.pd.hours == 2
    # The engine read it: the short Pd step is evidence for the complex.
    why = [e for c in window.session.diagnosis.causes for e in c.evidence]
    assert any("Pd/C step ran only 2 h" in e for e in why)

    # Accepting the defaults fills only the empty field, marked assumed.
    qtbot.mouseClick(page.pd_defaults, Qt.MouseButton.LeftButton)
    assert window.session.get("workup.pd.temp_c") == 20 and window.session.get("workup.pd.hours") == 2
    assert "workup.pd.temp_c" in window.session.assumed() and "workup.pd.hours" not in window.session.assumed()
    assert "assumed from the Pd/C defaults" in page.editor("workup.pd.temp_c").hint.text()
    assert not page.pd_defaults.isVisibleTo(page)

    # Back to acid: the Pd details leave the record (else it would be refused), and the rows hide.
    _choose(qtbot, page.editor("workup.decomplexation").widget, "acid")
    assert window.session.record is not None and window.session.record.workup.pd is None
    assert not hours.container.isVisibleTo(page)
    assert "workup.pd.temp_c" not in window.session.assumed()
    assert window.save_to(str(out))
    saved = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert "pd" not in saved["workup"] and saved["workup"]["decomplexation"] == "acid"
