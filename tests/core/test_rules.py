"""rules.yaml and its validator: the shipped rules are sound, broken files are told where."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boranegui.core import rules as rules_mod
from boranegui.core.bundled import resource, rules_path
from boranegui.core.diagnosis import diagnose
from boranegui.core.parameters import patch_problems
from boranegui.core.rules import (
    SUBSTRATE_NUMBERS,
    RulesError,
    RuleSet,
    build_schema,
    load_rules,
    load_rules_or_default,
    loads_rules,
)
from boranegui.core.run_record import FIELDS, SYMPTOMS
from tests.conftest import ROOT
from tests.core.analyses import ANALYSES
from tests.core.test_diagnosis import ARCHITECTURE_CAUSES, run_of

SHIPPED_TEXT = rules_path().read_text(encoding="utf-8")
SHIPPED = load_rules()


# ------------------------------------------------------------------ the shipped rules


def test_shipped_rules_cover_every_symptom_and_cause() -> None:
    assert set(SHIPPED.trees) == set(SYMPTOMS)
    assert set(ARCHITECTURE_CAUSES) <= set(SHIPPED.causes)
    assert SHIPPED.summary().startswith(f"{len(SYMPTOMS)} symptom trees, ")


def test_every_cause_and_action_is_sourced_and_patches_are_valid() -> None:
    for cause in SHIPPED.causes.values():
        assert cause.source and cause.explanation and cause.title, cause.id
        assert cause.actions, f"{cause.id} has no action"
        for action in cause.actions:
            assert action.text and action.source, (cause.id, action.id)
            assert patch_problems(dict(action.patch)) == []


def test_the_notes_loose_statements_are_corrected_in_the_rules() -> None:
    degraded = SHIPPED.causes["reagent_degraded"]
    assert "no source we could find" in degraded.explanation  # the 1-2 %/week figure
    assert "Monteiro & Flanagan" in degraded.source or "Monteiro" in degraded.source
    assert "flammable, water-reactive solution" in degraded.explanation  # not "pyrophoric"
    assert "reagent selection guide" in degraded.source
    imine = SHIPPED.causes["imine_reduced"]
    assert "whatever the temperature" in imine.explanation
    assert "Yoon" in imine.source
    complex_ = SHIPPED.causes["amine_borane_complex"]
    assert "LCMS" in complex_.explanation and "11B" in complex_.explanation


def test_the_published_schema_is_the_one_the_loader_uses() -> None:
    published = json.loads(resource("rules.schema.json").read_text(encoding="utf-8"))
    assert published == build_schema(), (
        "regenerate with: python -c 'from boranegui.core.rules import write_schema; write_schema()'"
    )


def test_the_shipped_rules_validate_against_the_published_schema_alone() -> None:
    from jsonschema import Draft202012Validator

    schema = json.loads(resource("rules.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator(schema).validate(yaml.safe_load(SHIPPED_TEXT))


def test_lab_rules_fall_back_to_the_shipped_ones(tmp_path: Path) -> None:
    broken = tmp_path / "lab.yaml"
    broken.write_text(SHIPPED_TEXT.replace("weight: 0.85", "weight: high", 1), encoding="utf-8")
    ruleset, problems = load_rules_or_default(broken)
    assert ruleset.source == str(rules_path())
    assert problems and all(p.source == str(broken) and p.line for p in problems)
    good = tmp_path / "good.yaml"
    good.write_text(
        SHIPPED_TEXT.replace("title: BoraneGUI shipped rules", "title: Our lab"), "utf-8"
    )
    ruleset, problems = load_rules_or_default(good)
    assert problems == [] and ruleset.title == "Our lab"
    assert load_rules_or_default(None)[1] == []
    missing, problems = load_rules_or_default(tmp_path / "nope.yaml")
    assert missing.source == str(rules_path()) and "cannot read" in problems[0].message


# ------------------------------------------------------------------ broken files, each kind


def _line_of(text: str, needle: str) -> int:
    index = text.index(needle)
    return text.count("\n", 0, index) + 1


def _replace_once(old: str, new: str, after: str = "") -> str:
    start = SHIPPED_TEXT.index(after) if after else 0
    i = SHIPPED_TEXT.index(old, start)
    return SHIPPED_TEXT[:i] + new + SHIPPED_TEXT[i + len(old) :]


NEW_NODE = "\n  orphan_node:\n    all: [ly_boron]\n"
BROKEN = {
    # kind: (mutated text, text on the line the problem must point at, words in the message)
    "yaml syntax": (
        _replace_once("min_score: 0.05", "min_score: 0.05: x"),
        "min_score",
        "YAML syntax error",
    ),
    "duplicate key": (
        _replace_once(
            "    title: Borates polymerised", "    title: Gel\n    title: Borates polymerised"
        ),
        "    title: Borates polymerised",
        "duplicate key",
    ),
    "unknown key": (
        _replace_once("  ly_boron:\n", "  ly_boron:\n    colour: red\n"),
        "colour: red",
        "unknown key",
    ),
    "wrong type": (
        _replace_once("weight: 0.6", "weight: high", "  ly_boron:"),
        "weight: high",
        "must be a number",
    ),
    "weight out of range": (
        _replace_once("weight: 0.6", "weight: 1.5", "  ly_boron:"),
        "weight: 1.5",
        "at most 1",
    ),
    "dangling node": (
        _replace_once("acid: cx_acid_temp", "acid: cx_acid_tmp"),
        "acid: cx_acid_tmp",
        "unknown node 'cx_acid_tmp'",
    ),
    "dangling cause": (
        _replace_once("cause: borate_gel", "cause: borate_gels"),
        "cause: borate_gels",
        "unknown cause 'borate_gels'",
    ),
    "dangling source": (
        _replace_once("source: [note_rationale]", "source: [note_rational]")
        if "source: [note_rationale]" in SHIPPED_TEXT
        else _replace_once("source: [couturier_2001]\n", "source: [couturier_2002]\n"),
        "couturier_2002",
        "unknown source",
    ),
    "dangling tree root": (
        _replace_once("low_yield: ly_start", "low_yield: ly_begin"),
        "low_yield: ly_begin",
        "unknown node 'ly_begin'",
    ),
    "unreachable node": (
        SHIPPED_TEXT.replace("\nnodes:\n", "\nnodes:" + NEW_NODE, 1),
        "orphan_node:",
        "unreachable",
    ),
    "cycle": (
        _replace_once('"yes": cx_acid_equiv', '"yes": cx_decomplexation'),
        '"yes": cx_decomplexation',
        "cycle",
    ),
    "field the run record lacks": (
        _replace_once("ask: workup.basify_ph >= 10", "ask: workup.basify_pH >= 10"),
        "basify_pH",
        "no field",
    ),
    "unknown substrate group": (
        _replace_once("substrate.groups.boc >= 1\n", "substrate.groups.bocc >= 1\n", "nodes:"),
        "substrate.groups.bocc",
        "no such substrate group",
    ),
    "number without threshold": (
        _replace_once("ask: workup.basify_ph >= 10", "ask: workup.basify_ph"),
        "ask: workup.basify_ph\n",
        "give a threshold",
    ),
    "missing unknown branch": (
        _replace_once(
            "      ruled_out: {causes: []}\n      unknown: {causes: []}\n",
            "      ruled_out: {causes: []}\n",
            "  ly_boron:",
        ),
        "    branches:\n      seen:\n"
        "        says: boron is still on the product (11B NMR, IR, MS, or crude mass at or above theory)",
        "no branch for the answer 'unknown'",
    ),
    "answer that cannot happen": (
        _replace_once(
            "      ruled_out: {causes: []}\n",
            "      ruled_out: {causes: []}\n      maybe: {causes: []}\n",
            "  ly_boron:",
        ),
        "maybe: {causes: []}",
        "not an answer",
    ),
    "cause without source": (
        _replace_once(
            "    source: [brown_heim_yoon_1970, burkhardt_matos_2006]\n    groups: [alkene]\n",
            "    groups: [alkene]\n",
        ),
        "  hydroboration:",
        "missing 'source'",
    ),
    "cause with an empty source": (
        _replace_once(
            "    source: [brown_heim_yoon_1970, burkhardt_matos_2006]\n    groups: [alkene]\n",
            "    source: []\n    groups: [alkene]\n",
        ),
        "    source: []",
        "no source",
    ),
    "action without text": (
        _replace_once(
            "        text: >-\n          Expect the C=C",
            "        txt: >-\n          Expect the C=C",
        ),
        "      - id: expect_hydroboration",
        "missing 'text'",
    ),
    "action with empty text": (
        _replace_once(
            "        text: >-\n          Expect the C=C to react: neither temperature nor "
            "stoichiometry spares it. Count one B-H\n"
            "          per C=C in the borane charge and look for the "
            "hydroborated or alcohol product.\n",
            "        text: ''\n",
        ),
        "        text: ''",
        "must not be empty",
    ),
    "bad patch": (
        _replace_once("acid_hours: {at_least: 2}", "acid_hours: {at_least: 100}"),
        "acid_hours: {at_least: 100}",
        "at most 48",
    ),
    "unknown protocol parameter": (
        _replace_once("acid_hours: {at_least: 2}", "acid_hourz: {at_least: 2}"),
        "acid_hourz",
        "unknown protocol parameter",
    ),
    "unknown symptom": (
        _replace_once("  emulsion: em_start", "  emulsions: em_start"),
        "emulsions: em_start",
        "no such symptom",
    ),
    "bad action condition": (
        _replace_once(
            'only_if: ["reagent.kind == nabh4_i2"]', 'only_if: ["reagent.kind == lialh4"]'
        ),
        "lialh4",
        "not a value of reagent.kind",
    ),
    "not a mapping": ("- just\n- a list\n", "- just", "a rules file is a mapping"),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_each_kind_of_broken_rules_is_located(kind: str) -> None:
    text, needle, words = BROKEN[kind]
    assert text != SHIPPED_TEXT
    with pytest.raises(RulesError) as info:
        loads_rules(text, "lab-rules.yaml")
    problems = info.value.problems
    expected_line = _line_of(text, needle)
    matching = [p for p in problems if words in p.message]
    assert matching, [str(p) for p in problems]
    assert any(p.line == expected_line for p in matching), (
        expected_line,
        [str(p) for p in matching],
    )
    for p in problems:
        assert re.match(r"^lab-rules\.yaml:\d+: ", str(p)), str(p)


def test_every_problem_is_reported_not_only_the_first() -> None:
    text = _replace_once("cause: borate_gel", "cause: borate_gels")
    text = text.replace("acid: cx_acid_temp", "acid: cx_acid_tmp", 1)
    with pytest.raises(RulesError) as info:
        loads_rules(text, "lab.yaml")
    messages = " | ".join(p.message for p in info.value.problems)
    assert "unknown cause 'borate_gels'" in messages and "unknown node 'cx_acid_tmp'" in messages


def test_empty_and_binary_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(RulesError, match="empty"):
        load_rules(empty)
    binary = tmp_path / "rules.yaml"
    binary.write_bytes(b"\x00\x01\x02")
    with pytest.raises(RulesError, match="binary"):
        load_rules(binary)


# ------------------------------------------------------------------ property tests


def _independent_check(data: dict) -> list[str]:
    """What must hold for any rules file we accept, checked without the validator's code."""
    why: list[str] = []
    from boranegui.core.sources import SOURCES

    nodes, causes = data["nodes"], data["causes"]
    sources = {**SOURCES, **(data.get("sources") or {})}

    def targets(node: dict) -> list[str]:
        if "all" in node:
            return list(node["all"])
        out = []
        for branch in node["branches"].values():
            if isinstance(branch, str):
                out.append(branch)
            elif "next" in branch:
                out.append(branch["next"])
        return out

    def leaves(node: dict) -> list[str]:
        out = []
        for branch in (node.get("branches") or {}).values():
            if isinstance(branch, dict):
                out += (
                    [branch["cause"]]
                    if "cause" in branch
                    else [c["cause"] for c in branch.get("causes", [])]
                )
        return out

    for sid, root in data["trees"].items():
        if sid not in SYMPTOMS or root not in nodes:
            why.append(f"tree {sid} -> {root}")
    for nid, node in nodes.items():
        why += [f"{nid} -> {t}" for t in targets(node) if t not in nodes]
        why += [f"{nid} cause {c}" for c in leaves(node) if c not in causes]
        if "ask" in node:
            lhs = re.split(r"\s*[<>]=?\s*", node["ask"])[0]
            ok = (
                lhs in FIELDS
                or lhs.startswith(("substrate.", "target.groups.", "outcome.reduced_groups."))
                or lhs in SUBSTRATE_NUMBERS  # worked out by the engine (core/facts.py)
                or (lhs.startswith("symptom:") and lhs[8:] in SYMPTOMS)
            )
            if not ok:
                why.append(f"{nid} asks {lhs}")
            always_known = lhs in FIELDS and FIELDS[lhs].required  # scale_g: never unknown
            if "unknown" not in node["branches"] and not always_known:
                why.append(f"{nid} has no unknown branch")
    seen, todo = set(), list(data["trees"].values())
    while todo:
        n = todo.pop()
        if n in seen or n not in nodes:
            continue
        seen.add(n)
        todo += targets(nodes[n])
    why += [f"unreachable {n}" for n in nodes if n not in seen]

    def acyclic(n: str, path: tuple[str, ...]) -> bool:
        if n in path:
            return False
        return all(acyclic(t, (*path, n)) for t in targets(nodes[n]) if t in nodes)

    why += [f"cycle at {n}" for n in nodes if not acyclic(n, ())]
    for cid, cause in causes.items():
        ids = cause["source"] if isinstance(cause["source"], list) else [cause["source"]]
        if not ids or any(i not in sources for i in ids):
            why.append(f"cause {cid} source")
        for action in cause["actions"]:
            if not str(action.get("text", "")).strip():
                why.append(f"action {action.get('id')} text")
    return why


