"""The run record's vocabulary as one table: every field with its kind, bounds, unit and label.

:data:`FIELDS` drives the run file's validation (core/run_record.py), the rules validator
and schema (core/rules/), and the wizard's editors (ui/pages/run.py).  Only ``format``, the
substrate's structure and ``scale_g`` are required; every other field may be unknown.
Symptom ids and the choices of the choice fields live here too, so that every view says
the same words, and the check of one value against its spec (``check_value``, which the
wizard calls as the chemist types).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from boranegui.core.limits import MAX_TEXT_FIELD

if TYPE_CHECKING:
    from boranegui.core.yamlio import Problem

FORMAT = "borane-run/1"
RULES_FORMAT = "borane-rules/1"  # rules.FORMAT, named here because rules imports this module

REAGENT_KINDS: dict[str, str] = {
    "bh3_thf": "BH3·THF",
    "bh3_sme2": "BH3·SMe2 (BMS)",
    "nabh4_i2": "NaBH4 + I2 (in situ)",
    "nabh4_bf3": "NaBH4 + BF3·OEt2 (in situ)",
}
IN_SITU_KINDS = frozenset({"nabh4_i2", "nabh4_bf3"})
DEFAULT_MOLARITY: dict[str, float] = {"bh3_thf": 1.0, "bh3_sme2": 10.0}
STORAGE = ("fridge", "room_temp")
QUENCHES = ("methanol", "water", "none")
DECOMPLEXATIONS = ("acid", "pd_methanol", "amine_exchange", "none")
# Every choice value in a chemist's words: the one table the wizard, the diagnosis, the protocol
# and the printed page read (``pd_methanol`` once read three different ways).
CHOICE_LABELS: dict[str, str] = {
    **REAGENT_KINDS,
    "fridge": "fridge (0-5 °C)",
    "room_temp": "room temperature",
    "methanol": "methanol",
    "water": "water only",
    "none": "none",
    "acid": "HCl (acid hydrolysis)",
    "pd_methanol": "Pd/C in methanol",
    "amine_exchange": "amine exchange",
}
# Where an MS peak was seen: the crude, the organic or aqueous layer of the work-up, or an
# in-process check (an aliquot taken before the work-up step).
MASS_WHERE = ("crude", "organic", "aqueous", "ipc")

# Symptom id -> (label in a chemist's words, one-line description).
SYMPTOMS: dict[str, tuple[str, str]] = {
    "low_yield": ("Low yield", "Less amine isolated than expected (poor mass balance)."),
    "incomplete_reduction": ("Starting material left", "Lactam still present at the end (TLC/HPLC)."),
    "over_reduction": ("Over-reduction", "A more reduced product than wanted (imine or ring reduced)."),
    "gel_formation": ("Gel on quench", "A gel or gummy solid formed during the quench or work-up."),
    "tlc_smear": ("TLC smear", "The product spot smears or streaks on TLC."),
    "emulsion": ("Emulsion", "The extraction would not separate cleanly."),
    "boron_signals": (
        "Boron still on the product",
        "11B quartet upfield of BF3·OEt2, B-H bands at 2250-2400 cm-1, a BH3 adduct in MS, "
        "or crude mass at or above 100 % of theory.",
    ),
    "gas_on_addition": ("Gas on borane addition", "Bubbling (H2) while the borane was added."),
    "gas_on_acid": ("Gas when acid went in", "Delayed gas or foaming when the HCl was added."),
    "gas_on_acid_heating": (
        "Gas when the acid step was heated",
        "Strong gas or foaming once the HCl step was heated (some H2 from the amine-borane is normal; "
        "foaming points to a Boc or tert-butyl group leaving as CO2 and isobutylene).",
    ),
    "reagent_pressure": ("Pressure in the bottle", "Pressure or a hiss on opening the borane bottle."),
    "reagent_discoloured": (
        "Reagent looked wrong",
        "Cloudy, coloured or fuming borane, or a discoloured activator (I2, BF3·OEt2).",
    ),
    "little_gas_on_quench": ("Little gas on quench", "The methanol quench gave little or no gas."),
    "product_in_aqueous": ("Product in the water layer", "The amine stayed in the aqueous phase."),
    "dehalogenation": ("Halogen lost", "An aryl chloride, bromide or iodide was removed."),
    "debenzylation": ("Benzyl group lost", "An N-benzyl group was removed."),
    "protecting_group_lost": ("Protecting group lost", "A Boc or other acid-labile group was cleaved."),
    "alcohol_byproduct": ("Alcohol by-product", "An alcohol formed from another group of the substrate."),
}


@dataclass(frozen=True)
class FieldSpec:
    """What one run-record field may hold."""

    kind: str  # "number", "int", "text", "bool", "choice", "symptoms", "groups", "masses", "date", "follows", "paths"
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    choices: tuple[str, ...] = ()
    unit: str = ""
    label: str = ""


def _num(lo: float | None, hi: float | None, unit: str, label: str, *, required: bool = False,
         strict: bool = False) -> FieldSpec:
    return FieldSpec("number", required, lo, hi, strict, unit=unit, label=label)


# Dotted path -> spec.  Sections (substrate, reagent, ...) are implied by the paths.
FIELDS: dict[str, FieldSpec] = {
    "format": FieldSpec("choice", True, choices=(FORMAT,), label="file format"),
    "title": FieldSpec("text", label="title"),
    "date": FieldSpec("date", label="date of the run"),
    "operator": FieldSpec("text", label="operator"),
    "follows": FieldSpec("follows", label="the attempt this run follows"),  # see core/attempts.py
    "substrate.smiles": FieldSpec("text", label="SMILES"),
    "substrate.molblock": FieldSpec("text", label="MOL block"),
    "substrate.name": FieldSpec("text", label="name"),
    "substrate.water_percent": _num(0, 99, "%", "water in the substrate"),
    "substrate.target_smiles": FieldSpec("text", label="target amine (SMILES)"),
    "scale_g": _num(0, 100_000, "g", "lactam charged", required=True, strict=True),
    "reagent.kind": FieldSpec("choice", choices=tuple(REAGENT_KINDS), label="borane reagent"),
    "reagent.molarity": _num(0, 20, "M", "reagent molarity", strict=True),
    "reagent.equiv": _num(0, 50, "equiv", "BH3 per lactam", strict=True),
    "reagent.age_weeks": _num(0, 1000, "weeks", "age of the opened bottle"),
    "reagent.storage": FieldSpec("choice", choices=STORAGE, label="reagent storage"),
    "reagent.titer_checked": FieldSpec("bool", label="titer checked before use"),
    "solvent.name": FieldSpec("text", label="solvent"),
    "solvent.volumes": _num(0, 200, "mL/g", "solvent volumes", strict=True),
    "solvent.anhydrous": FieldSpec("bool", label="anhydrous solvent"),
    "solvent.water_ppm": _num(0, 1_000_000, "ppm", "water in the solvent (KF)"),
    "solvent.dissolved": FieldSpec("bool", label="lactam fully dissolved before the borane went in"),
    "conditions.addition_temp_c": _num(-100, 200, "°C", "addition temperature"),
    "conditions.addition_minutes": _num(0, 10_000, "min", "addition time"),
    "conditions.max_temp_c": _num(-100, 200, "°C", "maximum temperature"),
    "conditions.time_h": _num(0, 1000, "h", "time at maximum temperature"),
    "workup.quench": FieldSpec("choice", choices=QUENCHES, label="quench"),
    "workup.quench_temp_c": _num(-100, 200, "°C", "quench temperature"),
    "workup.quench_minutes": _num(0, 10_000, "min", "stirring after the quench"),
    "workup.decomplexation": FieldSpec("choice", choices=DECOMPLEXATIONS, label="complex breaking"),
    "workup.acid.hcl_molarity": _num(0, 12.5, "M", "HCl molarity", strict=True),
    "workup.acid.equiv_vs_borane": _num(0, 100, "equiv", "HCl per borane", strict=True),
    "workup.acid.volume_ml": _num(0, 1_000_000, "mL", "HCl volume", strict=True),
    "workup.acid.temp_c": _num(-100, 200, "°C", "acid step temperature"),
    "workup.acid.hours": _num(0, 1000, "h", "acid step time"),
    # The Pd/C step (decomplexation pd_methanol; Couturier et al. 2001): the catalyst as charged,
    # in wt % of the lactam (how a notebook writes "10 wt % of 10 % Pd/C"), and its Pd content.
    "workup.pd.loading_wt_percent": _num(0, 1000, "wt %", "Pd/C charged, per mass of lactam", strict=True),
    "workup.pd.pd_percent": _num(0, 100, "%", "Pd content of the catalyst", strict=True),
    "workup.pd.temp_c": _num(-100, 200, "°C", "Pd step temperature"),
    "workup.pd.hours": _num(0, 1000, "h", "Pd step time"),
    "workup.basify_ph": _num(0, 14, "", "pH after basifying"),
    "workup.extraction_solvent": FieldSpec("text", label="extraction solvent"),
    "outcome.yield_percent": _num(0, 100, "%", "isolated yield"),
    "outcome.mass_balance_percent": _num(0, 1000, "%", "crude mass, % of theory"),
    "outcome.starting_material_percent": _num(0, 100, "%", "starting material left (HPLC area)"),
    "outcome.symptoms": FieldSpec("symptoms", label="symptoms seen"),
    "outcome.ruled_out": FieldSpec("symptoms", label="checked, not seen"),
    "outcome.reduced_groups": FieldSpec("groups", label="groups found reduced that should have survived"),
    "outcome.masses": FieldSpec("masses", label="MS peaks seen ([M+H]+ m/z)"),
    "outcome.notes": FieldSpec("text", label="notes"),
    # Wizard bookkeeping: fields whose value the chemist took from the note rather than the notebook,
    # and the questions answered "I don't know" (question ids: field paths or symptom:<id>).
    "assumed": FieldSpec("paths", label="values assumed from the note, not recorded"),
    "not_known": FieldSpec("paths", label="questions answered \"I don't know\""),
}
SECTIONS = ("substrate", "reagent", "solvent", "conditions", "workup", "workup.acid", "workup.pd", "outcome")
REQUIRED_SECTIONS = ("substrate",)
# One MS peak (outcome.masses): field -> spec.  ``mz`` is required in each entry.
MASS_FIELDS: dict[str, FieldSpec] = {
    "mz": _num(0, 100_000, "", "m/z ([M+H]+)", required=True, strict=True),
    "where": FieldSpec("choice", choices=MASS_WHERE, label="where the peak was seen"),
    "percent": _num(0, 100, "%", "area % in that sample"),
}


def check_value(path: str, spec: FieldSpec, value: Any) -> str | None:
    """Why ``value`` does not fit ``spec``, or None when it does."""
    if spec.kind in ("number", "int"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"must be a number, not {_describe(value)}"
        if value != value or value in (float("inf"), float("-inf")):
            return "must be a finite number"
        if spec.minimum is not None:
            if spec.exclusive_minimum and value <= spec.minimum:
                return f"must be more than {spec.minimum:g}{_unit(spec)}"
            if value < spec.minimum:
                return f"must be at least {spec.minimum:g}{_unit(spec)}"
        if spec.maximum is not None and value > spec.maximum:
            return f"must be at most {spec.maximum:g}{_unit(spec)}"
        return None
    if spec.kind == "text":
        if not isinstance(value, str):
            return f"must be text, not {_describe(value)}"
        # a 50 MB one-line note froze the window's text layout; structures have their own atom cap
        if len(value) > MAX_TEXT_FIELD and not path.endswith(("smiles", "molblock")):
            return f"is {len(value):,} characters long; at most {MAX_TEXT_FIELD:,}"
        return "must not be empty" if spec.required and not value.strip() else None
    if spec.kind == "bool":
        return None if isinstance(value, bool) else f"must be true or false, not {_describe(value)}"
    if spec.kind == "date":
        if isinstance(value, _dt.date):
            return None
        if isinstance(value, str):
            try:
                _dt.datetime.fromisoformat(value)
            except ValueError:
                return f"must be a date such as 2026-11-20, not {_describe(value)}"
            return None
        return f"must be a date such as 2026-11-20, not {_describe(value)}"
    if spec.kind == "choice":
        if not isinstance(value, str) or value not in spec.choices:
            return f"must be one of {', '.join(spec.choices)}; got {value!r}"
        return None
    if spec.kind == "symptoms":
        if not isinstance(value, list):
            return f"must be a list of symptom ids, not {_describe(value)}"
        for item in value:
            if not isinstance(item, str):
                return f"must be a list of symptom ids; {_describe(item)} is not one"
            if item not in SYMPTOMS:
                return f"unknown symptom {item!r} (known: {', '.join(SYMPTOMS)})"
        if len(set(value)) != len(value):
            return "lists a symptom twice"
        return None
    if spec.kind == "groups":
        from boranegui.core.groups import GROUP_IDS  # a plain table, no RDKit

        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f"must be a list of group ids, not {_describe(value)}"
        unknown = [v for v in value if v not in GROUP_IDS]
        if unknown:
            return f"unknown group {unknown[0]!r} (known: {', '.join(GROUP_IDS)})"
        return None
    if spec.kind == "paths":
        if isinstance(value, list) and all(isinstance(v, str) and v for v in value):
            return None
        return f"must be a list of field paths, not {_describe(value)}"
    if spec.kind == "masses":
        if isinstance(value, list):
            return None
        return f"must be a list of peaks (mz, where, percent), not {_describe(value)}"
    if spec.kind == "follows":
        from boranegui.core.attempts import check_follows

        return check_follows(value)
    raise AssertionError(f"unknown field kind {spec.kind} for {path}")


def _unit(spec: FieldSpec) -> str:
    return f" {spec.unit}" if spec.unit and spec.unit != "%" else spec.unit


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a section"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "an empty value"
    return f"{type(value).__name__} {value!r}" if not isinstance(value, str) else f"text {value!r}"


def _check_peak(peak: Any, path: tuple[str | int, ...], report: Any) -> None:
    """One entry of outcome.masses: a mapping of MASS_FIELDS with an ``mz``."""
    if not isinstance(peak, dict):
        report(path, f"a peak is a mapping (mz, where, percent), not {_describe(peak)}")
        return
    for key, value in peak.items():
        spec = MASS_FIELDS.get(key)
        if spec is None:
            report((*path, key), f"unknown field (known here: {', '.join(MASS_FIELDS)})")
        elif value is not None:
            why = check_value(key, spec, value)
            if why:
                report((*path, key), why)
    if peak.get("mz") is None:
        report(path, "a peak needs its m/z ('mz')")


def get_path(data: dict[str, Any], path: str) -> Any:
    """A dotted field of run-file data, or None when it or a section above it is missing."""
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Set a dotted field path in plain run-file data, making the sections on the way; None removes it."""
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    if value is None:
        node.pop(parts[-1], None)
    else:
        node[parts[-1]] = value


