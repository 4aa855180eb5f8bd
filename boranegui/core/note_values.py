"""The application note's procedure as values, one per run-record field, with where each comes from.

One table read by two readers that used to keep their own copies (and disagreed on the pH
and the extraction solvent): the wizard shows these as placeholders ("note: 4 equiv") and
stores one only when the chemist accepts it, marked as assumed; the base protocol uses them
where a run record is silent and lists them as taken from the note.  The note gives ranges
for THF volumes, addition time, reflux time and HCl; the value inside the range is
BoraneGUI's and says so.

The note breaks the complex with acid only; for a Pd/C step (:data:`PD_DEFAULTS`) the values are
Couturier et al.'s where the paper gives one, else BoraneGUI's choice, and the wizard says whose.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from boranegui.core.sources import short


class NoteValue(NamedTuple):
    """A value of the note's procedure and where in the note (or in BoraneGUI's judgement) it is."""

    value: Any
    source: str


# Run-record field path -> the note's value.  The reagent's molarity is not here: it follows the
# reagent (run_fields.DEFAULT_MOLARITY) and, for BH3·THF, the lab's bottle (Settings).
NOTE_VALUES: dict[str, NoteValue] = {
    "reagent.kind": NoteValue("bh3_thf", "the note's protocol (BH3·THF, step 3)"),
    "reagent.equiv": NoteValue(4.0, "the note's worked example (4.0 equiv, within its 3.0-5.0)"),
    "reagent.storage": NoteValue("fridge", "the note's reagent table (BH3·THF needs storage below 5 °C)"),
    "solvent.name": NoteValue("THF", "the note, step 2"),
    "solvent.volumes": NoteValue(8.0, "BoraneGUI's choice within the note's 5-10 volumes (step 2)"),
    "solvent.anhydrous": NoteValue(True, "the note, step 2 (anhydrous THF)"),
    "conditions.addition_temp_c": NoteValue(0.0, "the note, step 2"),
    "conditions.addition_minutes": NoteValue(45.0, "the middle of the note's 30-60 min (step 4)"),
    "conditions.max_temp_c": NoteValue(
        66.0, "the note, step 5 (reflux; 66 °C, THF's boiling point, is BoraneGUI's figure)"),
    "conditions.time_h": NoteValue(3.0, "the middle of the note's 2-4 h at reflux (step 5)"),
    "workup.quench": NoteValue("methanol", "the note, step 6"),
    "workup.quench_temp_c": NoteValue(0.0, "the note, step 6"),
    "workup.decomplexation": NoteValue("acid", "the note, steps 7-8"),
    "workup.acid.hcl_molarity": NoteValue(6.0, "the note, step 7"),
    "workup.acid.equiv_vs_borane": NoteValue(2.5, "BoraneGUI's choice within the note's 2-3 equiv (step 7)"),
    "workup.acid.temp_c": NoteValue(
        66.0, "the note, step 8: reflux (66 °C, THF's boiling point, is BoraneGUI's figure for it)"),
    "workup.acid.hours": NoteValue(1.0, "the note, step 8"),
    "workup.basify_ph": NoteValue(10.0, "the note, step 9 (pH > 10)"),
    "workup.extraction_solvent": NoteValue("EtOAc or DCM", "the note, step 10"),
}

# The Pd/C step (decomplexation pd_methanol), not in the note: Couturier et al. 2001 use 10 % Pd/C in
# MeOH and needed about 12 h for a strongly held adduct; their abstract gives no loading or
# temperature we could check, so those are BoraneGUI's choice.
_PD_CHOSEN = (f"BoraneGUI's choice ({short('couturier_2001')} use 10 % Pd/C in MeOH; we found no loading or "
              "temperature to cite)")
PD_DEFAULTS: dict[str, NoteValue] = {
    "workup.pd.loading_wt_percent": NoteValue(10.0, f"10 wt % of the lactam (as 10 % Pd/C, 50 % water-wet): "
                                                    f"{_PD_CHOSEN}"),
    "workup.pd.pd_percent": NoteValue(10.0, f"{short('couturier_2001')} (10 % Pd/C)"),
    "workup.pd.temp_c": NoteValue(20.0, f"room temperature: {_PD_CHOSEN}"),
    "workup.pd.hours": NoteValue(12.0, f"{short('couturier_2001')}: about 12 h with 10 % Pd/C for a strongly "
                                       "held adduct"),
}


def pd_whose(path: str) -> str:
    """Whose a Pd/C default is, in a few words (for a placeholder): the paper's, or BoraneGUI's choice."""
    return "BoraneGUI's choice" if "BoraneGUI's choice" in PD_DEFAULTS[path].source else short("couturier_2001")
