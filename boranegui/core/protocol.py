"""The note's procedure as parameterised steps, and its revision by a diagnosis.

CONTRACT (shared by the wizard, the report and the CLI; keep the shapes):
``base_protocol(run, substrate=None) -> Protocol`` (the run as performed, the note's
values where the run is silent); ``revise(protocol, diagnosis) -> RevisedProtocol``;
``plan(run, diagnosis) -> RevisedProtocol`` does both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from boranegui.core.diagnosis import Diagnosis
    from boranegui.core.run_record import RunRecord

PHASES = ("Safety pre-check", "Phase 1: reduction", "Phase 2: quench and complex breaking", "Phase 3: isolation")
ROLES = ("substrate", "reductant", "solvent", "quench", "acid", "base")


@dataclass(frozen=True)
class Step:
    phase: str  # one of PHASES
    number: int  # numbered within the whole procedure, as in the note (1..11); 0 for pre-check
    text: str
    parameters: tuple[str, ...] = ()  # parameters this sentence mentions
    changed: tuple[str, ...] = ()  # of those, the ones the revision changed


@dataclass(frozen=True)
class Amount:
    name: str  # "BH3·THF (1.0 M)"
    role: str  # one of ROLES
    equiv: float | None
    mmol: float | None
    mass_g: float | None = None
    volume_ml: float | None = None
    note: str = ""


@dataclass(frozen=True)
class Change:
    parameter: str
    before: Any
    after: Any
    cause: str  # cause id
    action: str  # action id
    source: str
    why: str = ""  # conflict resolution, when another action wanted something else


@dataclass(frozen=True)
class RevisedProtocol:
    title: str
    parameters: dict[str, Any]
    steps: tuple[Step, ...]
    amounts: tuple[Amount, ...]
    changes: tuple[Change, ...] = ()
    warnings: tuple[str, ...] = ()
    safety: tuple[str, ...] = ()  # safety figures in words: H2 on quench, hazards
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The ``boranegui protocol --json`` shape of ARCHITECTURE.md."""
        return {
            "steps": [{"phase": s.phase, "text": s.text} for s in self.steps],
            "amounts": [
                {"name": a.name, "role": a.role, "equiv": a.equiv, "mmol": a.mmol,
                 "mass_g": a.mass_g, "volume_ml": a.volume_ml}
                for a in self.amounts
            ],
            "changes": [
                {"parameter": c.parameter, "before": c.before, "after": c.after,
                 "cause": c.cause, "action": c.action, "source": c.source}
                for c in self.changes
            ],
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class Protocol:
    """The base protocol of a run: parameter values (see core/parameters.py) and the substrate."""

    run: RunRecord
    parameters: dict[str, Any]


def base_protocol(run: RunRecord, substrate: Any = None) -> Protocol:
    raise NotImplementedError("protocol model: being written (issue 4)")


def revise(protocol: Protocol, diagnosis: Diagnosis | None) -> RevisedProtocol:
    """The protocol for the next attempt: the base protocol corrected by the diagnosis."""
    raise NotImplementedError("protocol model: being written (issue 4)")


def plan(run: RunRecord, diagnosis: Diagnosis | None) -> RevisedProtocol:
    """``revise(base_protocol(run), diagnosis)``."""
    return revise(base_protocol(run), diagnosis)
