"""Walk the symptom trees of the rules over a run: ranked causes, evidence, actions, questions.

CONTRACT (shared by the wizard, the protocol model and the report; keep the shapes):
``diagnose(run, rules, substrate=None) -> Diagnosis``; ``format_text(diagnosis) -> str``.

How a score is made (rules.yaml's header says the same for a lab editing weights):

1. Facts first (core/facts.py): the record, the substrate analysis, the target amine, numbers
   a chemist would work out (water as % of the B-H charged, HCl equiv from a volume), and MS
   peaks assigned to species (core/masses.py), each adding the symptom it stands for.
2. Each reported symptom's tree is walked; every path that ends at a cause is one hit with
   a weight.  A hit's *observation* is the answer at its last question (``workup.quench =
   water``), or the symptom itself when that answer is unknown.  One observation counts once
   for a cause however many trees reach it: per (cause, observation) the highest weight is
   kept, so "little gas on quench" cannot count twice.
3. A cause's support is the noisy-OR of its observations' weights, ``1 - prod(1 - w)``:
   independent observations add up but never pass 1.  No cause has a floor: a path that
   finds the step done right ends at no cause.
4. Evidence against: a symptom checked and not seen walks its tree too and multiplies the
   score by ``1 - ruled_out_factor * w`` for each cause it reaches; an MS peak seen in the
   in-process check, before the work-up step that would make that species, multiplies the
   work-up cause by ``1 - MASS_CLEARS`` (the step did not make it).
5. What the substrate makes inevitable (a cause with ``expected_for: [groups]``, such as
   the C=N that borane reduces whatever the conditions) is a warning, not a failure cause,
   unless the target amine keeps that group or ``outcome.reduced_groups`` names it.
6. Ranking: score, then the strength of the evidence (how many observations were known
   answers rather than unknowns, then the strongest known weight), then the id for a stable
   order; never the order of the rules file.

Unknown answers follow the ``unknown`` branch; the questions behind them are ranked by how
much each possible answer would move the scores, so the wizard asks the most informative
one first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from boranegui.core.diagnosis_model import Diagnosis, Question, RankedCause
from boranegui.core.diagnosis_text import format_text
from boranegui.core.facts import Facts, facts_for
from boranegui.core.masses import DIRECT
from boranegui.core.rules.model import SUBSTRATE_NUMBERS, Action, ActionRule, Ask, Condition, Node, RuleSet
from boranegui.core.run_fields import CHOICE_LABELS
from boranegui.core.run_record import FIELDS, SYMPTOMS
from boranegui.core.substrate import Warning_

if TYPE_CHECKING:
    from boranegui.core.run_record import RunRecord
    from boranegui.core.substrate import SubstrateAnalysis

__all__ = ["Action", "Diagnosis", "Question", "RankedCause", "diagnose", "format_text"]
MASS_CLEARS = 0.8  # BoraneGUI's judgement: a species seen before a step was (almost surely) not made by it


# --------------------------------------------------------------------------- engine

_WHAT_IF_DELTA = 1e-3
_TOP_CHANGE_BONUS = 0.5

SYMPTOM_CHOICES: tuple[tuple[Any, str], ...] = (
    ("seen", "seen"),
    ("ruled_out", FIELDS["outcome.ruled_out"].label),
)


@dataclass
class _Hit:
    cause: str
    weight: float
    evidence: tuple[str, ...]
    actions: tuple[str, ...] | None
    symptom: str
    observation: tuple[str, str]  # (question field, answer); the symptom when the answer is unknown

    @property
    def known(self) -> bool:
        return not self.observation[0].startswith("symptom:") or self.observation[1] != "tree"


@dataclass
class _Unknown:
    """A question met on the way with no answer, and the thresholds it was tested against."""

    node: Node
    test: Ask
    thresholds: list[float] = field(default_factory=list)


def _unit(path: str) -> str:
    if path in SUBSTRATE_NUMBERS:
        return SUBSTRATE_NUMBERS[path]
    spec = FIELDS.get(path)
    return spec.unit if spec is not None else ""


def _show(value: Any, unit: str = "") -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float | int):
        text = f"{value:g}"
        return f"{text} {unit}" if unit else text
    return CHOICE_LABELS.get(str(value), str(value).replace("_", " "))


def _answer(test: Ask, facts: Facts) -> tuple[str, Any, float | None]:
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
    facts: Facts,
    hits: list[_Hit],
    unknowns: dict[str, _Unknown] | None,
    start: tuple[str, ...] = (),
) -> None:
    """Follow one symptom's tree, collecting every path that ends at causes.

    ``start`` is the evidence that the symptom was seen, when a mass says so.  A node met
    again with the same evidence so far would add the same hits again, so it is walked once:
    a diamond of shared 'all' nodes costs its size, not its 2^depth paths.
    """
    stack: list[tuple[str, tuple[str, ...]]] = [(rules.trees[symptom], start)]
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
        seen = (node.test.question_field, key) if key != "unknown" else (f"symptom:{symptom}", "tree")
        for leaf in branch.leaves:
            leaf_said = _say(leaf.says, node.test, value, threshold)
            words = (*here, leaf_said) if leaf_said else here
            hits.append(_Hit(leaf.cause, leaf.weight, words, leaf.actions, symptom, seen))


def _collect(
    rules: RuleSet, facts: Facts, unknowns: dict[str, _Unknown] | None
) -> tuple[list[_Hit], list[_Hit]]:
    support: list[_Hit] = []
    against: list[_Hit] = []
    for symptom in facts.symptoms:
        if symptom in rules.trees:
            said = tuple(m.words() for m in facts.masses if symptom in m.symptoms)
            _walk(rules, symptom, facts, support, unknowns, said)
    for symptom in sorted(facts.ruled_out):
        if symptom in rules.trees:
            _walk(rules, symptom, facts, against, None)
    for m in facts.masses:  # species that point at a cause with no symptom of their own
        if m.species in DIRECT and DIRECT[m.species][0] in rules.causes:
            cid, weight = DIRECT[m.species]
            support.append(_Hit(cid, weight, (m.words(),), None, "", ("mass", m.species)))
    return support, against


def _best(hits: list[_Hit]) -> dict[str, dict[tuple[str, str], _Hit]]:
    """Per cause, the strongest hit of each observation: one observation counts once."""
    out: dict[str, dict[tuple[str, str], _Hit]] = {}
    for hit in hits:
        per = out.setdefault(hit.cause, {})
        if hit.observation not in per or hit.weight > per[hit.observation].weight:
            per[hit.observation] = hit
    return out


def _cleared(facts: Facts) -> dict[str, list[str]]:
    """Causes an in-process check rules out, with the words: the species was there before."""
    out: dict[str, list[str]] = {}
    for m in facts.masses:
        for cid in m.cleared:
            out.setdefault(cid, []).append(f"{m.words()}: it was there before the work-up, so the work-up "
                                           "step did not make it")
    return out


def _scores(rules: RuleSet, facts: Facts, support: list[_Hit], against: list[_Hit]) -> dict[str, float]:
    cleared = _cleared(facts)
    scores: dict[str, float] = {}
    against_best = _best(against)
    for cid, per in _best(support).items():
        keep = 1.0
        for hit in per.values():
            keep *= 1.0 - hit.weight
        score = 1.0 - keep
        for hit in against_best.get(cid, {}).values():
            score *= 1.0 - rules.ruled_out_factor * hit.weight
        if cid in cleared:
            score *= 1.0 - MASS_CLEARS
        scores[cid] = score
    for cid in _expected(rules, facts):
        scores.pop(cid, None)  # a warning, not a cause
    return scores


def _strength(support: list[_Hit]) -> dict[str, tuple[int, float]]:
    """Per cause: known observations behind it, and the strongest known weight."""
    out: dict[str, tuple[int, float]] = {}
    for cid, per in _best(support).items():
        known = [h.weight for h in per.values() if h.known]
        out[cid] = (len(known), max(known, default=0.0))
    return out


def _ranking(rules: RuleSet, scores: Mapping[str, float], strength: Mapping[str, tuple[int, float]]) -> list[str]:
    kept = [c for c, s in scores.items() if s >= rules.min_score]
    return sorted(kept, key=lambda c: (-round(scores[c], 9), -strength.get(c, (0, 0.0))[0],
                                       -strength.get(c, (0, 0.0))[1], c))


def _what_ifs(unknown: _Unknown) -> list[Any]:
    test = unknown.test
    if test.kind == "symptom":
        return [v for v, _ in SYMPTOM_CHOICES]
    if test.op is None:
        spec = FIELDS[test.path]
        return [True, False] if spec.kind == "bool" else list(spec.choices)
    values: list[float] = []
    for t in sorted(set(unknown.thresholds)):
        delta = max(abs(t) * _WHAT_IF_DELTA, _WHAT_IF_DELTA)
        values.extend((t - delta, t + delta))
    return values


def _impact(
    rules: RuleSet,
    facts: Facts,
    base: Mapping[str, float],
    top: str | None,
    field_: str,
    values: list[Any],
) -> float:
    """How far the best-informed answer to ``field_`` would move the ranking."""
    best = 0.0
    for value in values:
        what_if = facts.with_answer(field_, value)
        support, against = _collect(rules, what_if, None)
        scores = _scores(rules, what_if, support, against)
        causes = set(base) | set(scores)
        moved = sum(abs(scores.get(c, 0.0) - base.get(c, 0.0)) for c in causes)
        ranking = _ranking(rules, scores, _strength(support))
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
    spec = FIELDS[test.path]
    text = (
        node.question
        or f"{spec.label[:1].upper()}{spec.label[1:]}{f' ({spec.unit})' if spec.unit else ''}?"
    )
    if spec.kind == "bool":
        return Question(test.path, text, test.path, ((True, "yes"), (False, "no")))
    if spec.kind == "choice":
        labels = CHOICE_LABELS
        return Question(
            test.path,
            text,
            test.path,
            tuple((c, labels.get(c, c.replace("_", " "))) for c in spec.choices),
        )
    return Question(test.path, text, test.path, (), spec.unit)


def _holds(cond: Condition, facts: Facts) -> bool | None:
    key, value, _ = _answer(cond.test, facts)
    if key == "unknown":
        return None
    if cond.value is not None:
        return bool(value == cond.value) != cond.negate
    return key == "yes"


def _applies(rule: ActionRule | None, facts: Facts) -> bool:
    """An action is offered unless a condition says it does not fit this run."""
    if rule is None:
        return True
    if any(_holds(c, facts) is not True for c in rule.only_if):
        return False
    return not any(_holds(c, facts) is True for c in rule.unless)


def _analyse(run: RunRecord) -> SubstrateAnalysis | None:
    """The substrate analysis, or None when the structure cannot be read."""
    from boranegui.core.substrate import analyse

    try:
        return analyse(run.substrate.structure)
    except ValueError:
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
    rules: RuleSet, facts: Facts, substrate: SubstrateAnalysis | None, causes: list[RankedCause]
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
    facts = facts_for(run, substrate)
    unknowns: dict[str, _Unknown] = {}
    support, against = _collect(rules, facts, unknowns)
    scores = _scores(rules, facts, support, against)
    strength = _strength(support)
    ranking = _ranking(rules, scores, strength)
    cleared = _cleared(facts)

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
        symptoms = tuple(dict.fromkeys(h.symptom for h in hits if h.symptom))
        against_words = tuple(
            dict.fromkeys(
                [f"you checked for {SYMPTOMS[h.symptom][0].lower()} and did not see it"
                 for h in against if h.cause == cid] + cleared.get(cid, [])
            )
        )
        causes.append(RankedCause(cid, rule.title, rule.explanation, scores[cid], evidence, actions, rule.source,
                                  symptoms, against_words, rule.note_says))

    top = ranking[0] if ranking else None
    questions: list[tuple[float, int, Question]] = []
    for order, (field_, unknown) in enumerate(unknowns.items()):
        impact = _impact(rules, facts, scores, top, field_, _what_ifs(unknown))
        if impact > 1e-9:
            questions.append((impact, order, _question(unknown)))
    questions.sort(key=lambda q: (-round(q[0], 9), q[1]))

    expected = _expected_warnings(rules, facts, support)
    warnings = expected + _relevant_warnings(rules, facts, substrate, causes)
    supports = {i: tuple(c.id for c in causes if c.id not in m.cleared and (
                    set(c.symptoms) & set(m.symptoms) or DIRECT.get(m.species, ("",))[0] == c.id))
                for i, m in enumerate(facts.masses)}
    return Diagnosis(tuple(causes), warnings, tuple(q for _, _, q in questions), facts.masses, supports)


def _expected(rules: RuleSet, facts: Facts) -> set[str]:
    """Causes that are the substrate's inevitable chemistry for this target, not failures.

    A cause with ``expected_for: [groups]`` is expected unless the target amine still
    carries one of those groups (the chemist wanted it to survive) or the record lists one
    under ``outcome.reduced_groups``; unknown target: the default product, which has them reduced.
    """
    target = facts.target.get("groups") or {}
    named = set(facts.run.outcome.reduced_groups)
    return {cid for cid, c in rules.causes.items()
            if c.expected_for and not any(target.get(g, 0) for g in c.expected_for)
            and not named & set(c.expected_for)}


def _expected_warnings(rules: RuleSet, facts: Facts, support: list[_Hit]) -> tuple[Warning_, ...]:
    """A warning for each expected cause the symptoms reached: what happened, and why it is no fault."""
    reached = {h.cause for h in support} & _expected(rules, facts)
    return tuple(
        Warning_(cid, f"{rules.causes[cid].title}: expected for this substrate and target, not a failure of the run. "
                      f"{rules.causes[cid].explanation}", rules.causes[cid].source)
        for cid in sorted(reached)
    )
