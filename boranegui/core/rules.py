"""Load and validate rules.yaml: the symptom trees, causes and actions.

CONTRACT: ``load_rules(path=None) -> RuleSet`` (None: the shipped rules); raises
``RulesError`` whose ``problems`` are located ``file:line: message`` entries.
``load_rules_or_default(path) -> (RuleSet, list[Problem])`` for the app: a broken lab
file is reported and the shipped rules stay in use.  ``RuleSet.summary()`` is the
one-line description ``boranegui rules check`` prints.

The file format (``borane-rules/1``) in one breath: ``sources`` names the references;
``causes`` hold a title, plain-words explanation, sources and actions (each with text,
sources and a patch of protocol parameters, see :mod:`boranegui.core.parameters`);
``trees`` maps each symptom id to the node its tree starts at; ``nodes`` are either
questions (``ask`` one run-record field, a substrate feature or a symptom's status,
with a branch for every answer including ``unknown``) or ``all`` nodes that visit
several sub-trees.  A branch goes on (``next``) or ends at causes with a weight.
The structural part is a JSON Schema (:func:`build_schema`, published as
``resources/rules.schema.json`` for editors); ids, cycles, reachability and fields
are checked here, because a schema cannot see them.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from boranegui.core import quickschema
from boranegui.core.diagnosis import Action
from boranegui.core.parameters import PARAMETERS, patch_problems
from boranegui.core.run_record import FIELDS, SYMPTOMS
from boranegui.core.run_record import FORMAT as RUN_FORMAT
from boranegui.core.yamlio import (
    InputError,
    Located,
    Path_,
    Problem,
    dotted,
    load_located,
    read_text,
)

FORMAT = "borane-rules/1"

# Substrate features a node may ask about (ARCHITECTURE.md, `boranegui substrate`).
SUBSTRATE_GROUPS = (
    "lactam",
    "carboxylic_acid",
    "ester",
    "nitrile",
    "alkene",
    "alkyne",
    "aldehyde",
    "ketone",
    "imine",
    "epoxide",
    "nitro",
    "aryl_halide",
    "carbamate",
    "boc",
    "n_benzyl",
    "basic_amine",
    "acidic_nh_oh",
)
SUBSTRATE_NUMBERS = {
    "substrate.hydride_budget": "equiv",
    "substrate.mw": "g/mol",
    "substrate.lactams": "",
}
# Run-record fields a question cannot be about: free text, dates, the symptom lists
# themselves (ask ``symptom:<id>`` instead) and the structure.
_NOT_ASKABLE_KINDS = ("text", "date", "symptoms")
OPS = (">=", "<=", ">", "<")
SYMPTOM_ANSWERS = ("seen", "ruled_out", "unknown")
YES_NO = ("yes", "no", "unknown")
_ASK = re.compile(
    r"^\s*(?P<lhs>[A-Za-z_][\w.:]*)\s*(?:(?P<op>>=|<=|>|<|==|!=|=)\s*(?P<rhs>\S+))?\s*$"
)
_ID = r"^[a-z][a-z0-9_]*$"


class RulesError(InputError):
    """A rules file that cannot be used; ``problems`` says what and where."""


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Ask:
    """What a question node asks (parsed from its ``ask`` text).

    ``kind`` is ``"field"`` (a run-record path), ``"substrate"`` (a substrate feature)
    or ``"symptom"`` (``symptom:<id>``: seen, ruled out, not checked).  Numbers are
    compared with ``op`` against ``rhs``: a number or another numeric path.
    """

    kind: str
    path: str  # run-record path, substrate feature path, or symptom id
    op: str | None = None
    rhs: float | str | None = None

    @property
    def answers(self) -> tuple[str, ...]:
        return answers_for(self)

    @property
    def question_field(self) -> str:
        """The ``Question.field`` the wizard fills in to answer this test."""
        return f"symptom:{self.path}" if self.kind == "symptom" else self.path

    def __str__(self) -> str:
        base = self.question_field
        return f"{base} {self.op} {_fmt(self.rhs)}" if self.op else base


@dataclass(frozen=True)
class Leaf:
    """A cause a branch ends at, with how strongly this path points at it."""

    cause: str
    weight: float
    actions: tuple[str, ...] | None = None  # a subset of the cause's actions; None: all
    says: str = ""


@dataclass(frozen=True)
class Branch:
    """One answer's way on: evidence words, then a next node or causes."""

    says: str = ""
    next: str | None = None
    leaves: tuple[Leaf, ...] = ()


