"""The readers behind each row of :data:`boranegui.core.ord_map.ROWS`: ORD ``Reaction`` -> run fields.

:class:`In` finds, once, the parts of a ``Reaction`` the readers look at (the lactam,
the borane reagent, the solvent, the work-up steps) and refuses, with a one-line
``ValueError``, a reaction that is not a borane reduction of a lactam.  The readers
accept published records too: units are converted, names and structures both count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from boranegui.core import ord_chem as oc
from boranegui.core.amounts import substrate_mmol
from boranegui.core.ord_chem import Msg
from boranegui.core.ord_steps import CRUDE, PREDICTED, TITLE
from boranegui.core.run_fields import CHOICE_LABELS

_NO_BORANE = ("no borane reagent (BH3·THF, BH3·SMe2, NaBH4 + I2 or NaBH4 + BF3·OEt2) among its inputs: "
              "not a borane reduction")


def _enum(message: Msg, field: str) -> str:
    return str(type(message).DESCRIPTOR.fields_by_name[field].enum_type.values_by_number[getattr(message, field)].name)


def _structure(compound: Msg) -> tuple[str | None, str | None]:
    """(SMILES as written, MOLBLOCK) of a compound; either may be None."""
    smiles = molblock = None
    for ident in compound.identifiers:
        kind = _enum(ident, "type")
        if kind in ("SMILES", "CXSMILES") and smiles is None:
            smiles = str(ident.value).split(" |")[0]
        elif kind == "MOLBLOCK" and molblock is None:
            molblock = str(ident.value)
    return smiles, molblock


def _lactam_analysis(compound: Msg) -> Any:
    """The substrate analysis of a compound when it holds a lactam, else None."""
    from boranegui.core.substrate import analyse

    smiles, molblock = _structure(compound)
    text = smiles or molblock
    if not text:
        return None
    try:
        found = analyse(text)
    except ValueError:
        return None
    return found if found.lactams else None


def _components(reaction: Msg) -> list[tuple[str, Msg]]:
    return [(key, c) for key in sorted(reaction.inputs, key=lambda k: reaction.inputs[k].addition_order)
            for c in reaction.inputs[key].components]


def _reagent(reaction: Msg) -> tuple[str, list[Msg], str] | None:
    """(kind, [solute, carrier or activator], input key) of the borane reagent, or None."""
    comps = _components(reaction)
    nabh4 = next(((k, c) for k, c in comps if oc.is_compound(c, "[Na+].[BH4-]")), None)
    if nabh4 is not None:
        for in_situ in ("nabh4_i2", "nabh4_bf3"):
            act = oc.REAGENT_FORMS[in_situ].activator
            assert act is not None
            found = next((c for _, c in comps if oc.is_compound(c, act[0]) or (
                in_situ == "nabh4_bf3" and oc.is_compound(c, "FB(F)F"))), None)
            if found is not None:
                return in_situ, [nabh4[1], found], nabh4[0]
        return None
    for key, compound in comps:
        name = (oc.compound_name(compound) or "").strip().lower()
        kind: str | None = next((k for k in ("bh3_thf", "bh3_sme2")
                                 if oc.is_compound(compound, oc.REAGENT_FORMS[k].solute[0])), None)
        kind = kind or next((k for n, k in oc.REAGENT_NAMES.items() if name.startswith(n)), None)
        if kind is None and any(oc.is_compound(compound, s) for s in oc.BH3_SMILES):
            sme2 = any(oc.is_compound(c, "CSC") for c in reaction.inputs[key].components)
            kind = "bh3_sme2" if sme2 else "bh3_thf"
        if kind is not None:
            others = [c for c in reaction.inputs[key].components if c is not compound and _enum(c, "reaction_role")
                      == "SOLVENT"]
            return kind, [compound, *others[:1]], key
    return None


@dataclass
class In:
    """The parts of a ``Reaction`` the readers need, found once."""

    reaction: Msg
    lactam: Msg
    lactam_key: str
    mw: float
    kind: str
    reagent: list[Msg]
    reagent_key: str
    solvent: Msg | None
    scale_g: float | None
    lactam_mmol: float | None
    borane_mmol: float | None

    @classmethod
    def read(cls, reaction: Msg) -> In:
        found = next(((k, c, a) for k, c in _components(reaction)
                      if _enum(c, "reaction_role") in ("REACTANT", "UNSPECIFIED")
                      and (a := _lactam_analysis(c)) is not None), None)
        reagent = _reagent(reaction)
        if reagent is None:
            raise ValueError(_NO_BORANE)
        if found is None:
            raise ValueError("no lactam among its reactants (read from their SMILES or MOL blocks): "
                             "not a lactam reduction")
        key, lactam, analysis = found
        kind, parts, rkey = reagent
        solvents = sorted((c for k, c in _components(reaction) if _enum(c, "reaction_role") == "SOLVENT"
                           and all(c is not p for p in parts)),
                          key=lambda c: all(c is not x for x in reaction.inputs[key].components))
        water = _feature(lactam, "water_percent")
        grams, mmol = oc.grams(lactam.amount), oc.mmol(lactam.amount)
        if grams is None and mmol is not None:
            grams = mmol * analysis.mw / 1000 / (1 - (water or 0) / 100)
        scale = None if grams is None else oc.num(grams)
        lactam_mmol = None if scale is None else substrate_mmol(scale, analysis.mw, water)
        form = oc.REAGENT_FORMS[kind]
        solute_mmol = oc.mmol(parts[0].amount)
        borane = None if solute_mmol is None else solute_mmol / form.solute_per_bh3
        return cls(reaction, lactam, key, analysis.mw, kind, parts, rkey, solvents[0] if solvents else None,
                   scale, lactam_mmol, borane)

    @property
    def outcome(self) -> Msg | None:
        return self.reaction.outcomes[0] if self.reaction.outcomes else None

    def product(self) -> Msg | None:
        if self.outcome is None:
            return None
        products = list(self.outcome.products)
        return next((p for p in products if p.is_desired_product), None) or next(
            (p for p in products if _enum(p, "reaction_role") in ("PRODUCT", "UNSPECIFIED")), None)

    def step(self, *smiles: str) -> Msg | None:
        """The first work-up step that adds one of these compounds."""
        return next((w for w in self.reaction.workups
                     if any(oc.is_compound(c, s) for c in w.input.components for s in smiles)), None)

    def quench_step(self) -> Msg | None:
        acid = self.step(oc.HCL[0])
        return next((w for w in self.reaction.workups if w is not acid and _enum(w, "type") == "ADDITION"
                     and any(oc.is_compound(c, s) for c in w.input.components
                             for s in (oc.METHANOL[0], oc.WATER[0]))), None)

    def decomplexation(self) -> tuple[str, Msg] | None:
        for method, smiles in (("acid", oc.HCL[0]), ("pd_methanol", oc.PD_ON_C[0])):
            step = self.step(smiles)
            if step is not None:
                return method, step
        step = next((w for w in self.reaction.workups if CHOICE_LABELS["amine_exchange"] in w.details.lower()), None)
        return None if step is None else ("amine_exchange", step)


def _feature(compound: Msg, key: str) -> float | None:
    if key in compound.features and compound.features[key].WhichOneof("kind") == "float_value":
        return oc.num(compound.features[key].float_value)
    return None


def _maybe(value: float | None) -> float | None:
    return None if value is None else oc.num(value)


def take_title(inp: In) -> str | None:
    found = next((i.value for i in inp.reaction.identifiers if _enum(i, "type") == "CUSTOM" and i.details == TITLE),
                 None)
    if found is None and inp.reaction.reaction_id:
        return f"ORD reaction {inp.reaction.reaction_id}"
    return None if found is None else str(found)


def take_date(inp: In) -> str | None:
    value = str(inp.reaction.provenance.experiment_start.value)
    return value[:10] if value else None


def take_operator(inp: In) -> str | None:
    return str(inp.reaction.provenance.experimenter.name) or None


def take_lactam_smiles(inp: In) -> str | None:
    return _structure(inp.lactam)[0]


def take_lactam_molblock(inp: In) -> str | None:
    smiles, molblock = _structure(inp.lactam)
    return None if smiles else molblock


def take_lactam_name(inp: In) -> str | None:
    return oc.compound_name(inp.lactam)


def take_target(inp: In) -> str | None:
    product = inp.product()
    if product is None:
        return None
    ident = next((i for i in product.identifiers if _enum(i, "type") in ("SMILES", "CXSMILES")), None)
    return None if ident is None or ident.details == PREDICTED else str(ident.value).split(" |")[0]


def take_scale(inp: In) -> float | None:
    return inp.scale_g


def take_reagent_kind(inp: In) -> str:
    return inp.kind


def take_molarity(inp: In) -> float | None:
    if oc.REAGENT_FORMS[inp.kind].carrier is None or len(inp.reagent) < 2 or inp.borane_mmol is None:
        return None
    volume = oc.millilitres(inp.reagent[1].amount)
    return None if not volume else oc.num(inp.borane_mmol / volume)


def take_equiv(inp: In) -> float | None:
    if inp.borane_mmol is None or not inp.lactam_mmol:
        return None
    return oc.num(inp.borane_mmol / inp.lactam_mmol)


def take_solvent_name(inp: In) -> str | None:
    if inp.solvent is None:
        return None
    smiles = oc.compound_smiles(inp.solvent)
    return oc.compound_name(inp.solvent) or (oc.solvent_name(smiles) if smiles else None) or smiles


def take_solvent_volumes(inp: In) -> float | None:
    volume = None if inp.solvent is None else oc.millilitres(inp.solvent.amount)
    return None if volume is None or not inp.scale_g else oc.num(volume / inp.scale_g)


def take_anhydrous(inp: In) -> bool | None:
    kinds = {_enum(p, "type") for p in inp.solvent.preparations} if inp.solvent is not None else set()
    return True if "DRIED" in kinds else (False if "NONE" in kinds else None)


def take_dissolved(inp: In) -> bool | None:
    notes = inp.reaction.notes
    return (not notes.is_heterogeneous) if notes.HasField("is_heterogeneous") else None


def _addition(inp: In) -> Msg:
    """The input that brought the borane in (in situ: the activator's, added last), as timed."""
    inputs = [inp.reaction.inputs[k] for k in inp.reaction.inputs
              if any(c is p for c in inp.reaction.inputs[k].components for p in inp.reagent)]
    timed = [i for i in inputs if i.HasField("addition_temperature") or i.HasField("addition_duration")]
    return max(timed or inputs, key=lambda i: int(i.addition_order))


def take_addition_temp(inp: In) -> float | None:
    return _maybe(oc.celsius(_addition(inp).addition_temperature))


def take_addition_minutes(inp: In) -> float | None:
    hours = oc.hours(_addition(inp).addition_duration)
    return None if hours is None else oc.num(hours * 60)


def take_max_temp(inp: In) -> float | None:
    return _maybe(oc.celsius(inp.reaction.conditions.temperature.setpoint))


def take_time(inp: In) -> float | None:
    return None if inp.outcome is None else _maybe(oc.hours(inp.outcome.reaction_time))


def take_quench(inp: In) -> str | None:
    step = inp.quench_step()
    if step is None:
        return None
    return "methanol" if any(oc.is_compound(c, oc.METHANOL[0]) for c in step.input.components) else "water"


def take_quench_temp(inp: In) -> float | None:
    step = inp.quench_step()
    return None if step is None else _maybe(oc.celsius(step.temperature.setpoint))


def take_quench_minutes(inp: In) -> float | None:
    step = inp.quench_step()
    hours = None if step is None else oc.hours(step.duration)
    return None if hours is None else oc.num(hours * 60)


def take_decomplexation(inp: In) -> str | None:
    found = inp.decomplexation()
    return None if found is None else found[0]


def _acid(inp: In) -> tuple[Msg, float | None, float | None] | None:
    """(acid step, HCl mmol, mL of the solution) when complex breaking is acid."""
    found = inp.decomplexation()
    if found is None or found[0] != "acid":
        return None
    step = found[1]
    hcl = next(c for c in step.input.components if oc.is_compound(c, oc.HCL[0]))
    volumes = [oc.millilitres(c.amount) for c in step.input.components if c is not hcl]
    return step, oc.mmol(hcl.amount), next((v for v in volumes if v), None)


def take_hcl_molarity(inp: In) -> float | None:
    acid = _acid(inp)
    return None if acid is None or acid[1] is None or not acid[2] else oc.num(acid[1] / acid[2])


def take_hcl_equiv(inp: In) -> float | None:
    acid = _acid(inp)
    return None if acid is None or acid[1] is None or not inp.borane_mmol else oc.num(acid[1] / inp.borane_mmol)


def take_hcl_volume(inp: In) -> float | None:
    """The volume only when equiv_vs_borane cannot be worked out (it says the same thing)."""
    acid = _acid(inp)
    if acid is None or acid[2] is None or take_hcl_equiv(inp) is not None:
        return None
    return oc.num(acid[2])


def take_acid_temp(inp: In) -> float | None:
    acid = _acid(inp)
    return None if acid is None else _maybe(oc.celsius(acid[0].temperature.setpoint))


def take_acid_hours(inp: In) -> float | None:
    acid = _acid(inp)
    return None if acid is None else _maybe(oc.hours(acid[0].duration))


def pd_step(inp: In) -> Msg | None:
    found = inp.decomplexation()
    return None if found is None or found[0] != "pd_methanol" else found[1]


def pd_catalyst(inp: In) -> Msg | None:
    step = pd_step(inp)
    return None if step is None else next(c for c in step.input.components if oc.is_compound(c, oc.PD_ON_C[0]))


def take_pd_loading(inp: In) -> float | None:
    """Grams of Pd/C back to wt % of the lactam."""
    catalyst = pd_catalyst(inp)
    grams = None if catalyst is None else oc.grams(catalyst.amount)
    return None if grams is None or not inp.scale_g else oc.num(grams / inp.scale_g * 100)


def take_pd_temp(inp: In) -> float | None:
    step = pd_step(inp)
    return None if step is None else _maybe(oc.celsius(step.temperature.setpoint))


def take_pd_hours(inp: In) -> float | None:
    step = pd_step(inp)
    return None if step is None else _maybe(oc.hours(step.duration))


def take_basify(inp: In) -> float | None:
    step = next((w for w in inp.reaction.workups if _enum(w, "type") == "PH_ADJUST" and w.HasField("target_ph")), None)
    return None if step is None else oc.num(step.target_ph)


def take_extraction(inp: In) -> str | None:
    step = next((w for w in inp.reaction.workups if _enum(w, "type") == "EXTRACTION" and w.input.components), None)
    if step is None:
        return None
    compound = step.input.components[0]
    smiles = oc.compound_smiles(compound)
    return oc.compound_name(compound) or (oc.solvent_name(smiles) if smiles else None) or smiles


def _is_crude(inp: In, key: str) -> bool:
    analyses = inp.outcome.analyses if inp.outcome is not None else {}
    if key not in analyses:
        return key == CRUDE
    analysis = analyses[key]
    return analysis.HasField("is_of_isolated_species") and not analysis.is_of_isolated_species


def _yield(inp: In, crude: bool) -> float | None:
    product = inp.product()
    if product is None:
        return None
    return next((oc.num(m.percentage.value) for m in product.measurements
                 if _enum(m, "type") == "YIELD" and m.WhichOneof("value") == "percentage"
                 and _is_crude(inp, m.analysis_key) == crude), None)


def take_yield(inp: In) -> float | None:
    return _yield(inp, crude=False)


def take_mass_balance(inp: In) -> float | None:
    return _yield(inp, crude=True)


def take_starting_material(inp: In) -> float | None:
    if inp.outcome is None:
        return None
    left = [p for p in inp.outcome.products if _enum(p, "reaction_role") == "REACTANT"]
    return next((oc.num(m.percentage.value) for p in left for m in p.measurements
                 if m.WhichOneof("value") == "percentage"), None)


def take_notes(inp: In) -> str | None:
    text = "\n".join(o.comment for o in inp.reaction.observations if o.comment)
    return text or None


def take_masses(inp: In) -> list[dict[str, Any]] | None:
    if inp.outcome is None:
        return None
    peaks: dict[int, dict[str, Any]] = {}
    for key in inp.outcome.analyses:
        if not key.startswith("ms_"):
            continue
        for name, data in inp.outcome.analyses[key].data.items():
            parts = name.split("_")
            if len(parts) == 3 and parts[0] == "peak" and parts[1].isdigit() and parts[2] in ("mz", "percent") \
                    and data.WhichOneof("kind") == "float_value":
                peak = peaks.setdefault(int(parts[1]), {"where": key[3:]})
                peak[parts[2]] = oc.num(data.float_value)
    found = [{"mz": p["mz"], "where": p["where"], **({"percent": p["percent"]} if "percent" in p else {})}
             for _, p in sorted(peaks.items()) if "mz" in p]
    return found or None
