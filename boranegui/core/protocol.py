"""The note's procedure as parameterised steps, and its revision by a diagnosis.

CONTRACT (shared by the wizard, the report and the CLI; keep the shapes):
``base_protocol(run, substrate=None) -> Protocol`` (the run as performed, the note's
values where the run is silent); ``revise(protocol, diagnosis) -> RevisedProtocol``;
``plan(run, diagnosis) -> RevisedProtocol`` does both; ``format_text(revised)``.

Every sentence is written from the parameters (core/parameters.py), and records which
parameters it read, so a changed parameter marks every step that mentions it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from boranegui.core import amounts as am
from boranegui.core import reagents
from boranegui.core.parameters import CHOICE_WORDS, PARAMETERS, patch_problems
from boranegui.core.run_record import DEFAULT_MOLARITY, REAGENT_KINDS

if TYPE_CHECKING:
    from boranegui.core.diagnosis import Diagnosis
    from boranegui.core.run_record import RunRecord
    from boranegui.core.substrate import SubstrateAnalysis

PHASES = ("Safety pre-check", "Phase 1: reduction", "Phase 2: quench and complex breaking", "Phase 3: isolation")
ROLES = ("substrate", "reductant", "solvent", "quench", "acid", "base")

NOTE = "the note"
COUTURIER = "Couturier et al., Org. Lett. 2001, 3, 465"
BOC_ACID = ("Boc carbamates are cleaved by strong acid: Wuts, Greene's Protective Groups in "
            "Organic Synthesis, 5th ed., 2014")
ACID_FREE = ("acid_free", "pd_methanol", "amine_exchange")


@dataclass(frozen=True)
class Step:
    """One numbered sentence of the procedure, and the parameters it was written from."""

    phase: str  # one of PHASES
    number: int  # numbered within the whole procedure, as in the note (1..11); 0 for pre-check
    text: str
    parameters: tuple[str, ...] = ()  # parameters this sentence mentions
    changed: tuple[str, ...] = ()  # of those, the ones the revision changed


@dataclass(frozen=True)
class Amount:
    """One row of the amounts table: computed from the scale, never typed in."""

    name: str  # "BH3·THF (1.0 M)"
    role: str  # one of ROLES
    equiv: float | None
    mmol: float | None
    mass_g: float | None = None
    volume_ml: float | None = None
    note: str = ""


@dataclass(frozen=True)
class Change:
    """One parameter the diagnosis changed, with the cause and action that asked for it."""

    parameter: str
    before: Any
    after: Any
    cause: str  # cause id
    action: str  # action id
    source: str
    why: str = ""  # conflict resolution, when another action wanted something else
    cause_title: str = ""  # the cause as a chemist reads it

    @property
    def cause_words(self) -> str:
        return self.cause_title or self.cause.replace("_", " ")


@dataclass(frozen=True)
class RevisedProtocol:
    """The procedure for the next attempt: what the CLI prints and the report lays out."""

    title: str
    parameters: dict[str, Any]
    steps: tuple[Step, ...]
    amounts: tuple[Amount, ...]
    changes: tuple[Change, ...] = ()
    warnings: tuple[str, ...] = ()
    safety: tuple[str, ...] = ()  # safety figures in words: H2 on quench, hazards
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The ``boranegui protocol --json`` shape of ARCHITECTURE.md."""
        return {
            "steps": [{"phase": s.phase, "text": s.text} for s in self.steps],
            "amounts": [
                {"name": a.name, "role": a.role, "equiv": a.equiv, "mmol": a.mmol,
                 "mass_g": a.mass_g, "volume_ml": a.volume_ml}
                for a in self.amounts
            ],
            "changes": [
                {"parameter": c.parameter, "before": c.before, "after": c.after,
                 "cause": c.cause, "action": c.action, "source": c.source}
                for c in self.changes
            ],
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class SubstrateFacts:
    """What the protocol needs to know about the lactam (from the substrate analysis)."""

    name: str
    smiles: str
    mw: float
    lactams: int
    acidic_h: int  # acidic N-H/O-H: each takes one B-H and gives H2 on addition
    groups: dict[str, int]
    formula: str = ""

    def has(self, group: str) -> bool:
        return self.groups.get(group, 0) > 0


@dataclass(frozen=True)
class Protocol:
    """The base protocol of a run: parameter values (see core/parameters.py) and the substrate."""

    run: RunRecord
    parameters: dict[str, Any]
    substrate: SubstrateFacts | None = None
    from_note: tuple[tuple[str, Any, str], ...] = ()  # (parameter, value, where in the note)
    warnings: tuple[str, ...] = ()


# --- the substrate -------------------------------------------------------------------------

def substrate_facts(run: RunRecord, analysis: SubstrateAnalysis | None = None) -> SubstrateFacts:
    """The facts the protocol needs, from the substrate analysis (computed when not given)."""
    if analysis is None:
        from boranegui.core.substrate import analyse

        analysis = analyse(run.substrate.structure)
    groups = dict(analysis.groups)
    return SubstrateFacts(run.substrate.name or "the lactam", analysis.smiles, float(analysis.mw),
                          max(1, len(analysis.lactams)), int(groups.get("acidic_nh_oh", 0)), groups,
                          analysis.formula)


# --- the base protocol ---------------------------------------------------------------------

# The note's values, used where a run record is silent, with where they come from.  The note
# gives ranges for THF volumes and HCl; the value inside the range is ours, and says so.
NOTE_VALUES: dict[str, tuple[Any, str]] = {
    "reagent_kind": ("bh3_thf", "the note, step 3 (BH3·THF, 1.0 M)"),
    "borane_equiv": (4.0, "the middle of the note's 3.0-5.0 equiv (step 3)"),
    "addition_temp_c": (0.0, "the note, step 2"),
    "reaction_temp_c": (66.0, "the note, step 5: reflux (66 °C)"),
    "reaction_time_h": (3.0, "the middle of the note's 2-4 h (step 5)"),
    "thf_volumes": (8.0, "BoraneGUI's choice within the note's 5-10 volumes (step 2)"),
    "addition_minutes": (45.0, "the middle of the note's 30-60 min (step 4)"),
    "quench": ("methanol", "the note, step 6"),
    "quench_temp_c": (0.0, "the note, step 6"),
    "decomplexation": ("acid", "the note, steps 7-8"),
    "hcl_molarity": (6.0, "the note, step 7"),
    "hcl_equiv_vs_borane": (2.5, "BoraneGUI's choice within the note's 2-3 equiv (step 7)"),
    "acid_temp_c": (66.0, "the note, step 8: reflux (66 °C, THF's boiling point, is BoraneGUI's figure for it)"),
    "acid_hours": (1.0, "the note, step 8"),
    "basify_ph": (10.0, "the note, step 9 (pH > 10)"),
    "base": ("NaOH", "the note, step 9"),
    "base_molarity": (2.0, "the note, step 9"),
    "extraction_solvent": ("EtOAc or DCM", "the note, step 10"),
}


def _hcl_equiv(run: RunRecord, facts: SubstrateFacts) -> float | None:
    """HCl per borane as recorded, or from a recorded volume (core/amounts.py converts)."""
    acid = run.workup.acid
    if acid is None or acid.equiv_vs_borane is not None:
        return acid.equiv_vs_borane if acid else None
    if acid.volume_ml is None or acid.hcl_molarity is None or run.reagent.equiv is None:
        return None
    borane = am.substrate_mmol(run.scale_g, facts.mw, run.substrate.water_percent) * run.reagent.equiv
    return am.hcl_vs_borane(borane, acid.hcl_molarity, volume_ml=acid.volume_ml)[0]


def base_protocol(run: RunRecord, substrate: SubstrateFacts | SubstrateAnalysis | None = None) -> Protocol:
    """The run as performed, as protocol parameters; the note's values where the run is silent."""
    facts = substrate if isinstance(substrate, SubstrateFacts) else substrate_facts(run, substrate)
    acid = run.workup.acid
    warnings: list[str] = []
    from_run: dict[str, Any] = {
        "scale_g": run.scale_g,
        "thf_volumes": run.solvent.volumes,
        "addition_temp_c": run.conditions.addition_temp_c,
        "addition_minutes": run.conditions.addition_minutes,
        "reagent_kind": run.reagent.kind,
        "reagent_molarity": run.reagent.nominal_molarity,
        "borane_equiv": run.reagent.equiv,
        "reaction_temp_c": run.conditions.max_temp_c,
        "reaction_time_h": run.conditions.time_h,
        "quench": run.workup.quench if run.workup.quench != "none" else None,
        "quench_temp_c": run.workup.quench_temp_c,
        "quench_minutes": run.workup.quench_minutes,
        "decomplexation": run.workup.decomplexation if run.workup.decomplexation != "none" else None,
        "hcl_molarity": acid.hcl_molarity if acid else None,
        "hcl_equiv_vs_borane": _hcl_equiv(run, facts),
        "acid_temp_c": acid.temp_c if acid else None,
        "acid_hours": acid.hours if acid else None,
        "basify_ph": run.workup.basify_ph,
        "base": None,
        "base_molarity": None,
        "extraction_solvent": run.workup.extraction_solvent,
        "titrate_reagent": bool(run.reagent.titer_checked),
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
            from_note.append((name, value, where))
        params[name] = value
    if params["reagent_molarity"] is None:  # the kind came from the note: its commercial molarity
        params["reagent_molarity"] = DEFAULT_MOLARITY.get(params["reagent_kind"])
    if run.workup.quench == "none":
        warnings.append("This run had no quench. The protocol uses the note's MeOH quench at 0 °C (step 6): "
                        "B-H left when acid goes in gives delayed, violent H2 evolution.")
    if run.workup.decomplexation == "none":
        warnings.append("This run did not break the amine-borane complex. The protocol uses the note's acid "
                        "step (steps 7-8): without it the product stays bound to BH3 (the note's 'trap').")
    if run.solvent.name is not None and run.solvent.name.strip().upper() != "THF":
        warnings.append(f"The run used {run.solvent.name}; the note's procedure, and these volumes, are for THF.")
    return Protocol(run, params, facts, tuple(from_note), tuple(warnings))


# --- revision -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Origin:
    rank: int
    cause: str
    action: str
    source: str
    op: str
    value: Any
    title: str = ""  # the cause's title: what a chemist reads instead of its id

    def words(self) -> str:
        return f"“{self.title or self.cause}”"

    def asked(self) -> str:
        """What the action asked, in words: "at least 2", "Pd/C-catalysed methanolysis"."""
        op = {"at_least": "at least ", "at_most": "at most "}.get(self.op, "")
        return f"{op}{_value_words(self.value)}"


def _label(name: str) -> str:
    return PARAMETERS[name].label if name in PARAMETERS else name


def _value_words(value: Any) -> str:
    return _value(value, "")


@dataclass
class _Bounds:
    set: _Origin | None = None
    lo: _Origin | None = None
    hi: _Origin | None = None
    agreed: list[_Origin] = field(default_factory=list)
    lost: list[tuple[_Origin, _Origin]] = field(default_factory=list)  # (loser, winner)


# Patches that would make the procedure unsafe are refused whoever asks (safety wins).
_SAFETY_LIMITS: dict[str, tuple[str, float, str]] = {
    "quench_temp_c": ("at_most", 5.0, "the quench stays at 0 °C and dropwise (the note, step 6)"),
    "scale_g": ("above", 0.0, "a protocol needs some lactam"),
}


def _safety_veto(name: str, op: str, value: Any) -> str | None:
    limit = _SAFETY_LIMITS.get(name)
    if limit is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    kind, bound, why = limit
    if kind == "at_most" and op in ("set", "at_least") and value > bound:
        return why
    if kind == "above" and op in ("set", "at_most") and value <= bound:
        return why
    return None


def _conflict(b: _Bounds, op: str, value: Any) -> _Origin | None:
    """The earlier constraint that ``op: value`` contradicts, if any."""
    if b.set is not None and op == "set" and b.set.value != value:
        return b.set
    if b.set is not None and op == "at_least" and b.set.value < value:
        return b.set
    if b.set is not None and op == "at_most" and b.set.value > value:
        return b.set
    if b.hi is not None and op in ("set", "at_least") and value > b.hi.value:
        return b.hi
    if b.lo is not None and op in ("set", "at_most") and value < b.lo.value:
        return b.lo
    return None


def _patch_ops(diagnosis: Diagnosis | None) -> Iterator[tuple[str, _Origin, list[tuple[str, str]]]]:
    if diagnosis is None:
        return
    for rank, cause in enumerate(diagnosis.causes):
        for action in cause.actions:
            patch = action.patch or {}
            problems = patch_problems(dict(patch))
            for name, change in patch.items():
                mine = [p for p in problems if p[0] == name]
                for op, value in (change.items() if isinstance(change, Mapping) else ()):
                    yield name, _Origin(rank, cause.id, action.id, action.source or cause.source, op, value,
                                        cause.title), mine
                if not isinstance(change, Mapping):
                    yield name, _Origin(rank, cause.id, action.id, action.source, "?", change, cause.title), mine


def revise(protocol: Protocol, diagnosis: Diagnosis | None) -> RevisedProtocol:
    """The protocol for the next attempt: the base protocol corrected by the diagnosis.

    Patches are applied most likely cause first.  When two actions disagree (two
    different ``set``s, or an ``at_least`` above an ``at_most``) the higher-ranked cause
    wins; the loser is named in the winner's ``Change.why`` and in the warnings.
    """
    base = dict(protocol.parameters)
    facts = protocol.substrate
    warnings: list[str] = list(protocol.warnings)
    for w in diagnosis.warnings if diagnosis else ():  # the substrate's own warnings travel with the protocol
        warnings.append(w.text if not w.source or w.source in w.text else f"{w.text} ({w.source})")
    bounds, asked_methods = _collect_bounds(diagnosis, warnings)
    params, changes = _decide(base, bounds)
    acid_free_option = _acid_free_method(facts)
    _choose_acid_free_method(params, changes, base, asked_methods, acid_free_option)
    _follow_reagent_change(params, changes)
    if params.get("decomplexation") == base.get("decomplexation") == "acid" and facts and facts.has("boc"):
        # Strong acid removes Boc at room temperature too (it is how Boc is usually removed);
        # reflux only makes it faster and complete.
        warnings.append(
            f"The substrate carries a Boc group: {params['hcl_molarity']:g} M HCl at {params['acid_temp_c']:g} °C "
            f"will cleave it ({BOC_ACID}). Acid-free option for this substrate: "
            f"{_METHOD_WORDS[acid_free_option[0]]} ({acid_free_option[1]}).")
    _drop_unseen_changes(params, changes, base, protocol, warnings)
    changed = {c.parameter for c in changes}
    stoich = _stoichiometry(params, protocol)
    warnings.extend(_safety_recheck(base, params, stoich, _stoichiometry(base, protocol), facts, protocol))
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

    steps = _steps(params, stoich, facts, changed)
    title_name = protocol.run.title or (facts.name if facts else "Lactam reduction")
    return RevisedProtocol(
        title=f"{title_name}: {'revised protocol' if changes else 'protocol as run'}",
        parameters=params,
        steps=steps,
        amounts=_amounts(params, stoich, facts, protocol),
        changes=tuple(changes),
        warnings=tuple(dict.fromkeys(warnings)),
        safety=_safety_lines(params, stoich),
        extra={
            "base_parameters": base,
            "from_note": [{"parameter": p, "value": v, "source": s} for p, v, s in protocol.from_note],
            "substrate": None if facts is None else {
                "name": facts.name, "smiles": facts.smiles, "formula": facts.formula, "mw": round(facts.mw, 2),
                "lactams": facts.lactams, "acidic_h": facts.acidic_h, "groups": facts.groups},
            "reagent_advice": [{"id": a.id, "text": a.text, "source": a.source} for a in advice],
            "titer": None if titer is None else {"nominal_m": titer.nominal_m, "low_m": titer.low_m,
                                                  "high_m": titer.high_m, "basis": titer.basis},
            "acid_free_option": {"method": acid_free_option[0], "why": acid_free_option[1]},
            "h2_quench_l": round(stoich.quench_h2_l, 2),
            "h2_quench_mmol": am.round_amount(stoich.quench_h2_mmol),
            "h2_basis": am.H2_BASIS,
            "meoh_basis": am.MEOH_BASIS,
        },
    )


def _collect_bounds(diagnosis: Diagnosis | None,
                    warnings: list[str]) -> tuple[dict[str, _Bounds], dict[str, _Origin]]:
    """Every action's patch folded into bounds per parameter, most likely cause first.

    Also returns the acid-free methods the actions asked for (the substrate picks one
    later).  Malformed, unsafe and outranked patches are not applied; ``warnings`` says why.
    """
    bounds: dict[str, _Bounds] = {}
    asked_methods: dict[str, _Origin] = {}
    for name, origin, problems in _patch_ops(diagnosis):
        if problems:
            warnings.append(f"A correction for {origin.words()} ignored: {_label(name)} "
                            f"({'; '.join(m for _, m in problems)}).")
            continue
        if name == "decomplexation" and origin.value in ACID_FREE:
            # Every acid-free method is one request; the substrate picks the method below.
            asked_methods.setdefault(origin.value, origin)
            origin = replace(origin, value="acid_free")
        veto = _safety_veto(name, origin.op, origin.value)
        if veto:
            warnings.append(f"A correction for {origin.words()} asked {_label(name)} {origin.asked()}; "
                            f"refused: {veto}.")
            continue
        b = bounds.setdefault(name, _Bounds())
        winner = _conflict(b, origin.op, origin.value)
        if winner is not None:
            b.lost.append((origin, winner))
            if winner.cause == origin.cause and winner.op == origin.op == "set":
                continue  # alternatives offered by one cause (e.g. two acid-free methods): not a conflict
            reason = ("it ranks higher" if winner.rank < origin.rank
                      else "it comes first in the same cause")
            warnings.append(
                f"Conflict on {_label(name)}: {origin.words()} asked {origin.asked()}, "
                f"but {winner.words()} asked {winner.asked()} and wins because {reason}.")
            continue
        if origin.op == "set":
            if b.set is None:
                b.set = origin
            else:
                b.agreed.append(origin)
        elif origin.op == "at_least":
            if b.lo is None or origin.value > b.lo.value:
                if b.lo is not None:
                    b.agreed.append(b.lo)
                b.lo = origin
            else:
                b.agreed.append(origin)
        elif origin.op == "at_most":
            if b.hi is None or origin.value < b.hi.value:
                if b.hi is not None:
                    b.agreed.append(b.hi)
                b.hi = origin
            else:
                b.agreed.append(origin)
    return bounds, asked_methods


def _decide(base: Mapping[str, Any], bounds: Mapping[str, _Bounds]) -> tuple[dict[str, Any], list[Change]]:
    """The parameters the bounds give, and a Change (naming who lost and who agreed) for each that moved."""
    params = dict(base)
    changes: list[Change] = []
    for name, b in bounds.items():
        value, decided = base.get(name), None
        if b.set is not None:
            value, decided = b.set.value, b.set
        if b.lo is not None and (value is None or value < b.lo.value):
            value, decided = b.lo.value, b.lo
        if b.hi is not None and value is not None and value > b.hi.value:
            value, decided = b.hi.value, b.hi
        if decided is None or value == base.get(name):
            continue
        notes: list[str] = []
        for loser, winner in b.lost:
            if winner is decided and loser.cause == winner.cause and loser.op == winner.op == "set":
                notes.append(f"the alternative of the same cause ({loser.asked()}) not used")
            elif winner is decided:
                rel = "ranks higher" if winner.rank < loser.rank else "comes first in the same cause"
                notes.append(f"{loser.words()} asked {loser.asked()}; not applied because "
                             f"{winner.words()} {rel}")
        also = [o for o in b.agreed if o.cause != decided.cause]
        if also:
            notes.append("also asked by " + ", ".join(sorted({o.words() for o in also})))
        params[name] = value
        changes.append(Change(name, base.get(name), value, decided.cause, decided.action, decided.source,
                              "; ".join(notes), decided.title))
    return params, changes


def _choose_acid_free_method(params: dict[str, Any], changes: list[Change], base: Mapping[str, Any],
                             asked_methods: Mapping[str, _Origin], option: tuple[str, str]) -> None:
    """Acid-free complex breaking is chosen from the substrate, not by hand: whichever
    acid-free method an action asked for, Pd/C is used only when it cannot strip the substrate."""
    if params.get("decomplexation") != "acid_free":
        return
    chosen = option[0]
    params["decomplexation"] = chosen
    c = next(c for c in changes if c.parameter == "decomplexation")
    changes.remove(c)
    if chosen == base.get("decomplexation"):
        return
    asked = asked_methods.get(chosen) or next(iter(asked_methods.values()), None)
    if asked is not None and asked.cause == c.cause:
        c = replace(c, action=asked.action, source=asked.source)
    others = sorted(m for m in asked_methods if m not in (chosen, "acid_free"))
    chosen_why = (f"{_METHOD_WORDS[chosen]} chosen from the substrate analysis"
                  + (f" (the rules also offered {', '.join(_METHOD_WORDS.get(m, m) for m in others)})"
                     if others else "")
                  + f": {option[1]}")
    source = c.source if COUTURIER in c.source else f"{c.source}; {COUTURIER}"
    changes.append(replace(c, after=chosen, source=source, why="; ".join(x for x in (c.why, chosen_why) if x)))


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
                              "of reagent"))
        params["reagent_molarity"] = molarity


