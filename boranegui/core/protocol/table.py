"""The figures of a protocol: its stoichiometry, the amounts table and the safety lines.

Every number comes from core/amounts.py; each row and line says what its figure rests on
(a source, or "BoraneGUI's choice" with the reason).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from boranegui.core import amounts as am
from boranegui.core import reagents
from boranegui.core.protocol.model import Amount, Protocol, SubstrateFacts
from boranegui.core.run_record import REAGENT_KINDS
from boranegui.core.sources import short

LARGE_SCALE_G = reagents.LARGE_SCALE_G


def stoichiometry(params: Mapping[str, Any], protocol: Protocol) -> am.Stoichiometry:
    """The raw amounts of ``params`` for the protocol's substrate."""
    facts = protocol.substrate
    return am.stoichiometry(
        scale_g=params["scale_g"], mw=facts.mw if facts else math.nan, reagent_kind=params["reagent_kind"],
        borane_equiv=params["borane_equiv"], thf_volumes=params["thf_volumes"],
        reagent_molarity=params.get("reagent_molarity"),
        water_percent=protocol.run.get("substrate.water_percent"),
        lactams=facts.lactams if facts else 1, acidic_h=facts.acidic_h if facts else 0,
        bh_demand=facts.budget_bh if facts and facts.budget_bh else None,
        acid_oh=facts.groups.get("carboxylic_acid", 0) if facts else 0,
        acid_workup=params.get("decomplexation") == "acid",
        hcl_equiv_vs_borane=params["hcl_equiv_vs_borane"], hcl_molarity=params["hcl_molarity"],
        base_molarity=params["base_molarity"],
    )


def held_bh3_mmol(s: am.Stoichiometry, facts: SubstrateFacts | None) -> float:
    """BH3 the product's basic N hold after the quench (at least one per lactam, at most all borane)."""
    per_mol = max(1, facts.product_basic_n) if facts else 1
    return min(s.borane_mmol, s.substrate_mmol * per_mol)


def exchange_mmol(s: am.Stoichiometry, facts: SubstrateFacts | None) -> float:
    return held_bh3_mmol(s, facts) * am.EXCHANGE_PER_BH3


def total_volume_ml(params: Mapping[str, Any], s: am.Stoichiometry) -> float:
    """Everything the flask holds at its fullest: solvent, borane solution, MeOH and the work-up."""
    total = s.thf_ml + (s.borane_ml or 0.0) + (s.activator_ml or 0.0) + s.meoh_ml
    if params.get("decomplexation") == "acid":
        total += (s.hcl_ml or 0.0) + (s.naoh_ml or 0.0)
    elif params.get("decomplexation") == "pd_methanol":
        total += params["scale_g"] * am.PD_MEOH_VOLUMES
    return total


def amounts(params: Mapping[str, Any], s: am.Stoichiometry, protocol: Protocol) -> tuple[Amount, ...]:
    """The amounts table: one row per reagent a step names."""
    facts = protocol.substrate
    r = am.round_amount
    kind = params["reagent_kind"]
    water = protocol.run.get("substrate.water_percent")
    mw_note = f"MW {facts.mw:.2f} g/mol" if facts else ""
    if water:
        mw_note += f"; {water:g} % water subtracted: mmol and every equiv are on the dry mass"
    out = [Amount(facts.name if facts else "lactam", "substrate", 1.0, am.round_substrate_mmol(s.substrate_mmol),
                  mass_g=params["scale_g"], note=mw_note)]
    eq = params["borane_equiv"]
    demand = f"; the substrate's demand is {facts.hydride_budget:.2f} equiv" if facts else ""
    if kind in am.IN_SITU:
        recipe = am.IN_SITU[kind]
        out.append(Amount("NaBH4", "reductant", round(eq * recipe.nabh4_per_bh3, 2), r(s.nabh4_mmol or 0),
                          mass_g=r(s.nabh4_g or 0), note=f"{recipe.equation} ({short(recipe.source)})"))
        out.append(Amount(recipe.activator, "reductant", round(eq * recipe.activator_per_bh3, 2),
                          r(s.activator_mmol or 0), mass_g=r(s.activator_g or 0),
                          volume_ml=None if s.activator_ml is None else r(s.activator_ml),
                          note=f"generates {am.fmt_mmol(s.borane_mmol)} BH3 ({am.fmt_equiv(eq)} equiv){demand}"))
    else:
        name = REAGENT_KINDS[kind].split(" (")[0]
        out.append(Amount(f"{name} ({am.fmt_molarity(params['reagent_molarity'])})", "reductant", eq, r(s.borane_mmol),
                          volume_ml=r(s.borane_ml or 0), note=demand.lstrip("; ")))
    out.append(Amount("THF (anhydrous)", "solvent", None, None,
                      volume_ml=am.round_solvent_ml(s.thf_ml), note=f"{params['thf_volumes']:g} volumes (mL/g)"))
    if params["quench"] == "methanol":
        out.append(Amount("MeOH", "quench", round(s.meoh_mmol / s.substrate_mmol, 1), r(s.meoh_mmol),
                          mass_g=r(s.meoh_g), volume_ml=r(s.meoh_ml), note=am.MEOH_BASIS))
    else:
        out.append(Amount("water", "quench", None, None, note="until gas stops (the run's quench)"))
    method = params["decomplexation"]
    if method == "acid" and s.hcl_mmol is not None and s.hcl_ml is not None \
            and s.naoh_mmol is not None and s.naoh_ml is not None:
        out.append(Amount(f"HCl ({params['hcl_molarity']:g} M aq.)", "acid",
                          round(s.hcl_mmol / s.substrate_mmol, 2), r(s.hcl_mmol), volume_ml=r(s.hcl_ml),
                          note=f"{am.fmt_equiv(params['hcl_equiv_vs_borane'])} equiv vs BH3 (the note, step 7)"))
        out.append(Amount(f"{params['base']} ({params['base_molarity']:g} M aq.)", "base",
                          round(s.naoh_mmol / s.substrate_mmol, 2), r(s.naoh_mmol), volume_ml=r(s.naoh_ml),
                          note=f"at least this much: {am.BASE_BASIS}; then to pH {params['basify_ph']:g}",
                          minimum=True))
    elif method == "pd_methanol":
        out.append(Amount("MeOH (for the methanolysis)", "solvent", None, None,
                          volume_ml=am.round_solvent_ml(params["scale_g"] * am.PD_MEOH_VOLUMES),
                          note=am.PD_MEOH_BASIS))
        loading = params["pd_loading_wt_percent"]
        out.append(Amount(f"{params['pd_percent']:g} % Pd/C", "catalyst", None, None,
                          mass_g=r(am.pd_catalyst_g(params["scale_g"], loading)),
                          note=f"{loading:g} wt % of the lactam, as charged: "
                               f"{origin('pd_loading_wt_percent', params, protocol)}"))
    else:
        mmol = exchange_mmol(s, facts)
        out.append(Amount("piperazine", "exchange_amine", round(mmol / s.substrate_mmol, 2), r(mmol),
                          mass_g=r(am.mass_g(mmol, am.MW_PIPERAZINE)), note=am.EXCHANGE_BASIS))
    portions = am.extraction_portions(params["salt_out_extraction"])
    each = am.round_solvent_ml(params["scale_g"] * am.EXTRACTION_VOLUMES)
    out.append(Amount(f"{params['extraction_solvent']} (extraction)", "solvent", None, None,
                      volume_ml=portions * each,
                      note=f"{portions} × {am.fmt_ml(each, solvent=True)} (step 10; {am.EXTRACTION_VOLUMES:g} mL "
                           "per g of lactam per portion is BoraneGUI's choice)"))
    return tuple(out)


