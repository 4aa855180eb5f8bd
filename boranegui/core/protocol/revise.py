"""``revise(protocol, diagnosis)``: the protocol for the next attempt.

The diagnosis's patches decide the parameters first (core/protocol/patches.py); then the
substrate has the last word, whoever asked what: the complex-breaking route its groups
allow, a borane charge above its hydride budget, no room-temperature time carried into
reflux, pH and isolation fit for the amine it gives.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from boranegui.core import amounts as am
from boranegui.core import reagents
from boranegui.core.parameters import PARAMETERS
from boranegui.core.protocol.base import AMINE_PH_SOURCE, base_protocol
from boranegui.core.protocol.model import Change, NoteValue, Protocol, RevisedProtocol
from boranegui.core.protocol.patches import (
    Origin,
    collect_bounds,
    decide,
    default_change_min_score,
    set_param,
    strong_causes,
)
from boranegui.core.protocol.route import METHOD_WORDS, choose, polar_product_reason
from boranegui.core.protocol.steps import write_steps
from boranegui.core.protocol.table import amounts, safety_lines, stoichiometry
from boranegui.core.protocol.text import value_words
from boranegui.core.run_record import DEFAULT_MOLARITY
from boranegui.core.sources import cite

if TYPE_CHECKING:
    from boranegui.core.diagnosis import Diagnosis
    from boranegui.core.run_record import RunRecord

REFLUX_C = 60.0  # at or above: the step is written as reflux
NOTE_REFLUX_HOURS = (2.0, 4.0)  # the note, step 5
MAX_REFLUX_HOURS = 8.0  # BoraneGUI's ceiling for BH3 at reflux (reagent decomposition, over-reduction)
SUBSTRATE = "substrate"  # the cause id of corrections the substrate forces
# Symptoms of product lost in the work-up: then pH and isolation are fitted to the amine.
YIELD_SYMPTOMS = frozenset({"low_yield", "product_in_aqueous", "emulsion"})


def revise(protocol: Protocol, diagnosis: Diagnosis | None, *,
           change_min_score: float | None = None) -> RevisedProtocol:
    """The protocol for the next attempt: the base protocol corrected by the diagnosis and the substrate.

    Patches are applied most likely cause first, from causes scoring at least
    ``change_min_score`` (the rules' threshold); when two actions disagree the higher-ranked
    cause wins, and the loser is named in the winner's ``Change.why`` and in the warnings.
    """
    base = dict(protocol.parameters)
    facts = protocol.substrate
    warnings: list[str] = list(protocol.warnings)
    for w in diagnosis.warnings if diagnosis else ():  # the substrate's own warnings travel with the protocol
        warnings.append(w.text if not w.source or w.source in w.text else f"{w.text} ({w.source})")
    threshold = default_change_min_score() if change_min_score is None else change_min_score
    causes, checks = strong_causes(diagnosis, threshold)
    bounds, asked_methods = collect_bounds(causes, warnings)
    params, changes = decide(base, bounds)
    _route(params, changes, base, asked_methods, protocol)
    _reagent_for_the_substrate(params, changes, base, protocol)
    _follow_reagent_change(params, changes)
    _keep_heat_when_needed(params, changes, base, protocol, warnings)
    _reflux_time(params, changes, base)
    _borane_from_demand(params, changes, base, protocol)
    if causes and YIELD_SYMPTOMS & set(protocol.run.get("outcome.symptoms") or ()):
        _workup_for_the_product(params, changes, base, protocol)
    _fresh_bottle_follows_the_titer(params, changes, base, protocol, warnings)
    _drop_unseen_changes(params, changes, base, protocol, warnings)
    changed = {c.parameter for c in changes}
    stoich = stoichiometry(params, protocol)
    steps = write_steps(params, stoich, facts, changed)
    read = {p for s in steps for p in s.parameters}
    warnings.extend(_safety_recheck(base, params, stoich, stoichiometry(base, protocol), protocol))
    advice = reagents.advise(params["scale_g"], params["reagent_kind"], facts.groups if facts else None,
                             stoich.borane_mmol)
    for a in advice:
        # Scale advice compares the two bottled reagents; in-situ users chose for the substrate.
        in_situ_scale = a.id.startswith("scale") and params["reagent_kind"] in am.IN_SITU
        if a.recommended and a.recommended != params["reagent_kind"] and not in_situ_scale:
            warnings.append(f"{a.text} ({a.source})")
    titer = _bottle_titer(params, protocol)
    if titer is not None and titer.low_m is not None and titer.high_m is not None:
        warnings.append(
            f"Your bottle is likely {titer.low_m:.2f}-{titer.high_m:.2f} M, not {titer.nominal_m:g} M "
            f"({titer.basis}): {am.fmt_ml(stoich.borane_ml or 0)} would deliver "
            f"{am.fmt_equiv(params['borane_equiv'] * titer.low_m / titer.nominal_m)}-"
            f"{am.fmt_equiv(params['borane_equiv'] * titer.high_m / titer.nominal_m)} equiv BH3. "
            "Titrate it, or use a fresh bottle.")
    title_name = protocol.run.get("title") or (facts.name if facts else "Lactam reduction")
    return RevisedProtocol(
        title=f"{title_name}: {'revised protocol' if changes else 'protocol as run'}",
        parameters=params,
        steps=steps,
        amounts=amounts(params, stoich, protocol),
        changes=tuple(changes),
        warnings=tuple(dict.fromkeys(warnings)),
        safety=safety_lines(params, stoich, protocol),
        checks=tuple(checks),
        base_parameters=base,
        # Only what the written steps use: the note's HCl figures mean nothing in an acid-free route.
        from_note=tuple(NoteValue(p, v, s) for p, v, s in protocol.from_note if p in read),
        substrate=facts,
        reagent_advice=advice,
        titer=titer,
        h2_quench_mmol=am.round_amount(stoich.quench_h2_mmol),
    )


def plan(run: RunRecord, diagnosis: Diagnosis | None, *,
         change_min_score: float | None = None) -> RevisedProtocol:
    """``revise(base_protocol(run), diagnosis)``."""
    return revise(base_protocol(run), diagnosis, change_min_score=change_min_score)


def _route(params: dict[str, Any], changes: list[Change], base: Mapping[str, Any],
           asked_methods: Mapping[str, Origin], protocol: Protocol) -> None:
    """The complex-breaking method the substrate allows, whatever the run used or the rules asked."""
    asked = params.get("decomplexation")
    route = choose(asked, protocol.substrate)
    if route.method == asked:
        return
    c = next((c for c in changes if c.parameter == "decomplexation"), None)
    if asked == "acid_free" and c is not None:
        changes.remove(c)
        params["decomplexation"] = route.method
        if route.method == base.get("decomplexation"):
            return
        chosen = asked_methods.get(route.method) or next(iter(asked_methods.values()), None)
        if chosen is not None and chosen.cause == c.cause:
            c = replace(c, action=chosen.action, source=chosen.source)
        others = sorted(m for m in asked_methods if m not in (route.method, "acid_free"))
        why = (f"{METHOD_WORDS[route.method]} chosen from the substrate analysis"
               + (f" (the rules also offered {', '.join(value_words(m) for m in others)})" if others else "")
               + (f": {route.why}" if route.why else ": the substrate has no group Pd/C in MeOH would harm"))
        source = c.source if route.source in c.source else f"{c.source}; {route.source}"
        changes.append(replace(c, after=route.method, source=source,
                               why="; ".join(x for x in (c.why, why) if x)))
        return
    set_param(params, changes, base, "decomplexation", route.method, SUBSTRATE, "route_by_groups",
              route.source or cite(("note_protocol",)),
              f"{value_words(asked)} ruled out: {route.why}; {METHOD_WORDS[route.method]} instead",
              "the substrate's groups")


def _reagent_for_the_substrate(params: dict[str, Any], changes: list[Change], base: Mapping[str, Any],
                               protocol: Protocol) -> None:
    """A nitro substrate gets BH3·THF, never borane made with a Lewis acid (the note's reagent guide)."""
    facts = protocol.substrate
    if facts is None or not facts.has("nitro") or params["reagent_kind"] not in am.IN_SITU:
        return
    set_param(params, changes, base, "reagent_kind", "bh3_thf", SUBSTRATE, "nitro_bh3_thf",
              cite(("note_reagents",)),
              "the substrate carries a nitro group: the note prefers BH3·THF over in-situ generation, to avoid "
              "the Lewis acid (I2 or BF3·OEt2) used to make the borane", "the substrate's nitro group")


def _follow_reagent_change(params: dict[str, Any], changes: list[Change]) -> None:
    """A switch to a bottled reagent needs its concentration (in situ had none; BMS is 10 M)."""
    kind_change = next((c for c in changes if c.parameter == "reagent_kind"), None)
    if kind_change is None or kind_change.after not in DEFAULT_MOLARITY \
            or "reagent_molarity" in {c.parameter for c in changes}:
        return
    molarity = DEFAULT_MOLARITY[kind_change.after]
    if params.get("reagent_molarity") != molarity:
        changes.append(Change("reagent_molarity", params.get("reagent_molarity"), molarity, kind_change.cause,
                              kind_change.action, kind_change.source,
                              f"the commercial concentration of {kind_change.after}, needed by the change "
                              "of reagent", kind_change.cause_title))
        params["reagent_molarity"] = molarity


def _keep_heat_when_needed(params: dict[str, Any], changes: list[Change], base: Mapping[str, Any],
                           protocol: Protocol, warnings: list[str]) -> None:
    """"Lower to room temperature" is not applied when the run left lactam unreduced."""
    c = next((c for c in changes if c.parameter == "reaction_temp_c"), None)
    if c is None or c.after >= c.before:
        return
    left = protocol.run.get("outcome.starting_material_percent")
    symptoms = protocol.run.get("outcome.symptoms") or ()
    if not (left or "incomplete_reduction" in symptoms):
        return
    changes.remove(c)
    params["reaction_temp_c"] = base["reaction_temp_c"]
    warnings.append(f"A correction for “{c.cause_words}” asked a reaction temperature of {c.after:g} °C; not "
                    "applied, because lactam was left at the end of this run: it still needs the heat.")


def _reflux_time(params: dict[str, Any], changes: list[Change], base: Mapping[str, Any]) -> None:
    """At reflux the note's 2-4 h with an in-process check, never a room-temperature time, never > 8 h."""
    if params["reaction_temp_c"] < REFLUX_C:
        return
    hours = params["reaction_time_h"]
    source = cite(("note_protocol", "monteiro_flanagan_2017"))
    if base["reaction_temp_c"] < REFLUX_C and not NOTE_REFLUX_HOURS[0] <= hours <= NOTE_REFLUX_HOURS[1]:
        set_param(params, changes, base, "reaction_time_h", NOTE_REFLUX_HOURS[1], SUBSTRATE, "reflux_2_4h", source,
                  f"moving to reflux resets the time to the note's 2-4 h (not the {hours:g} h of a cooler run); "
                  "the in-process check in step 5 decides when to stop", "time at reflux")
    elif hours > MAX_REFLUX_HOURS:
        set_param(params, changes, base, "reaction_time_h", MAX_REFLUX_HOURS, SUBSTRATE, "reflux_at_most_8h",
                  f"{source}; {cite(('boranegui_judgement',))}",
                  f"BH3 at reflux for {hours:g} h decomposes the reagent and invites over-reduction: at most 8 h "
                  "(BoraneGUI's ceiling), with the in-process check", "time at reflux")


def _borane_from_demand(params: dict[str, Any], changes: list[Change], base: Mapping[str, Any],
                        protocol: Protocol) -> None:
    """The charge follows the hydride budget: above it always; budget + the note's excess when raised."""
    facts = protocol.substrate
    if facts is None or not facts.hydride_budget:
        return
    demand = facts.hydride_budget
    equiv = params["borane_equiv"]
    target = am.borane_equiv_for(demand)
    raised = equiv > base["borane_equiv"]
    if equiv > demand and not (raised and equiv < target):
        return
    why = (f"{am.fmt_equiv(target)} equiv = the substrate's hydride budget of {demand:.2f} equiv + the note's "
           f"excess, capped at 5 equiv ({am.BORANE_RULE})")
    if equiv <= demand:
        why = f"{am.fmt_equiv(equiv)} equiv would be at or below the substrate's demand; " + why
    set_param(params, changes, base, "borane_equiv", target, SUBSTRATE, "borane_from_demand",
              cite(("note_protocol", "note_table")), why, "the substrate's hydride budget")


def _workup_for_the_product(params: dict[str, Any], changes: list[Change], base: Mapping[str, Any],
                            protocol: Protocol) -> None:
    """pH 12 for an aliphatic amine, and salting out for a polar one (when product was lost)."""
    facts = protocol.substrate
    if facts is None:
        return
    if params["decomplexation"] == "acid" and facts.product_basic_n and params["basify_ph"] < am.ALIPHATIC_AMINE_PH:
        set_param(params, changes, base, "basify_ph", am.ALIPHATIC_AMINE_PH, SUBSTRATE, "basify_to_12",
                  cite(("boranegui_judgement",)), AMINE_PH_SOURCE, "the amine product")
    polar = polar_product_reason(facts)
    if polar and not params["salt_out_extraction"]:
        set_param(params, changes, base, "salt_out_extraction", True, SUBSTRATE, "salt_out",
                  f"{cite(('wildman_crippen_1999',))}; {cite(('boranegui_judgement',))}",
                  f"{polar}: salt the water out and extract more often, or continuously", "the amine product")


def _fresh_bottle_follows_the_titer(params: dict[str, Any], changes: list[Change], base: Mapping[str, Any],
                                    protocol: Protocol, warnings: list[str]) -> None:
    """A bottle whose titer was checked before the run is not blamed: no fresh bottle for it."""
    c = next((c for c in changes if c.parameter == "fresh_reagent"), None)
    if c is None or not protocol.run.get("reagent.titer_checked"):
        return
    changes.remove(c)
    params["fresh_reagent"] = base["fresh_reagent"]
    warnings.append(f"“{c.cause_words}” suggested a fresh bottle, but the titer was checked before this run; "
                    "titrate again rather than replace it.")


def _drop_unseen_changes(params: dict[str, Any], changes: list[Change], base: Mapping[str, Any],
                         protocol: Protocol, warnings: list[str]) -> None:
    """A change no sentence reads (HCl molarity in an acid-free work-up, molarity of in-situ
    borane) would be a change the chemist cannot see: it is not applied, and the warnings say so."""
    while True:
        read = {p for s in write_steps(params, stoichiometry(params, protocol), protocol.substrate, set())
                for p in s.parameters}
        unseen = [c for c in changes if c.parameter not in read]
        if not unseen:
            return
        c = unseen[0]  # one at a time: reverting it can change what the other sentences read
        changes.remove(c)
        params[c.parameter] = base.get(c.parameter)
        warnings.append(f"A correction for “{c.cause_words}” asked {PARAMETERS[c.parameter].label} "
                        f"{value_words(c.after, PARAMETERS[c.parameter].unit)}; it does not apply to this protocol.")


def _bottle_titer(params: Mapping[str, Any], protocol: Protocol) -> am.Titer | None:
    """What the run's BH3·THF bottle likely holds, unless the next attempt uses a fresh one."""
    if params["reagent_kind"] != "bh3_thf" or params.get("fresh_reagent"):
        return None
    return am.effective_titer("bh3_thf", params["reagent_molarity"], protocol.run.get("reagent.age_weeks"),
                              protocol.run.get("reagent.storage"))


def _safety_recheck(base: Mapping[str, Any], params: Mapping[str, Any], now: am.Stoichiometry,
                    before: am.Stoichiometry, protocol: Protocol) -> list[str]:
    """What the changes mean for safety, and what the run itself risks."""
    facts = protocol.substrate
    out: list[str] = []
    if now.quench_h2_mmol > before.quench_h2_mmol * 1.0001:
        out.append(f"More borane means more H2 on quench: up to {am.fmt_litres(now.quench_h2_mmol)} instead of "
                   f"{am.fmt_litres(before.quench_h2_mmol)}. Quench at 0 °C, MeOH dropwise, until gas stops.")
    if params["quench_temp_c"] > 5:
        out.append(f"The quench is at {params['quench_temp_c']:g} °C: the note cools to 0 °C and adds MeOH "
                   "dropwise (exotherm, H2).")
    if params["borane_equiv"] > am.OVER_REDUCTION_CAP_EQUIV:
        out.append(f"{am.fmt_equiv(params['borane_equiv'])} equiv BH3 is above the note's 5 equiv: more "
                   "over-reduction (the note's troubleshooting table) and more H2 on quench.")
    if params.get("decomplexation") == "acid":
        if params["acid_hours"] > base["acid_hours"] or params["acid_temp_c"] > base["acid_temp_c"] \
                or params["hcl_equiv_vs_borane"] > base["hcl_equiv_vs_borane"]:
            out.append("Harsher acid step: add the HCl only when the MeOH quench has stopped giving gas "
                       "(B-H left when acid goes in gives delayed, violent H2), and reflux under N2 with the "
                       "condenser on: the acid step releases the H2 of the amine-borane (3 H2 per BH3).")
        if params["acid_temp_c"] < 50:
            out.append(f"The acid step at {params['acid_temp_c']:g} °C may leave the amine-borane intact: "
                       "the note refluxes 1 h (step 8).")
    if facts is not None and facts.has("nitro") and params["reagent_kind"] in am.IN_SITU:
        out.append("Nitro group with in-situ borane: the note prefers BH3·THF, to avoid the Lewis acid "
                   "(I2 or BF3·OEt2) used to generate it.")
    if params["reagent_kind"] == "nabh4_i2" and facts is not None and facts.has("ester"):
        out.append(f"NaBH4 + I2 also reduces esters at reflux ({cite(('periasamy_2000',))}).")
    water = protocol.run.get("substrate.water_percent")
    if water:
        out.append(f"The substrate carries {water:g} % water: amounts are on the dry mass, and the water takes "
                   f"{am.fmt_mmol(2 * am.water_mmol(params['scale_g'], water))} of B-H and gives that much H2 "
                   "on addition. Dry it first if you can.")
    return out