def _drop_unseen_changes(params: dict[str, Any], changes: list[Change], base: Mapping[str, Any],
                         protocol: Protocol, warnings: list[str]) -> None:
    """A change no sentence reads (HCl molarity in an acid-free work-up, molarity of in-situ
    borane) would be a change the chemist cannot see: it is not applied, and the warnings say so."""
    while True:
        read = {p for s in _steps(params, _stoichiometry(params, protocol), protocol.substrate, set())
                for p in s.parameters}
        unseen = [c for c in changes if c.parameter not in read]
        if not unseen:
            return
        c = unseen[0]  # one at a time: reverting it can change what the other sentences read
        changes.remove(c)
        params[c.parameter] = base.get(c.parameter)
        warnings.append(f"A correction for “{c.cause_words}” asked {PARAMETERS[c.parameter].label} "
                        f"{_value(c.after, PARAMETERS[c.parameter].unit)}; it does not apply to this protocol.")


def _bottle_titer(params: Mapping[str, Any], protocol: Protocol) -> am.Titer | None:
    """What the run's BH3·THF bottle likely holds, unless the next attempt uses a fresh one."""
    if params["reagent_kind"] != "bh3_thf" or params.get("fresh_reagent"):
        return None
    reagent = protocol.run.reagent
    return am.effective_titer(params["reagent_kind"], params["reagent_molarity"], reagent.age_weeks, reagent.storage)


