"""Every field but format, the substrate and scale_g may be unknown, and the engine still answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boranegui.core import amounts as am
from boranegui.core import run_record as rr
from boranegui.core.diagnosis import diagnose
from boranegui.core.protocol import base_protocol, revise
from boranegui.core.rules import load_rules
from tests.conftest import ROOT

RULES = load_rules()
DATA = sorted((ROOT / "tests" / "data").rglob("*.borane.yaml"))
OPTIONAL = [p for p, spec in rr.FIELDS.items()
            if not spec.required and p not in ("substrate.smiles", "substrate.molblock")]


def _drop(data: dict, path: str) -> None:
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node.get(part)
        if not isinstance(node, dict):
            return
    node.pop(last, None)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(DATA), st.lists(st.sampled_from(OPTIONAL), unique=True))
def test_a_run_missing_any_optional_fields_loads_and_diagnoses(path: Path, dropped: list[str]) -> None:
    data = rr.load(path).to_dict()
    for field in dropped:
        _drop(data, field)
    run = rr.from_dict(data, str(path))
    diagnosis = diagnose(run, RULES)
    assert all(0 < c.score <= 1 for c in diagnosis.causes)
    assert (not run.outcome.symptoms and not run.outcome.masses) <= (not diagnosis.causes)
    assert revise(base_protocol(run), diagnosis).steps  # the next attempt can still be written


def test_hcl_volume_and_equiv_convert_both_ways_with_the_notes_figures() -> None:
    # The note: 73.9 mmol BH3; 2.5 equiv of 6 M HCl = 184.7 mmol = 30.8 mL.
    equiv, volume = am.hcl_vs_borane(73.9, 6.0, equiv=2.5)
    assert volume == pytest.approx(30.79, abs=0.01) and equiv == 2.5
    equiv, volume = am.hcl_vs_borane(73.9, 6.0, volume_ml=30.8)
    assert equiv == pytest.approx(2.50, abs=0.005) and volume == 30.8
    with pytest.raises(ValueError):
        am.hcl_vs_borane(73.9, 6.0)


def test_a_recorded_hcl_volume_answers_the_equiv_question() -> None:
    """30 mL of 1 M HCl after 18.47 mmol x 4 equiv BH3 is 0.41 equiv: too little acid."""
    base = rr.load(ROOT / "tests" / "data" / "low-yield-unknowns.borane.yaml").to_dict()
    base["workup"]["acid"] = {"hcl_molarity": 1, "volume_ml": 30, "temp_c": 66, "hours": 1}
    run = rr.from_dict(base)
    top = diagnose(run, RULES).causes
    words = " ".join(e for c in top for e in c.evidence)
    assert "0.41 equiv of HCl per borane" in words