@dataclass(frozen=True)
class Node:
    id: str
    line: int | None
    test: Ask | None = None  # None for an `all` node
    question: str = ""
    branches: Mapping[str, Branch] = field(default_factory=dict)
    children: tuple[str, ...] = ()  # `all` node: every sub-tree is visited


@dataclass(frozen=True)
class Condition:
    """When an action applies: a yes/no test on the run or the substrate.

    ``test`` with a threshold, a bool field, or ``value`` for ``field == value``
    (``negate`` for ``!=``).  Written in the file as ``"substrate.groups.boc >= 1"``,
    ``"reagent.kind == nabh4_i2"``.
    """

    test: Ask
    value: str | None = None
    negate: bool = False


@dataclass(frozen=True)
class ActionRule:
    """An action's conditions: offered only if every ``only_if`` holds, and not if any
    ``unless`` holds (an unknown answer neither blocks nor grants)."""

    only_if: tuple[Condition, ...] = ()
    unless: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Cause:
    id: str
    title: str
    explanation: str
    source: str  # the named references, in words
    actions: tuple[Action, ...]
    note_says: str = ""  # the note's own words, when this cause is a row of its table
    groups: tuple[str, ...] = ()  # substrate groups this cause is about (warnings follow)
    line: int | None = None
    conditions: Mapping[str, ActionRule] = field(default_factory=dict)  # action id -> when


@dataclass(frozen=True)
class RuleSet:
    """The validated rules: look-ups the engine needs, nothing it must re-check."""

    source: str
    sources: Mapping[str, str]
    causes: Mapping[str, Cause]
    nodes: Mapping[str, Node]
    trees: Mapping[str, str]  # symptom id -> root node id
    ruled_out_factor: float = 0.5
    min_score: float = 0.05
    title: str = ""
    # substrate group -> when its warnings matter for a run (any condition holds); warnings
    # about the groups of a reported cause always matter
    warn_when: Mapping[str, tuple[Condition, ...]] = field(default_factory=dict)

    def summary(self) -> str:
        n_actions = sum(len(c.actions) for c in self.causes.values())
        return (
            f"{len(self.trees)} symptom trees, {len(self.nodes)} nodes, "
            f"{len(self.causes)} causes, {n_actions} actions, {len(self.sources)} sources"
        )

    def cause_order(self, cause_id: str) -> int:
        return _order(tuple(self.causes)).get(cause_id, len(self.causes))


@cache
def _order(ids: tuple[str, ...]) -> dict[str, int]:
    return {c: i for i, c in enumerate(ids)}


def answers_for(test: Ask) -> tuple[str, ...]:
    """The branch names a node asking ``test`` must have."""
    if test.kind == "symptom":
        return SYMPTOM_ANSWERS
    if test.op is not None:
        return YES_NO
    spec = FIELDS[test.path]
    if spec.kind == "bool":
        return YES_NO
    return (*spec.choices, "unknown")