_METHOD_WORDS = {
    "pd_methanol": "Pd/C-catalysed methanolysis",
    "amine_exchange": "amine exchange with an excess of a cheap amine",
}


def _acid_free_method(facts: SubstrateFacts | None) -> tuple[str, str]:
    """pd_methanol unless Pd/C would also strip the substrate (N-benzyl, aryl halogen)."""
    hits = []
    if facts is not None and facts.has("n_benzyl"):
        hits.append("it removes N-benzyl groups")
    if facts is not None and facts.has("aryl_halide"):
        hits.append("it can remove aryl halogens")
    if hits:
        return "amine_exchange", f"Pd/C methanolysis is ruled out because {' and '.join(hits)} ({COUTURIER})"
    return "pd_methanol", (f"no N-benzyl group or aryl halogen for Pd/C to remove ({COUTURIER}); "
                           "it is compatible with acid-sensitive protecting groups")


def _stoichiometry(params: Mapping[str, Any], protocol: Protocol) -> am.Stoichiometry:
    facts = protocol.substrate
    return am.stoichiometry(
        scale_g=params["scale_g"], mw=facts.mw if facts else math.nan, reagent_kind=params["reagent_kind"],
        borane_equiv=params["borane_equiv"], thf_volumes=params["thf_volumes"],
        reagent_molarity=params.get("reagent_molarity"), water_percent=protocol.run.substrate.water_percent,
        lactams=facts.lactams if facts else 1, acidic_h=facts.acidic_h if facts else 0,
        acid_workup=params.get("decomplexation") == "acid",
        hcl_equiv_vs_borane=params["hcl_equiv_vs_borane"], hcl_molarity=params["hcl_molarity"],
        base_molarity=params["base_molarity"],
    )


