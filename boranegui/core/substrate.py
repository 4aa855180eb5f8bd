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

from boranegui.core.limits import structure_problem


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


# --- Sources (SEED-NOTES.md) -------------------------------------------------------------------
NOTE = "Application note: Borane-mediated reduction of lactam intermediates in diazepine synthesis"
BROWN_HEIM = "Brown & Heim, J. Org. Chem. 1973, 38, 912"
YOON = "Yoon, Pak, Brown, Krishnamurthy, Stocky, J. Org. Chem. 1973, 38, 2786"
BURKHARDT = "Burkhardt & Matos, Chem. Rev. 2006, 106, 2617"
COUTURIER = "Couturier et al., Org. Lett. 2001, 3, 465"
MCKENNON = "McKennon & Meyers, J. Org. Chem. 1993, 58, 3568"

# --- Group definitions ---------------------------------------------------------------------------
# RDKit's own fragment definitions (rdkit.Chem.Fragments, from FragmentDescriptors.csv) where
# they mean what we mean; the SMARTS given with each is RDKit's, used only if the data file is
# missing (for example in a frozen bundle without RDKit's data folder).
_RDKIT_FRAGMENTS: dict[str, tuple[str, str]] = {
    "nitrile": ("fr_nitrile", "[NX1]#[CX2]"),
    "aldehyde": ("fr_aldehyde", "[CX3H1](=O)[#6]"),
    "ketone": ("fr_ketone", "[#6][CX3](=O)[#6]"),
    "ester": ("fr_ester", "[#6][CX3](=O)[OX2H0][#6]"),
    "epoxide": ("fr_epoxide", "O1CC1"),
    "nitro": ("fr_nitro", "[$([NX3](=O)=O),$([NX3+](=O)[O-])][!#8]"),
    "urea": ("fr_urea", "C(=O)(-N)-N"),
}

# Our own SMARTS where RDKit has none with the right meaning (fr_lactam counts only
# beta-lactams; fr_lactone misses fused lactones and counts cyclic carbonates; fr_Imine
# counts amidines; fr_COO counts carboxylate salts, which borane does not reduce like acids).
# An amide carbonyl carbon: C(=O)-N with no second N/O/S on the carbon (that would be a
# urea, carbamate or thiocarbamate).  Aromatic lactams (2-pyridone, 2-quinolinone) are
# aromatic in RDKit and are deliberately not matched.
_AMIDE_C = "[CX3;!$(C(=O)([NX3])[#7,#8,#16])]"
_AMIDE_N = "[NX3;+0;!$(N=*)]"
_OWN_SMARTS: dict[str, str] = {
    # C, O, N of each amide whose C(=O)-N bond is in a ring (any ring size).
    "lactam": f"{_AMIDE_C}(=[OX1])@{_AMIDE_N}",
    "acyclic_amide": f"{_AMIDE_C}(=[OX1])!@{_AMIDE_N}",
    "carboxylic_acid": "[CX3;!$(C(=O)(O)[#7,#8,#16])](=[OX1])[OX2H1]",
    "lactone": "[#6][CX3](=[OX1])@[OX2H0]@[#6]",
    "alkene": "[CX3]=[CX3]",
    "alkyne": "[CX2]#[CX2]",
    # C=N not part of an amidine, imidate, oxime or hydrazone.
    "imine": "[CX3;!$(C-[#7,#8,#16])]=[NX2;+0;!$(N-[#7,#8])]",
    "aryl_halide": "c[F,Cl,Br,I]",
    "carbamate": "[NX3][CX3](=[OX1])[OX2][#6]",
    "cyclic_carbamate": "[NX3]@[CX3](=[OX1])@[OX2]@[#6]",
    "cyclic_urea": "[NX3]@[CX3](=[OX1])@[NX3]",
    # C=O of an aromatic ring next to ring N (2-pyridone, 2-quinolinone): drawn like a lactam,
    # but an aromatic amide; reported so "no lactam found" does not leave the chemist puzzled.
    "pyridone": "[#6;a](=[OX1])[#7;a]",
    "boc": "[NX3][CX3](=[OX1])[OX2][CX4]([CH3])([CH3])[CH3]",
    "n_benzyl": "[#7;X3]-[CX4;H2,H1;!R]-[c;$(c1ccccc1)]",
    # Lewis-basic nitrogen that holds BH3: sp3 amines not conjugated with an aryl ring, a
    # carbonyl, sulfonyl, C=C or C=N and not bonded to N or O; plus pyridine-type ring N
    # and the imidazole N3 (pyridine-borane and imidazole-borane are stable adducts).
    "basic_amine": (
        "[$([NX3;+0;!$(N-a);!$(N-[#6]=[#7,#8,#16]);!$(N-[#6]#[#7]);!$(N-[#6]=[#6]);"
        "!$(N-[S,P]=O);!$(N-[#7,#8])]),"
        "$([nX2;+0;r6]),$([nX2;+0;r5;$(n:c:[nX3;+0])])]"
    ),
    # Heteroatom bearing acidic H: N-H of amides, lactams, carbamates, ureas, imides and
    # sulfonamides; O-H of alcohols and phenols (the acid O-H is in the acid's 3 B-H).
    "acidic_nh_oh": (
        "[$([NX3;H1,H2;+0;$(N-C=[O,S]),$(N-S(=O)=O)]),$([OX2H1;+0;$(O-[#6;!$([#6]=[O,S,N])])])]"
    ),
}