def _fmt(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


# --------------------------------------------------------------------------- schema


def build_schema() -> dict[str, Any]:
    """The JSON Schema of a rules file (structure only), built from the run record and
    the protocol parameters so that it cannot drift from them."""
    text = {"type": "string", "minLength": 1}
    ident = {"type": "string", "pattern": _ID}
    source_ref = {"anyOf": [ident, {"type": "array", "items": ident, "minItems": 1}]}
    change = {
        "type": "object",
        "properties": {op: {} for op in ("set", "at_least", "at_most")},
        "additionalProperties": False,
        "minProperties": 1,
    }
    leaf_properties: dict[str, object] = {
        "cause": ident,
        "weight": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
        "actions": {"type": "array", "items": ident, "minItems": 1},
        "says": {"type": "string"},
    }
    leaf = {
        "type": "object",
        "properties": leaf_properties,
        "required": ["cause", "weight"],
        "additionalProperties": False,
    }
    branch = {
        "description": "A node id to go on to, or a mapping: says, then next, "
        "cause with weight, or causes.",
        "type": ["string", "object"],
        "properties": {
            "says": {"type": "string", "description": "evidence in words; {value} is the answer"},
            "next": ident,
            **leaf_properties,
            "causes": {"type": "array", "items": leaf},
        },
        "additionalProperties": False,
    }
    askable = sorted(
        p for p, s in FIELDS.items() if s.kind not in _NOT_ASKABLE_KINDS and p != "format"
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://boranegui.example/rules.schema.json",
        "title": "BoraneGUI rules file (borane-rules/1)",
        "description": (
            "Symptom trees, causes and actions for troubleshooting borane reductions of "
            "lactams. `boranegui rules check FILE` adds the checks a schema cannot make: "
            "ids, cycles, reachability. Askable run-record fields: "
            + ", ".join(askable)
            + "; substrate features: "
            + ", ".join([*(f"substrate.groups.{g}" for g in SUBSTRATE_GROUPS), *SUBSTRATE_NUMBERS])
            + "; symptoms: symptom:<id>."
        ),
        "type": "object",
        "properties": {
            "format": {"const": FORMAT},
            "title": {"type": "string"},
            "ruled_out_factor": {
                "type": "number",
                "minimum": 0,
                "maximum": 1,
                "description": "how strongly a symptom checked and not seen "
                "counts against the causes it would support",
            },
            "min_score": {
                "type": "number",
                "minimum": 0,
                "maximum": 1,
                "description": "causes scoring below this are not reported",
            },
            "sources": {
                "type": "object",
                "propertyNames": {"pattern": _ID},
                "additionalProperties": text,
            },
            "causes": {
                "type": "object",
                "propertyNames": {"pattern": _ID},
                "additionalProperties": {
                    "type": "object",
                    "properties": {
                        "title": text,
                        "explanation": text,
                        "source": source_ref,
                        "note_says": text,
                        "groups": {"type": "array", "items": {"enum": list(SUBSTRATE_GROUPS)}},
                        "actions": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "id": ident,
                                    "text": text,
                                    "source": source_ref,
                                    "only_if": {
                                        "type": "array",
                                        "items": text,
                                        "description": "offered only when every condition holds",
                                    },
                                    "unless": {
                                        "type": "array",
                                        "items": text,
                                        "description": "not offered when any condition holds",
                                    },
                                    "patch": {
                                        "type": "object",
                                        "propertyNames": {"enum": list(PARAMETERS)},
                                        "additionalProperties": change,
                                    },
                                },
                                "required": ["id", "text", "source"],
                                "additionalProperties": False,
                            },
                        },
                    },
                    "required": ["title", "explanation", "source", "actions"],
                    "additionalProperties": False,
                },
            },
            "warnings": {
                "type": "object",
                "description": "substrate group -> conditions (any) under which the substrate "
                "warnings about that group matter for a run",
                "propertyNames": {"enum": list(SUBSTRATE_GROUPS)},
                "additionalProperties": {"type": "array", "items": text, "minItems": 1},
            },
            "trees": {
                "type": "object",
                "propertyNames": {"enum": list(SYMPTOMS)},
                "additionalProperties": ident,
            },
            "nodes": {
                "type": "object",
                "propertyNames": {"pattern": _ID},
                "additionalProperties": {
                    "type": "object",
                    "properties": {
                        "ask": {
                            "type": "string",
                            "minLength": 1,
                            "description": "a run-record field (numbers with a threshold: "
                            "'reagent.age_weeks >= 8'), a substrate feature "
                            "('substrate.groups.boc >= 1') or 'symptom:<id>'",
                        },
                        "question": {"type": "string"},
                        "branches": {"type": "object", "additionalProperties": branch},
                        "all": {"type": "array", "items": ident, "minItems": 1},
                    },
                    "additionalProperties": False,
                },
            },
        },
        "required": ["format", "sources", "causes", "trees", "nodes"],
        "additionalProperties": False,
    }


def write_schema(path: str | os.PathLike[str] | None = None) -> None:
    """Regenerate the published schema file (resources/rules.schema.json)."""
    from boranegui.core.bundled import resource
    from boranegui.core.yamlio import write_text_atomic

    write_text_atomic(path or resource("rules.schema.json"), schema_text())


def schema_text() -> str:
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


@cache
def _split_schema() -> tuple[dict[str, Any], dict[str, Any]]:
    """The schema split in two: the file without its nodes, and one node.

    A lab's file may hold thousands of nodes; checking each with jsonschema is slow, so
    nodes pass through :func:`node_is_well_formed` first and only a node it rejects is
    run through the node schema, for the located messages.
    """
    schema = build_schema()
    nodes = schema["properties"]["nodes"]
    node_schema = {"$schema": schema["$schema"], **nodes["additionalProperties"]}
    nodes["additionalProperties"] = {"type": "object"}
    del nodes["propertyNames"]  # node ids are checked with the nodes, below
    return schema, node_schema


