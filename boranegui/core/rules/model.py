"""The rules' model: the validated, immutable objects the engine walks.

Questions (:class:`Ask`), nodes and their branches, causes with their actions and the
conditions on them, and the :class:`RuleSet` that holds them.  Nothing here parses or
checks a file (see ``expressions``, ``check``, ``load``); the diagnosis engine imports
this module and nothing imports the engine back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from boranegui.core.groups import GROUP_IDS
from boranegui.core.run_record import FIELDS
from boranegui.core.yamlio import InputError

FORMAT = "borane-rules/1"

# Substrate features a node may ask about: every group of the one table (core/groups.py).
SUBSTRATE_GROUPS = GROUP_IDS
SUBSTRATE_NUMBERS = {
    "substrate.hydride_budget": "equiv",
    "substrate.mw": "g/mol",
    "substrate.lactams": "",
    # worked out by the engine (core/facts.py), asked like substrate features
    "target.chelating_pairs": "",
    "run.borane_lost_to_water_percent": "%",
    "run.borane_left_equiv": "equiv",
}
# Group counts a node may ask: of the substrate, of the target amine, and (1 or 0) whether the
# chemist found the group reduced (outcome.reduced_groups).
GROUP_PREFIXES = ("substrate.groups.", "target.groups.", "outcome.reduced_groups.")
# Run-record fields a question cannot be about: free text, dates, the symptom lists
# themselves (ask ``symptom:<id>`` instead) and the structure.
_NOT_ASKABLE_KINDS = ("text", "date", "symptoms", "groups", "masses", "follows", "paths")
OPS = (">=", "<=", ">", "<")
SYMPTOM_ANSWERS = ("seen", "ruled_out", "unknown")
YES_NO = ("yes", "no", "unknown")
_ID = r"^[a-z][a-z0-9_]*$"


class RulesError(InputError):
    """A rules file that cannot be used; ``problems`` says what and where."""



@dataclass(frozen=True)
class Action:
    """A corrective action: words for the chemist and a patch of protocol parameters."""

    id: str
    text: str
    source: str
    patch: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # see core/parameters.py

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
    # groups whose reduction this cause is: expected (a warning) unless the target keeps one
    expected_for: tuple[str, ...] = ()


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
    # causes scoring below this do not change the protocol (core/protocol); they become checks
    change_min_score: float = 0.3

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
    # A field every run record must give (scale_g) is never unknown: no branch for it.
    known = test.kind == "field" and FIELDS[test.path].required and not isinstance(test.rhs, str)
    if test.op is not None or FIELDS[test.path].kind == "bool":
        return YES_NO[:2] if known else YES_NO
    return FIELDS[test.path].choices if known else (*FIELDS[test.path].choices, "unknown")


def _fmt(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)

