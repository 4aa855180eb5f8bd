"""Runs and hand-built diagnoses shared by the protocol tests.

The four causes carry the corrective actions of the note's troubleshooting table, as
the shipped rules will (branch diagnosis); they are built here so the protocol model
is tested on its own.
"""

from __future__ import annotations

from typing import Any

from boranegui.core import run_record
from boranegui.core.diagnosis import Action, Diagnosis, RankedCause
from boranegui.core.run_fields import set_path

NORDAZEPAM = "O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1"
NOTE_TABLE = "the note, troubleshooting table"


def run_dict(**over: Any) -> dict[str, Any]:
    """The note's worked example as a run file's data; ``over`` replaces dotted fields."""
    data: dict[str, Any] = {
        "format": "borane-run/1",
        "title": "Nordazepam reduction",
        "substrate": {"smiles": NORDAZEPAM, "name": "nordazepam lactam"},
        "scale_g": 5.0,
        "reagent": {"kind": "bh3_thf", "molarity": 1.0, "equiv": 4.0},
        "solvent": {"name": "THF", "volumes": 8, "anhydrous": True},
        "conditions": {"addition_temp_c": 0, "addition_minutes": 45, "max_temp_c": 66, "time_h": 3},
        "workup": {
            "quench": "methanol", "quench_temp_c": 0, "decomplexation": "acid",
            "acid": {"hcl_molarity": 6, "equiv_vs_borane": 2.5, "temp_c": 66, "hours": 1.0},
            "basify_ph": 11, "extraction_solvent": "EtOAc",
        },
        "outcome": {"symptoms": []},
    }
    for path, value in over.items():
        set_path(data, path, value)
    return data


def make_run(**over: Any) -> run_record.RunRecord:
    return run_record.from_dict(run_dict(**over))


def cause(cid: str, *actions: Action, score: float = 0.8, source: str = NOTE_TABLE) -> RankedCause:
    return RankedCause(cid, cid.replace("_", " "), "", score, (), tuple(actions), source)


def action(aid: str, patch: dict[str, dict[str, Any]], source: str = NOTE_TABLE) -> Action:
    return Action(aid, aid.replace("_", " "), source, patch)


# The note's four rows: symptom -> cause -> corrective action, as patches.
ACID_REFLUX = action("acid_reflux_longer", {"acid_temp_c": {"at_least": 66}, "acid_hours": {"at_least": 2},
                                            "hcl_equiv_vs_borane": {"at_least": 3}})
TITRATE = action("titrate_reagent", {"titrate_reagent": {"set": True}})
FRESH = action("fresh_reagent", {"fresh_reagent": {"set": True}})
MILDER = action("lower_temperature", {"reaction_temp_c": {"at_most": 25}, "borane_equiv": {"at_most": 5}})
MEOH_QUENCH = action("methanol_quench", {"quench": {"set": "methanol"}, "meoh_coevaporation": {"set": True}})

NOTE_CAUSES = {
    "amine_borane_complex": cause("amine_borane_complex", ACID_REFLUX),
    "reagent_degraded": cause("reagent_degraded", TITRATE, FRESH),
    "over_reduction": cause("over_reduction", MILDER),
    "borate_gel": cause("borate_gel", MEOH_QUENCH),
}


def diagnosis(*causes: RankedCause) -> Diagnosis:
    return Diagnosis(tuple(causes))