def _safety_recheck(base: Mapping[str, Any], params: Mapping[str, Any], now: am.Stoichiometry,
                    before: am.Stoichiometry, facts: SubstrateFacts | None, protocol: Protocol) -> list[str]:
    """What the changes mean for safety, and what the run itself risks."""
    out: list[str] = []
    if now.quench_h2_mmol > before.quench_h2_mmol * 1.0001:
        out.append(f"More borane means more H2 on quench: up to {am.fmt_litres(now.quench_h2_mmol)} instead of "
                   f"{am.fmt_litres(before.quench_h2_mmol)}. Quench at 0 °C, MeOH dropwise, until gas stops.")
    if params["quench_temp_c"] > 5:
        out.append(f"The quench is at {params['quench_temp_c']:g} °C: the note cools to 0 °C and adds MeOH "
                   "dropwise (exotherm, H2).")
    if params["borane_equiv"] > 5:
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
    if params.get("decomplexation") == "pd_methanol" and facts is not None \
            and (facts.has("n_benzyl") or facts.has("aryl_halide")):
        out.append(f"Pd/C methanolysis also removes N-benzyl groups and can remove aryl halogens ({COUTURIER}).")
    if params["reagent_kind"] == "nabh4_i2" and facts is not None and facts.has("ester"):
        out.append("NaBH4 + I2 also reduces esters at reflux (McKennon & Meyers, J. Org. Chem. 1993, 58, 3568).")
    return out


