"""What RDKit says about the lactam: formula, MW, lactam sites, competing groups, warnings.

Everything a chemist needs to know about the substrate before a borane reduction,
computed from the structure alone (SMILES or MolBlock).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdkit import Chem, rdBase
from rdkit.Chem import rdMolDescriptors

from boranegui.core.groups import (
    ACID_LABILE,
    BH_PER_GROUP,
    BY_ID,
    GROUP_IDS,
    GROUPS,
    HALOGENS_PD,
    LABELS,
    PD_SENSITIVE,
    present,
)
from boranegui.core.limits import structure_problem
from boranegui.core.sources import cite


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
    # The budget's two terms: B-H demanded by the groups, and basic N of the product (one BH3 each).
    budget_bh: int = 0
    budget_basic_n: int = 0
    # Groups the work-up must spare (core/groups.py): hot aqueous acid, and Pd/C in methanol.
    acid_labile: tuple[str, ...] = ()
    pd_sensitive: tuple[str, ...] = ()

    def count(self, group: str) -> int:
        return self.groups.get(group, 0)

    def to_json(self) -> dict[str, Any]:
        """The ``boranegui substrate --json`` shape (ARCHITECTURE.md), plus atoms for highlighting."""
        return {
            "smiles": self.smiles,
            "formula": self.formula,
            "mw": round(self.mw, 2),
            "lactams": [list(t) for t in self.lactams],
            "groups": dict(self.groups),
            "hydride_budget": round(self.hydride_budget, 2),
            "hydride_budget_terms": {"b_h": self.budget_bh, "product_basic_n": self.budget_basic_n},
            "acid_labile": list(self.acid_labile),
            "pd_sensitive": list(self.pd_sensitive),
            "warnings": [{"id": w.id, "text": w.text, "source": w.source, "atoms": list(w.atoms)}
                         for w in self.warnings],
        }


class _Collector(logging.Handler):
    """Keeps each RDKit log line, without RDKit's timestamp prefix."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__()
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().split("] ", 1)[-1].strip())


@contextmanager
def captured_rdkit_messages() -> Iterator[list[str]]:
    """Collect RDKit's log messages (why a parse failed) instead of printing them."""
    rdBase.LogToPythonLogger()
    logger = logging.getLogger("rdkit")
    messages: list[str] = []
    handler = _Collector(messages)
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
    too_big = structure_problem(text)  # before RDKit: it allocates what a block announces
    if too_big:
        raise ValueError(too_big)
    is_molblock = looks_like_molblock(text)
    with captured_rdkit_messages() as messages:
        mol = Chem.MolFromMolBlock(text) if is_molblock else Chem.MolFromSmiles(text.strip())
    if mol is None:
        kind = "MOL block" if is_molblock else "SMILES"
        raise ValueError(f"invalid {kind}: {_parse_reason(messages, text.strip())}")
    if mol.GetNumAtoms() == 0:
        raise ValueError("the structure has no atoms")
    return mol


_PARSE_PREFIX = "SMILES Parse Error:"
_INVARIANT_NOISE = ("Post-condition Violation", "Pre-condition Violation", "Invariant Violation",
                    "Violation occurred on line", "Failed Expression")
_POSITION = re.compile(r"^check for mistakes around position (\d+):?$")
_ECHO = re.compile(r"\s*(?:while parsing|for input):.*$")


def _parse_reason(messages: list[str], text: str) -> str:
    """RDKit's parse messages as one line a chemist can read.

    RDKit spreads one SMILES error over five log lines (the error, "check around position N",
    the input echoed, a caret, "Failed parsing SMILES ... for input ..."); the echo and caret
    make no sense once joined on one line, so keep the error and the position.
    """
    reasons: list[str] = []
    for raw in messages:
        message = raw.removeprefix(_PARSE_PREFIX).strip()
        if message.startswith(("Stacktrace", "----")):
            break  # an RDKit invariant's C++ stack and build paths follow: no use to a chemist
        if message.startswith(_INVARIANT_NOISE):
            continue
        if (not message or message.startswith(("*", "Failed parsing SMILES")) or message == text
                or set(message) <= {"~", "^"}):
            continue
        position = _POSITION.match(message)
        if position and reasons:
            reasons[-1] += f" at position {position.group(1)}"
            continue
        message = _ECHO.sub("", message) if raw.startswith(_PARSE_PREFIX) else message
        if message not in reasons:
            reasons.append(message)
    return "; ".join(reasons) or "RDKit could not read it"


