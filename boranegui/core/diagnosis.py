"""Walk the symptom trees of the rules over a run: ranked causes, evidence, actions, questions.

CONTRACT (shared by the wizard, the protocol model and the report; keep the shapes):
``diagnose(run, rules, substrate=None) -> Diagnosis``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from boranegui.core.run_record import RunRecord
    from boranegui.core.substrate import SubstrateAnalysis, Warning_


@dataclass(frozen=True)
class Action:
    """A corrective action: words for the chemist and a patch of protocol parameters."""

    id: str
    text: str
    source: str
    patch: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # see core/parameters.py


@dataclass(frozen=True)
class RankedCause:
    """One probable cause, scored, with the evidence that points at it."""

    id: str
    title: str
    explanation: str  # plain words a bench chemist understands
    score: float  # 0..1, higher is more likely; causes are sorted by it
    evidence: tuple[str, ...]  # "you quenched with water only", ...
    actions: tuple[Action, ...]
    source: str
    symptoms: tuple[str, ...] = ()  # the reported symptoms that led here


@dataclass(frozen=True)
class Question:
    """An unknown the engine would like answered, because the answer changes the ranking.

    ``field`` is a run-record path (``"reagent.age_weeks"``) or ``"symptom:<id>"`` for
    "did you see this symptom?" (yes -> outcome.symptoms, no -> outcome.ruled_out).
    """

    id: str
    text: str
    field: str
    choices: tuple[tuple[Any, str], ...] = ()  # (value, label); empty for free numbers
    unit: str = ""


@dataclass(frozen=True)
class Diagnosis:
    causes: tuple[RankedCause, ...]
    warnings: tuple[Warning_, ...] = ()
    open_questions: tuple[Question, ...] = ()

    @property
    def top(self) -> RankedCause | None:
        return self.causes[0] if self.causes else None

    def to_json(self) -> dict[str, Any]:
        """The ``boranegui diagnose --json`` shape of ARCHITECTURE.md."""
        return {
            "causes": [
                {
                    "id": c.id,
                    "title": c.title,
                    "score": round(c.score, 3),
                    "evidence": list(c.evidence),
                    "actions": [{"id": a.id, "text": a.text} for a in c.actions],
                    "source": c.source,
                }
                for c in self.causes
            ],
            "warnings": [{"id": w.id, "text": w.text} for w in self.warnings],
            "open_questions": [{"id": q.id, "text": q.text} for q in self.open_questions],
        }


def diagnose(run: RunRecord, rules: Any, substrate: SubstrateAnalysis | None = None) -> Diagnosis:
    """Rank the causes of what went wrong in ``run`` by the ``rules``."""
    raise NotImplementedError("diagnosis engine: being written (issue 3)")