SHIPPED_DATA = yaml.safe_load(SHIPPED_TEXT)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


ALL_PATHS = [p for p in _paths(SHIPPED_DATA) if p]
NODE_IDS = sorted(SHIPPED_DATA["nodes"])
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 200),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(NODE_IDS + list(SHIPPED_DATA["causes"])),
)


@st.composite
def mutated(draw) -> dict:
    data = yaml.safe_load(SHIPPED_TEXT)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            key = path[-1]
            parent[key]
        except (KeyError, IndexError, TypeError):
            continue
        kind = draw(st.sampled_from(["delete", "replace", "rename", "add", "list"]))
        if kind == "delete":
            del parent[key]
        elif kind == "replace":
            parent[key] = draw(scalars)
        elif kind == "rename" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = parent.pop(key)
        elif kind == "add" and isinstance(parent[key], dict):
            parent[key][draw(st.text(min_size=1, max_size=8))] = draw(scalars)
        elif kind == "list":
            parent[key] = [draw(scalars)]
    return data


def _check_outcome(text: str) -> None:
    try:
        accepted = loads_rules(text, "fuzz.yaml")
    except RulesError as exc:
        assert exc.problems
        for p in exc.problems:
            assert re.match(r"^fuzz\.yaml(:\d+)?: ", str(p)) and p.message.strip(), str(p)
        return
    assert isinstance(accepted, RuleSet)
    data = yaml.safe_load(text)
    assert _independent_check(data) == []
    run = run_of("low-yield-unknowns").with_field("outcome.symptoms", list(SYMPTOMS))
    diagnose(run, accepted, ANALYSES[run.substrate.smiles])  # an accepted file must run


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_shipped_rules_are_rejected_with_lines_or_sound(data: dict) -> None:
    _check_outcome(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=200), yaml_values.map(lambda v: yaml.safe_dump(v))))
