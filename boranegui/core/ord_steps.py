"""The writers behind each row of :data:`boranegui.core.ord_map.ROWS`: run fields -> ORD ``Reaction``.

:class:`Out` holds the ``Reaction`` being written and the amounts every row needs (mmol
of lactam and of BH3, since ORD records amounts, not equivalents).  Messages are built
with ``ord_schema``, imported when a reaction is written.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from boranegui.core import ord_chem as oc
from boranegui.core.amounts import substrate_mmol
from boranegui.core.ord_chem import Msg
from boranegui.core.run_fields import CHOICE_LABELS, FIELDS

if TYPE_CHECKING:
    from boranegui.core.run_record import RunRecord

PREDICTED = "predicted by BoraneGUI: the lactam C=O made CH2"
TITLE = "title"
STATUS = "boranegui:status"  # "planned" on a revised protocol
HPLC, ISOLATED, CRUDE = "hplc", "isolated", "crude"


def pb() -> Any:
    """ORD's message classes (``ord_schema.proto.reaction_pb2``), imported on first use."""
    from ord_schema.proto import reaction_pb2

    return reaction_pb2


def _analysis(text: str) -> Any:
    from boranegui.core.substrate import analyse

    return analyse(text)


def _product_smiles(structure: str) -> str | None:
    """The lactam with every lactam C=O made CH2: the amine a run wants by default."""
    from rdkit import Chem

    from boranegui.core.substrate import parse_structure, reduced_product

    found = _analysis(structure)
    if not found.lactams:
        return None
    product = reduced_product(parse_structure(structure), {"lactam": found.group_atoms["lactam"]})
    return None if product is None else str(Chem.MolToSmiles(product))


def _set_compound(compound: Msg, smiles: str, name: str, role: str) -> None:
    compound.identifiers.add(type="SMILES", value=smiles)
    compound.identifiers.add(type="NAME", value=name)
    compound.reaction_role = role


# --- writing -----------------------------------------------------------------------------

@dataclass
class Out:
    """The ``Reaction`` being written, with the amounts the rows share."""

    run: RunRecord
    reaction: Msg
    lactam_mmol: float | None
    borane_mmol: float | None
    steps: dict[str, Msg] = field(default_factory=dict)

    @classmethod
    def start(cls, run: RunRecord, *, email: str) -> Out:
        reaction = pb().Reaction()
        structure = run.get("substrate.structure")
        scale, mmol = run.get("scale_g"), None
        if structure and scale:
            mmol = substrate_mmol(scale, _analysis(structure).mw, run.get("substrate.water_percent"))
        equiv = run.get("reagent.equiv")
        out = cls(run, reaction, mmol, None if mmol is None or equiv is None else mmol * equiv)
        lactam = reaction.inputs["lactam"]
        lactam.addition_order = 1
        lactam.components.add(reaction_role="REACTANT", is_limiting=True)
        created = reaction.provenance.record_created
        created.time.value = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
        created.person.username = "boranegui"
        created.person.email = email
        created.details = "exported by BoraneGUI"
        outcome = reaction.outcomes.add()
        product_smiles = _product_smiles(structure) if structure else None
        if product_smiles:
            product = outcome.products.add(is_desired_product=True, reaction_role="PRODUCT")
            product.identifiers.add(type="SMILES", value=product_smiles, details=PREDICTED)
        return out

    @property
    def lactam(self) -> Msg:
        return self.reaction.inputs["lactam"].components[0]

    @property
    def product(self) -> Msg | None:
        products = self.reaction.outcomes[0].products
        return products[0] if products and products[0].is_desired_product else None

    def solvent(self) -> Msg:
        components = self.reaction.inputs["lactam"].components
        if len(components) < 2:
            components.add(reaction_role="SOLVENT")
        return components[1]

    def step(self, key: str, kind: str, details: str) -> Msg:
        if key not in self.steps:
            self.steps[key] = self.reaction.workups.add(type=kind, details=details)
        return self.steps[key]


def finish(out: Out, planned_steps: tuple[str, ...]) -> None:
    """Fill what ORD requires of every input, and mark a planned reaction as such."""
    for name in list(out.reaction.inputs):
        inp = out.reaction.inputs[name]
        for i in reversed(range(len(inp.components))):
            if not inp.components[i].identifiers:  # a solvent with no name: ORD needs an identifier
                del inp.components[i]
        for compound in inp.components:
            if not compound.amount.WhichOneof("kind"):
                compound.amount.unmeasured.type = "CUSTOM"
                compound.amount.unmeasured.details = "not recorded"
        if not inp.components:
            del out.reaction.inputs[name]
    if planned_steps:
        out.reaction.notes.procedure_details = "\n".join(planned_steps)
        status = out.reaction.provenance.reaction_metadata[STATUS]
        status.string_value = "planned"
        status.description = "a revised protocol for the next attempt, not a run that was performed"


