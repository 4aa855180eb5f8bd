"""The Pd/C step's recorded details (workup.pd) as the diagnosis and the revised protocol read them."""

from __future__ import annotations

from typing import Any

from boranegui.core import run_record
from boranegui.core.diagnosis import diagnose
from boranegui.core.protocol import plan
from boranegui.core.rules import load_rules
from tests.core.protocol_helpers import make_run

BOC_PIPERAZINONE = "O=C1CN(C(=O)OC(C)(C)C)CCN1"  # Boc, no benzyl, no aryl halide: Pd/C is the route


def _pd_run(pd: dict[str, Any] | None, **over: Any) -> run_record.RunRecord:
    return make_run(**{"substrate.smiles": BOC_PIPERAZINONE, "substrate.name": "Boc-piperazinone",
                       "scale_g": 4.0, "workup.acid": None, "workup.decomplexation": "pd_methanol",
                       "workup.pd": pd, "outcome.symptoms": ["low_yield"], **over})


def _complex(run: run_record.RunRecord) -> Any:
    return next(c for c in diagnose(run, load_rules()).causes if c.id == "amine_borane_complex")


def test_a_short_pd_step_points_to_the_complex_and_a_long_one_does_not() -> None:
    short, long_ = _complex(_pd_run({"hours": 1})), _complex(_pd_run({"hours": 24}))
    unknown = _complex(_pd_run(None))
    assert short.score > unknown.score > long_.score
    assert any("Pd/C step ran only 1 h" in e for e in short.evidence)
    assert any("Pd/C step ran 24 h" in e for e in long_.evidence)
    assert short.actions[0].id == "pd_longer"


def test_the_pd_step_is_written_from_the_recorded_loading_and_time() -> None:
    """4.00 g lactam, 5 wt % of 5 % Pd/C = 0.20 g; 16 h at 40 °C as recorded (no symptom: no change)."""
    run = _pd_run({"loading_wt_percent": 5, "pd_percent": 5, "temp_c": 40, "hours": 16}, **{"outcome.symptoms": []})
    revised = plan(run, diagnose(run, load_rules()))
    catalyst = next(a for a in revised.amounts if a.role == "catalyst")
    assert (catalyst.name, catalyst.mass_g) == ("5 % Pd/C", 0.2)
    assert "as recorded in the run" in catalyst.note
    step = next(s for s in revised.steps if "Pd/C (" in s.text)
    assert "5 % Pd/C (0.20 g, 5 wt % of the lactam" in step.text and "at 40 °C for 16 h" in step.text
    assumed = {n.parameter for n in revised.from_note}
    assert not assumed & {"pd_loading_wt_percent", "pd_percent", "pd_temp_c", "pd_hours"}


def test_unrecorded_pd_details_are_chosen_and_listed_as_assumed() -> None:
    run = _pd_run(None, **{"outcome.symptoms": []})
    revised = plan(run, diagnose(run, load_rules()))
    catalyst = next(a for a in revised.amounts if a.role == "catalyst")
    assert catalyst.mass_g == 0.4 and "BoraneGUI's choice" in catalyst.note  # 10 wt % of 4.00 g
    sources = {n.parameter: n.source for n in revised.from_note}
    assert "Couturier" in sources["pd_hours"] and "BoraneGUI's choice" in sources["pd_temp_c"]
    assert {"pd_loading_wt_percent", "pd_percent"} <= set(sources)


def test_a_short_pd_step_is_lengthened_for_the_next_attempt() -> None:
    rules = load_rules()
    run = _pd_run({"loading_wt_percent": 5, "hours": 1}, **{"outcome.symptoms": ["low_yield", "boron_signals"]})
    revised = plan(run, diagnose(run, rules), change_min_score=rules.change_min_score)
    changes = {c.parameter: (c.before, c.after) for c in revised.changes}
    assert changes["pd_hours"] == (1, 12)
    catalyst = next(a for a in revised.amounts if a.role == "catalyst")
    assert catalyst.mass_g == 0.2 and "as recorded in the run" in catalyst.note  # the loading is kept


def test_an_acid_run_reads_no_pd_parameter() -> None:
    revised = plan(make_run(), None)
    assert not {n.parameter for n in revised.from_note} & {"pd_hours", "pd_temp_c"}
    assert not [a for a in revised.amounts if a.role == "catalyst"]


def test_a_long_pd_step_on_an_aryl_chloride_is_named_in_the_evidence() -> None:
    def side(hours: float | None) -> Any:
        pd = None if hours is None else {"hours": hours}
        run = make_run(**{"workup.acid": None, "workup.decomplexation": "pd_methanol", "workup.pd": pd,
                          "outcome.symptoms": ["dehalogenation"]})  # nordazepam: an aryl chloride
        return next(c for c in diagnose(run, load_rules()).causes if c.id == "pd_side_reaction")

    long_, unknown, short = side(24), side(None), side(2)
    assert long_.score > unknown.score > short.score
    assert any("ran 24 h, longer than the 12 h" in e and "BoraneGUI's judgement" in e for e in long_.evidence)