def test_random_yaml_never_crashes_the_loader(text: str) -> None:
    _check_outcome(text)


def test_schema_module_state_is_not_shared_between_loads() -> None:
    a = loads_rules(SHIPPED_TEXT, "a.yaml")
    b = loads_rules(SHIPPED_TEXT, "b.yaml")
    assert a.source == "a.yaml" and b.source == "b.yaml" and a.causes.keys() == b.causes.keys()
    assert rules_mod.FORMAT == "borane-rules/1"
    assert (ROOT / "rules.yaml").resolve() == rules_path().resolve()


@st.composite
def mutated_node(draw) -> object:
    node = yaml.safe_load(yaml.safe_dump(SHIPPED_DATA["nodes"][draw(st.sampled_from(NODE_IDS))]))
    paths = [p for p in _paths(node) if p]
    for _ in range(draw(st.integers(0, 2))):
        path = draw(st.sampled_from(paths))
        parent = node
        try:
            for part in path[:-1]:
                parent = parent[part]
            parent[path[-1]] = draw(
                st.one_of(scalars, st.just([]), st.just({}), st.just({"cause": "x"}))
            )
        except (KeyError, IndexError, TypeError):
            pass
    return node


@settings(max_examples=300, deadline=None)
@given(mutated_node())
def test_fast_node_check_never_accepts_what_the_schema_rejects(node) -> None:
    from jsonschema import Draft202012Validator

    schema = build_schema()
    node_schema = {
        "$schema": schema["$schema"],
        **schema["properties"]["nodes"]["additionalProperties"],
    }
    if rules_mod.node_is_well_formed(node):
        assert Draft202012Validator(node_schema).is_valid(node)