@cache
def _validators() -> tuple[Any, Any]:
    """jsonschema validators of :func:`_split_schema`'s two parts."""
    from jsonschema import Draft202012Validator  # imported late: only a file with problems needs it

    file_schema, node_schema = _split_schema()
    return Draft202012Validator(file_schema), Draft202012Validator(node_schema)


_NODE_KEYS = frozenset({"ask", "question", "branches", "all"})
_BRANCH_KEYS = frozenset({"says", "next", "cause", "weight", "actions", "causes"})
_LEAF_KEYS = frozenset({"cause", "weight", "actions", "says"})
_ID_RE = re.compile(_ID)
_ID_WORDS = "ids are lower-case letters, digits and underscores, starting with a letter"


def _is_id(v: Any) -> bool:
    return type(v) is str and _ID_RE.search(v) is not None


def _is_weight(v: Any) -> bool:
    return type(v) in (int, float) and 0 < v <= 1


def _ids(v: Any) -> bool:
    return type(v) is list and len(v) > 0 and all(_is_id(x) for x in v)


def _leaf_ok(d: Any) -> bool:
    return (
        type(d) is dict
        and d.keys() <= _LEAF_KEYS
        and _is_id(d.get("cause"))
        and _is_weight(d.get("weight"))
        and ("actions" not in d or _ids(d["actions"]))
        and type(d.get("says", "")) is str
    )


def _branch_ok(b: Any) -> bool:
    if type(b) is str:
        return True
    return (
        type(b) is dict
        and b.keys() <= _BRANCH_KEYS
        and type(b.get("says", "")) is str
        and ("next" not in b or _is_id(b["next"]))
        and ("cause" not in b or _is_id(b["cause"]))
        and ("weight" not in b or _is_weight(b["weight"]))
        and ("actions" not in b or _ids(b["actions"]))
        and (
            "causes" not in b
            or (type(b["causes"]) is list and all(_leaf_ok(x) for x in b["causes"]))
        )
    )


def node_is_well_formed(node: Any) -> bool:
    """A fast check that accepts only nodes the node schema accepts (tested to agree)."""
    return (
        type(node) is dict
        and node.keys() <= _NODE_KEYS
        and ("ask" not in node or (type(node["ask"]) is str and len(node["ask"]) > 0))
        and type(node.get("question", "")) is str
        and (
            "branches" not in node
            or (
                type(node["branches"]) is dict
                and all(_branch_ok(b) for b in node["branches"].values())
            )
        )
        and ("all" not in node or _ids(node["all"]))
    )


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    return repr(value)


def _schema_problems(located: Located, source: str) -> list[Problem]:
    """Structural problems from the JSON Schema, each at the line of what is wrong."""
    nodes = located.data.get("nodes") if isinstance(located.data, dict) else None
    if (  # a valid file (the usual case) is told without importing jsonschema: 100 ms at start-up
        quickschema.accepts(_split_schema()[0], located.data)
        and isinstance(nodes, dict)
        and all(type(nid) is str and _ID_RE.search(nid) and node_is_well_formed(node) for nid, node in nodes.items())
    ):
        return []
    file_validator, node_validator = _validators()
    errors = list(file_validator.iter_errors(located.data))
    errors_ids: list[Problem] = []
    nodes = located.data.get("nodes") if isinstance(located.data, dict) else None
    if isinstance(nodes, dict):
        for nid, node in nodes.items():
            if not _ID_RE.search(nid):
                where = ("nodes", nid)
                errors_ids.append(Problem(source, located.line(where), dotted(where), _ID_WORDS))
            if not node_is_well_formed(node):
                for error in node_validator.iter_errors(node):
                    error.path.extendleft(reversed(("nodes", nid)))
                    errors.append(error)
    return errors_ids + _translate(errors, located, source)


def _translate(errors: list[Any], located: Located, source: str) -> list[Problem]:
    """jsonschema's errors in a lab chemist's words, each at the line of what is wrong."""
    return [
        Problem(source, located.line(where), dotted(where), message)
        for error in errors
        for where, message in _schema_error_words(error)
    ]


_BOUND_WORDS = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "more than"}