def _safety_lines(params: Mapping[str, Any], s: am.Stoichiometry) -> tuple[str, ...]:
    lines = [f"H2 on quench: up to {am.fmt_mmol(s.quench_h2_mmol)} ({am.fmt_litres(s.quench_h2_mmol)} at 20 °C, "
             f"1 atm; basis: {am.H2_BASIS})."]
    if s.addition_h2_mmol > 0:
        lines.append(f"H2 on addition from the substrate's acidic N-H/O-H: {am.fmt_mmol(s.addition_h2_mmol)} "
                     f"({am.fmt_litres(s.addition_h2_mmol)}).")
    if s.generation_h2_mmol > 0:
        lines.append(f"H2 on generating the borane in situ: {am.fmt_mmol(s.generation_h2_mmol)} "
                     f"({am.fmt_litres(s.generation_h2_mmol)}).")
    for text, source in reagents.safety_notes(params["reagent_kind"]):
        lines.append(f"{text} ({source})")
    return tuple(lines)


# --- amounts -------------------------------------------------------------------------------

def _amounts(params: Mapping[str, Any], s: am.Stoichiometry, facts: SubstrateFacts | None,
             protocol: Protocol) -> tuple[Amount, ...]:
    r = am.round_amount
    kind = params["reagent_kind"]
    water = protocol.run.substrate.water_percent
    mw_note = f"MW {facts.mw:.2f} g/mol" if facts else ""
    if water:
        mw_note += f"; {water:g} % water subtracted"
    out = [Amount(facts.name if facts else "lactam", "substrate", 1.0, am.round_substrate_mmol(s.substrate_mmol),
                  mass_g=params["scale_g"], note=mw_note)]
    eq = params["borane_equiv"]
    if kind in am.IN_SITU:
        recipe = am.IN_SITU[kind]
        out.append(Amount("NaBH4", "reductant", round(eq * recipe.nabh4_per_bh3, 2), r(s.nabh4_mmol or 0),
                          mass_g=r(s.nabh4_g or 0), note=f"{recipe.equation} ({recipe.source})"))
        out.append(Amount(recipe.activator, "reductant", round(eq * recipe.activator_per_bh3, 2),
                          r(s.activator_mmol or 0), mass_g=r(s.activator_g or 0),
                          volume_ml=None if s.activator_ml is None else r(s.activator_ml),
                          note=f"generates {am.fmt_mmol(s.borane_mmol)} BH3 ({am.fmt_equiv(eq)} equiv)"))
    else:
        name = REAGENT_KINDS[kind].split(" (")[0]
        out.append(Amount(f"{name} ({am.fmt_molarity(params['reagent_molarity'])})", "reductant", eq, r(s.borane_mmol),
                          volume_ml=r(s.borane_ml or 0)))
    out.append(Amount("THF (anhydrous)", "solvent", None, None,
                      volume_ml=am.round_solvent_ml(s.thf_ml), note=f"{params['thf_volumes']:g} volumes (mL/g)"))
    if params["quench"] == "methanol":
        out.append(Amount("MeOH", "quench", round(s.meoh_mmol / s.substrate_mmol, 1), r(s.meoh_mmol),
                          mass_g=r(s.meoh_g), volume_ml=r(s.meoh_ml), note=am.MEOH_BASIS))
    else:
        out.append(Amount("water", "quench", None, None, note="until gas stops (the run's quench)"))
    if s.hcl_mmol is not None and s.hcl_ml is not None and s.naoh_mmol is not None and s.naoh_ml is not None:
        out.append(Amount(f"HCl ({params['hcl_molarity']:g} M aq.)", "acid",
                          round(s.hcl_mmol / s.substrate_mmol, 2), r(s.hcl_mmol), volume_ml=r(s.hcl_ml),
                          note=f"{am.fmt_equiv(params['hcl_equiv_vs_borane'])} equiv vs BH3"))
        out.append(Amount(f"{params['base']} ({params['base_molarity']:g} M aq.)", "base",
                          round(s.naoh_mmol / s.substrate_mmol, 2), r(s.naoh_mmol), volume_ml=r(s.naoh_ml),
                          note="at least this much: neutralises the HCl; then to pH > 10"))
    return tuple(out)


