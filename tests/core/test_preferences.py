"""Settings survive a restart, and a hand-damaged settings file never stops the app."""

from __future__ import annotations

import json

from boranegui.core import preferences
from boranegui.core.preferences import MAX_RECENT, Preferences


def test_round_trip_and_recent_files(tmp_path) -> None:
    path = tmp_path / "settings.json"
    prefs = Preferences(rules_path="/lab/rules.yaml", temperature_unit="F", default_molarity=0.9, page_size="Letter")
    for i in range(MAX_RECENT + 3):
        prefs = prefs.with_recent(str(tmp_path / f"run{i}.borane.yaml"))
    prefs = prefs.with_recent(str(tmp_path / "run4.borane.yaml"))  # re-opened: moves to the top, once
    preferences.save(prefs, path)
    again = preferences.load(path)
    assert again == prefs
    assert len(again.recent_files) == MAX_RECENT
    assert again.recent_files[0].endswith("run4.borane.yaml")
    assert sum(p.endswith("run4.borane.yaml") for p in again.recent_files) == 1


def test_damaged_or_wrong_values_fall_back_to_defaults(tmp_path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert preferences.load(path) == Preferences()
    path.write_text(json.dumps({"temperature_unit": "K", "default_molarity": -3, "recent_files": [1, "a"],
                                "page_size": "A3", "rules_path": 7, "unknown": True}), encoding="utf-8")
    assert preferences.load(path) == Preferences(recent_files=("a",))
    assert preferences.load(tmp_path / "missing.json") == Preferences()
