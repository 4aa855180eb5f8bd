"""MS peaks as evidence: the species a borane lactam reduction can give, and which one a peak is.

From the substrate (and the target amine when the record gives one) RDKit predicts the
species a chemist may see by LCMS: the substrate, the product, its BH3 adduct, the product
with a C=N kept, dehalogenated, debenzylated or deprotected, with an ester or acid reduced
to the alcohol, or with a C=C hydroborated (an alcohol after work-up).  Each is given as its
[M+H]+ monoisotopic m/z (and the M+2 partner of a Cl or Br compound).  An observed peak is
matched within 0.3, or 0.01 when written with 3 or more decimals.

Why a peak matters: each species stands for a symptom (the substrate is starting material
left, a deprotected product is a protecting group lost, ...), and where it was seen narrows
what made it: a species already in the in-process check (``ipc``, before the work-up) was
not made by the work-up (the Pd/C or HCl step).  The engine (core/diagnosis.py) adds the
symptom, says the match in words and lets the rules' trees weigh the causes.

Default target (no ``substrate.target_smiles``): the lactam and amide C=O made CH2, plus
what borane reduces under any conditions (Brown, Heim & Yoon 1970; Yoon et al. 1973): a C=N
to CH-NH, a carboxylic acid to CH2OH, a nitrile to CH2NH2, an aldehyde or ketone to CH-OH.
C=C bonds are kept: hydroboration is a side reaction the chemist did not ask for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from rdkit import Chem
from rdkit.Chem import rdChemReactions, rdMolDescriptors

from boranegui.core.groups import BY_ID, LABELS
from boranegui.core.substrate import SubstrateAnalysis

PROTON = 1.007276  # mass of a proton: [M+H]+ = M + 1.007276
BH3 = 11.009305 + 3 * 1.007825  # 11B + 3 H, monoisotopic
ISOTOPE_STEP = {"Cl": 1.99705, "Br": 1.99795}  # 37Cl - 35Cl, 81Br - 79Br
TOLERANCE = 0.3
TOLERANCE_EXACT = 0.01  # a value written with 3 or more decimals

SPECIES_IDS = ("substrate", "product", "product_bh3", "imine_kept", "dehalogenated", "debenzylated",
               "deprotected", "ester_reduced", "acid_reduced", "hydroborated", "hydrolysed", "unknown")

# The symptom each species stands for (ARCHITECTURE.md symptom ids); the product itself
# stands for none, except in the aqueous layer.
SYMPTOM_OF = {
    "substrate": "incomplete_reduction",
    "product_bh3": "boron_signals",
    "imine_kept": "incomplete_reduction",
    "dehalogenated": "dehalogenation",
    "debenzylated": "debenzylation",
    "deprotected": "protecting_group_lost",
    "ester_reduced": "alcohol_byproduct",
    "acid_reduced": "alcohol_byproduct",
    "hydroborated": "alcohol_byproduct",
}
# Species the work-up makes: seen before it (ipc), the work-up step is cleared of them.
MADE_BY_WORKUP = {
    "dehalogenated": ("pd_side_reaction",),
    "debenzylated": ("pd_side_reaction",),
    "deprotected": ("protecting_group_lost", "pd_side_reaction"),
    "hydrolysed": ("acid_hydrolysis",),
}
# Species that point at a cause with no symptom of their own: (cause, weight).  The weight is
# BoraneGUI's judgement: the match is strong evidence, short of proof at 0.3 tolerance.
DIRECT: dict[str, tuple[str, float]] = {"hydrolysed": ("acid_hydrolysis", 0.6)}
WHERE_WORDS = {
    "crude": "in the crude",
    "organic": "in the organic layer",
    "aqueous": "in the aqueous layer",
    "ipc": "in the in-process check",
    None: "",
}

# Protecting groups by group id (core/groups.py): the bond pattern lost, and the words.
_DEPROTECT: dict[str, tuple[str, str]] = {
    "boc": ("[N:1]C(=O)OC([CH3])([CH3])[CH3]>>[N:1]", "Boc"),
    "cbz": ("[N:1]C(=O)O[CH2]c1ccccc1>>[N:1]", "Cbz"),
    "tbu_ester": ("[#6:3][C:1](=[O:2])OC([CH3])([CH3])[CH3]>>[#6:3][C:1](=[O:2])O",
                  "tert-butyl ester (now the acid)"),
    "benzyl_ester": ("[#6:3][C:1](=[O:2])O[CH2]c1ccccc1>>[#6:3][C:1](=[O:2])O", "benzyl ester (now the acid)"),
    "tbu_ether": ("[#6;!$(C=O):1][O:2]C([CH3])([CH3])[CH3]>>[#6:1][O:2]", LABELS["tbu_ether"]),
    "o_benzyl": ("[#6;!$(C=O):1][O:2][CH2]c1ccccc1>>[#6:1][O:2]", "O-benzyl group"),
}
_DEBENZYL = "[N:1][CH2;!R]c1ccccc1>>[N:1]"
_DEHALO = "[c:1][Cl,Br,I]>>[c:1]"
_ACID = "[C:1](=O)[OH1]>>[C:1][OH]"
_ALKENE = "[C:1]=[C:2]>>[C:1][C:2][OH]"
# Hot aqueous acid on what the product keeps (Cordes & Jencks 1962; Greene's): an alkyl ester
# to the acid, a C=N to the ketone and the amine (one molecule when the C=N is in a ring).
_ESTER_HYDROLYSIS = "[#6:3][C:1](=[O:2])O[CX4]>>[#6:3][C:1](=[O:2])O"
_IMINE = Chem.MolFromSmarts(BY_ID["imine"].smarts)
_ESTER_PATTERN = Chem.MolFromSmarts("[#6][CX3](=[OX1])[OX2H0][#6]")


@dataclass(frozen=True)
class Species:
    """One molecule a chemist may see by MS, as [M+H]+."""

    id: str  # one of SPECIES_IDS
    label: str  # what it is, in words
    smiles: str
    formula: str  # of the neutral molecule M
    mz: float  # [M+H]+, monoisotopic
    isotope_mz: float | None = None  # M+2 partner of a Cl or Br compound


@dataclass(frozen=True)
class Assignment:
    """What one observed peak is (``species`` "unknown" when nothing matches)."""

    mz: float
    where: str | None
    percent: float | None
    species: str
    label: str
    formula: str
    symptoms: tuple[str, ...]  # the symptoms the peak stands for
    isotope: bool = False  # matched the M+2 (37Cl / 81Br) partner
    cleared: tuple[str, ...] = ()  # causes it rules out: seen before the step that would make it
    also: tuple[str, ...] = ()  # other species within the tolerance (same mass at this precision)

    def words(self) -> str:
        """The evidence sentence: "m/z 101.1 in the aqueous layer is the product without its Boc"."""
        where = WHERE_WORDS.get(self.where, "")
        head = f"m/z {self.mz:g}{' ' + where if where else ''}"
        if self.species == "unknown":
            return f"{head} matches no species BoraneGUI predicts for this substrate"
        partner = " (its 37Cl/81Br isotope peak)" if self.isotope else ""
        text = f"{head} is {self.label}{partner} ({self.formula})"
        if self.also:
            others = " or ".join(self.also)
            text += f"; at this precision it could also be {others} (give 3 decimals to tell them apart)"
        return text


def mol_of(smiles: str) -> Chem.Mol:
    """A molecule from SMILES the run record already validated or RDKit wrote (no re-checking:
    substrate.parse_structure's message capture costs more than the parse)."""
    mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        raise ValueError(f"cannot read SMILES {smiles!r}")
    return mol


def _mh(mol: Chem.Mol) -> float:
    return float(rdMolDescriptors.CalcExactMolWt(mol)) + PROTON


def _isotope(mol: Chem.Mol, mz: float) -> float | None:
    """The M+2 peak of the heaviest halogen (Br before Cl): the partner a chemist looks for."""
    symbols = {a.GetSymbol() for a in mol.GetAtoms()}
    for halogen in ("Br", "Cl"):
        if halogen in symbols:
            return mz + ISOTOPE_STEP[halogen]
    return None


def _species(kind: str, label: str, mol: Chem.Mol, extra_mass: float = 0.0, extra_formula: str = "") -> Species:
    mz = _mh(mol) + extra_mass
    formula = rdMolDescriptors.CalcMolFormula(mol) + extra_formula
    return Species(kind, label, Chem.MolToSmiles(mol), formula, round(mz, 4), _round(_isotope(mol, mz)))


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


@lru_cache(maxsize=64)
def _reaction(smarts: str) -> rdChemReactions.ChemicalReaction:
    reaction: rdChemReactions.ChemicalReaction = rdChemReactions.ReactionFromSmarts(smarts)
    return reaction


def _apply(mol: Chem.Mol, smarts: str) -> Chem.Mol | None:
    """``mol`` with one occurrence of the reaction applied (the largest fragment kept)."""
    for products in _reaction(smarts).RunReactants((mol,)):
        product = products[0]
        try:
            Chem.SanitizeMol(product)
        except (ValueError, RuntimeError):
            continue
        return _largest(Chem.MolFromSmiles(Chem.MolToSmiles(product)))
    return None


def _largest(mol: Chem.Mol | None) -> Chem.Mol | None:
    if mol is None:
        return None
    frags: tuple[Chem.Mol, ...] = Chem.GetMolFrags(mol, asMols=True)
    return max(frags, key=lambda m: (any(a.GetSymbol() == "N" for a in m.GetAtoms()), m.GetNumHeavyAtoms()))


def _reduce(mol: Chem.Mol, analysis: SubstrateAnalysis, groups: Iterable[str]) -> Chem.Mol | None:
    """The substrate with the C=O of lactams and amides made CH2 and ``groups`` reduced too.

    imine C=N -> CH-NH; nitrile C#N -> CH2-NH2; carboxylic acid -> CH2OH; aldehyde, ketone ->
    CH-OH.  Atom indices come from the analysis of the same molecule.
    """
    wanted = set(groups)
    atoms = analysis.group_atoms
    rw = Chem.RWMol(mol)
    drop: set[int] = set()
    touched: set[int] = set()

    def single(a: int, b: int) -> None:
        bond = rw.GetBondBetweenAtoms(a, b)
        if bond is not None:
            bond.SetBondType(Chem.BondType.SINGLE)
            bond.SetIsAromatic(False)
            touched.update((a, b))

    for g in ("lactam", "acyclic_amide"):
        for m in atoms.get(g, ()):
            drop.add(m[1])
            touched.add(m[0])
    if "imine" in wanted:
        for m in atoms.get("imine", ()):
            single(m[0], m[1])
    if "nitrile" in wanted:
        for m in atoms.get("nitrile", ()):
            single(m[0], m[1])
    if "carboxylic_acid" in wanted:
        for m in atoms.get("carboxylic_acid", ()):
            drop.add(m[1])
            touched.add(m[0])
    for g in ("aldehyde", "ketone"):
        if g in wanted:
            for m in atoms.get(g, ()):
                c = m[0] if g == "aldehyde" else m[1]
                o = m[1] if g == "aldehyde" else m[2]
                single(c, o)
    for i in touched:
        rw.GetAtomWithIdx(i).SetNoImplicit(False)
        rw.GetAtomWithIdx(i).SetNumExplicitHs(0)
    for i in sorted(drop, reverse=True):
        rw.RemoveAtom(i)
    product = rw.GetMol()
    try:
        Chem.SanitizeMol(product)
    except (ValueError, RuntimeError):
        return None
    return Chem.MolFromSmiles(Chem.MolToSmiles(product))


def _ester_reduced(mol: Chem.Mol) -> Chem.Mol | None:
    """An ester R-C(=O)-O-R' reduced: R-CH2OH (+ R'OH); the fragment with the amine kept."""
    match = mol.GetSubstructMatch(_ESTER_PATTERN)
    if not match:
        return None
    _, c, o_carbonyl, o_alkoxy, _ = match
    rw = Chem.RWMol(mol)
    rw.GetBondBetweenAtoms(c, o_carbonyl).SetBondType(Chem.BondType.SINGLE)
    rw.RemoveBond(c, o_alkoxy)
    return _finish(rw, (c, o_carbonyl, o_alkoxy))


def _finish(rw: Chem.RWMol, touched: Iterable[int]) -> Chem.Mol | None:
    """An edited molecule made whole: implicit H back on the atoms edited, sanitized, and the
    fragment that keeps the amine (the largest when none has N); None when RDKit refuses it."""
    for i in touched:
        rw.GetAtomWithIdx(i).SetNoImplicit(False)
        rw.GetAtomWithIdx(i).SetNumExplicitHs(0)
    product = rw.GetMol()
    try:
        Chem.SanitizeMol(product)
    except (ValueError, RuntimeError):
        return None
    return _largest(Chem.MolFromSmiles(Chem.MolToSmiles(product)))


def _imine_hydrolysed(mol: Chem.Mol) -> Chem.Mol | None:
    """A C=N hydrolysed: C=O and N-H (ring-opened when the C=N was in a ring)."""
    match = mol.GetSubstructMatch(_IMINE)
    if not match:
        return None
    c, n = match
    rw = Chem.RWMol(mol)
    rw.RemoveBond(c, n)
    o = rw.AddAtom(Chem.Atom(8))
    rw.AddBond(c, o, Chem.BondType.DOUBLE)
    return _finish(rw, (c, n))


DEFAULT_REDUCED = ("imine", "carboxylic_acid", "nitrile", "aldehyde", "ketone")


def default_target(analysis: SubstrateAnalysis) -> Chem.Mol | None:
    """The amine a chemist wants when the record names none (see the module docstring)."""
    return _reduce(mol_of(analysis.smiles), analysed(analysis.smiles), DEFAULT_REDUCED)


_ANALYSES: dict[str, SubstrateAnalysis] = {}  # canonical SMILES -> its analysis, oldest first
_KEEP = 256


def analysed(smiles: str) -> SubstrateAnalysis:
    """The analysis of a canonical SMILES (atom indices fit the molecule it parses to), made
    once and kept."""
    found = _ANALYSES.get(smiles)
    if found is None:
        from boranegui.core.substrate import analyse

        found = analyse(smiles)
        remember(found, smiles)
    return found


def remember(analysis: SubstrateAnalysis, text: str) -> None:
    """Keep an analysis made elsewhere of ``text`` (the run draft's one analysis of the drawing),
    so predicting its species does not analyse the structure again.  Kept only when ``text`` is
    the analysis' own canonical SMILES: only then do its atom indices fit what the species use."""
    if text != analysis.smiles:
        return
    _ANALYSES.pop(text, None)
    _ANALYSES[text] = analysis
    while len(_ANALYSES) > _KEEP:
        del _ANALYSES[next(iter(_ANALYSES))]


def forget() -> None:
    """Drop every kept analysis and prediction (a benchmark's cold start)."""
    _ANALYSES.clear()
    predict.cache_clear()


@lru_cache(maxsize=256)
def predict(substrate_smiles: str, target_smiles: str | None = None) -> tuple[Species, ...]:
    """Every species worth matching for this substrate (canonical SMILES) and target."""
    analysis = analysed(substrate_smiles)
    sub = mol_of(analysis.smiles)
    target = mol_of(target_smiles) if target_smiles else default_target(analysis)
    out: list[Species] = [_species("substrate", "the starting lactam", sub)]
    if target is None:
        return tuple(out)
    product = Chem.MolFromSmiles(Chem.MolToSmiles(target))
    out.append(_species("product", "the product amine", product))
    out.append(_species("product_bh3", "the product still holding BH3 (amine-borane)", product, BH3, "·BH3"))
    target_groups = analysed(Chem.MolToSmiles(product)).groups
    if analysis.count("imine") and not target_groups.get("imine"):
        kept = _reduce(sub, analysed(analysis.smiles),
                       [g for g in DEFAULT_REDUCED if g != "imine"])
        if kept is not None:
            out.append(_species("imine_kept", "the product with its C=N not reduced", kept))
    transforms: list[tuple[str, str, Callable[[Chem.Mol], Chem.Mol | None]]] = [
        ("dehalogenated", "the product without its aryl halogen", lambda m: _apply(m, _DEHALO)),
        ("debenzylated", "the product without its N-benzyl group", lambda m: _apply(m, _DEBENZYL)),
    ]
    for smarts, words in _DEPROTECT.values():
        transforms.append(("deprotected", f"the product without its {words}",
                           lambda m, s=smarts: _apply(m, s)))  # type: ignore[misc]
    transforms += [
        ("ester_reduced", "the product with its ester reduced to the alcohol", _ester_reduced),
        ("acid_reduced", "the product with its carboxylic acid reduced to the alcohol", lambda m: _apply(m, _ACID)),
        ("hydroborated", "the product with a C=C hydroborated (the alcohol after work-up)",
         lambda m: _apply(m, _ALKENE)),
        ("hydrolysed", "the product with its ester hydrolysed to the acid by the hot acid step",
         lambda m: _apply(m, _ESTER_HYDROLYSIS)),
        ("hydrolysed", "the product with its C=N hydrolysed to the ketone by the hot acid step",
         _imine_hydrolysed),
    ]
    seen = {s.smiles for s in out}
    for kind, label, make in transforms:
        mol = make(product)
        if mol is None:
            continue
        species = _species(kind, label, mol)
        if species.smiles not in seen:
            seen.add(species.smiles)
            out.append(species)
    return tuple(out)


def tolerance(mz: float, decimals: int) -> float:
    """How far a peak may sit from a predicted m/z: 0.01 when written to 3+ decimals."""
    return TOLERANCE_EXACT if decimals >= 3 else TOLERANCE


def assign(mz: float, decimals: int, where: str | None, percent: float | None,
           species: Iterable[Species]) -> Assignment:
    """The species nearest to ``mz`` within the tolerance (its M+2 partner too), or unknown."""
    tol = tolerance(mz, decimals)
    species = tuple(species)
    best: tuple[float, int, Species, bool] | None = None
    for rank, s in enumerate(species):
        for value, isotope in ((s.mz, False), (s.isotope_mz, True)):
            if value is None:
                continue
            gap = abs(mz - value) + (1e-6 if isotope else 0.0)  # the monoisotopic peak wins a tie
            if gap <= tol + 1e-9 and (best is None or (gap, rank) < (best[0], best[1])):
                best = (gap, rank, s, isotope)
    if best is None:
        return Assignment(mz, where, percent, "unknown", "an unassigned peak", "", ())
    s, isotope = best[2], best[3]
    symptoms = tuple(x for x in (SYMPTOM_OF.get(s.id),) if x)
    if where == "aqueous" and s.id not in ("substrate", "product_bh3"):
        symptoms += ("product_in_aqueous",)  # an amine in the water layer, whatever made it
    cleared = MADE_BY_WORKUP.get(s.id, ()) if where == "ipc" else ()
    also = tuple(o.label for o in species if o is not s and abs(o.mz - mz) <= tol + 1e-9)
    return Assignment(mz, where, percent, s.id, s.label, s.formula, symptoms, isotope, cleared, also)
