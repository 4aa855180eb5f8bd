"""The run record <-> ORD ``Reaction`` mapping: one row per run-record field.

Each :class:`Row` names a run-file field, where it lives in an Open Reaction Database
``Reaction`` (in words, for the documentation table) and the two small functions that
write and read it.  :func:`to_reaction` and :func:`from_reaction` only walk the table,
so a field is added or moved in one place.  A row whose field the run record does not
(yet) define is skipped: the second-wave rows switch themselves on when
``run_record.FIELDS`` gains the field.

Fields ORD has no place for are kept under ``boranegui:`` keys in
``provenance.reaction_metadata`` (symptoms, ruled-out checks, reduced groups, an
explicit "no quench" or "no complex breaking"), and per-compound facts without an ORD
field go to that compound's ``features`` (water content, the age, storage and titer
check of a borane bottle).  Other ORD tools show both as key-value data; only
BoraneGUI reads them as chemistry.  What a round trip cannot keep is in
:data:`NOT_KEPT`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from boranegui.core import ord_chem as oc
from boranegui.core import ord_read as rd
from boranegui.core import ord_steps as st
from boranegui.core.ord_chem import Msg
from boranegui.core.run_fields import FIELDS, set_path

if TYPE_CHECKING:
    from boranegui.core.run_record import RunRecord

META = "boranegui:"

# What a run -> ORD -> run trip does not bring back as written, and why (the round-trip
# test runs every run under tests/data; none of them hits these cases).
NOT_KEPT: dict[str, str] = {
    "(any number)": "ORD stores 32-bit floats (about 7 significant figures); values are read back rounded to 6",
    "workup.acid.volume_ml": "written as HCl mmol over the water volume; read back as equiv_vs_borane whenever "
                             "the borane amount is known, so a file giving both keeps only the equiv",
    "reagent.molarity": "for an in-situ reagent (NaBH4 + I2 or BF3·OEt2) there is no solution to hold it",
    "outcome.yield_percent": "ORD hangs a yield on a product compound: with no lactam and no target_smiles "
                             "there is no product structure, so the yield (and mass balance) is left out",
    "solvent.volumes": "a solvent without a name (possible once solvent.name is optional) cannot be an ORD "
                       "compound, so its volumes, anhydrous and water_ppm are left out",
    "reagent.age_weeks": "with no reagent.kind (possible in the second wave) there is no reagent compound for the "
                         "bottle's age, storage and titer check",
    "substrate.smiles": "a run whose substrate has no lactam exports, but import takes only lactam reductions",
}


@dataclass(frozen=True)
class Row:
    """One run-record field, where it lives in ORD, and how to write and read it."""

    path: str
    where: str
    put: Callable[[st.Out, Any], None]
    take: Callable[[rd.In], Any]


def _meta_put(path: str, kind: str = "text") -> Callable[[st.Out, Any], None]:
    def put(out: st.Out, value: Any) -> None:
        if kind == "ids":
            if not value:
                return
            value = ",".join(value)
        elif kind == "none" and value != "none":
            return  # only the absence of a step needs saying; a step says itself
        elif kind == "json":
            value = json.dumps(_plain(value), ensure_ascii=False)
        data = out.reaction.provenance.reaction_metadata[META + path]
        data.string_value = str(value)
        data.description = "BoraneGUI run-file field " + path
    return put


def _meta_take(path: str, kind: str = "text") -> Callable[[rd.In], Any]:
    def take(inp: rd.In) -> Any:
        meta = inp.reaction.provenance.reaction_metadata
        if META + path not in meta:
            return None
        text = str(meta[META + path].string_value)
        if kind == "ids":
            return [t for t in text.split(",") if t]
        if kind == "json":
            try:
                return json.loads(text)
            except ValueError:
                return None  # not ours to read; the rest of the reaction still imports
        return text
    return take


def _plain(value: Any) -> Any:
    """Run-record data (mappings, tuples) as JSON's dicts and lists."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _feature_put(which: Callable[[st.Out], Msg], key: str, description: str) -> Callable[[st.Out, Any], None]:
    def put(out: st.Out, value: Any) -> None:
        data = which(out).features[key]
        if isinstance(value, bool):
            data.string_value = "true" if value else "false"
        elif isinstance(value, int | float):
            data.float_value = float(value)
        else:
            data.string_value = str(value)
        data.description = description
    return put


