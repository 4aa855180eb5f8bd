"""The JSON Schema of a rules file and the fast structural checks built on it.

:func:`build_schema` is derived from the run record's fields, the symptoms and the
protocol parameters, so it cannot drift from them; it is published as
``resources/rules.schema.json`` for editors.  :func:`schema_problems` turns jsonschema's
errors into located lines in a lab chemist's words.
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from typing import Any

from boranegui.core import quickschema
from boranegui.core.parameters import PARAMETERS
from boranegui.core.rules.model import _ID, _NOT_ASKABLE_KINDS, FORMAT, SUBSTRATE_GROUPS, SUBSTRATE_NUMBERS
from boranegui.core.run_record import FIELDS, SYMPTOMS
from boranegui.core.yamlio import Located, Path_, Problem, dotted


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
            + ", ".join([*(f"substrate.groups.{g}" for g in SUBSTRATE_GROUPS), "target.groups.<the same ids>",
                         "outcome.reduced_groups.<the same ids> (1 when the chemist found it reduced)",
                         *SUBSTRATE_NUMBERS])
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
            "change_min_score": {
                "type": "number",
                "minimum": 0,
                "maximum": 1,
                "description": "causes scoring below this do not change the protocol; "
                "they become lines to check",
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
                        "expected_for": {
                            "type": "array",
                            "items": {"enum": list(SUBSTRATE_GROUPS)},
                            "description": "groups borane reduces whatever the conditions: the cause "
                            "is a warning unless the target amine keeps one of them",
                        },
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
        "required": ["format", "causes", "trees", "nodes"],
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


def schema_problems(located: Located, source: str) -> list[Problem]:
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

