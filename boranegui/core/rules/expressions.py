"""The rules' little expressions: what a node asks and when an action applies.

``parse_ask("reagent.age_weeks >= 8")`` -> :class:`Ask`; ``parse_condition(
"reagent.kind == nabh4_i2")`` -> :class:`Condition`.  Each returns the parsed object or
the reason, in words, why the text cannot be read.
"""

from __future__ import annotations

import math
import re
from functools import cache

from boranegui.core.rules.model import (
    _NOT_ASKABLE_KINDS,
    GROUP_PREFIXES,
    SUBSTRATE_GROUPS,
    SUBSTRATE_NUMBERS,
    Ask,
    Condition,
)
from boranegui.core.run_record import FIELDS, SYMPTOMS

_ASK = re.compile(
    r"^\s*(?P<lhs>[A-Za-z_][\w.:]*)\s*(?:(?P<op>>=|<=|>|<|==|!=|=)\s*(?P<rhs>\S+))?\s*$"
)


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
    if lhs.startswith(GROUP_PREFIXES):
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
    if path.startswith(GROUP_PREFIXES):
        return path.split(".", 2)[2] in SUBSTRATE_GROUPS
    spec = FIELDS.get(path)
    return spec is not None and spec.kind in ("number", "int")

