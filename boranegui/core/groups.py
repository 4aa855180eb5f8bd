"""The functional groups a borane lactam reduction cares about, as one table.

One row per group: how to find it (SMARTS), what to call it, how many B-H it consumes,
whether borane reduces it, whether hot aqueous acid or Pd/C in methanol harms it, the
warning a chemist needs and its sources.  The substrate analysis compiles the SMARTS;
the rules validator, the protocol router, the drawer, the pages and the report read the
rest, so a group's facts cannot drift between views.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Borane = Literal["", "reduced", "forcing"]

# An amide carbonyl carbon: C(=O)-N with no second N/O/S on the carbon (that would be a urea,
# carbamate or thiocarbamate).  Aromatic lactams (2-pyridone) are aromatic in RDKit and not matched.
_AMIDE_C = "[CX3;!$(C(=O)([NX3])[#7,#8,#16])]"
_AMIDE_N = "[NX3;+0;!$(N=*)]"
_BENZYL = "[CH2;!R]-c1ccccc1"


@dataclass(frozen=True)
class Group:
    """One functional group and what a borane reduction and its work-ups do to it."""

    id: str
    label: str  # plain words for every view
    smarts: str  # ours, or the fallback of the RDKit fragment named below
    rdkit_fragment: str = ""  # rdkit.Chem.Fragments name used when it means the same thing
    bh: int = 0  # B-H consumed per occurrence (the hydride budget, SEED-NOTES.md)
    borane: Borane = ""  # "reduced": under the note's conditions; "forcing": with heat or excess
    acid_labile: bool = False  # cleaved by strong aqueous acid (the note's HCl step)
    pd_harm: str = ""  # what Pd/C in methanol (H2 on Pd) does to it; "" for nothing
    warning: str = ""  # shown when the substrate has the group; {n} is the count
    sources: tuple[str, ...] = ()  # ids in core/sources.py


GROUPS: tuple[Group, ...] = (
    # C, O, N of each amide whose C(=O)-N bond is in a ring (any ring size).
    Group("lactam", "lactam (cyclic amide)", f"{_AMIDE_C}(=[OX1])@{_AMIDE_N}", bh=2, borane="reduced"),
    Group("acyclic_amide", "acyclic amide", f"{_AMIDE_C}(=[OX1])!@{_AMIDE_N}", bh=2, borane="reduced",
          warning="An acyclic amide is not a lactam, but borane still reduces it to an amine (2 B-H, and the "
                  "amine formed holds BH3 until the complex is broken).",
          sources=("brown_heim_1973",)),
    # fr_COO counts carboxylate salts, which borane does not reduce like acids: our own pattern.
    Group("carboxylic_acid", "carboxylic acid", "[CX3;!$(C(=O)(O)[#7,#8,#16])](=[OX1])[OX2H1]",
          bh=3, borane="reduced",
          warning="{count_a_carboxylic_acid} will be reduced to the primary alcohol first, fast at 0-25 °C and "
                  "before any amide or lactam. Each acid consumes 3 B-H (1 BH3) and releases H2 on addition.",
          sources=("yoon_1973", "brown_heim_yoon_1970")),
    Group("ester", "ester (lactones included)", "[#6][CX3](=O)[OX2H0][#6]", rdkit_fragment="fr_ester",
          bh=2, borane="forcing",
          warning="The {ester_kind} reacts slowly with borane: it survives mild conditions but is reduced by excess "
                  "borane with heat (long reflux; keep borane at 5 equiv or less). In-situ borane from NaBH4 + I2 "
                  "is BH3·THF and reduces it likewise.",
          sources=("brown_heim_yoon_1970", "note_table", "periasamy_2000")),
    # fr_lactone misses fused lactones and counts cyclic carbonates.  Counted in "ester" for the budget.
    Group("lactone", "lactone", "[#6][CX3](=[OX1])@[OX2H0]@[#6]"),
    Group("tbu_ester", "tert-butyl ester", "[#6][CX3](=[OX1])[OX2][CX4]([CH3])([CH3])[CH3]", acid_labile=True,
          warning="The tert-butyl ester is cleaved by strong aqueous acid: the note's HCl step would give the "
                  "carboxylic acid.",
          sources=("greene_wuts_2014",)),
    Group("benzyl_ester", "benzyl ester", f"[#6][CX3](=[OX1])[OX2]{_BENZYL}",
          pd_harm="hydrogenolysed to the acid",
          warning="The benzyl ester is removed by hydrogenolysis on Pd/C: do not break the complex with Pd/C in "
                  "methanol (it makes H2 on the catalyst).",
          sources=("greene_wuts_2014", "soom_thiemann_2016", "couturier_2001")),
    Group("nitrile", "nitrile", "[NX1]#[CX2]", rdkit_fragment="fr_nitrile", bh=2, borane="reduced",
          warning="A nitrile will be reduced to the primary amine (2 B-H); the new amine holds BH3 as well.",
          sources=("brown_heim_yoon_1970",)),
    Group("alkene", "alkene (C=C)", "[CX3]=[CX3]", bh=1, borane="reduced",
          pd_harm="hydrogenated",
          warning="A C=C double bond will be hydroborated, fast at room temperature: it consumes borane and gives "
                  "alcohols or other by-products after work-up. Pd/C in methanol would also hydrogenate it.",
          sources=("brown_heim_yoon_1970", "burkhardt_matos_2006", "soom_thiemann_2016")),
    Group("alkyne", "alkyne (C≡C)", "[CX2]#[CX2]", bh=1, borane="reduced", pd_harm="hydrogenated",
          warning="A C≡C triple bond will be hydroborated: it consumes borane and gives by-products. Pd/C in "
                  "methanol would also hydrogenate it.",
          sources=("burkhardt_matos_2006", "boranegui_judgement")),
    Group("aldehyde", "aldehyde", "[CX3H1](=O)[#6]", rdkit_fragment="fr_aldehyde", bh=1, borane="reduced",
          warning="An aldehyde will be reduced to the alcohol (1 B-H).", sources=("brown_heim_yoon_1970",)),
    Group("ketone", "ketone", "[#6][CX3](=O)[#6]", rdkit_fragment="fr_ketone", bh=1, borane="reduced",
          warning="A ketone will be reduced to the alcohol (1 B-H; more slowly than an aldehyde).",
          sources=("brown_heim_yoon_1970",)),
    # C=N not part of an amidine, imidate, oxime or hydrazone (fr_Imine counts amidines).
    Group("imine", "imine (C=N)", "[CX3;!$(C-[#7,#8,#16])]=[NX2;+0;!$(N-[#7,#8])]", bh=1, borane="reduced",
          warning="Borane reduces imines: expect the C=N to be reduced along with the lactam (C=N becomes CH-NH; "
                  "for a 1,4-benzodiazepine, the tetrahydro product). It consumes 1 B-H and its nitrogen then "
                  "holds BH3.",
          sources=("brown_heim_yoon_1970", "burkhardt_matos_2006")),
    Group("epoxide", "epoxide", "O1CC1", rdkit_fragment="fr_epoxide", bh=1, borane="reduced",
          warning="An epoxide will be opened and reduced by borane.", sources=("brown_heim_yoon_1970",)),
    Group("nitro", "nitro", "[$([NX3](=O)=O),$([NX3+](=O)[O-])][!#8]", rdkit_fragment="fr_nitro",
          pd_harm="reduced to the amine (strongly exothermic)",
          warning="Nitro group: borane itself tolerates it, but use BH3·THF rather than in-situ borane (NaBH4 + I2 "
                  "or NaBH4 + BF3·OEt2), to avoid the Lewis acid used to generate it. Do not break the complex "
                  "with Pd/C in methanol: the H2 it makes on Pd reduces nitro groups, with a strong exotherm.",
          sources=("note_reagents", "couturier_2001", "boranegui_judgement")),
    Group("aryl_halide", "aryl halide", "c[F,Cl,Br,I]", pd_harm="dehalogenated (Cl, Br, I)",
          warning="Aryl halide ({halogens}): it survives borane, but Pd/C in methanol, used to break the "
                  "amine-borane without acid, can remove it. Use the acid or amine-exchange work-up.",
          sources=("note_rationale", "couturier_2001", "reading_notes_workup")),
    Group("carbamate", "carbamate", "[NX3][CX3](=[OX1])[OX2][#6]"),
    Group("cyclic_carbamate", "ring carbamate", "[NX3]@[CX3](=[OX1])@[OX2]@[#6]",
          warning="A ring carbamate (for example an oxazolidinone) is not a lactam. The note's lactam protocol "
                  "does not cover it.",
          sources=("note_protocol",)),
    Group("boc", "Boc", "[NX3][CX3](=[OX1])[OX2][CX4]([CH3])([CH3])[CH3]", acid_labile=True,
          warning="The Boc group is cleaved by strong aqueous acid (the note's HCl step, hot or at room "
                  "temperature); the deprotected amine is very water-soluble. To keep it, break the complex "
                  "without acid.",
          sources=("greene_wuts_2014", "note_protocol", "couturier_2001")),
    Group("cbz", "Cbz (benzyl carbamate)", f"[NX3][CX3](=[OX1])[OX2]{_BENZYL}", pd_harm="hydrogenolysed (Cbz lost)",
          warning="The Cbz group is removed by hydrogenolysis on Pd/C: do not break the complex with Pd/C in "
                  "methanol (it makes H2 on the catalyst).",
          sources=("greene_wuts_2014", "couturier_2001")),
    Group("urea", "urea", "C(=O)(-N)-N", rdkit_fragment="fr_urea"),
    Group("cyclic_urea", "ring urea", "[NX3]@[CX3](=[OX1])@[NX3]",
          warning="A ring urea is not a lactam. The note's lactam protocol does not cover it.",
          sources=("note_protocol",)),
    # C=O of an aromatic ring next to ring N (2-pyridone): drawn like a lactam, but an aromatic amide.
    Group("pyridone", "pyridone-type ring C=O", "[#6;a](=[OX1])[#7;a]"),
    Group("n_benzyl", "N-benzyl", "[#7;X3]-[CX4;H2,H1;!R]-[c;$(c1ccccc1)]", pd_harm="debenzylated",
          warning="N-benzyl group: it survives borane, but Pd/C (or Raney Ni) in methanol, used to break the "
                  "amine-borane without acid, can remove it. Use the acid or amine-exchange work-up.",
          sources=("couturier_2001",)),
    Group("o_benzyl", "benzyl ether", f"[#6;!$([#6]=[O,S,N])]-[OX2]-{_BENZYL}", pd_harm="debenzylated",
          warning="The benzyl ether is removed by hydrogenolysis on Pd/C: do not break the complex with Pd/C in "
                  "methanol (it makes H2 on the catalyst).",
          sources=("greene_wuts_2014", "soom_thiemann_2016")),
    Group("tbu_ether", "tert-butyl ether", "[#6;!$([#6]=[O,S,N])]-[OX2]-[CX4]([CH3])([CH3])[CH3]",
          acid_labile=True,
          warning="The tert-butyl ether is cleaved by strong aqueous acid.", sources=("greene_wuts_2014",)),
    # sp3 carbon with two ether oxygens (acetals, ketals, THP, MOM), not an ester or orthoester oxygen.
    Group("acetal", "acetal or ketal", "[CX4;!$(C(O)(O)O)](-[OX2;!$(O-C=O)]-[#6])-[OX2;!$(O-C=O)]-[#6]",
          acid_labile=True,
          warning="The acetal (or ketal, THP, MOM) is hydrolysed by hot aqueous acid.",
          sources=("greene_wuts_2014",)),
    Group("silyl_ether", "silyl ether", "[#6]-[OX2]-[Si]", acid_labile=True,
          warning="The silyl ether is cleaved by aqueous acid.", sources=("greene_wuts_2014",)),
    # Lewis-basic nitrogen that holds BH3: sp3 amines not conjugated with an aryl ring, a carbonyl,
    # sulfonyl, C=C or C=N and not bonded to N or O; plus pyridine-type ring N and the imidazole N3.
    Group("basic_amine", "basic nitrogen", (
        "[$([NX3;+0;!$(N-a);!$(N-[#6]=[#7,#8,#16]);!$(N-[#6]#[#7]);!$(N-[#6]=[#6]);"
        "!$(N-[S,P]=O);!$(N-[#7,#8])]),"
        "$([nX2;+0;r6]),$([nX2;+0;r5;$(n:c:[nX3;+0])])]"),
          warning="{basic_subject} hold one BH3 as an amine-borane: counted in the hydride budget, and to be "
                  "freed in the work-up like the product's.",
          sources=("note_mechanism", "burkhardt_matos_2006")),
    # N-H of amides, lactams, carbamates, ureas, imides, sulfonamides; O-H of alcohols and phenols
    # (the acid's O-H is in the acid's 3 B-H).  Counted per H.
    Group("acidic_nh_oh", "acidic N-H / O-H (H count)", (
        "[$([NX3;H1,H2;+0;$(N-C=[O,S]),$(N-S(=O)=O)]),$([OX2H1;+0;$(O-[#6;!$([#6]=[O,S,N])])])]"), bh=1),
)

BY_ID: dict[str, Group] = {g.id: g for g in GROUPS}
GROUP_IDS: tuple[str, ...] = tuple(g.id for g in GROUPS)
LABELS: dict[str, str] = {g.id: g.label for g in GROUPS}
BH_PER_GROUP: dict[str, int] = {g.id: g.bh for g in GROUPS if g.bh}
# Groups borane reduces besides the lactam: highlighted in the drawer, listed on the pages.
REDUCED_BY_BORANE: tuple[str, ...] = tuple(g.id for g in GROUPS if g.borane and g.id != "lactam")
ACID_LABILE: tuple[str, ...] = tuple(g.id for g in GROUPS if g.acid_labile)
PD_SENSITIVE: tuple[str, ...] = tuple(g.id for g in GROUPS if g.pd_harm)
HALOGENS_PD = frozenset({"Cl", "Br", "I"})  # aryl C-F survives hydrogenolysis


def present(groups: Mapping[str, int], ids: tuple[str, ...]) -> tuple[str, ...]:
    """Which of ``ids`` the substrate carries (``groups``: id -> count), in table order."""
    return tuple(i for i in ids if groups.get(i, 0) > 0)


def reducible_label(group_id: str) -> str:
    """The label with when borane reduces it, for the drawer's legend."""
    group = BY_ID[group_id]
    return f"{group.label} (forcing conditions)" if group.borane == "forcing" else group.label
