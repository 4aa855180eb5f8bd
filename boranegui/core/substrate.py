"""What RDKit says about the lactam: formula, MW, lactam sites, competing groups, warnings.

Everything a chemist needs to know about the substrate before a borane reduction,
computed from the structure alone (SMILES or MolBlock).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from rdkit import Chem, rdBase


@dataclass(frozen=True)
class Warning_:
    """A chemistry warning about the substrate, with where it comes from."""

    id: str
    text: str
    source: str
    atoms: tuple[int, ...] = ()


@dataclass(frozen=True)
class SubstrateAnalysis:
    """The substrate as the rules engine and the wizard see it."""

    smiles: str  # canonical
    formula: str
    mw: float
    lactams: tuple[tuple[int, ...], ...]  # atom indices (C, O, N) of each lactam amide
    groups: dict[str, int]  # group id -> count (ids in ARCHITECTURE.md)
    hydride_budget: float  # minimum equiv of BH3 consumed, before any excess
    warnings: tuple[Warning_, ...] = ()
    group_atoms: dict[str, tuple[tuple[int, ...], ...]] = field(default_factory=dict)

    def count(self, group: str) -> int:
        return self.groups.get(group, 0)


@contextmanager
def captured_rdkit_messages() -> Iterator[list[str]]:
    """Collect RDKit's log messages (why a parse failed) instead of printing them."""
    rdBase.LogToPythonLogger()
    logger = logging.getLogger("rdkit")
    messages: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: messages.append(record.getMessage().split("] ", 1)[-1].strip())  # type: ignore[method-assign]
    saved, saved_propagate = logger.handlers[:], logger.propagate
    logger.handlers, logger.propagate = [handler], False
    try:
        yield messages
    finally:
        logger.handlers, logger.propagate = saved, saved_propagate


def looks_like_molblock(text: str) -> bool:
    """A MolBlock has several lines and an ``M  END`` line; SMILES is one line."""
    return "M  END" in text or "\n" in text.strip()


def parse_structure(text: str) -> Chem.Mol:
    """Parse SMILES or a MolBlock (detected by its line structure) into a sanitized Mol.

    Raises ValueError with a chemist-readable reason (RDKit's own message) on failure.
    """
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ValueError("no structure given")
    is_molblock = looks_like_molblock(text)
    with captured_rdkit_messages() as messages:
        mol = Chem.MolFromMolBlock(text) if is_molblock else Chem.MolFromSmiles(text.strip())
    if mol is None:
        kind = "MOL block" if is_molblock else "SMILES"
        reason = "; ".join(m for m in messages if m and not m.startswith("*")) or "RDKit could not read it"
        raise ValueError(f"invalid {kind}: {reason}")
    if mol.GetNumAtoms() == 0:
        raise ValueError("the structure has no atoms")
    return mol


def analyse(text_or_mol: str | Chem.Mol) -> SubstrateAnalysis:
    """Analyse a substrate given as SMILES, MolBlock or an RDKit Mol."""
    raise NotImplementedError("substrate analysis: being written (issue 2)")