def _schema_error_words(error: Any) -> list[tuple[Path_, str]]:
    """Where one jsonschema error is, and what to say about it (one error may name several keys)."""
    path: Path_ = tuple(error.absolute_path)
    v, inst = error.validator, error.instance
    if v == "additionalProperties" and isinstance(inst, dict):
        allowed = sorted(error.schema.get("properties", {}))
        hint = f" (allowed: {', '.join(allowed)})" if allowed else ""
        return [((*path, key), f"unknown key {key!r}{hint}") for key in inst if key not in allowed]
    if "propertyNames" in error.absolute_schema_path:
        # the key itself is the instance; the path is the mapping that holds it
        if path and path[-1] == "trees":
            msg = f"no such symptom (known: {', '.join(SYMPTOMS)})"
        elif path and path[-1] == "patch":
            msg = f"unknown protocol parameter (known: {', '.join(PARAMETERS)})"
        else:
            msg = _ID_WORDS
        return [((*path, str(inst)), msg)]
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "a key"
        return [(path, f"missing '{missing}'")]
    if v == "anyOf" and path and path[-1] == "source" and inst in ([], ""):
        return [(path, "has no source: name the note or a reference defined under 'sources'")]
    if v == "anyOf" and "source" in path:
        return [(path, f"must be a source id or a list of source ids, not {_describe(inst)}")]
    if v == "type":
        expected: object = error.validator_value  # a JSON type name or a list of them
        names = expected if isinstance(expected, list) else [expected]
        want = " or ".join(_TYPE_WORDS.get(str(w), str(w)) for w in names)
        return [(path, f"must be {want}, not {_describe(inst)}")]
    if v == "const":
        return [(path, f"must be {error.validator_value!r}; got {_describe(inst)}")]
    if v == "enum":
        return [(path, f"must be one of {', '.join(map(str, error.validator_value))}")]
    if v == "pattern":
        return [(path, f"{_describe(inst)} is not an id: lower-case letters, digits and underscores, "
                       "starting with a letter")]
    if v in ("minLength", "minItems", "minProperties"):
        return [(path, "must not be empty")]
    if v in _BOUND_WORDS:
        return [(path, f"must be {_BOUND_WORDS[v]} {error.validator_value}; got {_describe(inst)}")]
    return [(path, error.message)]


_TYPE_WORDS = {
    "string": "text",
    "object": "a mapping",
    "array": "a list",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
}


# --------------------------------------------------------------------------- semantics


@cache
def parse_ask(text: str) -> tuple[Ask | None, str | None]:
    """Parse an ``ask`` expression into a Ask, or say why it cannot be asked."""
    m = _ASK.match(text)
    if not m:
        return None, (
            "cannot read this question; write a field ('workup.quench'), a threshold "
            "('reagent.age_weeks >= 8'), a substrate feature ('substrate.groups.boc >= 1') "
            "or 'symptom:<id>'"
        )
    lhs, op, rhs_text = m["lhs"], m["op"], m["rhs"]
    if op in ("==", "!=", "="):
        return (
            None,
            f"'{op}' is not a comparison here; ask the field itself and give a branch per answer",
        )
    if lhs.startswith("symptom:"):
        sid = lhs.split(":", 1)[1]
        if sid not in SYMPTOMS:
            return None, f"no such symptom {sid!r} (known: {', '.join(SYMPTOMS)})"
        if op:
            return None, "a symptom question takes no threshold (answers: seen, ruled_out, unknown)"
        return Ask("symptom", sid), None
    if lhs.startswith("substrate.groups."):
        group = lhs.split(".", 2)[2]
        if group not in SUBSTRATE_GROUPS:
            return None, f"no such substrate group {group!r} (known: {', '.join(SUBSTRATE_GROUPS)})"
        kind = "substrate"
    elif lhs in SUBSTRATE_NUMBERS:
        kind = "substrate"
    elif lhs in FIELDS:
        spec = FIELDS[lhs]
        if spec.kind in _NOT_ASKABLE_KINDS or lhs == "format":
            what = (
                "the symptom lists (ask 'symptom:<id>')"
                if spec.kind == "symptoms"
                else f"{spec.kind}"
            )
            return None, f"the run-record field {lhs!r} cannot be asked about: it is {what}"
        kind = "field"
        if spec.kind in ("number", "int") and not op:
            return None, (
                f"{lhs!r} is a number: give a threshold, for example "
                f"'{lhs} >= {spec.minimum if spec.minimum is not None else 1:g}'"
            )
        if spec.kind not in ("number", "int") and op:
            return None, f"{lhs!r} is not a number: no threshold; give a branch per answer"
    elif lhs.startswith("substrate."):
        return None, (
            f"no such substrate feature {lhs!r} (known: substrate.groups.<group>, "
            f"{', '.join(SUBSTRATE_NUMBERS)})"
        )
    else:
        return None, f"the run record has no field {lhs!r}"
    if kind == "substrate" and not op:
        return None, f"{lhs!r} is a count or a number: give a threshold, for example '{lhs} >= 1'"
    rhs: float | str | None = None
    if op:
        try:
            rhs = float(rhs_text)
            if not math.isfinite(rhs):
                return None, "the threshold must be a finite number"
        except ValueError:
            if _is_numeric_path(rhs_text):
                rhs = rhs_text
            else:
                return None, f"the threshold {rhs_text!r} is neither a number nor a numeric field"
    return Ask(kind, lhs, op, rhs), None