# --- the steps -----------------------------------------------------------------------------

class _Reader(Mapping[str, Any]):
    """The parameters, recording which ones a sentence reads."""

    def __init__(self, params: Mapping[str, Any]) -> None:
        self._p = params
        self.read: list[str] = []

    def __getitem__(self, key: str) -> Any:
        if key not in self.read:
            self.read.append(key)
        return self._p[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._p)

    def __len__(self) -> int:
        return len(self._p)

    def touch(self, *keys: str) -> None:
        for k in keys:
            self[k]


# Which parameters each computed amount depends on.
_DEPENDS = {
    "substrate": ("scale_g",),
    "borane": ("scale_g", "borane_equiv", "reagent_molarity"),
    "in_situ": ("scale_g", "borane_equiv"),
    "thf": ("scale_g", "thf_volumes"),
    "h2": ("scale_g", "borane_equiv"),
    "meoh": ("scale_g", "borane_equiv"),
    "hcl": ("scale_g", "borane_equiv", "hcl_equiv_vs_borane", "hcl_molarity"),
    "naoh": ("scale_g", "borane_equiv", "hcl_equiv_vs_borane", "base_molarity"),
}


def _t(c: float) -> str:
    return f"{c + 0.0:g} °C"  # + 0.0: never print -0 °C


def _h(hours: float) -> str:
    return f"{hours:g} h" if hours >= 1 else f"{hours * 60:g} min"


# A step's writer gets the parameters (recording what it reads) and ``use(amount)``, which
# marks the parameters a computed amount depends on as read.
_Use = Callable[[str], None]
_Writer = Callable[[_Reader, _Use], str]