def put_title(out: Out, value: str) -> None:
    out.reaction.identifiers.add(type="CUSTOM", details=TITLE, value=value)


def put_date(out: Out, value: str) -> None:
    out.reaction.provenance.experiment_start.value = str(value)


def put_operator(out: Out, value: str) -> None:
    out.reaction.provenance.experimenter.name = value


def put_lactam_smiles(out: Out, value: str) -> None:
    out.lactam.identifiers.add(type="SMILES", value=value)


def put_lactam_molblock(out: Out, value: str) -> None:
    out.lactam.identifiers.add(type="MOLBLOCK", value=value)


def put_lactam_name(out: Out, value: str) -> None:
    out.lactam.identifiers.add(type="NAME", value=value)


def put_target(out: Out, value: str) -> None:
    product = out.product or out.reaction.outcomes[0].products.add(is_desired_product=True, reaction_role="PRODUCT")
    del product.identifiers[:]
    product.identifiers.add(type="SMILES", value=value)


def put_scale(out: Out, value: float) -> None:
    out.lactam.amount.mass.value = value
    out.lactam.amount.mass.units = "GRAM"


def put_reagent_kind(out: Out, value: str) -> None:
    form = oc.REAGENT_FORMS[value]
    inp = out.reaction.inputs["borane"]
    inp.addition_order = 2
    solute = inp.components.add()
    _set_compound(solute, *form.solute, "REAGENT")
    if out.borane_mmol is not None:
        solute.amount.moles.value = out.borane_mmol * form.solute_per_bh3
        solute.amount.moles.units = "MILLIMOLE"
    extra = form.carrier or form.activator
    if extra is not None:
        other = inp.components.add()
        _set_compound(other, *extra, "SOLVENT" if form.carrier else "REAGENT")
        if form.activator and out.borane_mmol is not None:
            other.amount.moles.value = out.borane_mmol * form.activator_per_bh3
            other.amount.moles.units = "MILLIMOLE"


def put_molarity(out: Out, value: float) -> None:
    components = out.reaction.inputs["borane"].components
    kind = out.run.get("reagent.kind")
    if out.borane_mmol is None or kind not in oc.REAGENT_FORMS or oc.REAGENT_FORMS[kind].carrier is None:
        return  # an in-situ reagent is no solution: a molarity given for one has no place in ORD
    carrier = components[1]
    carrier.amount.volume.value = out.borane_mmol / value
    carrier.amount.volume.units = "MILLILITER"
    carrier.amount.volume_includes_solutes = True


def put_solvent_name(out: Out, value: str) -> None:
    solvent = out.solvent()
    if value in oc.SOLVENTS:
        solvent.identifiers.add(type="SMILES", value=oc.SOLVENTS[value])
    solvent.identifiers.add(type="NAME", value=value)


def put_solvent_volumes(out: Out, value: float) -> None:
    solvent = out.solvent()
    solvent.amount.volume.value = value * out.run.get("scale_g")
    solvent.amount.volume.units = "MILLILITER"


def put_anhydrous(out: Out, value: bool) -> None:
    out.solvent().preparations.add(type="DRIED" if value else "NONE")


def put_dissolved(out: Out, value: bool) -> None:
    out.reaction.notes.is_heterogeneous = not value


def _value(message: Msg, value: float, units: str) -> None:
    """Set an ORD unit message (Temperature, Time, Moles, Volume, ...)."""
    message.value = value
    message.units = units


def _temperature(message: Msg, celsius: float) -> None:
    _value(message, celsius, "CELSIUS")


def put_addition_temp(out: Out, value: float) -> None:
    _temperature(out.reaction.inputs["borane"].addition_temperature, value)


def put_addition_minutes(out: Out, value: float) -> None:
    _value(out.reaction.inputs["borane"].addition_duration, value, "MINUTE")


def put_max_temp(out: Out, value: float) -> None:
    _temperature(out.reaction.conditions.temperature.setpoint, value)


def put_time(out: Out, value: float) -> None:
    _value(out.reaction.outcomes[0].reaction_time, value, "HOUR")


def put_quench(out: Out, value: str) -> None:
    if value == "none":
        return
    step = out.step("quench", "ADDITION", f"quench with {value}")
    _set_compound(step.input.components.add(), *(oc.METHANOL if value == "methanol" else oc.WATER), "WORKUP")


def put_decomplexation(out: Out, value: str) -> None:
    if value == "acid":
        _put_acid(out)
    elif value == "pd_methanol":
        step = out.step("decomplexation", "ADDITION", "complex breaking: Pd/C-catalysed methanolysis")
        _set_compound(step.input.components.add(), *oc.PD_ON_C, "CATALYST")
        _set_compound(step.input.components.add(), *oc.METHANOL, "WORKUP")
    elif value == "amine_exchange":
        out.step("decomplexation", "CUSTOM", f"{FIELDS['workup.decomplexation'].label}: "
                 f"{CHOICE_LABELS['amine_exchange']} with an excess of a cheap amine")


