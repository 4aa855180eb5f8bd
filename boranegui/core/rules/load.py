"""Read a rules file: parse, check (schema, then semantics) and build the :class:`RuleSet`.

CONTRACT: ``load_rules(path=None) -> RuleSet`` (None: the shipped rules); raises
``RulesError`` whose ``problems`` are located ``file:line: message`` entries.
``load_rules_or_default(path) -> (RuleSet, list[Problem])`` for the app: a broken lab
file is reported and the shipped rules stay in use.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from boranegui.core.rules.check import _source_ids, path_problems, semantic_problems
from boranegui.core.rules.expressions import parse_ask, parse_condition
from boranegui.core.rules.model import (
    FORMAT,
    Action,
    ActionRule,
    Branch,
    Cause,
    Condition,
    Leaf,
    Node,
    RulesError,
    RuleSet,
)
from boranegui.core.rules.schema import _describe, schema_problems
from boranegui.core.run_record import FORMAT as RUN_FORMAT
from boranegui.core.sources import SOURCES, cite
from boranegui.core.yamlio import InputError, Located, Problem, load_located, paused_gc, read_text


def _build(located: Located, source: str) -> RuleSet:
    data = located.data
    # The app's bibliography, plus any references a lab's file defines (its own ids win).
    sources: dict[str, str] = {**SOURCES, **(data.get("sources") or {})}

    def cite_ids(value: Any) -> str:
        return cite(_source_ids(value), sources)

    causes: dict[str, Cause] = {}
    for cid, c in data["causes"].items():
        actions = tuple(
            Action(a["id"], " ".join(a["text"].split()), cite_ids(a["source"]), a.get("patch") or {})
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
            cite_ids(c["source"]),
            actions,
            " ".join((c.get("note_says") or "").split()),
            tuple(c.get("groups") or ()),
            located.line(("causes", cid)),
            conditions,
            tuple(c.get("expected_for") or ()),
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
        float(data.get("change_min_score", 0.3)),
    )


def _condition(text: str) -> Condition:
    cond, _ = parse_condition(text)
    assert cond is not None  # validated before building
    return cond


def loads_rules(text: str, source: str = "<rules>") -> RuleSet:
    """Parse and validate a rules file's text; RulesError lists every problem found."""
    with paused_gc():  # no garbage cycles are made here; the collector's passes cost 40 %
        return _loads_rules(text, source)


def _loads_rules(text: str, source: str) -> RuleSet:
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
    problems = schema_problems(located, source)
    if problems:  # the semantic checks assume the structure is right
        raise RulesError(_sorted(problems))
    problems = semantic_problems(located, source) or path_problems(located, source)
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
