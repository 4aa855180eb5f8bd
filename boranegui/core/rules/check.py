"""What a schema cannot see in a rules file: ids, answers, cycles, reachability, patches.

:func:`semantic_problems` runs after the schema checks (it assumes the structure is
right) and returns every problem, located at its line.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from boranegui.core.limits import MAX_RULE_PATHS
from boranegui.core.parameters import patch_problems
from boranegui.core.rules.expressions import parse_ask, parse_condition
from boranegui.core.rules.model import answers_for
from boranegui.core.sources import SOURCES
from boranegui.core.yamlio import Located, Path_, Problem, dotted


def _source_ids(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def semantic_problems(located: Located, source: str) -> list[Problem]:
    """What the schema cannot see: ids, answers, cycles, reachability, fields, patches."""
    data = located.data
    problems: list[Problem] = []

    def report(path: Path_, message: str) -> None:
        problems.append(Problem(source, located.line(path), dotted(path), message))

    sources = {**SOURCES, **(data.get("sources") or {})}
    causes = data.get("causes") or {}
    nodes = data.get("nodes") or {}
    trees = data.get("trees") or {}

    def check_sources(value: Any, path: Path_) -> None:
        ids = _source_ids(value)
        if not ids or any(not i.strip() for i in ids):
            report(path, "has no source: name the note or a reference (core/sources.py, or defined under 'sources')")
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

    for key in ("ruled_out_factor", "min_score", "change_min_score"):
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
    if not problems:
        for nid, answer, why in dead_branches(nodes, trees):
            report(("nodes", nid, "branches", answer), f"this branch can never be taken: {why}")
    return problems


# A constraint on one asked quantity along a path: "unknown", a choice/answer, or an interval
# (low, low included, high, high included) for numbers compared with constant thresholds.
_Interval = tuple[float, bool, float, bool]
_ALL: _Interval = (-math.inf, False, math.inf, False)


def _meet(a: _Interval, b: _Interval) -> _Interval | None:
    """The intersection of two intervals, None when empty."""
    if a[0] != b[0]:
        lo, lo_in = max((a[0], a[1]), (b[0], b[1]))
    else:
        lo, lo_in = a[0], a[1] and b[1]
    if a[2] != b[2]:
        hi, hi_in = min((a[2], a[3]), (b[2], b[3]))
    else:
        hi, hi_in = a[2], a[3] and b[3]
    if lo < hi or (lo == hi and lo_in and hi_in):
        return lo, lo_in, hi, hi_in
    return None


def _sides(op: str, x: float) -> dict[str, _Interval]:
    """The values answering "yes" and "no" to ``value op x``."""
    below_in, above_in = op in ("<=", ">"), op in (">=", "<")
    below: _Interval = (-math.inf, False, x, below_in)
    above: _Interval = (x, above_in, math.inf, False)
    return {"yes": above, "no": below} if op in (">=", ">") else {"yes": below, "no": above}


def dead_branches(nodes: Mapping[str, Any], trees: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """Branches no run can take: every path to their node has already fixed the answer.

    Walks each symptom's tree carrying what the path has answered: the symptom itself is
    seen; a field answered "unknown" stays unknown further down, a known one stays known
    (its ``unknown`` branch is dead), a choice keeps its value and a number its interval.
    A branch that ends at no cause (``causes: []``) is not reported: the every-answer rule
    asks for it.  Returns (node id, answer, why).
    """
    taken: set[tuple[str, str]] = set()
    seen_states: set[tuple[str, frozenset[tuple[str, Any]]]] = set()
    asked: dict[str, str] = {}
    for symptom, root in trees.items():
        stack: list[tuple[str, dict[str, Any]]] = [(root, {f"symptom:{symptom}": "seen"})]
        while stack:
            nid, known = stack.pop()
            state = (nid, frozenset(known.items()))
            if state in seen_states or nid not in nodes:
                continue
            seen_states.add(state)
            node = nodes[nid]
            if "all" in node:
                stack.extend((child, known) for child in node["all"])
                continue
            test, _ = parse_ask(node["ask"])
            if test is None:
                continue
            key = test.question_field
            asked[nid] = key
            for answer, branch in node["branches"].items():
                after = _answer_possible(test, known.get(key), answer)
                if after is None:
                    continue
                taken.add((nid, answer))
                target = branch if isinstance(branch, str) else branch.get("next")
                if target is not None:
                    stack.append((target, {**known, key: after}))
    dead = []
    for nid, node in nodes.items():
        for answer, branch in (node.get("branches") or {}).items():
            if (nid, answer) in taken or nid not in asked:
                continue
            if isinstance(branch, dict) and "next" not in branch and not branch.get("causes", [1]):
                continue  # an empty ending, required by the every-answer rule
            dead.append((nid, answer, f"every path to this node has already answered {asked[nid]}"))
    return dead


def _answer_possible(test: Any, before: Any, answer: str) -> Any:
    """The constraint after taking ``answer``, or None when the path already rules it out."""
    if answer == "unknown":
        return "unknown" if before in (None, "unknown") else None
    if before == "unknown":
        return None
    if test.op is None or isinstance(test.rhs, str):
        if test.op is None and before is not None and before != answer:
            return None
        return answer if test.op is None else (before or "known")
    side = _sides(test.op, float(test.rhs))[answer]
    current = before if isinstance(before, tuple) else _ALL
    return _meet(current, side)


def path_problems(located: Located, source: str) -> list[Problem]:
    """Trees one diagnosis could not walk in bounded time: shared 'all' nodes multiply paths.

    A question node follows one branch, an 'all' node every child, so the paths one walk
    may follow are: 1 at a cause, the largest branch at a question, the sum at 'all'.  A
    40-level diamond of 'all' nodes passes every other check and has 2^40.  Runs after the
    cycle check, so the memoised count terminates.
    """
    nodes: Mapping[str, Any] = located.data.get("nodes") or {}
    problems: list[Problem] = []
    for nid, node in nodes.items():
        children = node.get("all") or []
        for i, child in enumerate(children):
            if child in children[:i]:
                path: Path_ = ("nodes", nid, "all", i)
                problems.append(Problem(source, located.line(path), dotted(path),
                                        f"{child!r} is listed twice in this 'all'"))
                break
    paths: dict[str, int] = {}

    def count(root: str) -> int:
        stack = [root]  # post-order without recursion: trees may be deep
        while stack:
            nid = stack.pop()
            if nid in paths:
                continue
            kids = _next_nodes(nodes[nid])
            todo = [k for k in kids if k not in paths]
            if todo:
                stack.append(nid)
                stack.extend(todo)
                continue
            node = nodes[nid]
            if "all" in node:
                paths[nid] = sum(paths[k] for k in kids)
            else:
                ends = [paths[k] if k else 1 for k in _branch_ends(node)]
                paths[nid] = max(ends, default=1)
        return paths[root]

    for sid, root in (located.data.get("trees") or {}).items():
        total = count(root)
        if total > MAX_RULE_PATHS:
            problems.append(Problem(source, located.line(("trees", sid)), f"trees.{sid}",
                                    f"one diagnosis could follow {total:,} paths through this tree "
                                    f"(nodes shared by 'all' multiply them); at most {MAX_RULE_PATHS:,}"))
    return problems


def _branch_ends(node: Mapping[str, Any]) -> list[str]:
    """The node each branch goes on to, '' for a branch that ends at causes."""
    out = []
    for branch in (node.get("branches") or {}).values():
        target = branch if isinstance(branch, str) else branch.get("next", "")
        out.append(target)
    return out


def _next_nodes(node: Mapping[str, Any]) -> list[str]:
    return list(node["all"]) if "all" in node else [t for t in _branch_ends(node) if t]