def field_problem(path: str, value: Any) -> str | None:
    """Why ``value`` cannot go into the run-record field ``path`` (None when it can)."""
    spec = FIELDS[path]
    if value is None or value == "":
        return "required" if spec.required else None
    return check_value(path, spec, value)


def peak_problem(key: str, value: Any) -> str | None:
    """Why ``value`` cannot be the ``key`` (mz, where, percent) of an MS peak, None when it can."""
    spec = MASS_FIELDS[key]
    if value is None:
        return "required" if spec.required else None
    return check_value(key, spec, value)


def missing_paths(problems: list[Problem]) -> list[str]:
    """The field paths an incomplete run still lacks, in the order of the run file."""
    return list(dict.fromkeys(p.field for p in problems if p.missing))


def missing_words(problems: list[Problem]) -> list[str]:
    """What an incomplete run still lacks, in the words of the form ("lactam charged (g)"),
    not as the file's field ids; other problems as their message."""
    words: list[str] = []
    for problem in problems:
        spec = FIELDS.get(problem.field)
        if spec is not None and problem.missing:
            text = f"{spec.label} ({spec.unit})" if spec.unit else spec.label
        elif problem.field.startswith("substrate"):
            text = "the substrate structure (draw or paste it)"
        else:
            text = f"{problem.field}: {problem.message}" if problem.field else problem.message
        if text not in words:
            words.append(text)
    return words
