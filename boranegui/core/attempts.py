"""Attempt chains in run files: what ``follows:`` holds, and the next attempt made from a revised protocol.

A run that was started from an earlier run's revised protocol says so in its own file::

    follows:
      run: 3f0c9a52-...        # the earlier run's id in the history
      changes:                 # what the revised protocol changed, and why
      - {parameter: acid_temp_c, before: 20, after: 80, cause: amine_borane_complex, action: heat_acid}

so the file alone tells what was tried (self-describing), and the history links the two
runs into a chain.  Only the earlier run's id lives in the history; the changes travel
with the run.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from boranegui.core.parameters import PARAMETERS
from boranegui.core.run_fields import set_path

FOLLOWS_KEYS = ("run", "changes")
CHANGE_KEYS = ("parameter", "before", "after", "cause", "action", "cause_title")
_TEXT_CHANGE_KEYS = ("parameter", "cause", "action")

# Protocol parameter -> run-record field it came from (the inverse of protocol.base_protocol).
PARAMETER_FIELDS: dict[str, str] = {
    "scale_g": "scale_g",
    "thf_volumes": "solvent.volumes",
    "addition_temp_c": "conditions.addition_temp_c",
    "addition_minutes": "conditions.addition_minutes",
    "reagent_kind": "reagent.kind",
    "reagent_molarity": "reagent.molarity",
    "borane_equiv": "reagent.equiv",
    "reaction_temp_c": "conditions.max_temp_c",
    "reaction_time_h": "conditions.time_h",
    "quench": "workup.quench",
    "quench_temp_c": "workup.quench_temp_c",
    "quench_minutes": "workup.quench_minutes",
    "decomplexation": "workup.decomplexation",
    "hcl_molarity": "workup.acid.hcl_molarity",
    "hcl_equiv_vs_borane": "workup.acid.equiv_vs_borane",
    "acid_temp_c": "workup.acid.temp_c",
    "acid_hours": "workup.acid.hours",
    "basify_ph": "workup.basify_ph",
    "extraction_solvent": "workup.extraction_solvent",
    "titrate_reagent": "reagent.titer_checked",
    **{name: p.field for name, p in PARAMETERS.items() if p.field.startswith("workup.pd.")},
}
# The complex-breaking steps written as one section each, for the method the next attempt uses.
STEPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "acid": ("acid", ("hcl_molarity", "hcl_equiv_vs_borane", "acid_temp_c", "acid_hours")),
    "pd_methanol": ("pd", tuple(name for name, p in PARAMETERS.items() if p.field.startswith("workup.pd."))),
}


def check_follows(value: Any) -> str | None:
    """Why a ``follows:`` value is not valid, or None (the run-record validator calls this)."""
    if not isinstance(value, Mapping):
        return "must be a section with 'run' (the earlier run's id) and 'changes'"
    unknown = sorted(set(value) - set(FOLLOWS_KEYS))
    if unknown:
        return f"unknown key {unknown[0]!r} (known here: {', '.join(FOLLOWS_KEYS)})"
    run = value.get("run")
    if not isinstance(run, str) or not run.strip():
        return "needs 'run': the id of the earlier run, as text"
    changes = value.get("changes")
    if changes is None:
        return None
    if not isinstance(changes, list):
        return "'changes' must be a list of changes"
    for i, change in enumerate(changes, 1):
        if not isinstance(change, Mapping):
            return f"change {i} must be a section (parameter, before, after, cause, action)"
        extra = sorted(set(change) - set(CHANGE_KEYS))
        if extra:
            return f"change {i}: unknown key {extra[0]!r} (known here: {', '.join(CHANGE_KEYS)})"
        for key in _TEXT_CHANGE_KEYS:
            if not isinstance(change.get(key), str) or not change[key].strip():
                return f"change {i} needs '{key}' as text"
    return None




def next_attempt(run_data: Mapping[str, Any], revised: Any, earlier_id: str) -> dict[str, Any]:
    """The run file data of the next attempt: the earlier run with the revised protocol's
    changes applied, the outcome cleared, and ``follows:`` naming the earlier run and the changes.

    ``run_data`` is a run file's data (``RunRecord.to_dict()``), ``revised`` a
    ``RevisedProtocol``.  Changes the run file has no field for (an extra step such as
    titrating the reagent) are still recorded in ``follows.changes``.
    """
    data = copy.deepcopy(dict(run_data))
    data.pop("outcome", None)
    data.pop("date", None)
    data.pop("follows", None)
    params = getattr(revised, "parameters", {}) or {}
    changes = list(getattr(revised, "changes", ()) or ())
    for change in changes:
        path = PARAMETER_FIELDS.get(change.parameter)
        if path is None or change.after is None:
            continue
        if any(change.parameter in names for _, names in STEPS.values()):
            continue  # written below, as one section
        set_path(data, path, change.after)
    workup = data.setdefault("workup", {})
    for method, (section, names) in STEPS.items():
        if workup.get("decomplexation") == method:
            step = workup.setdefault(section, {})
            for name in names:
                value = params.get(name)
                if value is not None:
                    step[PARAMETER_FIELDS[name].rsplit(".", 1)[1]] = value
        else:
            workup.pop(section, None)  # the record refuses one method's step beside another method
    title = data.get("title")
    if isinstance(title, str) and title:
        data["title"] = f"{title} (next attempt)"
    data["follows"] = {
        "run": earlier_id,
        "changes": [
            {"parameter": c.parameter, "before": c.before, "after": c.after, "cause": c.cause, "action": c.action}
            | ({"cause_title": c.cause_title} if getattr(c, "cause_title", "") else {})
            for c in changes
        ],
    }
    return data
