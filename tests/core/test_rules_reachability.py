"""`rules check` reports branches no run can take, and every unknown branch of the shipped rules is reachable."""

from __future__ import annotations

import pytest

from boranegui.core.bundled import rules_path
from boranegui.core.rules import RulesError, loads_rules
from boranegui.core.rules.check import dead_branches

SHIPPED = rules_path().read_text(encoding="utf-8")
HOURS = '''      "yes": cx_acid_equiv
      unknown:
        says: how long the acid step ran is not recorded (the note refluxes 1 h)
        cause: amine_borane_complex
        weight: 0.35'''


def _with_extra(text: str, unknown_goes_to: str, extra_ask: str) -> str:
    assert HOURS in text
    return text.replace(HOURS, f'''      "yes": cx_acid_equiv
      unknown: {unknown_goes_to}
  again:
    ask: {extra_ask}
    branches:
      "yes": {{cause: amine_borane_complex, weight: 0.3}}
      "no": {{cause: amine_borane_complex, weight: 0.3}}
      unknown: {{cause: amine_borane_complex, weight: 0.3}}''')


def test_a_field_known_unknown_stays_unknown_below() -> None:
    text = _with_extra(SHIPPED, "again", "workup.acid.hours >= 2")
    with pytest.raises(RulesError) as info:
        loads_rules(text, "lab.yaml")
    dead = {p.field for p in info.value.problems}
    assert dead == {"nodes.again.branches.yes", "nodes.again.branches.no"}
    assert all("can never be taken" in p.message and p.line for p in info.value.problems)


def test_another_field_below_an_unknown_is_fine() -> None:
    loads_rules(_with_extra(SHIPPED, "again", "reagent.age_weeks >= 2"), "lab.yaml")


def test_the_shipped_rules_have_no_dead_branch_and_their_unknown_branches_are_live() -> None:
    import yaml

    data = yaml.safe_load(SHIPPED)
    assert dead_branches(data["nodes"], data["trees"]) == []
    # the example: the HCl equiv question's unknown branch (a notebook records a volume)
    assert "unknown" in data["nodes"]["cx_acid_equiv"]["branches"]