def _feature_take(which: Callable[[rd.In], Msg | None], key: str) -> Callable[[rd.In], Any]:
    def take(inp: rd.In) -> Any:
        compound = which(inp)
        if compound is None or key not in compound.features:
            return None
        data = compound.features[key]
        kind = data.WhichOneof("kind")
        if kind == "float_value":
            return oc.num(data.float_value)
        if kind == "string_value":
            return {"true": True, "false": False}.get(data.string_value, data.string_value)
        return None
    return take


def _reagent_out(out: st.Out) -> Msg:
    components = out.reaction.inputs["borane"].components
    return components[0] if components else st.pb().Compound()  # no reagent kind: nowhere to say it


def _reagent_in(inp: rd.In) -> Msg | None:
    return inp.reagent[0] if inp.reagent else None


def _lactam_out(out: st.Out) -> Msg:
    return out.reaction.inputs["lactam"].components[0]


def _pd_out(out: st.Out) -> Msg:
    return st.pd_catalyst(out) or st.pb().Compound()  # no Pd step written: nowhere to say it


def _solvent_out(out: st.Out) -> Msg:
    return out.solvent()


def _no(out: st.Out, value: Any) -> None:
    """A row written with another: the equiv as the reagent's moles, the HCl figures with the acid step."""


_quench_temp = st.step_setting("quench", "temperature", "CELSIUS")
_quench_minutes = st.step_setting("quench", "duration", "MINUTE")
# The complex-breaking step's settings: the acid step's or the Pd step's, whichever was written.
_acid_temp = st.step_setting("decomplexation", "temperature", "CELSIUS")
_acid_hours = st.step_setting("decomplexation", "duration", "HOUR")