def _steps(params: Mapping[str, Any], s: am.Stoichiometry, facts: SubstrateFacts | None,
           changed: set[str]) -> tuple[Step, ...]:
    """The eleven steps of the note (and the pre-check), written from the parameters."""
    out: list[Step] = []

    def emit(phase: int, number: int, write: _Writer) -> None:
        p = _Reader(params)

        def use(what: str) -> None:
            p.touch(*_DEPENDS[what])

        text = write(p, use)
        read = tuple(p.read)
        out.append(Step(PHASES[phase], number, text, read, tuple(k for k in read if k in changed)))

    kind = params["reagent_kind"]
    reagent_name = REAGENT_KINDS[kind].split(" (")[0]

    def pre_check(p: _Reader, use: _Use) -> str:
        use("h2")
        hazard = {
            "bh3_thf": "BH3·THF is a flammable, water-reactive solution (not pyrophoric as sold; the "
                       "high-hazard forms are neat BH3·SMe2 and diborane).",
            "bh3_sme2": "Neat BH3·SMe2 is the high-hazard form of borane (high energy, pyrophoric risk) "
                        "and smells intensely of dimethyl sulfide: fume hood.",
            "nabh4_i2": "Generating borane from NaBH4 + I2 releases H2 as it forms.",
            "nabh4_bf3": "BF3·OEt2 is corrosive and fumes in moist air; the note warns of an H2 evolution "
                         "spike on generating borane in situ.",
        }[p["reagent_kind"]]
        h2 = f"H2 is released on quench: up to {am.fmt_litres(s.quench_h2_mmol)} ({am.fmt_mmol(s.quench_h2_mmol)})"
        if s.generation_h2_mmol:
            h2 += f", plus {am.fmt_litres(s.generation_h2_mmol)} while the borane is generated"
        return (f"{h2}. Oven-dry all glassware and keep the apparatus under a positive pressure of N2 or Ar, "
                f"vented through a bubbler. {hazard}")

    emit(0, 0, pre_check)

    emit(1, 1, lambda p, use: "Equip a 3-neck round-bottom flask with a reflux condenser, a temperature "
         "probe and a pressure-equalising addition funnel; flush with N2.")

    def dissolve(p: _Reader, use: _Use) -> str:
        use("substrate")
        use("thf")
        name = facts.name if facts else "the lactam"
        dry = ""
        if p["dry_solvent"]:
            dry = ("Dry the lactam to constant mass and check the THF by Karl Fischer first: water destroys "
                   "borane (each H2O takes B-H and gives H2). ")
        return (f"{dry}Dissolve {name} ({am.fmt_g(p['scale_g'])}, {am.fmt_mmol(s.substrate_mmol, substrate=True)}, "
                f"1.0 equiv) in anhydrous THF ({am.fmt_ml(s.thf_ml, solvent=True)}, "
                f"{p['thf_volumes']:g} volumes); cool to {_t(p['addition_temp_c'])}.")

    emit(1, 2, dissolve)

    if kind in am.IN_SITU:
        recipe = am.IN_SITU[kind]

        def charge_nabh4(p: _Reader, use: _Use) -> str:
            use("in_situ")
            p.touch("reagent_kind")
            fresh = (f"Use fresh NaBH4 and a fresh bottle of {recipe.activator}. " if p["fresh_reagent"] else "")
            check = ""
            if p["titrate_reagent"]:
                check = (f" A spent or discoloured {recipe.activator} gives little borane: check it before use, "
                         "as borane made in the flask cannot be titrated before it meets the lactam.")
            return (f"{fresh}Add NaBH4 ({am.fmt_g(s.nabh4_g or 0)}, {am.fmt_mmol(s.nabh4_mmol or 0)}) to the "
                    f"solution under N2. The borane is made in the flask: {recipe.equation} ({recipe.source}); "
                    f"{am.fmt_equiv(p['borane_equiv'])} equiv BH3 nominal, {am.fmt_mmol(s.borane_mmol)}.{check}")

        def add_activator(p: _Reader, use: _Use) -> str:
            use("in_situ")
            amount = f"{am.fmt_g(s.activator_g or 0)}, {am.fmt_mmol(s.activator_mmol or 0)}"
            if s.activator_ml:
                amount = f"{am.fmt_ml(s.activator_ml)}, " + amount
            how = "dissolved in THF" if recipe.activator == "I2" else "neat"
            gas = (f"; H2 evolves ({am.fmt_litres(s.generation_h2_mmol)})" if s.generation_h2_mmol
                   else "; borane forms slowly in ethers and not at all from spent BF3·OEt2 (Kanth & Brown)")
            return (f"Add {recipe.activator} ({amount}) {how} dropwise over {p['addition_minutes']:g} min at "
                    f"{_t(p['addition_temp_c'])}{gas}. Gas beyond that means moisture, or an acidic N-H "
                    "being deprotonated (each consumes hydride).")

        emit(1, 3, charge_nabh4)
        emit(1, 4, add_activator)
    else:
        def charge(p: _Reader, use: _Use) -> str:
            use("borane")
            p.touch("reagent_kind")
            fresh = f"Use a fresh bottle of {reagent_name}, stored at 0-5 °C. " if p["fresh_reagent"] else ""
            titrate = ""
            if p["titrate_reagent"]:
                titrate = (f" Titrate the reagent before use (for example by the H2 an aliquot gives on "
                           f"hydrolysis) and recalculate the volume for {am.fmt_mmol(s.borane_mmol)} from "
                           "the molarity found.")
            molarity = am.fmt_molarity(p["reagent_molarity"])
            return (f"{fresh}Transfer {reagent_name} ({molarity}, {am.fmt_ml(s.borane_ml or 0)}, "
                    f"{am.fmt_mmol(s.borane_mmol)}, {am.fmt_equiv(p['borane_equiv'])} equiv) to the addition "
                    f"funnel by cannula.{titrate} The excess is needed because the amine product ties up "
                    "borane.")

        def add(p: _Reader, use: _Use) -> str:
            extra = ""
            if s.addition_h2_mmol:
                use("substrate")
                extra = (f" Expect about {am.fmt_litres(s.addition_h2_mmol)} H2 from the substrate's acidic "
                         "N-H/O-H.")
            return (f"Add the borane dropwise over {p['addition_minutes']:g} min at {_t(p['addition_temp_c'])}. "
                    "Gas (H2) means moisture, or an acidic N-H being deprotonated (each consumes hydride)."
                    + extra)

        emit(1, 3, charge)
        emit(1, 4, add)

    def react(p: _Reader, use: _Use) -> str:
        t, h = p["reaction_temp_c"], p["reaction_time_h"]
        if t >= 60:
            heat = f"Warm to room temperature, then heat to reflux ({_t(t)}) for {_h(h)}"
        elif t > 25:
            heat = f"Warm to room temperature, then heat to {_t(t)} for {_h(h)}"
        elif t >= 15:
            heat = f"Warm to room temperature ({_t(t)}) and stir for {_h(h)}"
        else:
            heat = f"Stir at {_t(t)} for {_h(h)}"
        caution = ""
        if p["reagent_kind"] == "bh3_thf" and t > 35:
            caution = (" Above 35 °C BH3·THF decomposes and diborane can be released (Monteiro & Flanagan, "
                       "Org. Process Res. Dev. 2017): keep the condenser cold and the N2 vent through a bubbler.")
        return (f"{heat}; follow by TLC/HPLC to the disappearance of starting material. The product spot "
                f"may smear: it is still the boron complex.{caution}")

    emit(1, 5, react)

    def quench(p: _Reader, use: _Use) -> str:
        use("h2")
        if p["quench"] == "methanol":
            use("meoh")
            text = (f"Cool to {_t(p['quench_temp_c'])}; add MeOH dropwise until gas stops (exotherm; up to "
                    f"{am.fmt_litres(s.quench_h2_mmol)} H2; have about {am.fmt_ml(s.meoh_ml)} MeOH ready).")
        else:
            text = (f"Cool to {_t(p['quench_temp_c'])}; add water dropwise until gas stops (exotherm; up to "
                    f"{am.fmt_litres(s.quench_h2_mmol)} H2). Water leaves borates that can gel; the note "
                    "quenches with MeOH so boron leaves as B(OMe)3.")
        if p["quench_minutes"]:
            text += f" Stir for {p['quench_minutes']:g} min."
        if p["warm_before_acid"]:
            text += (" Let the mixture warm to room temperature and stir until no more gas evolves before any "
                     "acid goes in: B-H left when acid is added gives delayed, violent H2.")
        if p["meoh_coevaporation"]:
            text += (" Concentrate, then co-evaporate twice with MeOH to carry the boron off as volatile "
                     "trimethyl borate, B(OMe)3.")
        return text

    emit(2, 6, quench)

    method = params["decomplexation"]
    if method == "acid":
        def acid(p: _Reader, use: _Use) -> str:
            use("hcl")
            p.touch("decomplexation")
            return (f"Add {p['hcl_molarity']:g} M HCl ({am.fmt_ml(s.hcl_ml or 0)}, {am.fmt_mmol(s.hcl_mmol or 0)}, "
                    f"{am.fmt_equiv(p['hcl_equiv_vs_borane'])} equiv vs BH3) once gas evolution has stopped.")

        def acid_heat(p: _Reader, use: _Use) -> str:
            t, h = p["acid_temp_c"], p["acid_hours"]
            if t >= 60:
                how = f"Heat to reflux (about {_t(t)}) for {_h(h)}"
            elif t >= 15 and t <= 25:
                how = f"Stir at room temperature ({_t(t)}) for {_h(h)}"
            else:
                how = f"Stir at {_t(t)} for {_h(h)}"
            tail = "" if t >= 60 else " (the note refluxes: at room temperature the amine-borane can survive)"
            return f"{how}{tail}: R3N·BH3 + HCl + 3 MeOH → R3NH+ Cl- + B(OMe)3 + 3 H2."

        def basify(p: _Reader, use: _Use) -> str:
            use("naoh")
            ph = p["basify_ph"]
            target = "pH > 10" if ph == 10 else f"pH {ph:g}" + (" (the note: pH > 10)" if ph < 10 else "")
            return (f"Cool to room temperature; basify with {p['base_molarity']:g} M {p['base']} (at least "
                    f"{am.fmt_ml(s.naoh_ml or 0)}, {am.fmt_mmol(s.naoh_mmol or 0)}: enough to neutralise the "
                    f"HCl) to {target}, to free the amine.")

        emit(2, 7, acid)
        emit(2, 8, acid_heat)
        emit(2, 9, basify)
    elif method == "pd_methanol":
        def pd_methanolysis(p: _Reader, use: _Use) -> str:
            p.touch("decomplexation")
            return ("Acid-free complex breaking (Pd/C methanolysis): add Pd/C to the methanolic mixture under "
                    "N2 and stir until gas stops and the amine-borane is gone (11B NMR or TLC); take the "
                    f"catalyst loading, temperature and time from {COUTURIER} (the note gives none). Pd/C also "
                    "removes N-benzyl groups and can remove aryl halogens.")

        emit(2, 7, pd_methanolysis)
        emit(2, 8, lambda p, use: "Filter off the catalyst through Celite under N2, keeping the cake wet "
             "with MeOH (dry Pd/C with methanol can ignite); wash with MeOH.")
        emit(2, 9, lambda p, use: "Concentrate and co-evaporate with MeOH to remove B(OMe)3; no acid was "
             "used, so no basifying is needed.")
    else:
        def amine_exchange(p: _Reader, use: _Use) -> str:
            p.touch("decomplexation")
            return ("Acid-free complex breaking (amine exchange): add an excess of a cheap amine (for example "
                    "piperazine or diethylamine) to take the BH3 off the product (the note gives no amount: "
                    "follow a literature procedure).")

        emit(2, 7, amine_exchange)
        emit(2, 8, lambda p, use: "Stir until the product's amine-borane is gone (11B NMR: the quartet near "
             "-15 ppm disappears).")
        emit(2, 9, lambda p, use: "Concentrate and separate the product from the exchange amine and its "
             "borane (evaporation or aqueous washes).")

    def extract(p: _Reader, use: _Use) -> str:
        salt = ("Saturate the aqueous layer with NaCl, then extract" if p["salt_out_extraction"] else "Extract")
        return (f"{salt} with {p['extraction_solvent']} (3 ×); wash the combined organics with brine; dry "
                "(Na2SO4) and concentrate.")

    emit(3, 10, extract)
    emit(3, 11, lambda p, use: "Purify: recrystallise from EtOH/water, or by column chromatography.")
    return tuple(out)


