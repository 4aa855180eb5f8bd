"""Rules files (``borane-rules/1``): the symptom trees, causes and actions, loaded and checked.

The format in one breath: ``causes`` hold a title, plain-words explanation, sources and
actions (each with text, sources and a patch of protocol parameters, see
:mod:`boranegui.core.parameters`); ``trees`` maps each symptom id to the node its tree
starts at; ``nodes`` are either questions (``ask`` one run-record field, a substrate
feature or a symptom's status, with a branch for every answer including ``unknown``) or
``all`` nodes that visit several sub-trees.  A branch goes on (``next``) or ends at causes
with a weight.  References are ids of the app's bibliography (core/sources.py); a lab's
file may add its own under ``sources``.

The package, one job per module: ``model`` (the immutable RuleSet the engine walks,
``Action`` included), ``expressions`` (``ask`` and condition texts), ``schema`` (the JSON
Schema and its located messages), ``check`` (ids, cycles, reachability) and ``load``.
``boranegui rules check`` prints ``RuleSet.summary()``.
"""

from boranegui.core.rules.expressions import parse_ask, parse_condition
from boranegui.core.rules.load import load_rules, load_rules_or_default, loads_rules
from boranegui.core.rules.model import (
    FORMAT,
    SUBSTRATE_GROUPS,
    SUBSTRATE_NUMBERS,
    Action,
    ActionRule,
    Ask,
    Branch,
    Cause,
    Condition,
    Leaf,
    Node,
    RulesError,
    RuleSet,
    answers_for,
)
from boranegui.core.rules.schema import build_schema, node_is_well_formed, schema_text, write_schema

__all__ = [
    "FORMAT", "SUBSTRATE_GROUPS", "SUBSTRATE_NUMBERS", "Action", "ActionRule", "Ask", "Branch", "Cause",
    "Condition", "Leaf", "Node", "RuleSet", "RulesError", "answers_for", "build_schema", "load_rules",
    "load_rules_or_default", "loads_rules", "node_is_well_formed", "parse_ask", "parse_condition",
    "schema_text", "write_schema",
]