ROWS: tuple[Row, ...] = (
    Row("title", "identifiers[CUSTOM 'title']", st.put_title, rd.take_title),
    Row("date", "provenance.experiment_start", st.put_date, rd.take_date),
    Row("operator", "provenance.experimenter.name", st.put_operator, rd.take_operator),
    Row("substrate.smiles", "inputs['lactam'].components[0] SMILES (REACTANT, limiting)",
        st.put_lactam_smiles, rd.take_lactam_smiles),
    Row("substrate.molblock", "inputs['lactam'].components[0] MOLBLOCK", st.put_lactam_molblock,
        rd.take_lactam_molblock),
    Row("substrate.name", "inputs['lactam'].components[0] NAME", st.put_lactam_name, rd.take_lactam_name),
    Row("substrate.water_percent", "inputs['lactam'].components[0].features['water_percent']",
        _feature_put(_lactam_out, "water_percent", "water in the charged solid (loss on drying), %"),
        _feature_take(lambda i: i.lactam, "water_percent")),
    Row("substrate.target_smiles", "outcomes[0].products[desired] SMILES", st.put_target, rd.take_target),
    Row("scale_g", "inputs['lactam'].components[0].amount.mass", st.put_scale, rd.take_scale),
    Row("reagent.kind", "inputs['borane'].components: BH3 complex, or NaBH4 + I2 / BF3·OEt2",
        st.put_reagent_kind, rd.take_reagent_kind),
    Row("reagent.molarity", "inputs['borane'] solute moles / carrier volume (volume_includes_solutes)",
        st.put_molarity, rd.take_molarity),
    Row("reagent.equiv", "inputs['borane'] BH3 moles / lactam moles", _no, rd.take_equiv),
    Row("reagent.age_weeks", "inputs['borane'].components[0].features['age_weeks']",
        _feature_put(_reagent_out, "age_weeks", "weeks since the bottle (or activator) was opened"),
        _feature_take(_reagent_in, "age_weeks")),
    Row("reagent.storage", "inputs['borane'].components[0].features['storage']",
        _feature_put(_reagent_out, "storage", "how the opened bottle was stored: fridge or room_temp"),
        _feature_take(_reagent_in, "storage")),
    Row("reagent.titer_checked", "inputs['borane'].components[0].features['titer_checked']",
        _feature_put(_reagent_out, "titer_checked", FIELDS["reagent.titer_checked"].label),
        _feature_take(_reagent_in, "titer_checked")),
    Row("solvent.name", "inputs['lactam'].components[1] NAME and SMILES (SOLVENT)",
        st.put_solvent_name, rd.take_solvent_name),
    Row("solvent.volumes", "inputs['lactam'].components[1].amount.volume / scale_g",
        st.put_solvent_volumes, rd.take_solvent_volumes),
    Row("solvent.anhydrous", "inputs['lactam'].components[1].preparations: DRIED or NONE",
        st.put_anhydrous, rd.take_anhydrous),
    Row("solvent.water_ppm", "inputs['lactam'].components[1].features['water_ppm']",
        _feature_put(_solvent_out, "water_ppm", "water by Karl Fischer, ppm"),
        _feature_take(lambda i: i.solvent, "water_ppm")),
    Row("solvent.dissolved", "notes.is_heterogeneous (negated)", st.put_dissolved, rd.take_dissolved),
    Row("conditions.addition_temp_c", "inputs['borane'].addition_temperature", st.put_addition_temp,
        rd.take_addition_temp),
    Row("conditions.addition_minutes", "inputs['borane'].addition_duration", st.put_addition_minutes,
        rd.take_addition_minutes),
    Row("conditions.max_temp_c", "conditions.temperature.setpoint",
        st.put_max_temp, rd.take_max_temp),
    Row("conditions.time_h", "outcomes[0].reaction_time", st.put_time, rd.take_time),
    Row("workup.quench", "workups[ADDITION of methanol or water]; 'none' in reaction_metadata",
        st.put_quench, rd.take_quench),
    Row("workup.quench_temp_c", "quench workup temperature.setpoint", _quench_temp, rd.take_quench_temp),
    Row("workup.quench_minutes", "quench workup duration", _quench_minutes, rd.take_quench_minutes),
    Row("workup.decomplexation", "workups[ADDITION of HCl(aq) / Pd/C + MeOH / exchange amine]; 'none' in "
        "reaction_metadata", st.put_decomplexation, rd.take_decomplexation),
    Row("workup.acid.hcl_molarity", "acid workup: HCl moles / water volume", _no, rd.take_hcl_molarity),
    Row("workup.acid.equiv_vs_borane", "acid workup: HCl moles / borane moles", _no, rd.take_hcl_equiv),
    Row("workup.acid.volume_ml", "acid workup: water volume (volume_includes_solutes)", _no, rd.take_hcl_volume),
    Row("workup.acid.temp_c", "acid workup temperature.setpoint", _acid_temp, rd.take_acid_temp),
    Row("workup.acid.hours", "acid workup duration", _acid_hours, rd.take_acid_hours),
    Row("workup.pd.loading_wt_percent", "Pd workup: Pd/C compound amount.mass (g) / scale_g x 100",
        st.put_pd_loading, rd.take_pd_loading),
    Row("workup.pd.pd_percent", "Pd workup: Pd/C compound features['pd_percent']",
        _feature_put(_pd_out, "pd_percent", "Pd content of the catalyst, wt % (10 % Pd/C)"),
        _feature_take(rd.pd_catalyst, "pd_percent")),
    Row("workup.pd.temp_c", "Pd workup temperature.setpoint", _acid_temp, rd.take_pd_temp),
    Row("workup.pd.hours", "Pd workup duration", _acid_hours, rd.take_pd_hours),
    Row("workup.basify_ph", "workups[PH_ADJUST].target_ph", st.put_basify, rd.take_basify),
    Row("workup.extraction_solvent", "workups[EXTRACTION].input (keep_phase organic)", st.put_extraction,
        rd.take_extraction),
    Row("outcome.yield_percent", "outcomes[0].products[desired] YIELD, analysis 'isolated' (WEIGHT)",
        st.put_yield, rd.take_yield),
    Row("outcome.mass_balance_percent", "outcomes[0].products[desired] YIELD, analysis 'crude' (WEIGHT, "
        "not isolated)", st.put_mass_balance, rd.take_mass_balance),
    Row("outcome.starting_material_percent", "outcomes[0].products[lactam, role REACTANT] AREA, analysis "
        "'hplc' (LC)", st.put_starting_material, rd.take_starting_material),
    Row("outcome.symptoms", "provenance.reaction_metadata['boranegui:outcome.symptoms']",
        _meta_put("outcome.symptoms", "ids"), _meta_take("outcome.symptoms", "ids")),
    Row("outcome.ruled_out", "provenance.reaction_metadata['boranegui:outcome.ruled_out']",
        _meta_put("outcome.ruled_out", "ids"), _meta_take("outcome.ruled_out", "ids")),
    Row("outcome.notes", "observations[].comment", st.put_notes, rd.take_notes),
    Row("outcome.masses", "outcomes[0].analyses['ms_<where>'] (LCMS) data 'peak_<i>_mz', 'peak_<i>_percent'",
        st.put_masses, rd.take_masses),
    Row("follows", "provenance.reaction_metadata['boranegui:follows'] (JSON: the earlier run's history id and "
        "the changes)", _meta_put("follows", "json"), _meta_take("follows", "json")),
    Row("outcome.reduced_groups", "provenance.reaction_metadata['boranegui:outcome.reduced_groups']",
        _meta_put("outcome.reduced_groups", "ids"), _meta_take("outcome.reduced_groups", "ids")),
    Row("assumed", "provenance.reaction_metadata['boranegui:assumed'] (fields taken from the note, not recorded)",
        _meta_put("assumed", "ids"), _meta_take("assumed", "ids")),
    Row("not_known", "provenance.reaction_metadata['boranegui:not_known'] (questions answered I don't know)",
        _meta_put("not_known", "ids"), _meta_take("not_known", "ids")),
)
# 'none' for quench or complex breaking has no ORD step to say it: it is kept as metadata.
NONE_MARKERS: tuple[Row, ...] = (
    Row("workup.quench", "", _meta_put("workup.quench", "none"), _meta_take("workup.quench")),
    Row("workup.decomplexation", "", _meta_put("workup.decomplexation", "none"), _meta_take("workup.decomplexation")),
)


