"""The named parameters of the protocol, and the patches that rules apply to them.

This is the contract between ``rules.yaml`` (actions carry patches), the diagnosis
engine, and the protocol model (which applies patches and writes the steps).  A
patch names parameters from :data:`PARAMETERS` and says what to do with each:

    patch:
      acid_hours: {at_least: 2}          # raise to 2 h if lower
      borane_equiv: {at_most: 5}         # cap at 5 equiv
      quench: {set: methanol}            # replace the value
      titrate_reagent: {set: true}       # switch on an extra step
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from boranegui.core.run_fields import CHOICE_LABELS, FIELDS

OPS = ("set", "at_least", "at_most")


@dataclass(frozen=True)
class Parameter:
    """One protocol parameter: its type, unit and the words a chemist uses for it.

    ``field``: the run-record field it is read from; its label and unit are then the field's
    (run_fields.FIELDS) unless the protocol words it differently."""

    kind: str  # "number", "bool", "choice", "text"
    label: str = ""
    unit: str = ""
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    field: str = ""

    def __post_init__(self) -> None:
        if self.field:
            spec = FIELDS[self.field]
            object.__setattr__(self, "label", self.label or spec.label)
            object.__setattr__(self, "unit", self.unit or spec.unit)


PARAMETERS: dict[str, Parameter] = {
    "scale_g": Parameter("number", minimum=0, maximum=100_000, field="scale_g"),
    "thf_volumes": Parameter("number", "THF volumes", minimum=1, maximum=100, field="solvent.volumes"),
    "addition_temp_c": Parameter("number", minimum=-80, maximum=70, field="conditions.addition_temp_c"),
    "addition_minutes": Parameter("number", minimum=0, maximum=600, field="conditions.addition_minutes"),
    "reagent_kind": Parameter("choice", choices=("bh3_thf", "bh3_sme2", "nabh4_i2", "nabh4_bf3"), field="reagent.kind"),
    "reagent_molarity": Parameter("number", minimum=0.1, maximum=12, field="reagent.molarity"),
    "borane_equiv": Parameter("number", "BH3 equivalents", minimum=0.5, maximum=20, field="reagent.equiv"),
    "reaction_temp_c": Parameter("number", "reaction temperature", minimum=-20, maximum=120,
                                 field="conditions.max_temp_c"),
    "reaction_time_h": Parameter("number", "reaction time", minimum=0, maximum=200, field="conditions.time_h"),
    "quench": Parameter("choice", choices=("methanol", "water"), field="workup.quench"),
    "quench_temp_c": Parameter("number", minimum=-80, maximum=40, field="workup.quench_temp_c"),
    "quench_minutes": Parameter("number", minimum=0, maximum=1440, field="workup.quench_minutes"),
    # acid_free: the protocol model picks pd_methanol or amine_exchange from the substrate
    # analysis (Pd/C would remove an N-benzyl group or an aryl halogen).
    "decomplexation": Parameter(
        "choice", choices=("acid", "pd_methanol", "amine_exchange", "acid_free"), field="workup.decomplexation"
    ),
    "hcl_molarity": Parameter("number", minimum=0.1, maximum=12, field="workup.acid.hcl_molarity"),
    "hcl_equiv_vs_borane": Parameter("number", minimum=0.5, maximum=20, field="workup.acid.equiv_vs_borane"),
    "acid_temp_c": Parameter("number", minimum=0, maximum=110, field="workup.acid.temp_c"),
    "acid_hours": Parameter("number", minimum=0, maximum=48, field="workup.acid.hours"),
    # The Pd/C step (decomplexation pd_methanol): the catalyst as charged, in wt % of the lactam.
    "pd_loading_wt_percent": Parameter("number", minimum=1, maximum=100, field="workup.pd.loading_wt_percent"),
    "pd_percent": Parameter("number", minimum=1, maximum=30, field="workup.pd.pd_percent"),
    "pd_temp_c": Parameter("number", minimum=0, maximum=65, field="workup.pd.temp_c"),
    "pd_hours": Parameter("number", minimum=0, maximum=72, field="workup.pd.hours"),
    "basify_ph": Parameter("number", minimum=7, maximum=14, field="workup.basify_ph"),
    "base": Parameter("text", "base for basifying"),
    "base_molarity": Parameter("number", "base molarity", "M", minimum=0.1, maximum=20),
    "extraction_solvent": Parameter("text", field="workup.extraction_solvent"),
    "titrate_reagent": Parameter("bool", "titrate the borane before use"),
    "fresh_reagent": Parameter("bool", "use a fresh bottle stored at 0-5 °C"),
    "dry_solvent": Parameter("bool", "dry THF (Karl Fischer) and dry substrate"),
    "meoh_coevaporation": Parameter("bool", "co-evaporate with MeOH to remove B(OMe)3"),
    "warm_before_acid": Parameter("bool", "stir to room temperature until gas stops before acid"),
    "salt_out_extraction": Parameter("bool", "saturate the aqueous layer with NaCl before extracting"),
}


# How a chemist reads the values of choice parameters: the run record's one table.
CHOICE_WORDS = CHOICE_LABELS


def patch_problems(patch: Any) -> list[tuple[str, str]]:
    """What is wrong with a patch, as (parameter, message) pairs; empty when valid."""
    if not isinstance(patch, dict):
        return [("", "a patch must map parameter names to {set|at_least|at_most: value}")]
    problems: list[tuple[str, str]] = []
    for name, change in patch.items():
        param = PARAMETERS.get(name)
        if param is None:
            problems.append((name, f"unknown protocol parameter (known: {', '.join(PARAMETERS)})"))
            continue
        if not isinstance(change, dict) or not change or set(change) - set(OPS):
            problems.append((name, f"must be a mapping with one or more of {', '.join(OPS)}"))
            continue
        for op, value in change.items():
            why = _value_problem(param, op, value)
            if why:
                problems.append((name, f"{op}: {why}"))
    return problems


def _value_problem(param: Parameter, op: str, value: Any) -> str | None:
    if param.kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "must be a number"
        if not math.isfinite(value):  # .nan passes every comparison below; .inf breaks the scaling
            return "must be a finite number"
        if param.minimum is not None and value < param.minimum:
            return f"must be at least {param.minimum:g}"
        if param.maximum is not None and value > param.maximum:
            return f"must be at most {param.maximum:g}"
        return None
    if op != "set":
        return f"only 'set' applies to a {param.kind} parameter"
    if param.kind == "bool":
        return None if isinstance(value, bool) else "must be true or false"
    if param.kind == "choice":
        return None if value in param.choices else f"must be one of {', '.join(param.choices)}"
    return None if isinstance(value, str) and value else "must be text"