# Order of the groups in the output: what a chemist looks at first.
GROUP_IDS: tuple[str, ...] = (
    "lactam", "acyclic_amide", "carboxylic_acid", "ester", "lactone", "nitrile", "alkene", "alkyne",
    "aldehyde", "ketone", "imine", "epoxide", "nitro", "aryl_halide", "carbamate", "cyclic_carbamate",
    "boc", "urea", "cyclic_urea", "pyridone", "n_benzyl", "basic_amine", "acidic_nh_oh",
)

# Plain words for the text output and the GUI.
GROUP_LABELS: dict[str, str] = {
    "lactam": "lactam (cyclic amide)", "acyclic_amide": "acyclic amide", "carboxylic_acid": "carboxylic acid",
    "ester": "ester (lactones included)", "lactone": "lactone", "nitrile": "nitrile", "alkene": "alkene (C=C)",
    "alkyne": "alkyne (C≡C)", "aldehyde": "aldehyde", "ketone": "ketone", "imine": "imine (C=N)",
    "epoxide": "epoxide", "nitro": "nitro", "aryl_halide": "aryl halide", "carbamate": "carbamate",
    "cyclic_carbamate": "ring carbamate", "boc": "Boc", "urea": "urea", "cyclic_urea": "ring urea",
    "pyridone": "pyridone-type ring C=O",
    "n_benzyl": "N-benzyl", "basic_amine": "basic nitrogen", "acidic_nh_oh": "acidic N-H / O-H (H count)",
}

# B-H consumed per group (SEED-NOTES.md, "the hydride budget of a substrate").  The acid's 3 are
# 1 for its O-H (H2) and 2 for the reduction to the alcohol.  Epoxide (1, opened to the
# alcohol) and alkyne (1, one hydroboration) are the minimum those groups take.  Nitro, aryl
# halide, carbamate and urea are tolerated in the note's conditions and count 0.
BH_PER_GROUP: dict[str, int] = {
    "lactam": 2, "acyclic_amide": 2, "carboxylic_acid": 3, "ester": 2, "nitrile": 2, "imine": 1,
    "aldehyde": 1, "ketone": 1, "alkene": 1, "alkyne": 1, "epoxide": 1, "acidic_nh_oh": 1,
}


def _rdkit_fragment(name: str, fallback: str) -> Chem.Mol:
    """RDKit's compiled pattern for fragment ``name`` (the ``pattern`` default of its function)."""
    try:
        from rdkit.Chem import Fragments

        pattern = getattr(Fragments, name).__defaults__[-1]
        if isinstance(pattern, Chem.Mol):
            return pattern
    except (ImportError, AttributeError, IndexError, TypeError):
        pass
    return Chem.MolFromSmarts(fallback)


def _compile() -> dict[str, Chem.Mol]:
    patterns = {gid: _rdkit_fragment(name, fb) for gid, (name, fb) in _RDKIT_FRAGMENTS.items()}
    for gid, smarts in _OWN_SMARTS.items():
        patt = Chem.MolFromSmarts(smarts)
        if patt is None:  # a programming error, caught by the tests
            raise RuntimeError(f"bad SMARTS for {gid}: {smarts}")
        patterns[gid] = patt
    return patterns