def _put_acid(out: Out) -> None:
    """Aqueous HCl as ORD writes a solution: HCl moles plus the water volume that holds them."""
    step = out.step("decomplexation", "ADDITION", "complex breaking: aqueous HCl")
    hcl, water = step.input.components.add(), step.input.components.add()
    _set_compound(hcl, *oc.HCL, "WORKUP")
    _set_compound(water, *oc.WATER, "WORKUP")
    molarity = out.run.get("workup.acid.hcl_molarity")
    equiv = out.run.get("workup.acid.equiv_vs_borane")
    volume = out.run.get("workup.acid.volume_ml")
    hcl_mmol = None
    if equiv is not None and out.borane_mmol is not None:
        hcl_mmol = equiv * out.borane_mmol
    elif volume is not None and molarity is not None:
        hcl_mmol = volume * molarity
    if volume is None and hcl_mmol is not None and molarity is not None:
        volume = hcl_mmol / molarity
    if hcl_mmol is not None:
        _value(hcl.amount.moles, hcl_mmol, "MILLIMOLE")
    if volume is not None:
        _value(water.amount.volume, volume, "MILLILITER")
        water.amount.volume_includes_solutes = True


def pd_catalyst(out: Out) -> Msg | None:
    """The Pd/C compound of the Pd step, once the decomplexation row has written it."""
    step = out.steps.get("decomplexation")
    if step is None:
        return None
    return next((c for c in step.input.components if oc.is_compound(c, oc.PD_ON_C[0])), None)


def put_pd_loading(out: Out, value: float) -> None:
    """The catalyst as charged: wt % of the lactam, written as grams of Pd/C."""
    catalyst, scale = pd_catalyst(out), out.run.get("scale_g")
    if catalyst is not None and scale is not None:
        _value(catalyst.amount.mass, value / 100 * scale, "GRAM")


def step_setting(key: str, setting: str, units: str) -> Callable[[Out, float], None]:
    """A writer for the temperature or the duration of one work-up step, once a row has made the step."""
    def put(out: Out, value: float) -> None:
        step = out.steps.get(key)
        if step is not None:
            _value(step.temperature.setpoint if setting == "temperature" else step.duration, value, units)
    return put


def put_basify(out: Out, value: float) -> None:
    out.step("basify", "PH_ADJUST", "basify").target_ph = value


def put_extraction(out: Out, value: str) -> None:
    step = out.step("extraction", "EXTRACTION", "extract the amine")
    step.keep_phase = "organic"
    compound = step.input.components.add(reaction_role="WORKUP")
    if value in oc.SOLVENTS:
        compound.identifiers.add(type="SMILES", value=oc.SOLVENTS[value])
    compound.identifiers.add(type="NAME", value=value)


def _measure(out: Out, product: Msg, kind: str, key: str, value: float, analysis: dict[str, Any]) -> None:
    product.measurements.add(type=kind, analysis_key=key).percentage.value = value
    out.reaction.outcomes[0].analyses[key].CopyFrom(pb().Analysis(**analysis))


def put_yield(out: Out, value: float) -> None:
    if out.product is not None:
        _measure(out, out.product, "YIELD", ISOLATED, value,
                 {"type": "WEIGHT", "details": FIELDS["outcome.yield_percent"].label, "is_of_isolated_species": True})


def put_mass_balance(out: Out, value: float) -> None:
    if out.product is not None:
        _measure(out, out.product, "YIELD", CRUDE, value,
                 {"type": "WEIGHT", "details": "crude mass as % of theory", "is_of_isolated_species": False})


def put_starting_material(out: Out, value: float) -> None:
    left = out.reaction.outcomes[0].products.add(reaction_role="REACTANT")
    left.identifiers.extend(i for i in out.lactam.identifiers if i.type != pb().CompoundIdentifier.NAME)
    _measure(out, left, "AREA", HPLC, value,
             {"type": "LC", "details": "HPLC area % of starting material left", "is_of_isolated_species": False})


def put_notes(out: Out, value: str) -> None:
    out.reaction.observations.add(comment=value)


def _item(entry: Any, name: str) -> Any:
    return entry.get(name) if isinstance(entry, dict) else getattr(entry, name, None)


def put_masses(out: Out, value: Any) -> None:
    for i, entry in enumerate(value, start=1):
        where = _item(entry, "where") or "crude"
        analysis = out.reaction.outcomes[0].analyses[f"ms_{where}"]
        analysis.type = pb().Analysis.LCMS
        analysis.details = f"[M+H]+ peaks seen in the {where} sample"
        analysis.is_of_isolated_species = False
        for what, words in (("mz", "[M+H]+ m/z"), ("percent", "area % in that sample")):
            number = _item(entry, what)
            if number is not None:
                data = analysis.data[f"peak_{i}_{what}"]
                data.float_value = number
                data.description = words