def origin(name: str, params: Mapping[str, Any], protocol: Protocol) -> str:
    """Where a parameter's value comes from: the run's record, a default with its source, or the diagnosis."""
    noted = {p: where for p, _, where in protocol.from_note}
    if params[name] != protocol.parameters.get(name):
        return "changed for the next attempt (see the changes)"
    return noted.get(name, "as recorded in the run")


def safety_lines(params: Mapping[str, Any], s: am.Stoichiometry, protocol: Protocol) -> tuple[str, ...]:
    """The figures and set-up a chemist needs before starting, each with its basis."""
    lines = [f"H2 on quench: up to {am.fmt_mmol(s.quench_h2_mmol)} ({am.fmt_litres(s.quench_h2_mmol)} at 20 °C, "
             f"1 atm; basis: {am.H2_BASIS})."]
    if s.addition_h2_mmol > 0:
        lines.append(f"H2 on addition from the substrate's acidic H (N-H, O-H, CO2H) and any water it carries: "
                     f"{am.fmt_mmol(s.addition_h2_mmol)} ({am.fmt_litres(s.addition_h2_mmol)}).")
    if s.generation_h2_mmol > 0:
        lines.append(f"H2 on generating the borane in situ: {am.fmt_mmol(s.generation_h2_mmol)} "
                     f"({am.fmt_litres(s.generation_h2_mmol)}).")
    minutes = params.get("quench_minutes") or params["addition_minutes"] or 30.0
    sweep = am.n2_sweep_l_per_min(s.quench_h2_mmol, minutes)
    lines.append(f"Vent the flask through a bubbler to a scrubber, never into a closed system. Sweep the head-space "
                 f"with N2 at {sweep:.2g} L/min or more while MeOH goes in over {minutes:g} min: that keeps H2 "
                 "below 25 % of its lower flammability limit of 4 vol % (LFL: "
                 f"{short('asu_hydrogen')}; the 25 % margin and even dosing are BoraneGUI's assumptions). "
                 "Dose the MeOH more slowly if the vent cannot take the gas.")
    if params["reagent_kind"] == "bh3_sme2":
        lines.append("Scrub the vent gas through bleach (sodium hypochlorite) to oxidise the dimethyl sulfide "
                     "released on quench and work-up (BoraneGUI's judgement; Me2S is the reagent's ligand).")
    total = total_volume_ml(params, s)
    lines.append(f"Vessel: the contents reach about {am.fmt_ml(total)} with the work-up; use a "
                 f"{am.fmt_vessel(am.vessel_ml(total))} vessel or larger, at most 60 % full (BoraneGUI's judgement: "
                 "room for foaming on quench).")
    if params["scale_g"] > LARGE_SCALE_G:
        lines.append(f"Above {LARGE_SCALE_G:g} g: dose the borane at the reaction temperature, so it reacts as it "
                     "goes in rather than accumulating at 0 °C; measure the heat of reaction and of the quench "
                     "(reaction calorimetry) before scaling up; set the MeOH dosing rate from the vent's capacity "
                     f"for H2 ({short('monteiro_flanagan_2017')} used reaction calorimetry for BH3·THF in plant; "
                     "the dosing rules are BoraneGUI's judgement).")
    for text, source in reagents.safety_notes(params["reagent_kind"]):
        lines.append(f"{text} ({source})")
    return tuple(lines)
