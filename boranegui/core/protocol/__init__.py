"""The note's procedure as parameterised steps, and its revision by a diagnosis and the substrate.

CONTRACT (shared by the wizard, the report and the CLI; keep the shapes):
``base_protocol(run, substrate=None) -> Protocol`` (the run as performed, the note's
values where the run is silent); ``revise(protocol, diagnosis) -> RevisedProtocol``;
``plan(run, diagnosis) -> RevisedProtocol`` does both; ``format_text(revised)``.

Modules: ``model`` (the data), ``base`` (the run as performed), ``route`` (what the
substrate's groups allow), ``patches`` (the rules' patches folded into parameters),
``revise`` (the revision), ``table`` (amounts and safety figures), ``steps`` (the
sentences), ``text`` (plain-text output).
"""

from __future__ import annotations

from boranegui.core.protocol.base import NOTE_VALUES, base_protocol, substrate_facts
from boranegui.core.protocol.model import (
    PHASES,
    ROLES,
    Amount,
    Change,
    NoteValue,
    Protocol,
    RevisedProtocol,
    Step,
    SubstrateFacts,
)
from boranegui.core.protocol.revise import plan, revise
from boranegui.core.protocol.text import format_text

__all__ = [
    "NOTE_VALUES", "PHASES", "ROLES", "Amount", "Change", "NoteValue", "Protocol", "RevisedProtocol", "Step",
    "SubstrateFacts", "base_protocol", "format_text", "plan", "revise", "substrate_facts",
]
