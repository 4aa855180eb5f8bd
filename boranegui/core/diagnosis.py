"""Walk the symptom trees of the rules over a run: ranked causes, evidence, actions, questions.

CONTRACT (shared by the wizard, the protocol model and the report; keep the shapes):
``diagnose(run, rules, substrate=None) -> Diagnosis``; ``format_text(diagnosis) -> str``.

How a score is made: every path through a reported symptom's tree that ends at a cause
is one piece of evidence with a weight; a cause's support is the noisy-OR of its
weights (``1 - prod(1 - w)``: independent hints add up but never pass 1).  A symptom
the chemist checked and did not see is walked the same way and counts against the
causes it would have supported: the score is multiplied by ``1 - f * w`` for each
(``f`` is the rules' ``ruled_out_factor``).  Unknown answers follow the ``unknown``
branch; the questions behind them are ranked by how much each possible answer would
move the scores, so the wizard asks the most informative one first.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from boranegui.core.run_record import FIELDS, REAGENT_KINDS, SYMPTOMS

if TYPE_CHECKING:
    from boranegui.core.rules import ActionRule, Ask, Condition, Node, RuleSet
    from boranegui.core.run_record import FieldSpec, RunRecord
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


# --------------------------------------------------------------------------- engine

_WHAT_IF_DELTA = 1e-3
_TOP_CHANGE_BONUS = 0.5

CHOICE_LABELS: dict[str, str] = {
    "fridge": "fridge (0-5 °C)",
    "room_temp": "room temperature",
    "methanol": "methanol",
    "water": "water only",
    "none": "none",
    "acid": "HCl (acid hydrolysis)",
    "pd_methanol": "Pd/C in methanol",
    "amine_exchange": "amine exchange",
}
SYMPTOM_CHOICES: tuple[tuple[Any, str], ...] = (
    ("seen", "seen"),
    ("ruled_out", "checked, not seen"),
)


@dataclass
class _Facts:
    """What the engine knows: the run, the substrate analysis, and what-if answers."""

    run: RunRecord
    substrate: SubstrateAnalysis | None
    symptoms: tuple[str, ...]
    ruled_out: frozenset[str]
    overrides: Mapping[str, Any] = field(default_factory=dict)

    def value(self, path: str) -> Any:
        if path in self.overrides:
            return self.overrides[path]
        if path.startswith("substrate.") and path not in ("substrate.water_percent",):
            sub = self.substrate
            if sub is None:
                return None
            if path.startswith("substrate.groups."):
                return sub.count(path.split(".", 2)[2])
            if path == "substrate.lactams":
                return len(sub.lactams)
            return getattr(sub, path.split(".", 1)[1])
        return self.run.get(path)

    def status(self, symptom: str) -> str:
        if symptom in self.symptoms:
            return "seen"
        return "ruled_out" if symptom in self.ruled_out else "unknown"


@dataclass
class _Hit:
    cause: str
    weight: float
    evidence: tuple[str, ...]
    actions: tuple[str, ...] | None
    symptom: str
    where: tuple[str, str, int] = ("", "", 0)  # node, answer, leaf: the same path counts once


@dataclass
class _Unknown:
    """A question met on the way with no answer, and the thresholds it was tested against."""

    node: Node
    test: Ask
    thresholds: list[float] = field(default_factory=list)


def _unit(path: str) -> str:
    from boranegui.core.rules import SUBSTRATE_NUMBERS

    if path in SUBSTRATE_NUMBERS:
        return SUBSTRATE_NUMBERS[path]
    spec = _fields().get(path)
    return spec.unit if spec is not None else ""


def _fields() -> Mapping[str, FieldSpec]:
    return FIELDS


def _show(value: Any, unit: str = "") -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float | int):
        text = f"{value:g}"
        return f"{text} {unit}" if unit else text
    return CHOICE_LABELS.get(str(value), str(value).replace("_", " "))


def _answer(test: Ask, facts: _Facts) -> tuple[str, Any, float | None]:
    """The branch to take, the value seen, and the threshold it was compared with."""
    if test.kind == "symptom":
        override = facts.overrides.get(test.question_field)
        return (override or facts.status(test.path)), None, None
    value = facts.value(test.path)
    if test.op is None:
        if value is None:
            return "unknown", None, None
        if isinstance(value, bool):
            return ("yes" if value else "no"), value, None
        return str(value), value, None
    rhs = test.rhs if isinstance(test.rhs, float) else facts.value(str(test.rhs))
    if value is None or rhs is None:
        return "unknown", value, rhs
    holds = {">=": value >= rhs, "<=": value <= rhs, ">": value > rhs, "<": value < rhs}[test.op]
    return ("yes" if holds else "no"), value, float(rhs)


def _say(template: str, test: Ask, value: Any, threshold: float | None) -> str:
    """Evidence words: ``{value}`` and ``{threshold}`` filled in, any other brace kept as
    written (plain replacement, not str.format, so a lab's template cannot misfire)."""
    if "{" not in template:
        return template
    unit = _unit(test.path)
    shown = _show(value, unit) if value is not None else "unknown"
    return template.replace("{value}", shown).replace(
        "{threshold}", _show(threshold, unit) if threshold is not None else ""
    )


def _walk(
    rules: RuleSet,
    symptom: str,
    facts: _Facts,
    hits: list[_Hit],
    unknowns: dict[str, _Unknown] | None,
) -> None:
    """Follow one symptom's tree, collecting every path that ends at causes.

    A node met again with the same evidence so far would add the same hits again, so it is
    walked once: a diamond of shared 'all' nodes costs its size, not its 2^depth paths.
    """
    stack: list[tuple[str, tuple[str, ...]]] = [(rules.trees[symptom], ())]
    walked: set[tuple[str, tuple[str, ...]]] = set()
    while stack:
        nid, trail = stack.pop()
        if (nid, trail) in walked:
            continue
        walked.add((nid, trail))
        node = rules.nodes[nid]
        if node.test is None:
            stack.extend((child, trail) for child in reversed(node.children))
            continue
        key, value, threshold = _answer(node.test, facts)
        if key == "unknown" and unknowns is not None and node.test.kind != "substrate":
            entry = unknowns.setdefault(node.test.question_field, _Unknown(node, node.test))
            if threshold is not None:
                entry.thresholds.append(threshold)
            elif isinstance(node.test.rhs, float):
                entry.thresholds.append(node.test.rhs)
        branch = node.branches[key]
        said = _say(branch.says, node.test, value, threshold)
        here = (*trail, said) if said else trail
        if branch.next is not None:
            stack.append((branch.next, here))
            continue
        for i, leaf in enumerate(branch.leaves):
            leaf_said = _say(leaf.says, node.test, value, threshold)
            hits.append(
                _Hit(
                    leaf.cause,
                    leaf.weight,
                    (*here, leaf_said) if leaf_said else here,
                    leaf.actions,
                    symptom,
                    (node.id, key, i),
                )
            )


def _collect(
    rules: RuleSet, facts: _Facts, unknowns: dict[str, _Unknown] | None
) -> tuple[list[_Hit], list[_Hit]]:
    support: list[_Hit] = []
    against: list[_Hit] = []
    for symptom in facts.symptoms:
        if symptom in rules.trees:
            _walk(rules, symptom, facts, support, unknowns)
    for symptom in sorted(facts.ruled_out):
        if symptom in rules.trees:
            _walk(rules, symptom, facts, against, None)
    return support, against


def _once(hits: list[_Hit]) -> list[_Hit]:
    """Each path counts once, even when two symptoms' trees share it."""
    seen: set[tuple[str, str, int]] = set()
    out = []
    for hit in hits:
        if hit.where not in seen:
            seen.add(hit.where)
            out.append(hit)
    return out


def _scores(rules: RuleSet, support: list[_Hit], against: list[_Hit]) -> dict[str, float]:
    keep: dict[str, float] = {}
    miss: dict[str, float] = {}
    for hit in _once(support):
        keep[hit.cause] = keep.get(hit.cause, 1.0) * (1.0 - hit.weight)
    for hit in _once(against):
        if hit.cause in keep:
            miss[hit.cause] = miss.get(hit.cause, 1.0) * (1.0 - rules.ruled_out_factor * hit.weight)
    return {c: (1.0 - k) * miss.get(c, 1.0) for c, k in keep.items()}


def _ranking(rules: RuleSet, scores: Mapping[str, float]) -> list[str]:
    kept = [c for c, s in scores.items() if s >= rules.min_score]
    return sorted(kept, key=lambda c: (-round(scores[c], 9), rules.cause_order(c), c))


def _what_ifs(unknown: _Unknown) -> list[Any]:
    test = unknown.test
    if test.kind == "symptom":
        return [v for v, _ in SYMPTOM_CHOICES]
    if test.op is None:
        spec = _fields()[test.path]
        return [True, False] if spec.kind == "bool" else list(spec.choices)
    values: list[float] = []
    for t in sorted(set(unknown.thresholds)):
        delta = max(abs(t) * _WHAT_IF_DELTA, _WHAT_IF_DELTA)
        values.extend((t - delta, t + delta))
    return values


def _facts_with(facts: _Facts, field_: str, value: Any) -> _Facts:
    if field_.startswith("symptom:"):
        sid = field_.split(":", 1)[1]
        symptoms = tuple(s for s in facts.symptoms if s != sid)
        ruled = set(facts.ruled_out) - {sid}
        if value == "seen":
            symptoms = (*symptoms, sid)
        else:
            ruled.add(sid)
        return _Facts(facts.run, facts.substrate, symptoms, frozenset(ruled), facts.overrides)
    return _Facts(
        facts.run,
        facts.substrate,
        facts.symptoms,
        facts.ruled_out,
        {**facts.overrides, field_: value},
    )


def _impact(
    rules: RuleSet,
    facts: _Facts,
    base: Mapping[str, float],
    top: str | None,
    field_: str,
    values: list[Any],
) -> float:
    """How far the best-informed answer to ``field_`` would move the ranking."""
    best = 0.0
    for value in values:
        scores = _scores(rules, *_collect(rules, _facts_with(facts, field_, value), None))
        causes = set(base) | set(scores)
        moved = sum(abs(scores.get(c, 0.0) - base.get(c, 0.0)) for c in causes)
        ranking = _ranking(rules, scores)
        if (ranking[0] if ranking else None) != top:
            moved += _TOP_CHANGE_BONUS
        best = max(best, moved)
    return best


def _question(unknown: _Unknown) -> Question:
    test, node = unknown.test, unknown.node
    if test.kind == "symptom":
        label, description = SYMPTOMS[test.path]
        text = node.question or f"Did you see this: {label.lower()}? {description}"
        return Question(test.question_field, text, test.question_field, SYMPTOM_CHOICES)
    spec = _fields()[test.path]
    text = (
        node.question
        or f"{spec.label[:1].upper()}{spec.label[1:]}{f' ({spec.unit})' if spec.unit else ''}?"
    )
    if spec.kind == "bool":
        return Question(test.path, text, test.path, ((True, "yes"), (False, "no")))
    if spec.kind == "choice":
        labels = REAGENT_KINDS if test.path == "reagent.kind" else CHOICE_LABELS
        return Question(
            test.path,
            text,
            test.path,
            tuple((c, labels.get(c, c.replace("_", " "))) for c in spec.choices),
        )
    return Question(test.path, text, test.path, (), spec.unit)


def _holds(cond: Condition, facts: _Facts) -> bool | None:
    key, value, _ = _answer(cond.test, facts)
    if key == "unknown":
        return None
    if cond.value is not None:
        return bool(value == cond.value) != cond.negate
    return key == "yes"


def _applies(rule: ActionRule | None, facts: _Facts) -> bool:
    """An action is offered unless a condition says it does not fit this run."""
    if rule is None:
        return True
    if any(_holds(c, facts) is not True for c in rule.only_if):
        return False
    return not any(_holds(c, facts) is True for c in rule.unless)


def _analyse(run: RunRecord) -> SubstrateAnalysis | None:
    """The substrate analysis, when the substrate module can give one."""
    try:
        from boranegui.core.substrate import analyse

        return analyse(run.substrate.structure)
    except (NotImplementedError, ValueError, ImportError):
        return None


def _warning_groups(warning: Warning_, substrate: SubstrateAnalysis) -> set[str]:
    """The substrate groups a warning is about: by its id, or by the atoms it marks."""
    atoms = set(warning.atoms)
    groups = {g for g in substrate.groups if g == warning.id or warning.id.startswith(g)}
    for g, hits in substrate.group_atoms.items():
        if atoms and any(atoms & set(hit) for hit in hits):
            groups.add(g)
    return groups


def _relevant_warnings(
    rules: RuleSet, facts: _Facts, substrate: SubstrateAnalysis | None, causes: list[RankedCause]
) -> tuple[Warning_, ...]:
    """The substrate's warnings that matter for this run, those behind a cause first.

    A warning matters when it is about a group of a reported cause, or when the rules'
    ``warnings`` conditions for its group hold for this run (Boc with an HCl work-up,
    a nitro group with in-situ borane, ...); a warning about no group always matters.
    """
    if substrate is None:
        return ()
    behind = {g for c in causes for g in rules.causes[c.id].groups}
    live = {g for g, conds in rules.warn_when.items() if any(_holds(c, facts) for c in conds)}
    ranked = []
    for i, w in enumerate(substrate.warnings):
        groups = _warning_groups(w, substrate)
        if groups & behind:
            ranked.append((0, i, w))
        elif not groups or groups & live:
            ranked.append((1, i, w))
    return tuple(w for _, _, w in sorted(ranked, key=lambda t: (t[0], t[1])))


def diagnose(
    run: RunRecord, rules: RuleSet | None = None, substrate: SubstrateAnalysis | None = None
) -> Diagnosis:
    """Rank the causes of what went wrong in ``run`` by the ``rules`` (None: shipped).

    ``substrate`` is the analysis of the run's substrate; when None it is computed
    from the run.  A run with no reported symptom has nothing to explain: no causes.
    """
    if rules is None:
        from boranegui.core.rules import load_rules

        rules = load_rules(None)
    if substrate is None:
        substrate = _analyse(run)
    facts = _Facts(run, substrate, tuple(run.outcome.symptoms), frozenset(run.outcome.ruled_out))
    unknowns: dict[str, _Unknown] = {}
    support, against = _collect(rules, facts, unknowns)
    scores = _scores(rules, support, against)
    ranking = _ranking(rules, scores)

    causes: list[RankedCause] = []
    for cid in ranking:
        rule = rules.causes[cid]
        hits = sorted((h for h in support if h.cause == cid), key=lambda h: -h.weight)
        evidence = tuple(dict.fromkeys(e for h in hits for e in h.evidence if e))
        wanted: set[str] | None = set()
        for h in hits:
            if h.actions is None:
                wanted = None
                break
            wanted.update(h.actions)  # type: ignore[union-attr]
        actions = tuple(
            a
            for a in rule.actions
            if (wanted is None or a.id in wanted) and _applies(rule.conditions.get(a.id), facts)
        )
        symptoms = tuple(dict.fromkeys(h.symptom for h in hits))
        against_words = tuple(
            dict.fromkeys(
                f"you checked for {SYMPTOMS[h.symptom][0].lower()} and did not see it"
                for h in against
                if h.cause == cid
            )
        )
        causes.append(
            RankedCause(
                cid,
                rule.title,
                rule.explanation,
                scores[cid],
                evidence,
                actions,
                rule.source,
                symptoms,
                against_words,
                rule.note_says,
            )
        )

    top = ranking[0] if ranking else None
    questions: list[tuple[float, int, Question]] = []
    for order, (field_, unknown) in enumerate(unknowns.items()):
        impact = _impact(rules, facts, scores, top, field_, _what_ifs(unknown))
        if impact > 1e-9:
            questions.append((impact, order, _question(unknown)))
    questions.sort(key=lambda q: (-round(q[0], 9), q[1]))

    warnings = _relevant_warnings(rules, facts, substrate, causes)
    return Diagnosis(tuple(causes), warnings, tuple(q for _, _, q in questions))


def _wrap(text: str, indent: str, first: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        96,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def format_text(diagnosis: Diagnosis) -> str:
    """The diagnosis as a chemist reads it in a terminal: causes, why, what to do."""
    out: list[str] = []
    if diagnosis.warnings:
        out.append("Substrate warnings:")
        for w in diagnosis.warnings:
            out.extend(_wrap(f"{w.text} [{w.source}]", "    ", "  ! "))
        out.append("")
    if not diagnosis.causes:
        out.append(
            "No cause to report: no symptom was reported, or none of the rules "
            "explains the symptoms given."
        )
    else:
        out.append("Most likely causes, most likely first:")
    for i, c in enumerate(diagnosis.causes, 1):
        out.append("")
        out.append(f"{i}. {c.title}  [{c.id}, score {c.score:.2f}]")
        out.extend(_wrap(c.explanation, "   "))
        if c.note_says:
            out.extend(_wrap(f"The note's table: {c.note_says}", "   "))
        if c.evidence:
            out.append("   Why:")
            for e in c.evidence:
                out.extend(_wrap(e, "       ", "     - "))
        if c.against:
            out.append("   Against:")
            for e in c.against:
                out.extend(_wrap(e, "       ", "     - "))
        if c.actions:
            out.append("   What to do:")
            for a in c.actions:
                out.extend(_wrap(a.text, "       ", "     * "))
                out.extend(_wrap(f"(source: {a.source})", "       "))
        out.extend(_wrap(f"Source: {c.source}", "     ", "   "))
    if diagnosis.open_questions:
        out.append("")
        out.append("Open questions (answering them would sharpen the ranking):")
        for q in diagnosis.open_questions:
            hint = (
                f" [{q.unit}]"
                if q.unit
                else (f" [{' / '.join(label for _, label in q.choices)}]" if q.choices else "")
            )
            out.extend(_wrap(f"{q.text}{hint}", "    ", "  ? "))
    return "\n".join(out)
