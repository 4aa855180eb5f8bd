"""The protocol model on the shipped rules: every example run gives a traced, visible revision."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT


def _runs() -> list[Path]:
    return (sorted(DATA.glob("*.borane.yaml")) + sorted((DATA / "routes").glob("*.borane.yaml"))
            + sorted((ROOT / "resources" / "examples").glob("*.borane.yaml")))


@pytest.mark.parametrize("path", _runs(), ids=lambda p: p.name)
def test_every_example_run_plans_with_traced_visible_changes(path: Path) -> None:
    from boranegui.core import diagnosis, protocol, rules, run_record

    run = run_record.load(path)
    diag = diagnosis.diagnose(run, rules.load_rules())
    revised = protocol.plan(run, diag)
    marked = {p for s in revised.steps for p in s.changed}
    for change in revised.changes:
        # A change comes from a diagnosed cause, or from the substrate itself (route, budget, reflux time).
        assert change.cause in {c.id for c in diag.causes} | {"substrate"}, change
        assert change.source and change.action, change
        assert change.parameter in marked, f"{change.parameter} changed but no step shows it"
    if not run.outcome.symptoms:
        assert not [c for c in revised.changes if c.cause != "substrate"]
    assert len(revised.steps) == 12
    assert all(a.mmol is None or a.mmol > 0 for a in revised.amounts)
