"""The run record (``borane-run/1``): what a chemist knows about one borane reduction.

The GUI, the run file and the command line all go through :func:`from_dict`, so the
same validation applies everywhere.  Every field but ``format``, the substrate's
structure and ``scale_g`` may be left out: a missing field means "unknown", the wizard
may ask for it and the rules engine follows the question's ``unknown`` branch.  Chemists
write their notebooks that way ("stirred with 1 M HCl for 15 min"), and a run written
up afterwards must still load.  The schema is one table (:data:`FIELDS`) so that
validation, the rules validator and the wizard all agree on what a run record can hold.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from boranegui.core.run_fields import (  # the one table, re-exported: callers import it from here
    DECOMPLEXATIONS,
    DEFAULT_MOLARITY,
    FIELDS,
    FORMAT,
    IN_SITU_KINDS,
    MASS_FIELDS,
    MASS_WHERE,
    QUENCHES,
    REAGENT_KINDS,
    REQUIRED_SECTIONS,
    RULES_FORMAT,
    SECTIONS,
    STORAGE,
    SYMPTOMS,
    FieldSpec,
    _check_peak,
    _describe,
    check_value,
    get_path,
    set_path,
)
from boranegui.core.run_file import dumps, save  # the writer, re-exported: callers write run_record.save
from boranegui.core.yamlio import (
    InputError,
    Located,
    Problem,
    dotted,
    load_located,
    read_text,
)

__all__ = [  # the table's names with this module's own
    "DECOMPLEXATIONS",
    "DEFAULT_MOLARITY",
    "FIELDS",
    "FORMAT",
    "IN_SITU_KINDS",
    "MASS_FIELDS",
    "MASS_WHERE",
    "QUENCHES",
    "REAGENT_KINDS",
    "REQUIRED_SECTIONS",
    "RULES_FORMAT",
    "SECTIONS",
    "STORAGE",
    "SYMPTOMS",
    "AcidWorkup",
    "Conditions",
    "FieldSpec",
    "Mass",
    "Outcome",
    "Reagent",
    "RunRecord",
    "Solvent",
    "Substrate",
    "Workup",
    "dumps",
    "from_dict",
    "load",
    "loads",
    "save",
    "to_dict",
]


@dataclass(frozen=True)
class Substrate:
    smiles: str | None = None
    molblock: str | None = None
    name: str | None = None
    water_percent: float | None = None
    target_smiles: str | None = None  # the amine the chemist wanted (None: the default product)

    @property
    def structure(self) -> str:
        """The structure as given: SMILES or MolBlock."""
        return self.smiles if self.smiles is not None else (self.molblock or "")


@dataclass(frozen=True)
class Reagent:
    kind: str | None = None
    equiv: float | None = None
    molarity: float | None = None
    age_weeks: float | None = None
    storage: str | None = None
    titer_checked: bool | None = None

    @property
    def in_situ(self) -> bool:
        return self.kind in IN_SITU_KINDS

    @property
    def nominal_molarity(self) -> float | None:
        """Molarity as stated, or the commercial default for the kind (None in situ or unknown)."""
        if self.molarity is not None:
            return self.molarity
        return DEFAULT_MOLARITY.get(self.kind) if self.kind is not None else None


@dataclass(frozen=True)
class Solvent:
    name: str | None = None
    volumes: float | None = None
    anhydrous: bool | None = None
    water_ppm: float | None = None
    dissolved: bool | None = None


@dataclass(frozen=True)
class Conditions:
    addition_temp_c: float | None = None
    max_temp_c: float | None = None
    time_h: float | None = None
    addition_minutes: float | None = None


@dataclass(frozen=True)
class AcidWorkup:
    """The HCl step.  A notebook records a volume (``volume_ml``), the note an equiv per
    borane; core/amounts.py converts one into the other from the borane charged."""

    hcl_molarity: float | None = None
    equiv_vs_borane: float | None = None
    temp_c: float | None = None
    hours: float | None = None
    volume_ml: float | None = None


@dataclass(frozen=True)
class PdWorkup:
    """The Pd/C-catalysed methanolysis: catalyst as charged (wt % of the lactam), its Pd content,
    temperature and time; the protocol's Pd/C step scales from these when they are recorded."""

    loading_wt_percent: float | None = None
    pd_percent: float | None = None
    temp_c: float | None = None
    hours: float | None = None


@dataclass(frozen=True)
class Workup:
    quench: str | None = None
    decomplexation: str | None = None
    quench_temp_c: float | None = None
    quench_minutes: float | None = None
    acid: AcidWorkup | None = None
    pd: PdWorkup | None = None
    basify_ph: float | None = None
    extraction_solvent: str | None = None


@dataclass(frozen=True)
class Mass:
    """One MS peak the chemist saw, as [M+H]+ m/z."""

    mz: float
    where: str | None = None  # crude | organic | aqueous | ipc
    percent: float | None = None

    @property
    def decimals(self) -> int:
        """Decimals as written (a YAML float keeps them unless they end in zeros)."""
        text = repr(float(self.mz))
        return len(text.split(".", 1)[1]) if "." in text and "e" not in text else 0