def _rdkit_fragment(name: str, fallback: str) -> Chem.Mol:
    """RDKit's compiled pattern for fragment ``name`` (the ``pattern`` default of its function).

    RDKit's own definitions (rdkit.Chem.Fragments, from FragmentDescriptors.csv) are used where
    they mean what we mean; the SMARTS in the group table is RDKit's, used only if the data file
    is missing (for example in a frozen bundle without RDKit's data folder).
    """
    try:
        from rdkit.Chem import Fragments

        pattern = getattr(Fragments, name).__defaults__[-1]
        if isinstance(pattern, Chem.Mol):
            return pattern
    except (ImportError, AttributeError, IndexError, TypeError):
        pass
    return Chem.MolFromSmarts(fallback)


def _compile() -> dict[str, Chem.Mol]:
    patterns: dict[str, Chem.Mol] = {}
    for group in GROUPS:
        patt = (_rdkit_fragment(group.rdkit_fragment, group.smarts) if group.rdkit_fragment
                else Chem.MolFromSmarts(group.smarts))
        if patt is None:  # a programming error, caught by the tests
            raise RuntimeError(f"bad SMARTS for {group.id}: {group.smarts}")
        patterns[group.id] = patt
    return patterns


# Compiled once: analyse() runs live while the chemist draws.
PATTERNS: dict[str, Chem.Mol] = _compile()


def _matches(mol: Chem.Mol, group: str) -> tuple[tuple[int, ...], ...]:
    return tuple(mol.GetSubstructMatches(PATTERNS[group], uniquify=True, maxMatches=10_000))


def _flat(matches: tuple[tuple[int, ...], ...]) -> tuple[int, ...]:
    return tuple(sorted({i for m in matches for i in m}))


def _count_basic_n(mol: Chem.Mol) -> int:
    return len(mol.GetSubstructMatches(PATTERNS["basic_amine"], uniquify=True))


def reduced_product(mol: Chem.Mol, atoms: dict[str, tuple[tuple[int, ...], ...]]) -> Chem.Mol | None:
    """The substrate with every nitrogen-bearing group borane reduces reduced.

    Amide and lactam C=O -> CH2 (the amine), imine C=N -> CH-NH, nitrile C#N -> CH2-NH2.
    Only nitrogen matters here: the result is used to count the basic nitrogens of the
    product that will each hold one BH3.  Returns None if RDKit cannot sanitize the result.
    """
    rw = Chem.RWMol(mol)
    for c, n in [(m[0], m[1]) for m in atoms.get("imine", ())] + [(m[1], m[0]) for m in atoms.get("nitrile", ())]:
        bond = rw.GetBondBetweenAtoms(c, n)
        if bond is not None:
            bond.SetBondType(Chem.BondType.SINGLE)
            bond.SetIsAromatic(False)
        for i in (c, n):
            rw.GetAtomWithIdx(i).SetNoImplicit(False)
            rw.GetAtomWithIdx(i).SetNumExplicitHs(0)
    oxygens = sorted({m[1] for g in ("lactam", "acyclic_amide") for m in atoms.get(g, ())}, reverse=True)
    for c in {m[0] for g in ("lactam", "acyclic_amide") for m in atoms.get(g, ())}:
        rw.GetAtomWithIdx(c).SetNoImplicit(False)
        rw.GetAtomWithIdx(c).SetNumExplicitHs(0)
    for o in oxygens:
        rw.RemoveAtom(o)
    product = rw.GetMol()
    try:
        Chem.SanitizeMol(product)
    except (ValueError, RuntimeError):
        return None
    return product


def hydride_terms(mol: Chem.Mol, groups: dict[str, int],
                  atoms: dict[str, tuple[tuple[int, ...], ...]]) -> tuple[int, int]:
    """The two terms of the hydride budget: B-H the groups demand, and basic N of the product.

    The budget is the minimum equiv of BH3 the substrate consumes, before any excess
    (SEED-NOTES.md):

    budget = (sum of B-H per group) / 3 + (basic nitrogens of the product)

    B-H per group (``bh`` in core/groups.py): amide or lactam C=O 2, acidic N-H/O-H 1 each,
    carboxylic acid 3 (its O-H included), ester or lactone 2, nitrile 2, imine 1, aldehyde or
    ketone 1, alkene 1 (alkyne and epoxide 1 as a minimum).  Every BH3 carries three B-H,
    hence the division.  Each basic nitrogen of the *product* then holds one whole BH3 as
    R3N·BH3 (the note's step 4): the amines formed from lactams and amides, the amines formed
    from imines and nitriles, and the basic amines already present.  Nitrogen bonded to an
    aryl ring (an aniline) or to a carbonyl is not counted: it is too weak a Lewis base to hold BH3.

    Nordazepam (O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1): lactam C=O 2 + lactam N-H 1 + imine C=N 1
    = 4 B-H = 1.33 BH3; the product (7-chloro-5-phenyl-2,3,4,5-tetrahydro-1H-1,4-
    benzodiazepine) has one basic nitrogen, N4 (N1 is an aniline nitrogen): + 1 BH3, so
    2.33 equiv.  The note's 3-5 equiv is an excess over this.
    """
    bh = sum(BH_PER_GROUP.get(g, 0) * n for g, n in groups.items())
    product = reduced_product(mol, atoms)
    basic = _count_basic_n(product) if product is not None else groups.get("basic_amine", 0)
    return bh, basic


