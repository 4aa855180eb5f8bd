"""The base protocol: the run as performed, the note's values where the run record is silent.

Any run-record field may be missing (None): each parameter then takes the note's value
and is listed as assumed, with where the value comes from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from boranegui.core import amounts as am
from boranegui.core.protocol.model import Protocol, SubstrateFacts
from boranegui.core.protocol.route import METHOD_WORDS, choose
from boranegui.core.run_record import DEFAULT_MOLARITY
from boranegui.core.sources import short

if TYPE_CHECKING:
    from boranegui.core.run_record import RunRecord
    from boranegui.core.substrate import SubstrateAnalysis

# The note's values, used where a run record is silent, with where they come from.  The note
# gives ranges for THF volumes and HCl; the value inside the range is ours, and says so.
NOTE_VALUES: dict[str, tuple[Any, str]] = {
    "scale_g": (5.0, "the note's worked example (5.00 g)"),
    "reagent_kind": ("bh3_thf", "the note's protocol (BH3·THF, step 3)"),
    "borane_equiv": (4.0, "the note's worked example (4.0 equiv, within its 3.0-5.0)"),
    "thf_volumes": (8.0, "BoraneGUI's choice within the note's 5-10 volumes (step 2)"),
    "addition_temp_c": (0.0, "the note, step 2"),
    "addition_minutes": (45.0, "the middle of the note's 30-60 min (step 4)"),
    "reaction_temp_c": (66.0, "the note, step 5 (reflux; 66 °C, THF's boiling point, is BoraneGUI's figure)"),
    "reaction_time_h": (3.0, "the middle of the note's 2-4 h at reflux (step 5)"),
    "quench": ("methanol", "the note, step 6"),
    "quench_temp_c": (0.0, "the note, step 6"),
    "decomplexation": ("acid", "the note, steps 7-8"),
    "hcl_molarity": (6.0, "the note, step 7"),
    "hcl_equiv_vs_borane": (2.5, "BoraneGUI's choice within the note's 2-3 equiv (step 7)"),
    "acid_temp_c": (66.0, "the note, step 8: reflux (66 °C, THF's boiling point, is BoraneGUI's figure for it)"),
    "acid_hours": (1.0, "the note, step 8"),
    "pd_loading_wt_percent": (am.PD_LOADING_WT_PERCENT, f"10 wt % of the lactam: {am.PD_CHOSEN}"),
    "pd_percent": (am.PD_PERCENT, f"{short('couturier_2001')} (10 % Pd/C)"),
    "pd_temp_c": (am.PD_TEMP_C, f"room temperature: {am.PD_CHOSEN}"),
    "pd_hours": (am.PD_HOURS, f"{short('couturier_2001')}: about 12 h with 10 % Pd/C for a strongly held adduct"),
    "basify_ph": (10.0, "the note, step 9 (pH > 10)"),
    "base": ("NaOH", "the note, step 9"),
    "base_molarity": (2.0, "the note, step 9"),
    "extraction_solvent": ("EtOAc or DCM", "the note, step 10"),
}
# The Pd/C step's run-record fields and the protocol parameters they set.
PD_FIELDS: dict[str, str] = {
    "workup.pd.loading_wt_percent": "pd_loading_wt_percent",
    "workup.pd.pd_percent": "pd_percent",
    "workup.pd.temp_c": "pd_temp_c",
    "workup.pd.hours": "pd_hours",
}


def pd_default(path: str) -> tuple[float, str]:
    """The value the protocol takes for an unrecorded Pd/C field, and whose it is (for a placeholder)."""
    value, where = NOTE_VALUES[PD_FIELDS[path]]
    return value, "BoraneGUI's choice" if "BoraneGUI's choice" in where else short("couturier_2001")


AMINE_PH_SOURCE = ("BoraneGUI's choice for an aliphatic amine product: pH 12, two units above the pKa "
                   "(about 10-11) of its ammonium ion; the note's pH > 10 leaves part of it protonated")
# A bottle older than this is titrated as a matter of course (BoraneGUI's judgement: at the note's
# 1-2 %/week, 8 weeks is 8-16 % of the titer); so is a bottle of unknown age.
TITRATE_AFTER_WEEKS = 8.0
TITRATE_SOURCE = ("standard before use for a bottle of unknown age or opened more than 8 weeks ago "
                  "(BoraneGUI's judgement: 8-16 % lost at the note's 1-2 %/week)")


def field(obj: Any, path: str) -> Any:
    """A dotted run-record field, or None when it (or any section above it) is missing."""
    for part in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, part, None)
    return obj


def substrate_facts(run: RunRecord, analysis: SubstrateAnalysis | None = None) -> SubstrateFacts:
    """The facts the protocol needs, from the substrate analysis (computed when not given)."""
    from boranegui.core.protocol.route import product_properties

    if analysis is None:
        from boranegui.core.substrate import analyse

        substrate = field(run, "substrate")
        analysis = analyse(substrate.structure if substrate is not None else "")
    groups = dict(analysis.groups)
    logp, product_mw = product_properties(analysis)
    return SubstrateFacts(
        field(run, "substrate.name") or "the lactam", analysis.smiles, float(analysis.mw),
        max(1, len(analysis.lactams)), int(groups.get("acidic_nh_oh", 0)), groups, analysis.formula,
        hydride_budget=float(analysis.hydride_budget), budget_bh=int(analysis.budget_bh),
        product_basic_n=int(analysis.budget_basic_n), acid_labile=tuple(analysis.acid_labile),
        pd_sensitive=tuple(analysis.pd_sensitive), product_logp=logp, product_mw=product_mw)


def _hcl_equiv(run: RunRecord, facts: SubstrateFacts) -> float | None:
    """HCl per borane as recorded, or from a recorded volume (a notebook's "30 mL of 6 M HCl")."""
    acid = field(run, "workup.acid")
    if acid is None or acid.equiv_vs_borane is not None:
        return None if acid is None else acid.equiv_vs_borane
    equiv = field(run, "reagent.equiv")
    if acid.volume_ml is None or acid.hcl_molarity is None or equiv is None:
        return None
    borane = am.substrate_mmol(run.scale_g, facts.mw, field(run, "substrate.water_percent")) * equiv
    return am.hcl_vs_borane(borane, acid.hcl_molarity, volume_ml=acid.volume_ml)[0]


def _choice(value: Any) -> Any:
    return None if value in (None, "none") else value


def base_protocol(run: RunRecord, substrate: SubstrateFacts | SubstrateAnalysis | None = None) -> Protocol:
    """The run as performed, as protocol parameters; the note's values where the run is silent."""
    facts = substrate if isinstance(substrate, SubstrateFacts) else substrate_facts(run, substrate)
    warnings: list[str] = []
    kind = field(run, "reagent.kind")
    molarity = field(run, "reagent.molarity")
    titer_checked = field(run, "reagent.titer_checked")
    from_run: dict[str, Any] = {
        "scale_g": field(run, "scale_g"),
        "thf_volumes": field(run, "solvent.volumes"),
        "addition_temp_c": field(run, "conditions.addition_temp_c"),
        "addition_minutes": field(run, "conditions.addition_minutes"),
        "reagent_kind": kind,
        "reagent_molarity": molarity if molarity is not None else DEFAULT_MOLARITY.get(kind or "bh3_thf"),
        "borane_equiv": field(run, "reagent.equiv"),
        "reaction_temp_c": field(run, "conditions.max_temp_c"),
        "reaction_time_h": field(run, "conditions.time_h"),
        "quench": _choice(field(run, "workup.quench")),
        "quench_temp_c": field(run, "workup.quench_temp_c"),
        "quench_minutes": field(run, "workup.quench_minutes"),
        "decomplexation": _choice(field(run, "workup.decomplexation")),
        "hcl_molarity": field(run, "workup.acid.hcl_molarity"),
        "hcl_equiv_vs_borane": _hcl_equiv(run, facts),
        "acid_temp_c": field(run, "workup.acid.temp_c"),
        "acid_hours": field(run, "workup.acid.hours"),
        **{param: field(run, path) for path, param in PD_FIELDS.items()},
        "basify_ph": field(run, "workup.basify_ph"),
        "base": None,
        "base_molarity": None,
        "extraction_solvent": field(run, "workup.extraction_solvent"),
        "titrate_reagent": bool(titer_checked),
        "fresh_reagent": False,
        "dry_solvent": False,
        "meoh_coevaporation": False,
        "warm_before_acid": False,
        "salt_out_extraction": False,
    }
    from_note: list[tuple[str, Any, str]] = []
    params: dict[str, Any] = {}
    for name, value in from_run.items():
        if value is None and name in NOTE_VALUES:
            value, where = NOTE_VALUES[name]
            if name == "basify_ph" and facts.product_basic_n:
                value, where = am.ALIPHATIC_AMINE_PH, AMINE_PH_SOURCE
            from_note.append((name, value, where))
        params[name] = value
    if params["reagent_molarity"] is None and params["reagent_kind"] in DEFAULT_MOLARITY:
        params["reagent_molarity"] = DEFAULT_MOLARITY[params["reagent_kind"]]
    age = field(run, "reagent.age_weeks")
    if (not params["titrate_reagent"] and params["reagent_kind"] in DEFAULT_MOLARITY
            and (age is None or age > TITRATE_AFTER_WEEKS)):
        params["titrate_reagent"] = True
        from_note.append(("titrate_reagent", True, TITRATE_SOURCE))
    if field(run, "workup.quench") == "none":
        warnings.append("This run had no quench. The protocol uses the note's MeOH quench at 0 °C (step 6): "
                        "B-H left when acid goes in gives delayed, violent H2 evolution.")
    if from_run["decomplexation"] is None:
        route = choose(None, facts)
        if route.method != "acid":
            params["decomplexation"] = route.method
            from_note[:] = [n for n in from_note if n[0] != "decomplexation"]
            from_note.append(("decomplexation", route.method,
                              f"the note's acid step (steps 7-8) is ruled out for this substrate: {route.why}; "
                              f"{METHOD_WORDS[route.method]} instead"))
        if field(run, "workup.decomplexation") == "none":
            warnings.append(
                "This run did not break the amine-borane complex. The protocol breaks it by "
                f"{METHOD_WORDS[params['decomplexation']]}: without it the product stays bound to BH3 "
                "(the note's 'trap').")
    solvent = field(run, "solvent.name")
    if solvent and solvent.strip().upper() != "THF":
        warnings.append(f"The run used {solvent}; the note's procedure, and these volumes, are for THF.")
    return Protocol(run, params, facts, tuple(from_note), tuple(warnings))