@dataclass(frozen=True)
class Outcome:
    symptoms: tuple[str, ...] = ()
    ruled_out: tuple[str, ...] = ()
    yield_percent: float | None = None
    mass_balance_percent: float | None = None
    starting_material_percent: float | None = None
    notes: str | None = None
    reduced_groups: tuple[str, ...] = ()
    masses: tuple[Mass, ...] = ()


@dataclass(frozen=True)
class RunRecord:
    substrate: Substrate
    scale_g: float
    reagent: Reagent = field(default_factory=Reagent)
    solvent: Solvent = field(default_factory=Solvent)
    conditions: Conditions = field(default_factory=Conditions)
    workup: Workup = field(default_factory=Workup)
    outcome: Outcome = field(default_factory=Outcome)
    title: str | None = None
    date: str | None = None
    operator: str | None = None
    assumed: tuple[str, ...] = ()  # field paths whose value is the note's, accepted, not recorded
    not_known: tuple[str, ...] = ()  # question ids answered "I don't know"
    follows: Mapping[str, Any] | None = None  # {run: earlier run's id, changes: [...]}, core/attempts.py

    def get(self, path: str) -> Any:
        """The value at a dotted field path (``"workup.acid.hours"``), None when it, or a section
        above it, is unknown or not a field of the record."""
        value: Any = self
        for part in path.split("."):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value

    def to_dict(self) -> dict[str, Any]:
        """Plain data in file order, unknown fields left out, as a run file holds it."""
        return to_dict(self)

    def with_field(self, path: str, value: Any) -> RunRecord:
        """A copy with one field set (None clears it); validated like a file."""
        data = self.to_dict()
        set_path(data, path, list(value) if isinstance(value, tuple) else value)
        return from_dict(data)


_CLASSES: dict[str, type] = {
    "": RunRecord,
    "substrate": Substrate,
    "reagent": Reagent,
    "solvent": Solvent,
    "conditions": Conditions,
    "workup": Workup,
    "workup.acid": AcidWorkup,
    "workup.pd": PdWorkup,
    "outcome": Outcome,
}
# Work-up steps whose section is None (not an empty step) when nothing in it is known: a
# recorded step implies its method (core/facts.py), so an emptied one must not.
STEP_SECTIONS = ("workup.acid", "workup.pd")
# Order of keys in a saved file: the order of FIELDS, which reads like a lab notebook.
_ORDER = {path: i for i, path in enumerate(FIELDS)}


def _validate(located: Located, source: str) -> list[Problem]:
    data = located.data
    problems: list[Problem] = []

    def report(path: tuple[str | int, ...], message: str, missing: bool = False) -> None:
        problems.append(Problem(source, located.line(path), dotted(path), message, missing))

    if not isinstance(data, dict):
        report((), f"a run file must be a mapping of fields, not {_describe(data)}")
        return problems
    if data.get("format") == RULES_FORMAT:  # else a page of "unknown field" lines hides the mix-up
        report(("format",), f"this is a rules file ({RULES_FORMAT}), not a run file ({FORMAT})")
        return problems

    def walk(node: dict[str, Any], prefix: str) -> None:
        for key, value in node.items():
            path = f"{prefix}.{key}" if prefix else key
            tpath = tuple(path.split("."))
            if path in SECTIONS:
                if value is None and path not in REQUIRED_SECTIONS:
                    continue  # an optional section left empty (``outcome:``) means unknown
                if not isinstance(value, dict):
                    report(tpath, f"must be a section of fields, not {_describe(value)}")
                else:
                    walk(value, path)
            elif path in FIELDS:
                if value is None and not FIELDS[path].required:
                    continue  # an explicit null means unknown
                why = check_value(path, FIELDS[path], value)
                if why:
                    report(tpath, why)
                elif FIELDS[path].kind == "masses":
                    for i, peak in enumerate(value):
                        _check_peak(peak, (*tpath, i), report)
            else:
                known = sorted({p[len(prefix) + 1 if prefix else 0:].split(".")[0]
                                for p in [*FIELDS, *SECTIONS] if not prefix or p.startswith(prefix + ".")})
                report(tpath, f"unknown field (known here: {', '.join(known)})")

    walk(data, "")
    if problems:
        return problems

    def present(path: str) -> bool:
        return get_path(data, path) is not None

    for section in REQUIRED_SECTIONS:
        if not present(section):
            report((section,), f"the section '{section}' is missing", missing=True)
    if problems:
        return problems
    for path, spec in FIELDS.items():
        if spec.required and not present(path):
            report(tuple(path.split(".")), f"the field '{path}' is required", missing=True)
    workup = data.get("workup") or {}
    method = workup.get("decomplexation")

    def told(section: str) -> bool:  # a step section with something in it (``pd: {}`` says nothing)
        return isinstance(workup.get(section), dict) and any(v is not None for v in workup[section].values())

    if method is not None and method != "acid" and told("acid"):
        report(("workup", "acid"), f"acid conditions are given but decomplexation is {method!r}")
    if method is not None and method != "pd_methanol" and told("pd"):
        report(("workup", "pd"), f"Pd/C step details are given but decomplexation is {method!r}")
    sub = data["substrate"]
    has_smiles, has_mol = sub.get("smiles") is not None, sub.get("molblock") is not None
    if not has_smiles and not has_mol:
        report(("substrate",), "give exactly one of smiles or molblock", missing=True)
    elif not problems:
        from boranegui.core.substrate import parse_structure  # rdkit is heavy; import late

        parsed = {}
        for key in ("smiles", "molblock"):
            if sub.get(key) is not None:
                try:
                    parsed[key] = parse_structure(sub[key])
                except ValueError as exc:
                    report(("substrate", key), str(exc))
        if len(parsed) == 2:  # the drawing kept beside the SMILES: the same molecule, laid out as drawn
            from rdkit import Chem

            a, b = (Chem.MolToSmiles(parsed[k], isomericSmiles=False) for k in ("smiles", "molblock"))
            if a != b:
                report(("substrate", "molblock"), "the MOL block is not the molecule of the SMILES")
    target = sub.get("target_smiles")
    if target is not None and not problems:
        from boranegui.core.substrate import parse_structure

        try:
            parse_structure(target)
        except ValueError as exc:
            report(("substrate", "target_smiles"), str(exc))
    outcome = data.get("outcome") or {}
    both = set(outcome.get("symptoms") or ()) & set(outcome.get("ruled_out") or ())
    if both:
        report(("outcome", "ruled_out"), f"listed as both seen and ruled out: {', '.join(sorted(both))}")
    return problems