def _pd_halides(mol: Chem.Mol, atoms: dict[str, tuple[tuple[int, ...], ...]]) -> tuple[tuple[int, ...], ...]:
    """Aryl halide matches whose halogen Pd/C can remove (Cl, Br, I; aryl C-F survives)."""
    return tuple(m for m in atoms.get("aryl_halide", ()) if mol.GetAtomWithIdx(m[1]).GetSymbol() in HALOGENS_PD)


def _fill(group_id: str, groups: dict[str, int], mol: Chem.Mol,
          atoms: dict[str, tuple[tuple[int, ...], ...]]) -> str:
    """The group's warning text with its counts and names filled in."""
    n = groups.get(group_id, 0)
    return BY_ID[group_id].warning.format(
        n=n,
        count_a_carboxylic_acid="A carboxylic acid" if n == 1 else f"{n} carboxylic acids",
        ester_kind="ester or lactone" if groups.get("lactone") else "ester",
        halogens=", ".join(sorted({mol.GetAtomWithIdx(m[1]).GetSymbol() for m in _pd_halides(mol, atoms)})),
        basic_subject=(f"{n} basic nitrogens of the substrate will each" if n > 1
                       else "A basic nitrogen of the substrate will"),
    )


# Warnings in the order a chemist reads them: what the reduction does first, then what the work-up does.
_WARNING_ORDER = ("carboxylic_acid", "acyclic_amide", "cyclic_carbamate", "cyclic_urea", "alkene", "alkyne",
                  "imine", "aldehyde", "ketone", "nitrile", "epoxide", "ester", "boc", "tbu_ester", "tbu_ether",
                  "acetal", "silyl_ether", "nitro", "cbz", "benzyl_ester", "o_benzyl", "n_benzyl", "aryl_halide",
                  "basic_amine")


def _warnings(groups: dict[str, int], atoms: dict[str, tuple[tuple[int, ...], ...]],
              mol: Chem.Mol) -> tuple[Warning_, ...]:
    """Warnings a chemist needs before running the borane reduction, most serious first.

    The texts and sources live in the group table (core/groups.py); only the two warnings
    about the structure as a whole are written here.
    """
    out: list[Warning_] = []
    fragments = len(Chem.GetMolFrags(mol))
    if fragments > 1:
        # Not chemistry but arithmetic: formula, MW and every amount count all the pieces.
        out.append(Warning_(
            "several_molecules",
            f"The structure holds {fragments} separate molecules. Formula, MW and all amounts count them "
            "together; keep a counter-ion only if the salt is what you weighed, otherwise delete the extra "
            "pieces.",
            "BoraneGUI input check (the stoichiometry uses the MW of the whole structure)",
        ))
    if not groups.get("lactam"):
        others = [why for gid, why in (
            ("cyclic_carbamate", "the ring carbamate is not a lactam"),
            ("cyclic_urea", "the ring urea is not a lactam"),
            ("acyclic_amide", "the amide is not in a ring"),
            ("pyridone", "the ring C=O next to N belongs to an aromatic, pyridone-type ring: not a lactam"),
        ) if groups.get(gid)]
        extra = f" ({'; '.join(others)})" if others else ""
        out.append(Warning_(
            "no_lactam",
            f"No lactam (cyclic amide, C(=O)-N in a ring) found{extra}. The note's protocol is written "
            "for lactams; check the structure before planning the reduction.",
            cite(("note_protocol",)),
        ))
    for gid in _WARNING_ORDER:
        found = _pd_halides(mol, atoms) if gid == "aryl_halide" else atoms.get(gid, ())
        if found and BY_ID[gid].warning:
            out.append(Warning_(gid, _fill(gid, groups, mol, atoms), cite(BY_ID[gid].sources), _flat(found)))
    return tuple(out)


def _to_mol(text_or_mol: str | Chem.Mol) -> Chem.Mol:
    if isinstance(text_or_mol, Chem.Mol):
        mol = Chem.Mol(text_or_mol)
        if mol.GetNumAtoms() == 0:
            raise ValueError("the structure has no atoms")
        with captured_rdkit_messages():
            try:
                Chem.SanitizeMol(mol)
            except ValueError as exc:  # RDKit's sanitize exceptions derive from ValueError
                raise ValueError(f"invalid structure: {exc}") from exc
        return mol
    return parse_structure(text_or_mol)