def parse_condition(text: str) -> tuple[Condition | None, str | None]:
    """Parse an action condition: a threshold, a bool field, or ``field == value``."""
    m = re.match(r"^\s*([A-Za-z_][\w.]*)\s*(==|!=)\s*(\S+)\s*$", text)
    if m:
        path, op, value = m.groups()
        spec = FIELDS.get(path)
        if spec is None or spec.kind != "choice" or path == "format":
            return None, f"'{op}' compares a choice field of the run record; {path!r} is not one"
        if value not in spec.choices:
            return None, f"{value!r} is not a value of {path} (values: {', '.join(spec.choices)})"
        return Condition(Ask("field", path), value, op == "!="), None
    test, why = parse_ask(text)
    if test is None:
        return None, why
    if test.kind == "symptom":
        return None, "a condition cannot be about a symptom; use a field or a substrate feature"
    if test.op is None and FIELDS[test.path].kind != "bool":
        return None, f"{test.path!r} has several values: write '{test.path} == <value>'"
    return Condition(test), None


def _is_numeric_path(path: str) -> bool:
    if path in SUBSTRATE_NUMBERS:
        return True
    if path.startswith("substrate.groups."):
        return path.split(".", 2)[2] in SUBSTRATE_GROUPS
    spec = FIELDS.get(path)
    return spec is not None and spec.kind in ("number", "int")