# Compiled once: analyse() runs live while the chemist draws.
PATTERNS: dict[str, Chem.Mol] = _compile()
_HALOGENS_PD = frozenset({"Cl", "Br", "I"})  # aryl C-F survives hydrogenolysis; the note names chlorides


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

    B-H per group: amide or lactam C=O 2, acidic N-H/O-H 1 each, carboxylic acid 3 (its
    O-H included), ester or lactone 2, nitrile 2, imine 1, aldehyde or ketone 1, alkene 1
    (alkyne and epoxide 1 as a minimum).  Every BH3 carries three B-H, hence the division.
    Each basic nitrogen of the *product* then holds one whole BH3 as R3N·BH3 (the note's
    step 4): the amines formed from lactams and amides, the amines formed from imines and
    nitriles, and the basic amines already present.  Nitrogen bonded to an aryl ring (an
    aniline) or to a carbonyl is not counted: it is too weak a Lewis base to hold BH3.

    Nordazepam (O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1): lactam C=O 2 + lactam N-H 1 + imine C=N 1
    = 4 B-H = 1.33 BH3; the product (7-chloro-5-phenyl-2,3,4,5-tetrahydro-1H-1,4-
    benzodiazepine) has one basic nitrogen, N4 (N1 is an aniline nitrogen): + 1 BH3, so
    2.33 equiv.  The note's 3-5 equiv is an excess over this.
    """
    bh = sum(BH_PER_GROUP.get(g, 0) * n for g, n in groups.items())
    product = reduced_product(mol, atoms)
    basic = _count_basic_n(product) if product is not None else groups.get("basic_amine", 0)
    return bh, basic


def _w(wid: str, text: str, source: str, atoms: tuple[int, ...] = ()) -> Warning_:
    return Warning_(wid, text, source, atoms)


def _warnings(groups: dict[str, int], atoms: dict[str, tuple[tuple[int, ...], ...]],
              mol: Chem.Mol) -> tuple[Warning_, ...]:
    """Warnings a chemist needs before running the borane reduction, most serious first."""
    out: list[Warning_] = []

    def n(group: str) -> int:
        return groups.get(group, 0)

    def plural(count: int, one: str, many: str) -> str:
        return one if count == 1 else f"{count} {many}"

    fragments = len(Chem.GetMolFrags(mol))
    if fragments > 1:
        # Not chemistry but arithmetic: formula, MW and every amount count all the pieces.
        out.append(_w(
            "several_molecules",
            f"The structure holds {fragments} separate molecules. Formula, MW and all amounts count them "
            "together; keep a counter-ion only if the salt is what you weighed, otherwise delete the extra "
            "pieces.",
            "BoraneGUI input check (the stoichiometry uses the MW of the whole structure)",
        ))
    if not n("lactam"):
        others = []
        if n("cyclic_carbamate"):
            others.append("the ring carbamate is not a lactam")
        if n("cyclic_urea"):
            others.append("the ring urea is not a lactam")
        if n("acyclic_amide"):
            others.append("the amide is not in a ring")
        if n("pyridone"):
            others.append("the ring C=O next to N belongs to an aromatic, pyridone-type ring: not a lactam")
        extra = f" ({'; '.join(others)})" if others else ""
        out.append(_w(
            "no_lactam",
            f"No lactam (cyclic amide, C(=O)-N in a ring) found{extra}. The note's protocol is written "
            "for lactams; check the structure before planning the reduction.",
            NOTE,
        ))
    if n("carboxylic_acid"):
        out.append(_w(
            "carboxylic_acid",
            f"{plural(n('carboxylic_acid'), 'A carboxylic acid', 'carboxylic acids')} will be reduced to the "
            "primary alcohol first, fast at 0-25 °C and before any amide or lactam. Each acid consumes 3 B-H "
            "(1 BH3) and releases H2 on addition.",
            f"{YOON}; {BURKHARDT}",
            _flat(atoms["carboxylic_acid"]),
        ))
    if n("acyclic_amide"):
        out.append(_w(
            "acyclic_amide",
            "An acyclic amide is not a lactam, but borane still reduces it to an amine (2 B-H, and the "
            "amine formed holds BH3 until the complex is broken).",
            BROWN_HEIM,
            _flat(atoms["acyclic_amide"]),
        ))
    for gid, text in (("cyclic_carbamate", "A ring carbamate (for example an oxazolidinone) is not a lactam."),
                      ("cyclic_urea", "A ring urea is not a lactam.")):
        if n(gid):
            out.append(_w(gid, text + " The note's lactam protocol does not cover it.", NOTE, _flat(atoms[gid])))
    if n("alkene"):
        out.append(_w(
            "alkene",
            "A C=C double bond will be hydroborated, fast at room temperature: it consumes borane and "
            "gives alcohols or other by-products after work-up.",
            f"{BURKHARDT}; {BROWN_HEIM}",
            _flat(atoms["alkene"]),
        ))
    if n("alkyne"):
        out.append(_w(
            "alkyne",
            "A C≡C triple bond will be hydroborated: it consumes borane and gives by-products.",
            BURKHARDT,
            _flat(atoms["alkyne"]),
        ))
    if n("imine"):
        out.append(_w(
            "imine",
            "The C=N (imine) will be reduced along with the lactam, whatever the temperature: lowering "
            "the temperature does not spare it. Expect the amine (C=N becomes CH-NH; for a "
            "1,4-benzodiazepine, the tetrahydro product); it consumes 1 B-H and its nitrogen then holds BH3.",
            f"{YOON}; {BURKHARDT}",
            _flat(atoms["imine"]),
        ))
    reduced = (
        ("aldehyde", "An aldehyde will be reduced to the alcohol (1 B-H).", YOON),
        ("ketone", "A ketone will be reduced to the alcohol (1 B-H; more slowly than an aldehyde).", YOON),
        ("nitrile", "A nitrile will be reduced to the primary amine (2 B-H; slower than an acid); the new "
                    "amine holds BH3 as well.", f"{YOON}; {BROWN_HEIM}"),
        ("epoxide", "An epoxide will be opened and reduced by borane.", YOON),
    )
    for gid, text, source in reduced:
        if n(gid):
            out.append(_w(gid, text, source, _flat(atoms[gid])))
    if n("ester"):
        kind = "ester or lactone" if n("lactone") else "ester"
        out.append(_w(
            "ester",
            f"The {kind} reacts slowly: it survives mild conditions but is reduced by excess borane with "
            "heat (long reflux; keep borane at 5 equiv or less), and by NaBH4 + I2 at reflux.",
            f"{YOON}; {MCKENNON}; {NOTE} (troubleshooting: over-reduction)",
            _flat(atoms["ester"]),
        ))
    if n("boc"):
        out.append(_w(
            "boc",
            "The Boc group will be cleaved by 6 M HCl at reflux in the complex-breaking step; the "
            "deprotected amine is very water-soluble. To keep it, break the complex without hot acid "
            "(amine exchange, or Pd/C in methanol).",
            f"{NOTE}, step 8; {COUTURIER}",
            _flat(atoms["boc"]),
        ))
    if n("nitro"):
        out.append(_w(
            "nitro",
            "Nitro group: borane itself tolerates it, but use BH3·THF rather than in-situ borane "
            "(NaBH4 + I2 or NaBH4 + BF3·OEt2), to avoid the Lewis acid used to generate it.",
            NOTE,
            _flat(atoms["nitro"]),
        ))
    if n("n_benzyl"):
        out.append(_w(
            "n_benzyl",
            "N-benzyl group: it survives borane, but Pd/C (or Raney Ni) in methanol, used to break the "
            "amine-borane without acid, can remove it. Use the acid or amine-exchange work-up.",
            COUTURIER,
            _flat(atoms["n_benzyl"]),
        ))
    pd_halides = tuple(m for m in atoms.get("aryl_halide", ())
                       if mol.GetAtomWithIdx(m[1]).GetSymbol() in _HALOGENS_PD)
    if pd_halides:
        symbols = sorted({mol.GetAtomWithIdx(m[1]).GetSymbol() for m in pd_halides})
        out.append(_w(
            "aryl_halide",
            f"Aryl halide ({', '.join(symbols)}): it survives borane, but Pd/C in methanol, used to break "
            "the amine-borane without acid, can remove it. Use the acid or amine-exchange work-up.",
            f"{NOTE}; {COUTURIER}",
            _flat(pd_halides),
        ))
    if n("basic_amine"):
        out.append(_w(
            "basic_amine",
            (f"{n('basic_amine')} basic nitrogens of the substrate will each" if n("basic_amine") > 1
             else "A basic nitrogen of the substrate will")
            + " hold one BH3 as an amine-borane: counted in the hydride budget, and to be freed in the "
            "work-up like the product's.",
            f"{NOTE} (mechanism, step 4); {BURKHARDT}",
            _flat(atoms["basic_amine"]),
        ))
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
    lines += [f"  {GROUP_LABELS.get(gid, gid)}: {count}" for gid, count in analysis.groups.items()] or ["  (none)"]
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
