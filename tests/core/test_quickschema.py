"""The fast rules-schema check: never accepts what jsonschema rejects; spares valid files jsonschema."""

from __future__ import annotations

import copy
import datetime
import subprocess
import sys

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from boranegui.core import quickschema
from boranegui.core.bundled import rules_path
from boranegui.core.rules import build_schema
from tests.conftest import cli_env

SCHEMA = build_schema()
SHIPPED = yaml.safe_load(rules_path().read_text("utf-8"))


def _subschemas(schema, path=()):
    """Every schema inside the rules schema, with where it is."""
    if not isinstance(schema, dict):
        return
    yield path, schema
    for key in ("properties",):
        for name, sub in schema.get(key, {}).items():
            yield from _subschemas(sub, (*path, name))
    for key in ("additionalProperties", "items", "propertyNames"):
        if isinstance(schema.get(key), dict):
            yield from _subschemas(schema[key], (*path, f"<{key}>"))
    for i, sub in enumerate(schema.get("anyOf", ())):
        yield from _subschemas(sub, (*path, f"<anyOf {i}>"))


SUBSCHEMAS = list(_subschemas(SCHEMA))
IDS = sorted(SHIPPED["nodes"]) + sorted(SHIPPED["causes"])
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1, 0.5, 1.0, 0.0, "", "x", "Aa", "a b", "set", "format", "borane-rules/1"]),
    st.sampled_from(IDS), st.text(max_size=6), st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.one_of(st.sampled_from(["cause", "weight", "says", "next", "id", "text",
                                                   "source", "set", "at_least", "title"]),
                                  st.text(max_size=5), st.integers(0, 3)), inner, max_size=4),
    ),
    max_leaves=12,
)


_VALIDATORS: dict[int, Draft202012Validator] = {}


def _valid(schema, value) -> bool:
    validator = _VALIDATORS.get(id(schema))
    if validator is None:
        validator = _VALIDATORS[id(schema)] = Draft202012Validator(schema)
    return validator.is_valid(value)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SUBSCHEMAS), values)
def test_never_accepts_what_jsonschema_rejects(where_schema, value) -> None:
    where, schema = where_schema
    if quickschema.accepts(schema, value):
        assert _valid(schema, value), (where, value)


@st.composite
def mutated_rules(draw) -> dict:
    """The shipped file with one to three of its values replaced, deleted or renamed."""
    data = copy.deepcopy(SHIPPED)
    for _ in range(draw(st.integers(1, 3))):
        node = data
        while isinstance(node, dict | list) and node and draw(st.booleans()):
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            key = draw(st.sampled_from(keys))
            if not isinstance(node[key], dict | list) or not node[key]:
                break
            node = node[key]
        if not node or not isinstance(node, dict | list):
            continue
        key = draw(st.sampled_from(list(node) if isinstance(node, dict) else list(range(len(node)))))
        kind = draw(st.sampled_from(["replace", "delete", "rename"]))
        if kind == "replace":
            node[key] = draw(values)
        elif kind == "delete":
            del node[key]
        elif isinstance(node, dict):
            node[draw(st.text(min_size=1, max_size=6))] = node.pop(key)
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_rules())
def test_a_mutated_rules_file_is_accepted_only_when_valid(data) -> None:
    if quickschema.accepts(SCHEMA, data):
        assert _valid(SCHEMA, data)


def test_the_shipped_rules_are_accepted() -> None:
    assert quickschema.accepts(SCHEMA, SHIPPED)


def test_what_it_is_unsure_of_goes_to_jsonschema() -> None:
    assert not quickschema.accepts({"type": "string", "format": "email"}, "a@b.c")  # unknown keyword
    assert not quickschema.accepts({"type": "number"}, float("nan"))
    assert not quickschema.accepts({"type": "string"}, datetime.date(2026, 1, 1))
    assert not quickschema.accepts({"enum": [1]}, True)  # True is not 1 in JSON
    assert quickschema.accepts({"type": "number", "exclusiveMinimum": 0, "maximum": 1}, 1)
    assert not quickschema.accepts({"type": "number", "exclusiveMinimum": 0}, 0)


def test_loading_valid_rules_does_not_import_jsonschema_and_broken_ones_are_still_worded() -> None:
    code = (
        "import sys\n"
        "from boranegui.core.rules import RulesError, load_rules, loads_rules\n"
        "load_rules()\n"
        "print('jsonschema' in sys.modules)\n"
        "try:\n"
        "    loads_rules(open(sys.argv[1], encoding='utf-8').read().replace('weight: 0.9', 'weight: 2', 1), 'r.yaml')\n"
        "except RulesError as exc:\n"
        "    print(exc.problems[0])\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(rules_path())], capture_output=True, text=True,
                          env=cli_env(), timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "False"
    assert lines[1].startswith("r.yaml:") and "weight" in lines[1], lines