def _build(data: dict[str, Any], prefix: str = "") -> Any:
    cls = _CLASSES[prefix]
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        path = f"{prefix}.{f.name}" if prefix else f.name
        value = data.get(f.name)
        if value is None:
            continue
        if path in STEP_SECTIONS and not any(v is not None for v in value.values()):
            continue  # an empty step (``pd: {}``, left by clearing its fields) is no step: unknown
        if path in _CLASSES:
            value = _build(value, path)
        elif path in FIELDS and FIELDS[path].kind in ("symptoms", "groups", "paths"):
            value = tuple(value)
        elif path in FIELDS and FIELDS[path].kind == "masses":
            value = tuple(Mass(float(p["mz"]), p.get("where"), p.get("percent")) for p in value)
        elif path in FIELDS and FIELDS[path].kind == "date":
            value = value.isoformat() if isinstance(value, _dt.date) else value
        kwargs[f.name] = value
    return cls(**kwargs)


def _build_record(data: dict[str, Any]) -> RunRecord:
    record = _build(data)
    assert isinstance(record, RunRecord)  # _CLASSES[""] is RunRecord
    return record


def from_dict(data: Mapping[str, Any], source: str = "<run record>") -> RunRecord:
    """Validate plain data (as from YAML or the wizard) and build a RunRecord."""
    located = Located(dict(data), {})
    problems = _validate(located, source)
    if problems:
        raise InputError(problems)
    return _build_record(located.data)


def loads(text: str, source: str = "<text>") -> RunRecord:
    """Parse and validate a run file's text."""
    located = load_located(text, source)
    problems = _validate(located, source)
    if problems:
        raise InputError(problems)
    return _build_record(located.data)


def load(path: str | os.PathLike[str]) -> RunRecord:
    """Read, parse and validate a run file; InputError says what is wrong and where."""
    return loads(read_text(path), str(path))


def to_dict(run: RunRecord) -> dict[str, Any]:
    """The run as plain data in the file's order, unknown (None) fields left out."""

    def convert(obj: Any, prefix: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        raw = asdict(obj) if prefix else {f.name: getattr(obj, f.name) for f in fields(obj)}
        for name, value in raw.items():
            path = f"{prefix}.{name}" if prefix else name
            if value is None:
                continue
            if path in _CLASSES:
                value = convert(getattr(obj, name), path)
                if not value:
                    continue  # a section with nothing known is left out, as a chemist would
            elif path == "outcome.masses":
                value = [{k: v for k, v in asdict(m).items() if v is not None} for m in getattr(obj, name)]
            elif isinstance(value, tuple):
                value = list(value)
            if value == [] and path not in ("outcome.symptoms", "outcome.ruled_out"):
                continue
            out[name] = value
        return out

    data = {"format": FORMAT, **convert(run, "")}

    def order(d: dict[str, Any], prefix: str) -> dict[str, Any]:
        def rank(key: str) -> int:
            path = f"{prefix}.{key}" if prefix else key
            return min((i for p, i in _ORDER.items() if p == path or p.startswith(path + ".")), default=999)

        return {k: order(v, f"{prefix}.{k}" if prefix else k) if isinstance(v, dict) else v
                for k, v in sorted(d.items(), key=lambda kv: rank(kv[0]))}

    return order(data, "")
