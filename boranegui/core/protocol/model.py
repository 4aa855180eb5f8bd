"""The protocol's data: steps, amounts, changes, the substrate facts and the revised protocol.

Frozen dataclasses only; the functions that fill them live in ``base``, ``revise``,
``route``, ``steps`` and ``table``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from boranegui.core.amounts import Titer
    from boranegui.core.reagents import Advice
    from boranegui.core.run_record import RunRecord

PHASES = ("Safety pre-check", "Phase 1: reduction", "Phase 2: quench and complex breaking", "Phase 3: isolation")
ROLES = ("substrate", "reductant", "solvent", "quench", "acid", "base", "catalyst", "exchange_amine")
ROLE_WORDS = {role: role.replace("_", " ") for role in ROLES}  # how every view names a role


@dataclass(frozen=True)
class Step:
    """One numbered sentence of the procedure, and the parameters it was written from."""

    phase: str  # one of PHASES
    number: int  # numbered within the whole procedure, as in the note (1..11); 0 for pre-check
    text: str
    parameters: tuple[str, ...] = ()  # parameters this sentence mentions
    changed: tuple[str, ...] = ()  # of those, the ones the revision changed


@dataclass(frozen=True)
class Amount:
    """One row of the amounts table: computed from the scale, never typed in."""

    name: str  # "BH3·THF (1.0 M)"
    role: str  # one of ROLES
    equiv: float | None
    mmol: float | None
    mass_g: float | None = None
    volume_ml: float | None = None
    note: str = ""  # the basis of the figure, with its source or "BoraneGUI's choice"
    minimum: bool = False  # the figure is a floor ("at least this much": a base added to a pH)


@dataclass(frozen=True)
class Change:
    """One parameter the diagnosis (or the substrate) changed, with the cause and action that asked."""

    parameter: str
    before: Any
    after: Any
    cause: str  # cause id ("substrate" for a correction the substrate's groups force)
    action: str  # action id
    source: str
    why: str = ""  # conflict resolution, when another action wanted something else
    cause_title: str = ""  # the cause as a chemist reads it

    @property
    def cause_words(self) -> str:
        return self.cause_title or self.cause.replace("_", " ")


@dataclass(frozen=True)
class NoteValue:
    """A parameter the run record left unknown, filled in from the note (or by BoraneGUI)."""

    parameter: str
    value: Any
    source: str


@dataclass(frozen=True)
class SubstrateFacts:
    """What the protocol needs to know about the lactam and its product (from the analysis)."""

    name: str
    smiles: str
    mw: float
    lactams: int
    acidic_h: int  # acidic N-H/O-H: each takes one B-H and gives H2 on addition
    groups: dict[str, int]
    formula: str = ""
    hydride_budget: float = 0.0  # least equiv BH3 the substrate consumes (core/substrate.py)
    budget_bh: int = 0  # B-H the substrate's groups consume, per mol
    product_basic_n: int = 0  # basic N of the product: each holds one BH3
    acid_labile: tuple[str, ...] = ()  # group ids hot aqueous acid would cleave
    pd_sensitive: tuple[str, ...] = ()  # group ids Pd/C in MeOH would harm
    product_logp: float | None = None  # RDKit Crippen logP of the amine product
    product_mw: float | None = None

    def has(self, group: str) -> bool:
        return self.groups.get(group, 0) > 0


@dataclass(frozen=True)
class Protocol:
    """The base protocol of a run: parameter values (see core/parameters.py) and the substrate."""

    run: RunRecord
    parameters: dict[str, Any]
    substrate: SubstrateFacts | None = None
    from_note: tuple[tuple[str, Any, str], ...] = ()  # (parameter, value, where in the note)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class RevisedProtocol:
    """The procedure for the next attempt: what the CLI prints and the report lays out."""

    title: str
    parameters: dict[str, Any]
    steps: tuple[Step, ...]
    amounts: tuple[Amount, ...]
    changes: tuple[Change, ...] = ()
    warnings: tuple[str, ...] = ()
    safety: tuple[str, ...] = ()  # safety figures in words: H2 on quench, hazards, set-up
    checks: tuple[str, ...] = ()  # causes too weak to change the protocol: what to check instead
    base_parameters: dict[str, Any] = field(default_factory=dict)
    from_note: tuple[NoteValue, ...] = ()
    substrate: SubstrateFacts | None = None
    reagent_advice: tuple[Advice, ...] = ()
    titer: Titer | None = None
    h2_quench_mmol: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """The ``boranegui protocol --json`` shape of ARCHITECTURE.md (each amount also in words,
        ``quantity``, as the protocol page and the PDF print it)."""
        from boranegui.core.protocol.text import quantity_text  # text reads this module

        return {
            "steps": [{"phase": s.phase, "text": s.text} for s in self.steps],
            "amounts": [
                {"name": a.name, "role": a.role, "equiv": a.equiv, "mmol": a.mmol,
                 "mass_g": a.mass_g, "volume_ml": a.volume_ml, "minimum": a.minimum,
                 "quantity": quantity_text(a)}
                for a in self.amounts
            ],
            "changes": [
                {"parameter": c.parameter, "before": c.before, "after": c.after,
                 "cause": c.cause, "action": c.action, "source": c.source}
                for c in self.changes
            ],
            "warnings": [*self.warnings, *self.checks],
            "parameters": dict(self.parameters),
        }