def analyse(text_or_mol: str | Chem.Mol) -> SubstrateAnalysis:
    """Analyse a substrate given as SMILES, MolBlock or an RDKit Mol.

    Atom indices (``lactams``, ``group_atoms``, warning atoms) refer to the molecule as
    given (no hydrogens removed, no reordering), so the drawer can highlight them.
    Raises ValueError when the structure cannot be read.
    """
    mol = _to_mol(text_or_mol)
    atoms: dict[str, tuple[tuple[int, ...], ...]] = {}
    groups: dict[str, int] = {}
    for gid in GROUP_IDS:
        found = _matches(mol, gid)
        if not found:
            continue
        atoms[gid] = found
        if gid == "acidic_nh_oh":  # one per acidic H: an NH2 counts twice
            groups[gid] = sum(mol.GetAtomWithIdx(m[0]).GetTotalNumHs(includeNeighbors=True) for m in found)
        else:
            groups[gid] = len(found)
    lactams = tuple(m[:3] for m in atoms.get("lactam", ()))
    bh, basic = hydride_terms(mol, groups, atoms)
    pd_groups = {**groups, "aryl_halide": len(_pd_halides(mol, atoms))}
    return SubstrateAnalysis(
        smiles=Chem.MolToSmiles(mol),
        formula=rdMolDescriptors.CalcMolFormula(mol),
        mw=round(rdMolDescriptors._CalcMolWt(mol), 3),  # 3 decimals: every view then shows the same 2
        lactams=lactams,
        groups=groups,
        hydride_budget=bh / 3 + basic,
        warnings=_warnings(groups, atoms, mol),
        group_atoms=atoms,
        budget_bh=bh,
        budget_basic_n=basic,
        acid_labile=present(groups, ACID_LABILE),
        pd_sensitive=present(pd_groups, PD_SENSITIVE),
    )


def format_text(analysis: SubstrateAnalysis) -> str:
    """Readable summary for the command line."""
    lines = [
        f"SMILES:   {analysis.smiles}",
        f"Formula:  {analysis.formula}",
        f"MW:       {analysis.mw:.2f} g/mol",
        f"Lactams:  {len(analysis.lactams)}"
        + (f"  (C, O, N atoms: {'; '.join(', '.join(map(str, t)) for t in analysis.lactams)})"
           if analysis.lactams else ""),
        f"Hydride budget: {analysis.hydride_budget:.2f} equiv BH3 (minimum, before any excess) = "
        f"{analysis.budget_bh} B-H / 3 + {analysis.budget_basic_n} basic N in the product",
        "Groups:",
    ]
    lines += [f"  {LABELS.get(gid, gid)}: {count}" for gid, count in analysis.groups.items()] or ["  (none)"]
    lines.append("Warnings:" if analysis.warnings else "Warnings: none")
    for w in analysis.warnings:
        lines.append(f"  - {w.text}")
        lines.append(f"    [{w.source}]")
    return "\n".join(lines)


STRUCTURE_FILE_SUFFIXES = (".mol", ".sdf", ".sd", ".mdl")


def read_structure_arg(arg: str) -> str:
    """The structure named on the command line: SMILES, ``-`` (stdin), or a .mol/.sdf file.

    A name ending in .mol, .sdf, .sd or .mdl is always read as a file; any other existing
    file is read only if the name is not itself valid SMILES (a file called ``CCO`` in the
    current folder must not shadow ethanol).  For an SDF the first record is used.
    Raises InputError (naming the file) if a named file cannot be read.
    """
    if arg == "-":
        from boranegui.core.yamlio import read_stdin

        return _first_record(read_stdin("a MOL block"))
    from boranegui.core.yamlio import InputError, Problem, read_text

    path = Path(arg)
    named_file = path.suffix.lower() in STRUCTURE_FILE_SUFFIXES
    if not named_file:
        if len(arg) > 4096 or "\n" in arg:
            return arg
        is_file, is_dir = _is_file(path), _is_dir(path)
        if not (is_file or is_dir) or _is_smiles(arg):
            return arg
        if is_dir:  # without this, a folder's name is reported as a SMILES syntax error
            raise InputError([Problem(arg, None, "", "this is a folder; give a SMILES, a .mol or .sdf file, "
                                                    "or - to read a MOL block from standard input")])

    return _first_record(read_text(path, "a MOL or SD text file"))


def _first_record(text: str) -> str:
    """The first MolBlock of an SD file (or the text unchanged when it is one record)."""
    if "$$$$" not in text:
        return text
    text = text.split("$$$$", 1)[0]
    end = text.find("M  END")
    return text[: end + len("M  END")] + "\n" if end >= 0 else text


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _is_smiles(text: str) -> bool:
    if structure_problem(text):
        return False
    with captured_rdkit_messages():
        return Chem.MolFromSmiles(text) is not None
