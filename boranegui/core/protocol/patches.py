"""The diagnosis's patches folded into bounds per parameter, and the parameters they decide.

Patches are applied most likely cause first, and only from causes whose score reaches the
rules' ``change_min_score``; weaker causes become "check this" lines.  Conflicts are
resolved by rank and said in words; unsafe patches are refused.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from boranegui.core.parameters import patch_problems
from boranegui.core.protocol.model import Change
from boranegui.core.protocol.route import ACID_FREE
from boranegui.core.protocol.text import label, value_words

if TYPE_CHECKING:
    from boranegui.core.diagnosis import Diagnosis

def default_change_min_score() -> float:
    """The rules' default threshold (RuleSet.change_min_score); a caller with a lab's rules passes theirs."""
    from boranegui.core.rules import RuleSet  # rules imports the engine: only when no threshold is given

    return float(RuleSet.change_min_score)


@dataclass(frozen=True)
class Origin:
    """Who asked for one patch operation: the cause (and its rank) and the action."""

    rank: int
    cause: str
    action: str
    source: str
    op: str
    value: Any
    title: str = ""  # the cause's title: what a chemist reads instead of its id

    def words(self) -> str:
        return f"“{self.title or self.cause}”"

    def asked(self) -> str:
        """What the action asked, in words: "at least 2", "Pd/C in MeOH"."""
        op = {"at_least": "at least ", "at_most": "at most "}.get(self.op, "")
        return f"{op}{value_words(self.value)}"


@dataclass
class Bounds:
    set: Origin | None = None
    lo: Origin | None = None
    hi: Origin | None = None
    agreed: list[Origin] = field(default_factory=list)
    lost: list[tuple[Origin, Origin]] = field(default_factory=list)  # (loser, winner)


# Patches that would make the procedure unsafe are refused whoever asks (safety wins).
_SAFETY_LIMITS: dict[str, tuple[str, float, str]] = {
    "quench_temp_c": ("at_most", 5.0, "the quench stays at 0 °C and dropwise (the note, step 6)"),
    "scale_g": ("above", 0.0, "a protocol needs some lactam"),
}


def _safety_veto(name: str, op: str, value: Any) -> str | None:
    limit = _SAFETY_LIMITS.get(name)
    if limit is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    kind, bound, why = limit
    if kind == "at_most" and op in ("set", "at_least") and value > bound:
        return why
    if kind == "above" and op in ("set", "at_most") and value <= bound:
        return why
    return None


def _conflict(b: Bounds, op: str, value: Any) -> Origin | None:
    """The earlier constraint that ``op: value`` contradicts, if any."""
    if b.set is not None and op == "set" and b.set.value != value:
        return b.set
    if b.set is not None and op == "at_least" and b.set.value < value:
        return b.set
    if b.set is not None and op == "at_most" and b.set.value > value:
        return b.set
    if b.hi is not None and op in ("set", "at_least") and value > b.hi.value:
        return b.hi
    if b.lo is not None and op in ("set", "at_most") and value < b.lo.value:
        return b.lo
    return None


def strong_causes(diagnosis: Diagnosis | None, threshold: float) -> tuple[list[Any], list[str]]:
    """The causes strong enough to change the protocol, and a "check this" line for each weaker one."""
    strong: list[Any] = []
    checks: list[str] = []
    for cause in diagnosis.causes if diagnosis else ():
        score = getattr(cause, "score", 1.0)
        if score >= threshold:
            strong.append(cause)
        elif any(a.patch for a in cause.actions):
            first = next(a for a in cause.actions if a.patch)
            checks.append(f"Check: {cause.title} (score {score:.2f}, below the {threshold:g} needed to change the "
                          f"protocol). What would help if it is confirmed: {first.text}")
    return strong, checks


def _patch_ops(causes: list[Any]) -> Iterator[tuple[str, Origin, list[tuple[str, str]]]]:
    for rank, cause in enumerate(causes):
        for action in cause.actions:
            patch = action.patch or {}
            problems = patch_problems(dict(patch))
            for name, change in patch.items():
                mine = [p for p in problems if p[0] == name]
                for op, value in (change.items() if isinstance(change, Mapping) else ()):
                    yield name, Origin(rank, cause.id, action.id, action.source or cause.source, op, value,
                                       cause.title), mine
                if not isinstance(change, Mapping):
                    yield name, Origin(rank, cause.id, action.id, action.source, "?", change, cause.title), mine


def collect_bounds(causes: list[Any], warnings: list[str]) -> tuple[dict[str, Bounds], dict[str, Origin]]:
    """Every action's patch folded into bounds per parameter, most likely cause first.

    Also returns the acid-free methods the actions asked for (the substrate picks one
    later).  Malformed, unsafe and outranked patches are not applied; ``warnings`` says why.
    """
    bounds: dict[str, Bounds] = {}
    asked_methods: dict[str, Origin] = {}
    for name, origin, problems in _patch_ops(causes):
        if problems:
            warnings.append(f"A correction for {origin.words()} ignored: {label(name)} "
                            f"({'; '.join(m for _, m in problems)}).")
            continue
        if name == "decomplexation" and origin.value in ACID_FREE:
            # Every acid-free method is one request; the substrate picks the method below.
            asked_methods.setdefault(origin.value, origin)
            origin = replace(origin, value="acid_free")
        veto = _safety_veto(name, origin.op, origin.value)
        if veto:
            warnings.append(f"A correction for {origin.words()} asked {label(name)} {origin.asked()}; "
                            f"refused: {veto}.")
            continue
        b = bounds.setdefault(name, Bounds())
        winner = _conflict(b, origin.op, origin.value)
        if winner is not None:
            b.lost.append((origin, winner))
            if winner.cause == origin.cause and winner.op == origin.op == "set":
                continue  # alternatives offered by one cause (e.g. two acid-free methods): not a conflict
            reason = "it ranks higher" if winner.rank < origin.rank else "it comes first in the same cause"
            warnings.append(
                f"Conflict on {label(name)}: {origin.words()} asked {origin.asked()}, "
                f"but {winner.words()} asked {winner.asked()} and wins because {reason}.")
            continue
        _fold(b, origin)
    return bounds, asked_methods


def _fold(b: Bounds, origin: Origin) -> None:
    if origin.op == "set":
        if b.set is None:
            b.set = origin
        else:
            b.agreed.append(origin)
    elif origin.op == "at_least":
        if b.lo is None or origin.value > b.lo.value:
            if b.lo is not None:
                b.agreed.append(b.lo)
            b.lo = origin
        else:
            b.agreed.append(origin)
    elif origin.op == "at_most":
        if b.hi is None or origin.value < b.hi.value:
            if b.hi is not None:
                b.agreed.append(b.hi)
            b.hi = origin
        else:
            b.agreed.append(origin)


def decide(base: Mapping[str, Any], bounds: Mapping[str, Bounds]) -> tuple[dict[str, Any], list[Change]]:
    """The parameters the bounds give, and a Change (naming who lost and who agreed) for each that moved."""
    params = dict(base)
    changes: list[Change] = []
    for name, b in bounds.items():
        value, decided = base.get(name), None
        if b.set is not None:
            value, decided = b.set.value, b.set
        if b.lo is not None and (value is None or value < b.lo.value):
            value, decided = b.lo.value, b.lo
        if b.hi is not None and value is not None and value > b.hi.value:
            value, decided = b.hi.value, b.hi
        if decided is None or value == base.get(name):
            continue
        notes: list[str] = []
        for loser, winner in b.lost:
            if winner is decided and loser.cause == winner.cause and loser.op == winner.op == "set":
                notes.append(f"the alternative of the same cause ({loser.asked()}) not used")
            elif winner is decided:
                rel = "ranks higher" if winner.rank < loser.rank else "comes first in the same cause"
                notes.append(f"{loser.words()} asked {loser.asked()}; not applied because "
                             f"{winner.words()} {rel}")
        also = [o for o in b.agreed if o.cause != decided.cause]
        if also:
            notes.append("also asked by " + ", ".join(sorted({o.words() for o in also})))
        params[name] = value
        changes.append(Change(name, base.get(name), value, decided.cause, decided.action, decided.source,
                              "; ".join(notes), decided.title))
    return params, changes


def set_param(params: dict[str, Any], changes: list[Change], base: Mapping[str, Any], name: str, value: Any,
              cause: str, action: str, source: str, why: str, title: str = "") -> None:
    """Set one parameter as a correction and keep exactly one Change for it (or none if back to base)."""
    old = next((c for c in changes if c.parameter == name), None)
    if old is not None:
        changes.remove(old)
    params[name] = value
    if value == base.get(name):
        return
    if old is not None:
        why = "; ".join(x for x in (old.why, why) if x)
        cause, action, title = old.cause, old.action, old.cause_title
        source = old.source if source in old.source else f"{old.source}; {source}"
    changes.append(Change(name, base.get(name), value, cause, action, source, why, title))
