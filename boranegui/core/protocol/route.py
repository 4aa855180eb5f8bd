"""Which work-up the substrate allows: the complex-breaking route, and how to isolate the amine.

Read from the group table (core/groups.py): acid-labile groups never meet strong aqueous
acid, Pd-sensitive groups never meet Pd/C in methanol; where both apply, amine exchange.
The product's computed properties (RDKit Crippen logP, basic N, MW) decide whether the
amine can be extracted as usual or needs salting out / isolation as its HCl salt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from boranegui.core.groups import BY_ID
from boranegui.core.sources import cite

if TYPE_CHECKING:
    from boranegui.core.protocol.model import SubstrateFacts
    from boranegui.core.substrate import SubstrateAnalysis

METHODS = ("acid", "pd_methanol", "amine_exchange")
ACID_FREE = ("acid_free", "pd_methanol", "amine_exchange")
METHOD_WORDS = {
    "acid": "HCl hydrolysis (the note, steps 7-8)",
    "pd_methanol": "Pd/C-catalysed methanolysis",
    "amine_exchange": "amine exchange with an excess of piperazine",
}

# A product that stays in water: Crippen logP below 1, or two basic N on a small molecule.
# BoraneGUI's judgement: the thresholds are ours; logP is RDKit's Wildman-Crippen estimate.
POLAR_LOGP = 1.0
POLAR_DIAMINE_MW = 250.0


@dataclass(frozen=True)
class Route:
    """The complex-breaking method the substrate allows, and why."""

    method: str
    why: str  # empty when the asked method is allowed as it is
    source: str


def _labels(ids: tuple[str, ...]) -> str:
    return ", ".join(BY_ID[i].label for i in ids)


def _sources(ids: tuple[str, ...]) -> str:
    return cite(tuple(dict.fromkeys(s for i in ids for s in BY_ID[i].sources)))


def allowed(facts: SubstrateFacts | None) -> tuple[str, ...]:
    """The complex-breaking methods that spare every group of the substrate."""
    if facts is None:
        return METHODS
    out = []
    if not facts.acid_labile:
        out.append("acid")
    if not facts.pd_sensitive:
        out.append("pd_methanol")
    out.append("amine_exchange")
    return tuple(out)


def choose(asked: str | None, facts: SubstrateFacts | None) -> Route:
    """The method to write: ``asked`` when the substrate allows it, else the first that does.

    ``asked`` may be ``acid_free`` (any method without acid: Pd/C first, as it is the sourced
    one), or None (the note's acid step).
    """
    ok = allowed(facts)
    wanted = asked or "acid"
    if wanted in ok:
        return Route(wanted, "", "")
    if wanted == "acid_free":
        method = "pd_methanol" if "pd_methanol" in ok else "amine_exchange"
        reasons = [] if method == "pd_methanol" or facts is None else [_pd_reason(facts)]
        return Route(method, "; ".join(reasons), cite(("couturier_2001",)))
    assert facts is not None  # every method is allowed without a substrate
    reasons = []
    if "acid" not in ok:
        reasons.append(f"strong aqueous acid would cleave the {_labels(facts.acid_labile)}")
    if "pd_methanol" not in ok:
        reasons.append(_pd_reason(facts))
    method = next(m for m in ("pd_methanol", "acid", "amine_exchange") if m in ok and m != wanted)
    harmed = facts.acid_labile + facts.pd_sensitive
    return Route(method, "; ".join(dict.fromkeys(r for r in reasons if r)),
                 _sources(harmed) if harmed else "")


def _pd_reason(facts: SubstrateFacts) -> str:
    if not facts.pd_sensitive:
        return ""
    harm = "; ".join(f"{BY_ID[i].label} {BY_ID[i].pd_harm}" for i in facts.pd_sensitive)
    return f"Pd/C in MeOH makes H2 on the catalyst ({harm})"


def polar_product_reason(facts: SubstrateFacts) -> str | None:
    """Why the amine product will stay in water, or None when plain extraction suits it."""
    logp = facts.product_logp
    if logp is not None and logp < POLAR_LOGP:
        return f"the amine product is polar (Crippen logP {logp:.1f}, below {POLAR_LOGP:g})"
    if facts.product_basic_n >= 2 and facts.product_mw is not None and facts.product_mw < POLAR_DIAMINE_MW:
        return (f"the product is a small diamine ({facts.product_basic_n} basic N, MW {facts.product_mw:.0f}, "
                f"below {POLAR_DIAMINE_MW:g})")
    return None


def product_properties(analysis: SubstrateAnalysis) -> tuple[float | None, float | None]:
    """(Crippen logP, MW) of the amine the reduction gives, from the substrate analysis."""
    from rdkit import Chem
    from rdkit.Chem import rdMolDescriptors

    from boranegui.core.substrate import PATTERNS, reduced_product

    mol = Chem.MolFromSmiles(analysis.smiles)
    if mol is None:
        return None, None
    atoms = {g: tuple(mol.GetSubstructMatches(PATTERNS[g])) for g in ("lactam", "acyclic_amide", "imine", "nitrile")}
    product = reduced_product(mol, atoms)
    if product is None:
        return None, None
    # CalcCrippenDescriptors is Crippen.MolLogP's engine (Wildman & Crippen 1999); _CalcMolWt is MolWt's.
    logp, _mr = rdMolDescriptors.CalcCrippenDescriptors(product)
    return float(logp), float(rdMolDescriptors._CalcMolWt(product))
