"""Load and validate rules.yaml: the symptom trees, causes and actions.

CONTRACT: ``load_rules(path=None) -> RuleSet`` (None: the shipped rules); raises
``RulesError`` whose ``problems`` are located ``file:line: message`` entries.
``load_rules_or_default(path) -> (RuleSet, list[Problem])`` for the app: a broken lab
file is reported and the shipped rules stay in use.
"""

from __future__ import annotations

from boranegui.core.yamlio import InputError


class RulesError(InputError):
    """A rules file that cannot be used; ``problems`` says what and where."""
