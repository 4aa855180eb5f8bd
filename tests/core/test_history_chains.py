"""Attempt chains: runs that follow each other, what changed, and what worked in this lab (both back ends)."""

from __future__ import annotations

import pytest

from boranegui.core import attempts, diagnosis, protocol, run_record
from boranegui.core.history import History, improved
from boranegui.core.rules import load_rules
from boranegui.core.yamlio import InputError
from tests.core.history_helpers import EXAMPLE, change, entry, three_attempts


def test_a_chain_of_three_attempts_reads_oldest_first_with_its_changes(history_location) -> None:
    chain = three_attempts()
    with History(history_location) as history:
        for e in reversed(chain):  # stored out of order: the links, not the order, make the chain
            history.add(e)
        for key in ("attempt-1", "attempt-2", "attempt-3"):
            got = history.chain(key)
            assert [e.key for e in got] == ["attempt-1", "attempt-2", "attempt-3"]
        got = history.chain("attempt-2")
        assert [e.yield_percent for e in got] == [35, 62, 81]
        assert got[0].follows == "" and got[1].follows == "attempt-1" and got[2].follows == "attempt-2"
        # The changes between attempts 1 and 2 are the revised protocol's, with the cause each answered.
        first_changes = {(c.parameter, c.after, c.cause) for c in got[1].changes}
        assert ("acid_temp_c", 66, "amine_borane_complex") in first_changes
        assert got[1].changes == chain[1].changes  # values (numbers, None) come back as they were


def test_what_worked_counts_next_attempts_that_improved(history_location) -> None:
    heat = change("amine_borane_complex", "acid_reflux_longer")
    titrate = change("reagent_degraded", "titrate", "titrate_reagent")
    with History(history_location) as history:
        history.add(entry("a1", yield_percent=30))
        history.add(entry("a2", follows="a1", changes=(heat,), yield_percent=70))  # improved
        history.add(entry("b1", yield_percent=50))
        history.add(entry("b2", follows="b1", changes=(heat, titrate), yield_percent=40))  # worse
        history.add(entry("c1", yield_percent=None, symptoms=("gel_formation",)))
        history.add(entry("c2", follows="c1", changes=(heat,), symptoms=()))  # symptom gone
        history.add(entry("d2", follows="missing-run", changes=(heat,), yield_percent=99))  # no earlier run
        figures = {(f.cause, f.action): (f.improved, f.attempts) for f in history.lab_figures()}
    assert figures == {("amine_borane_complex", "acid_reflux_longer"): (2, 3), ("reagent_degraded", "titrate"): (0, 1)}


def test_improved_uses_the_yield_else_the_symptoms() -> None:
    assert improved(entry("x", yield_percent=30), entry("y", yield_percent=31)) is True
    assert improved(entry("x", yield_percent=30), entry("y", yield_percent=30)) is False
    assert improved(entry("x", symptoms=("gel_formation", "low_yield")), entry("y", symptoms=("low_yield",))) is True
    assert improved(entry("x", symptoms=("gel_formation",)), entry("y", symptoms=("emulsion",))) is False
    assert improved(entry("x", symptoms=()), entry("y", symptoms=())) is None


def test_next_attempt_applies_the_revised_protocol_and_says_what_it_follows() -> None:
    run = run_record.load(EXAMPLE)
    found = diagnosis.diagnose(run, load_rules(None))
    revised = protocol.plan(run, found)
    data = attempts.next_attempt(run.to_dict(), revised, "batch-3-id")
    nxt = run_record.from_dict(data)  # a valid run file
    assert nxt.follows is not None and nxt.follows["run"] == "batch-3-id"
    assert [c["parameter"] for c in nxt.follows["changes"]] == [c.parameter for c in revised.changes]
    assert nxt.workup.acid is not None and nxt.workup.acid.temp_c == revised.parameters["acid_temp_c"]
    assert nxt.outcome.yield_percent is None and nxt.outcome.symptoms == ()
    assert nxt.title == f"{run.title} (next attempt)"
    # The file alone tells what was tried: the changes survive a save and a reload.
    again = run_record.loads(run_record.dumps(nxt))
    assert again.follows == nxt.follows


@pytest.mark.parametrize(("name", "method"), [("e31-pd-step-too-short", "pd_methanol"),
                                               ("e32-pd-long-hot-dechlorination", "acid")])
def test_the_next_attempt_of_a_pd_run_carries_its_pd_step_or_drops_it(name: str, method: str) -> None:
    """A short Pd step is lengthened in the next run file; a run sent back to acid loses its Pd step."""
    from tests.conftest import ROOT

    rules = load_rules(None)
    run = run_record.load(ROOT / "tests" / "data" / "eval" / f"{name}.borane.yaml")
    revised = protocol.plan(run, diagnosis.diagnose(run, rules), change_min_score=rules.change_min_score)
    nxt = run_record.from_dict(attempts.next_attempt(run.to_dict(), revised, "earlier"))  # a valid run file
    assert nxt.workup.decomplexation == method
    if method == "pd_methanol":
        assert nxt.workup.pd is not None and nxt.workup.acid is None
        assert (nxt.workup.pd.hours, nxt.workup.pd.loading_wt_percent) == (12, 5)  # lengthened; loading kept
    else:
        assert nxt.workup.pd is None and nxt.workup.acid is not None


@pytest.mark.parametrize(("value", "words"), [
    ("12", "must be a section"),
    ("{changes: []}", "needs 'run'"),
    ("{run: abc, changes: 3}", "'changes' must be a list"),
    ("{run: abc, changes: [{parameter: x, cause: y}]}", "change 1 needs 'action'"),
    ("{run: abc, why: x}", "unknown key 'why'"),
])
def test_a_bad_follows_is_one_located_line(value: str, words: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("operator: Example\n", f"operator: Example\nfollows: {value}\n")
    with pytest.raises(InputError) as info:
        run_record.loads(text, "next.yaml")
    assert len(info.value.problems) == 1
    line = str(info.value.problems[0])
    assert line.startswith("next.yaml:5") and "follows" in line and words in line
