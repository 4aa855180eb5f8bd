"""The diagnosis as data: ranked causes with their evidence, questions, and the JSON of ``diagnose --json``.

Made by the engine (core/diagnosis.py), read by the wizard, the protocol writer, the report and
the command line; nothing here computes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from boranegui.core.masses import Assignment
from boranegui.core.rules.model import Action
from boranegui.core.substrate import Warning_


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
    against: tuple[str, ...] = ()  # evidence against it: symptoms checked and not seen
    note_says: str = ""  # the note's own troubleshooting row, when the cause is one of them


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
    """Causes most likely first, the substrate's warnings, and the questions worth asking next."""

    causes: tuple[RankedCause, ...]
    warnings: tuple[Warning_, ...] = ()
    open_questions: tuple[Question, ...] = ()
    masses: tuple[Assignment, ...] = ()  # one per observed peak, in the record's order
    supports: Mapping[int, tuple[str, ...]] = field(default_factory=dict)  # mass index -> cause ids

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
                    "actions": [
                        {
                            "id": a.id,
                            "text": a.text,
                            "source": a.source,
                            "patch": {k: dict(v) for k, v in a.patch.items()},
                        }
                        for a in c.actions
                    ],
                    "source": c.source,
                    "explanation": c.explanation,
                    "evidence_against": list(c.against),
                    "symptoms": list(c.symptoms),
                    **({"note_says": c.note_says} if c.note_says else {}),
                }
                for c in self.causes
            ],
            "warnings": [{"id": w.id, "text": w.text} for w in self.warnings],
            "masses": [
                {
                    "mz": m.mz,
                    "where": m.where,
                    "species": m.species,
                    "label": m.label,
                    "formula": m.formula,
                    "isotope_partner": m.isotope,
                    "supports": list(self.supports.get(i, ())),
                    "evidence": m.words(),
                }
                for i, m in enumerate(self.masses)
            ],
            "open_questions": [
                {
                    "id": q.id,
                    "text": q.text,
                    "field": q.field,
                    "unit": q.unit,
                    "choices": [{"value": v, "label": label} for v, label in q.choices],
                }
                for q in self.open_questions
            ],
        }
