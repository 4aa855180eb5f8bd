"""The base protocol: the run as performed, the note's values where the run record is silent.

Any run-record field may be missing (None): each parameter then takes the note's value
and is listed as assumed, with where the value comes from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from boranegui.core import amounts as am
from boranegui.core.note_values import NOTE_VALUES as NOTE
from boranegui.core.note_values import PD_DEFAULTS
from boranegui.core.parameters import PARAMETERS
from boranegui.core.protocol.model import Protocol, SubstrateFacts
from boranegui.core.protocol.route import METHOD_WORDS, choose
from boranegui.core.run_record import DEFAULT_MOLARITY

if TYPE_CHECKING:
    from boranegui.core.run_record import RunRecord
    from boranegui.core.substrate import SubstrateAnalysis

# Protocol parameter -> the run-record field it is read from (parameters.PARAMETERS); where the run
# is silent, the note's value for that field (core/note_values.py, the one table the wizard reads too).
PARAM_FIELDS: dict[str, str] = {name: p.field for name, p in PARAMETERS.items() if p.field}
# The note's values by parameter: those of the run fields (and the Pd/C step's defaults, which the
# note does not give), and the work-up base that no run field holds.
NOTE_VALUES: dict[str, tuple[Any, str]] = {
    "scale_g": (5.0, "the note's worked example (5.00 g)"),
    **{param: tuple(NOTE[path]) for param, path in PARAM_FIELDS.items() if path in NOTE},
    **{param: tuple(PD_DEFAULTS[path]) for param, path in PARAM_FIELDS.items() if path in PD_DEFAULTS},
    "base": ("NaOH", "the note, step 9"),
    "base_molarity": (2.0, "the note, step 9"),
}
AMINE_PH_SOURCE = ("BoraneGUI's choice for an aliphatic amine product: pH 12, two units above the pKa "
                   "(about 10-11) of its ammonium ion; the note's pH > 10 leaves part of it protonated")
# A bottle older than this is titrated as a matter of course (BoraneGUI's judgement: at the note's
# 1-2 %/week, 8 weeks is 8-16 % of the titer); so is a bottle of unknown age.
TITRATE_AFTER_WEEKS = 8.0
TITRATE_SOURCE = ("standard before use for a bottle of unknown age or opened more than 8 weeks ago "
                  "(BoraneGUI's judgement: 8-16 % lost at the note's 1-2 %/week)")


def substrate_facts(run: RunRecord, analysis: SubstrateAnalysis | None = None) -> SubstrateFacts:
    """The facts the protocol needs, from the substrate analysis (computed when not given)."""
    from boranegui.core.protocol.route import product_properties

    if analysis is None:
        from boranegui.core.substrate import analyse

        substrate = run.get("substrate")
        analysis = analyse(substrate.structure if substrate is not None else "")
    groups = dict(analysis.groups)
    logp, product_mw = product_properties(analysis)
    return SubstrateFacts(
        run.get("substrate.name") or "the lactam", analysis.smiles, float(analysis.mw),
        max(1, len(analysis.lactams)), int(groups.get("acidic_nh_oh", 0)), groups, analysis.formula,
        hydride_budget=float(analysis.hydride_budget), budget_bh=int(analysis.budget_bh),
        product_basic_n=int(analysis.budget_basic_n), acid_labile=tuple(analysis.acid_labile),
        pd_sensitive=tuple(analysis.pd_sensitive), product_logp=logp, product_mw=product_mw)


def _hcl_equiv(run: RunRecord, facts: SubstrateFacts) -> float | None:
    """HCl per borane as recorded, or from a recorded volume (a notebook's "30 mL of 6 M HCl")."""
    acid = run.get("workup.acid")
    if acid is None or acid.equiv_vs_borane is not None:
        return None if acid is None else acid.equiv_vs_borane
    equiv = run.get("reagent.equiv")
    if acid.volume_ml is None or acid.hcl_molarity is None or equiv is None:
        return None
    borane = am.substrate_mmol(run.scale_g, facts.mw, run.get("substrate.water_percent")) * equiv
    return am.hcl_vs_borane(borane, acid.hcl_molarity, volume_ml=acid.volume_ml)[0]


def _choice(value: Any) -> Any:
    return None if value in (None, "none") else value


def base_protocol(run: RunRecord, substrate: SubstrateFacts | SubstrateAnalysis | None = None) -> Protocol:
    """The run as performed, as protocol parameters; the note's values where the run is silent."""
    facts = substrate if isinstance(substrate, SubstrateFacts) else substrate_facts(run, substrate)
    warnings: list[str] = []
    kind = run.get("reagent.kind")
    molarity = run.get("reagent.molarity")
    titer_checked = run.get("reagent.titer_checked")
    from_run: dict[str, Any] = {param: run.get(path) for param, path in PARAM_FIELDS.items()}
    from_run.update({
        "reagent_molarity": molarity if molarity is not None else DEFAULT_MOLARITY.get(kind or "bh3_thf"),
        "quench": _choice(from_run["quench"]),
        "decomplexation": _choice(from_run["decomplexation"]),
        "hcl_equiv_vs_borane": _hcl_equiv(run, facts),
        "base": None,
        "base_molarity": None,
        "titrate_reagent": bool(titer_checked),
        "fresh_reagent": False,
        "dry_solvent": False,
        "meoh_coevaporation": False,
        "warm_before_acid": False,
        "salt_out_extraction": False,
    })
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
    age = run.get("reagent.age_weeks")
    if (not params["titrate_reagent"] and params["reagent_kind"] in DEFAULT_MOLARITY
            and (age is None or age > TITRATE_AFTER_WEEKS)):
        params["titrate_reagent"] = True
        from_note.append(("titrate_reagent", True, TITRATE_SOURCE))
    if run.get("workup.quench") == "none":
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
        if run.get("workup.decomplexation") == "none":
            warnings.append(
                "This run did not break the amine-borane complex. The protocol breaks it by "
                f"{METHOD_WORDS[params['decomplexation']]}: without it the product stays bound to BH3 "
                "(the note's 'trap').")
    solvent = run.get("solvent.name")
    if solvent and solvent.strip().upper() != "THF":
        warnings.append(f"The run used {solvent}; the note's procedure, and these volumes, are for THF.")
    return Protocol(run, params, facts, tuple(from_note), tuple(warnings))