def _source_ids(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _semantic_problems(located: Located, source: str) -> list[Problem]:
    """What the schema cannot see: ids, answers, cycles, reachability, fields, patches."""
    data = located.data
    problems: list[Problem] = []

    def report(path: Path_, message: str) -> None:
        problems.append(Problem(source, located.line(path), dotted(path), message))

    sources = data.get("sources") or {}
    causes = data.get("causes") or {}
    nodes = data.get("nodes") or {}
    trees = data.get("trees") or {}

    def check_sources(value: Any, path: Path_) -> None:
        ids = _source_ids(value)
        if not ids or any(not i.strip() for i in ids):
            report(path, "has no source: name the note or a reference defined under 'sources'")
        for i, sid in enumerate(ids):
            if sid not in sources:
                where = (*path, i) if isinstance(value, list) else path
                report(where, f"unknown source {sid!r} (define it under 'sources')")

    for group, conds in (data.get("warnings") or {}).items():
        for j, cond in enumerate(conds):
            _, why = parse_condition(cond)
            if why:
                report(("warnings", group, j), why)

    for cid, cause in causes.items():
        base: Path_ = ("causes", cid)
        check_sources(cause.get("source"), (*base, "source"))
        if not (cause.get("explanation") or "").strip():
            report((*base, "explanation"), "a cause needs an explanation in plain words")
        seen_actions: set[str] = set()
        for i, action in enumerate(cause.get("actions") or []):
            apath: Path_ = (*base, "actions", i)
            if not str(action.get("text") or "").strip():
                report((*apath, "text") if "text" in action else apath, "an action needs text")
            check_sources(action.get("source"), (*apath, "source"))
            aid = action.get("id")
            if aid in seen_actions:
                report((*apath, "id"), f"action id {aid!r} is used twice in this cause")
            seen_actions.add(aid)
            for key in ("only_if", "unless"):
                for j, cond in enumerate(action.get(key) or []):
                    _, why = parse_condition(cond)
                    if why:
                        report((*apath, key, j), why)
            if "patch" in action:
                for name, message in patch_problems(action["patch"]):
                    report((*apath, "patch", name) if name else (*apath, "patch"), message)

    for key in ("ruled_out_factor", "min_score"):
        if key in data and not math.isfinite(data[key]):
            report((key,), "must be a number between 0 and 1")

    def check_leaf(leaf: Mapping[str, Any], path: Path_) -> None:
        if "weight" in leaf and not math.isfinite(leaf["weight"]):
            report((*path, "weight"), "must be a number in (0, 1]")
        cid = leaf.get("cause")
        if cid not in causes:
            report((*path, "cause"), f"unknown cause {cid!r} (define it under 'causes')")
            return
        known = {a.get("id") for a in causes[cid].get("actions") or []}
        for i, aid in enumerate(leaf.get("actions") or []):
            if aid not in known:
                report((*path, "actions", i), f"cause {cid!r} has no action {aid!r}")

    edges: dict[str, list[tuple[str, Path_]]] = {nid: [] for nid in nodes}
    for nid, node in nodes.items():
        base = ("nodes", nid)
        has_ask, has_all = "ask" in node, "all" in node
        if has_ask == has_all:
            report(
                base,
                "a node either asks one question ('ask' with 'branches') or visits "
                "sub-trees ('all'), not both or neither",
            )
            continue
        if has_all:
            if "branches" in node or "question" in node:
                report(base, "an 'all' node has no question or branches")
            for i, child in enumerate(node["all"]):
                if child not in nodes:
                    report((*base, "all", i), f"unknown node {child!r}")
                else:
                    edges[nid].append((child, (*base, "all", i)))
            continue
        test, why = parse_ask(node["ask"])
        if why:
            report((*base, "ask"), why)
        branches = node.get("branches")
        if not isinstance(branches, dict) or not branches:
            report(base, "a question node needs 'branches': one per answer, including 'unknown'")
            continue
        if test is not None:
            wanted = answers_for(test)
            for answer in wanted:
                if answer not in branches:
                    report(
                        (*base, "branches"),
                        f"no branch for the answer {answer!r} "
                        f"(answers to '{node['ask']}': {', '.join(wanted)})",
                    )
            for answer in branches:
                if answer not in wanted:
                    report(
                        (*base, "branches", answer),
                        f"{answer!r} is not an answer to '{node['ask']}' "
                        f"(answers: {', '.join(wanted)})",
                    )
        for answer, branch in branches.items():
            bpath: Path_ = (*base, "branches", answer)
            if isinstance(branch, str):
                branch = {"next": branch}
            ends = [k for k in ("next", "cause", "causes") if k in branch]
            if len(ends) != 1:
                report(
                    bpath,
                    "a branch goes on ('next' or a node id) or ends at causes "
                    "('cause' with 'weight', or 'causes: [...]', empty for none): exactly one",
                )
                continue
            if "cause" in branch:
                if "weight" not in branch:
                    report(bpath, "a branch ending at a cause needs a 'weight' in (0, 1]")
                check_leaf(branch, bpath)
            elif "causes" in branch:
                if "weight" in branch or "actions" in branch:
                    report(bpath, "'weight' and 'actions' belong inside each entry of 'causes'")
                for i, leaf in enumerate(branch["causes"]):
                    check_leaf(leaf, (*bpath, "causes", i))
            else:
                if "weight" in branch or "actions" in branch:
                    report(bpath, "'weight' and 'actions' belong with a cause, not with 'next'")
                target = branch["next"]
                where = (*bpath, "next") if isinstance(node["branches"][answer], dict) else bpath
                if target not in nodes:
                    report(where, f"unknown node {target!r}")
                else:
                    edges[nid].append((target, where))

    for sid, root in trees.items():
        if root not in nodes:
            report(("trees", sid), f"unknown node {root!r}")

    # Cycles: a depth-first search that reports the edge closing each cycle once.
    state: dict[str, int] = {}

    def visit(start: str) -> None:
        stack: list[tuple[str, Iterable[tuple[str, Path_]]]] = [(start, iter(edges.get(start, ())))]
        state[start] = 1
        trail = [start]
        while stack:
            nid, it = stack[-1]
            for child, where in it:
                if state.get(child) == 1:
                    loop = [*trail[trail.index(child) :], child]
                    report(where, f"cycle: {' -> '.join(loop)}")
                elif child not in state:
                    state[child] = 1
                    trail.append(child)
                    stack.append((child, iter(edges.get(child, ()))))
                    break
            else:
                state[nid] = 2
                trail.pop()
                stack.pop()

    for nid in nodes:
        if nid not in state:
            visit(nid)

    reachable: set[str] = set()
    todo = [root for root in trees.values() if root in nodes]
    while todo:
        nid = todo.pop()
        if nid in reachable:
            continue
        reachable.add(nid)
        todo.extend(child for child, _ in edges.get(nid, ()))
    for nid in nodes:
        if nid not in reachable:
            report(("nodes", nid), "unreachable: no symptom tree leads to this node")
    return problems


# --------------------------------------------------------------------------- build


def _build(located: Located, source: str) -> RuleSet:
    data = located.data
    sources: dict[str, str] = dict(data["sources"])

    def cite(value: Any) -> str:
        return "; ".join(sources[s] for s in _source_ids(value))

    causes: dict[str, Cause] = {}
    for cid, c in data["causes"].items():
        actions = tuple(
            Action(a["id"], " ".join(a["text"].split()), cite(a["source"]), a.get("patch") or {})
            for a in c["actions"]
        )
        conditions = {
            a["id"]: ActionRule(
                tuple(_condition(x) for x in a.get("only_if") or ()),
                tuple(_condition(x) for x in a.get("unless") or ()),
            )
            for a in c["actions"]
            if a.get("only_if") or a.get("unless")
        }
        causes[cid] = Cause(
            cid,
            c["title"].strip(),
            " ".join(c["explanation"].split()),
            cite(c["source"]),
            actions,
            " ".join((c.get("note_says") or "").split()),
            tuple(c.get("groups") or ()),
            located.line(("causes", cid)),
            conditions,
        )

    def leaf(d: Mapping[str, Any]) -> Leaf:
        acts = d.get("actions")
        return Leaf(
            d["cause"], float(d["weight"]), tuple(acts) if acts else None, d.get("says", "")
        )

    nodes: dict[str, Node] = {}
    for nid, n in data["nodes"].items():
        line = located.line(("nodes", nid))
        if "all" in n:
            nodes[nid] = Node(nid, line, children=tuple(n["all"]))
            continue
        test, _ = parse_ask(n["ask"])
        assert test is not None
        branches: dict[str, Branch] = {}
        for answer, b in n["branches"].items():
            if isinstance(b, str):
                branches[answer] = Branch(next=b)
            elif "next" in b:
                branches[answer] = Branch(b.get("says", ""), b["next"])
            elif "cause" in b:
                branches[answer] = Branch(b.get("says", ""), None, (leaf(b),))
            else:
                branches[answer] = Branch(
                    b.get("says", ""), None, tuple(leaf(x) for x in b["causes"])
                )
        nodes[nid] = Node(nid, line, test, n.get("question", "").strip(), branches)
    return RuleSet(
        source,
        sources,
        causes,
        nodes,
        dict(data["trees"]),
        float(data.get("ruled_out_factor", 0.5)),
        float(data.get("min_score", 0.05)),
        data.get("title", ""),
        {
            g: tuple(_condition(c) for c in conds)
            for g, conds in (data.get("warnings") or {}).items()
        },
    )


def _condition(text: str) -> Condition:
    cond, _ = parse_condition(text)
    assert cond is not None  # validated before building
    return cond


def loads_rules(text: str, source: str = "<rules>") -> RuleSet:
    """Parse and validate a rules file's text; RulesError lists every problem found."""
    try:
        located = load_located(text, source)
    except InputError as exc:
        raise RulesError(exc.problems) from None
    if not isinstance(located.data, dict):
        raise RulesError(
            [
                Problem(
                    source,
                    located.line(()),
                    "",
                    f"a rules file is a mapping (format, sources, causes, trees, nodes), "
                    f"not {_describe(located.data)}",
                )
            ]
        )
    if located.data.get("format") == RUN_FORMAT:  # else a page of "unknown key" lines hides the mix-up
        raise RulesError([Problem(source, located.line(("format",)), "format",
                                  f"this is a run file ({RUN_FORMAT}), not a rules file ({FORMAT})")])
    problems = _schema_problems(located, source)
    if problems:  # the semantic checks assume the structure is right
        raise RulesError(_sorted(problems))
    problems = _semantic_problems(located, source)
    if problems:
        raise RulesError(_sorted(problems))
    return _build(located, source)


def _sorted(problems: list[Problem]) -> list[Problem]:
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (p.line or 0, p.field, p.message))


def load_rules(path: str | os.PathLike[str] | None = None) -> RuleSet:
    """The rules in ``path``, or the shipped rules when ``path`` is None."""
    if path is None:
        from boranegui.core.bundled import rules_path

        path = rules_path()
    try:
        text = read_text(path)
    except InputError as exc:
        raise RulesError(exc.problems) from None
    return loads_rules(text, str(path))


def load_rules_or_default(path: str | os.PathLike[str] | None) -> tuple[RuleSet, list[Problem]]:
    """A lab's rules when they are valid; otherwise the shipped rules and what is wrong."""
    if path is None:
        return load_rules(None), []
    try:
        return load_rules(path), []
    except RulesError as exc:
        return load_rules(None), list(exc.problems)
