"""A fast "certainly valid" check for the JSON Schema subset the rules schema uses.

Importing jsonschema and running it the first time costs about 100 ms, on every start of
the app, for a rules file that is almost always valid.  :func:`accepts` answers True only
when the instance is valid under the schema, and False otherwise *or whenever it is not
sure* (a keyword it does not know, a NaN, a number type JSON does not have); the caller
then runs jsonschema, which finds the problems and words them.  So the messages for a
broken file are jsonschema's, unchanged, and a valid file never needs jsonschema.

Keywords understood: ``type``, ``const``, ``enum``, ``pattern``, ``minLength``,
``minimum``, ``maximum``, ``exclusiveMinimum``, ``exclusiveMaximum``, ``properties``,
``required``, ``additionalProperties``, ``propertyNames``, ``minProperties``, ``items``
(one schema for every item), ``minItems``, ``anyOf``, and the annotations ``$schema``,
``$id``, ``title`` and ``description``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from functools import cache
from typing import Any

_ANNOTATIONS = frozenset({"$schema", "$id", "title", "description"})
_KNOWN = _ANNOTATIONS | {
    "type", "const", "enum", "pattern", "minLength", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "properties", "required", "additionalProperties", "propertyNames",
    "minProperties", "items", "minItems", "anyOf",
}


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _is_number(value: Any) -> bool:
    """A JSON number this module can compare for sure: int or finite float, not bool."""
    return (type(value) is int) or (type(value) is float and math.isfinite(value))


def _has_type(value: Any, kind: str) -> bool:
    if kind == "object":
        return type(value) is dict
    if kind == "array":
        return type(value) is list
    if kind == "string":
        return type(value) is str
    if kind == "number":
        return _is_number(value)
    if kind == "integer":
        return type(value) is int
    if kind == "boolean":
        return type(value) is bool
    if kind == "null":
        return value is None
    return False


def _same(value: Any, expected: Any) -> bool:
    """JSON equality for the scalars enums and consts hold here (True is not 1)."""
    return type(value) is type(expected) and type(value) in (str, int, bool, type(None)) and value == expected


def accepts(schema: Any, value: Any) -> bool:
    """True only if ``value`` is valid under ``schema`` (False: invalid, or not sure)."""
    if schema is True:
        return True
    if not isinstance(schema, Mapping) or not schema.keys() <= _KNOWN:
        return False
    kinds = schema.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        if not any(_has_type(value, k) for k in kinds):
            return False
    if "const" in schema and not _same(value, schema["const"]):
        return False
    if "enum" in schema and not any(_same(value, e) for e in schema["enum"]):
        return False
    if "anyOf" in schema and not any(accepts(s, value) for s in schema["anyOf"]):
        return False
    if type(value) is str:
        if "pattern" in schema and _regex(schema["pattern"]).search(value) is None:
            return False
        if len(value) < schema.get("minLength", 0):
            return False
    elif type(value) in (int, float):
        if not _is_number(value):
            return False  # NaN and infinities: jsonschema decides
        if "minimum" in schema and value < schema["minimum"]:
            return False
        if "maximum" in schema and value > schema["maximum"]:
            return False
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            return False
        if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
            return False
    elif type(value) is list:
        if len(value) < schema.get("minItems", 0):
            return False
        if "items" in schema and not all(accepts(schema["items"], item) for item in value):
            return False
    elif type(value) is dict:
        return _object_accepts(schema, value)
    elif value is not None and type(value) is not bool:
        return False  # not a JSON value (a date read from YAML, bytes): jsonschema decides
    return True


def _object_accepts(schema: Mapping[str, Any], value: dict[Any, Any]) -> bool:
    if len(value) < schema.get("minProperties", 0):
        return False
    if not all(key in value for key in schema.get("required", ())):
        return False
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    names = schema.get("propertyNames", True)
    for key, item in value.items():
        if type(key) is not str:
            return False
        if names is not True and not accepts(names, key):
            return False
        if key in properties:
            if not accepts(properties[key], item):
                return False
        elif extra is False or not accepts(extra, item):
            return False
    return True
