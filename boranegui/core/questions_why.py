"""Why a question is asked: which causes its answer would move, and how far (Qt-free).

An expert system answers "why do you ask?" with the hypotheses at stake.  The engine ranks
its open questions by how much an answer would move the scores; this module says *which*
causes move, by asking the engine itself what it would conclude under each possible answer
(the record with that answer filled in), so the words can never disagree with the ranking.
Number questions are tried just below and above each threshold the rules test them against.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from boranegui.core.diagnosis import Diagnosis, Question
    from boranegui.core.rules import RuleSet
    from boranegui.core.run_record import RunRecord
    from boranegui.core.substrate import SubstrateAnalysis

MOVE = 0.02  # a change of less than 2 points is not worth naming


@dataclass(frozen=True)
class Move:
    """One cause an answer would move: its score now and its lowest and highest over the answers."""

    cause: str
    title: str
    now: float
    low: float
    high: float

    def words(self) -> str:
        return f"{self.title}: between {self.low:.0%} and {self.high:.0%} (now {self.now:.0%})"


def _values(question: Question, rules: RuleSet | None) -> list[Any]:
    """The answers worth trying: the choices, or numbers either side of each rules threshold."""
    if question.field.startswith("symptom:"):
        return ["seen", "ruled_out"]
    if question.choices:
        return [value for value, _ in question.choices]
    values: list[float] = []
    for node in getattr(rules, "nodes", {}).values():
        test = getattr(node, "test", None)
        if test is None or test.question_field != question.field or not isinstance(test.rhs, int | float):
            continue
        delta = max(abs(float(test.rhs)) * 1e-3, 1e-3)
        values += [float(test.rhs) - delta, float(test.rhs) + delta]
    return sorted(set(values))


def _with_answer(record: RunRecord, field: str, value: Any) -> RunRecord | None:
    """The record as if the chemist had given ``value`` (None when it cannot hold it)."""
    from boranegui.core.yamlio import InputError

    try:
        if field.startswith("symptom:"):
            symptom = field.split(":", 1)[1]
            seen = [s for s in record.outcome.symptoms if s != symptom]
            ruled = [s for s in record.outcome.ruled_out if s != symptom]
            (seen if value == "seen" else ruled).append(symptom)
            return record.with_field("outcome.symptoms", seen).with_field("outcome.ruled_out", ruled)
        return record.with_field(field, value)
    except (InputError, ValueError, TypeError, AttributeError):
        return None


def moves(question: Question, record: RunRecord, diagnosis: Diagnosis, rules: RuleSet,
          analysis: SubstrateAnalysis | None) -> list[Move]:
    """The causes the answer to ``question`` would move, most moved first."""
    from boranegui.core.diagnosis import diagnose

    now = {c.id: c.score for c in diagnosis.causes}
    titles = {c.id: c.title for c in diagnosis.causes}
    scores: dict[str, list[float]] = {cid: [score] for cid, score in now.items()}
    for value in _values(question, rules):
        variant = _with_answer(record, question.field, value)
        if variant is None:
            continue
        try:
            result = diagnose(variant, rules, substrate=analysis)
        except Exception:  # a what-if the engine cannot judge says nothing about the question
            continue
        seen = {c.id: c.score for c in result.causes}
        for c in result.causes:
            titles.setdefault(c.id, c.title)
        for cid in set(scores) | set(seen):
            scores.setdefault(cid, [now.get(cid, 0.0)]).append(seen.get(cid, 0.0))
    out = [Move(cid, titles.get(cid, cid), now.get(cid, 0.0), min(v), max(v))
           for cid, v in scores.items() if max(v) - min(v) >= MOVE]
    return sorted(out, key=lambda m: (-(m.high - m.low), m.title))


def why_text(found: list[Move], limit: int = 4) -> str:
    """The "why" line under a question, in words."""
    if not found:
        return "Why this question: the engine ranks it as informative, though no single cause moves much."
    named = "; ".join(m.words() for m in found[:limit])
    more = f"; and {len(found) - limit} more" if len(found) > limit else ""
    return f"Why this question: depending on the answer, {named}{more}."