def defined(path: str) -> bool:
    """Whether the run record (as installed) has this field: second-wave rows wait for it."""
    from boranegui.core.run_record import FIELDS

    return path in FIELDS or any(p.startswith(path + ".") for p in FIELDS)


def active_rows() -> tuple[Row, ...]:
    return tuple(row for row in ROWS if defined(row.path))


def to_reaction(run: RunRecord, *, email: str, planned_steps: tuple[str, ...] = ()) -> Msg:
    """The run as an ORD ``Reaction`` (not yet validated; see ord_io.export_reactions)."""
    out = st.Out.start(run, email=email)
    for row in (*active_rows(), *NONE_MARKERS):
        value = run.get(row.path)
        if value is not None:
            row.put(out, value)
    st.finish(out, planned_steps)
    return out.reaction


def from_reaction(reaction: Msg) -> dict[str, Any]:
    """Plain run-file data from an ORD ``Reaction``; ValueError says in one line why it is not one of ours.

    The result still goes through ``run_record.from_dict``, which reports what is missing.
    """
    inp = rd.In.read(reaction)
    data: dict[str, Any] = {"format": "borane-run/1"}
    for row in (*NONE_MARKERS, *active_rows()):
        if row.path in data_paths(data):
            continue
        value = row.take(inp)
        if value is not None:
            set_path(data, row.path, value)
    return data


def data_paths(data: dict[str, Any], prefix: str = "") -> set[str]:
    paths: set[str] = set()
    for key, value in data.items():
        path = f"{prefix}.{key}" if prefix else key
        paths |= data_paths(value, path) if isinstance(value, dict) else {path}
    return paths


