"""A lab's own rules file: used when valid; when broken, reported (file:line) and the shipped rules used."""

from __future__ import annotations

from dataclasses import replace

from boranegui.core import bundled
from boranegui.core.rules import load_rules
from tests.ui.conftest import open_window

BROKEN = "format: borane-rules/1\ncauses:\n  reagent_degraded: [unclosed\n"


def test_broken_lab_rules_are_reported_and_the_shipped_rules_used(qtbot, monkeypatch, tmp_path,
                                                                   example_run_path) -> None:
    broken = tmp_path / "lab-rules.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path), rules_path=str(broken))
    s = window.session
    assert s.rules_problems, "the broken file must be reported"
    assert all(str(p).startswith(str(broken)) for p in s.rules_problems)
    assert any(f"{broken}:3" in str(p) or f"{broken}:4" in str(p) for p in s.rules_problems)
    assert window.banner.isVisible()
    assert "Your rules file cannot be used" in window.banner_text.text()
    assert "lab-rules.yaml:" in window.banner_text.text()
    assert window.rules_label.text().startswith("Rules: shipped")
    # The shipped rules are in use: the diagnosis is the one they give.
    assert s.rules.summary() == load_rules(None).summary()
    assert s.diagnosis is not None and s.diagnosis.causes


def test_choosing_a_rules_file_in_settings(qtbot, monkeypatch, tmp_path, example_run_path) -> None:
    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    good = tmp_path / "our-rules.yaml"
    good.write_text(bundled.rules_path().read_text(encoding="utf-8"), encoding="utf-8")
    window.apply_settings(replace(window.prefs, rules_path=str(good)))
    assert window.session.rules_path == str(good) and not window.session.rules_problems
    assert window.rules_label.text().startswith("Rules: our-rules.yaml")

    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    window.apply_settings(replace(window.prefs, rules_path=str(broken)))
    assert window.session.rules_problems and window.banner.isVisible()
    assert window.session.diagnosis is not None  # still diagnosing, with the shipped rules
    # The settings dialog shows the problems where the file is chosen.
    window.show_settings()
    assert "broken.yaml:" in window.settings_dialog.rules_report.text()
    window.settings_dialog.close()


def test_a_fixed_rules_file_counts_on_ok_without_a_restart(qtbot, monkeypatch, tmp_path, example_run_path) -> None:
    rules = tmp_path / "lab-rules.yaml"
    rules.write_text(BROKEN, encoding="utf-8")
    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    window.apply_settings(replace(window.prefs, rules_path=str(rules)))
    assert window.banner.isVisible() and window.rules_label.text().startswith("Rules: shipped")
    # The chemist fixes the file in an editor, then presses OK in the settings, path unchanged.
    rules.write_text(bundled.rules_path().read_text(encoding="utf-8"), encoding="utf-8")
    window.show_settings()
    window.settings_dialog.accept()
    assert not window.session.rules_problems
    assert window.rules_label.text().startswith("Rules: lab-rules.yaml")
    assert not window.banner.isVisible(), "the banner listing the old problems must go"


def test_rules_given_on_the_command_line_survive_ok_in_settings(qtbot, monkeypatch, tmp_path,
                                                               example_run_path) -> None:
    lab = tmp_path / "lab-rules.yaml"
    lab.write_text(bundled.rules_path().read_text(encoding="utf-8"), encoding="utf-8")
    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path), rules_path=str(lab))
    window.show_settings()
    dialog = window.settings_dialog
    assert dialog.own.isChecked() and dialog.rules_path.text() == str(lab)  # the rules in use
    dialog.page_size.setCurrentIndex(dialog.page_size.findData("Letter"))
    dialog.accept()
    assert window.session.rules_path == str(lab), "OK for the paper size must not drop the lab's rules"
    assert window.rules_label.text().startswith("Rules: lab-rules.yaml")
    assert window.prefs.page_size == "Letter" and window.prefs.rules_path is None  # not made the default
