"""One assessment of a run: substrate analysed, causes ranked, protocol revised, each once.

The command line, the self-test and the headless PDF all read the same :class:`Assessment`;
the wizard's run draft (core/draft.py) computes the same three with the same functions, one
change at a time.  So a printed protocol, its diagnosis and its substrate facts cannot come from three separate
analyses of the structure (issue: ``protocol --pdf`` analysed three times).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from boranegui.core.diagnosis import Diagnosis
    from boranegui.core.protocol import RevisedProtocol
    from boranegui.core.rules import RuleSet
    from boranegui.core.run_record import RunRecord
    from boranegui.core.substrate import SubstrateAnalysis


@dataclass(frozen=True)
class Assessment:
    """What the engine says of one run."""

    run: RunRecord
    substrate: SubstrateAnalysis | None  # None when the structure cannot be read
    diagnosis: Diagnosis
    revised: RevisedProtocol


def revised_protocol(run: RunRecord, substrate: SubstrateAnalysis | None, diagnosis: Diagnosis,
                     rules: RuleSet) -> RevisedProtocol:
    """The protocol for ``run`` revised by ``diagnosis``, with the rules' own change threshold
    (a lab's rules file may set its own)."""
    from boranegui.core.protocol import base_protocol, revise

    return revise(base_protocol(run, substrate), diagnosis, change_min_score=rules.change_min_score)


def assess(run: RunRecord, rules: RuleSet) -> Assessment:
    """Analyse the substrate once, diagnose with ``rules``, revise with the rules' own change threshold."""
    from boranegui.core.diagnosis import diagnose
    from boranegui.core.substrate import analyse

    try:
        substrate: SubstrateAnalysis | None = analyse(run.substrate.structure)
    except ValueError:
        substrate = None
    diagnosis = diagnose(run, rules, substrate)
    return Assessment(run, substrate, diagnosis, revised_protocol(run, substrate, diagnosis, rules))