def plan(run: RunRecord, diagnosis: Diagnosis | None) -> RevisedProtocol:
    """``revise(base_protocol(run), diagnosis)``."""
    return revise(base_protocol(run), diagnosis)


# --- text ----------------------------------------------------------------------------------

def format_text(revised: RevisedProtocol) -> str:
    """The protocol as a chemist prints it: steps by phase, amounts, changes, warnings."""
    lines = [revised.title, "=" * len(revised.title), ""]
    marks = {c.parameter: i + 1 for i, c in enumerate(revised.changes)}
    phase = None
    for step in revised.steps:
        if step.phase != phase:
            phase = step.phase
            lines += ["", phase]
        num = "  -" if step.number == 0 else f"{step.number:3d}."
        flag = "".join(f" [{n}]" for n in sorted(marks[p] for p in step.changed if p in marks))
        lines.append(_wrap(f"{num} {step.text}{flag}", "     "))
    lines += ["", "Amounts", f"  {'reagent':<28}{'role':<11}{'equiv':>7}{'mmol':>10}{'mass':>11}{'volume':>11}"]
    for a in revised.amounts:
        equiv = am.fmt_equiv(a.equiv) if a.equiv is not None else ""
        mmol = (f"{a.mmol:.2f}" if a.role == "substrate" and a.mmol < 100 else am.fmt_value(a.mmol)) \
            if a.mmol is not None else ""
        mass = am.fmt_g(a.mass_g) if a.mass_g is not None else ""
        vol = am.fmt_ml(a.volume_ml, solvent=a.role == "solvent") if a.volume_ml is not None else ""
        name = a.name if len(a.name) <= 27 else a.name[:26] + "…"
        lines.append(f"  {name:<28}{a.role:<11}{equiv:>7}{mmol:>10}{mass:>11}{vol:>11}")
    lines += ["", "Changes for the next attempt"]
    if not revised.changes:
        lines.append("  none: the protocol is the run as performed")
    for i, c in enumerate(revised.changes, 1):
        label = PARAMETERS[c.parameter].label if c.parameter in PARAMETERS else c.parameter
        unit = PARAMETERS[c.parameter].unit if c.parameter in PARAMETERS else ""
        text = (f"[{i}] {label}: {_value(c.before, unit)} → {_value(c.after, unit)} "
                f"(cause: {c.cause_words}; source: {c.source})")
        if c.why:
            text += f". {c.why}"
        lines.append(_wrap("  " + text, "      "))
    from_note = revised.extra.get("from_note") or []
    if from_note:
        lines += ["", "Values from the note (the run record is silent)"]
        for item in from_note:
            label = PARAMETERS[item["parameter"]].label
            unit = PARAMETERS[item["parameter"]].unit
            lines.append(_wrap(f"  {label}: {_value(item['value'], unit)} ({item['source']})", "    "))
    if revised.safety:
        lines += ["", "Safety"]
        lines += [_wrap(f"  - {s}", "    ") for s in revised.safety]
    if revised.warnings:
        lines += ["", "Warnings"]
        lines += [_wrap(f"  - {w}", "    ") for w in revised.warnings]
    return "\n".join(lines).replace("\n\n\n", "\n\n").strip() + "\n"


def _value(value: Any, unit: str) -> str:
    if value is None:
        return "not given"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return f"{value:g} {unit}".strip()
    return _METHOD_WORDS.get(value) or CHOICE_WORDS.get(value) or str(value)


def _wrap(text: str, indent: str, width: int = 100) -> str:
    import textwrap

    return textwrap.fill(text, width=width, subsequent_indent=indent, break_on_hyphens=False)
