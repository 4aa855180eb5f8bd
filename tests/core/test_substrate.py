"""Substrate analysis on real molecules: what a chemist must be told before a borane reduction."""

from __future__ import annotations

import pytest
from rdkit import Chem
from rdkit.Chem import Fragments

from boranegui.core import substrate
from boranegui.core.sources import SOURCES
from boranegui.core.substrate import analyse, format_text, read_structure_arg
from boranegui.core.yamlio import InputError

NORDAZEPAM = "O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1"
BOC_DIAZEPANE_ACID = "CC(C)(C)OC(=O)N1CCNC(C(=O)O)CC1"  # the note's compound of interest
# Every warning cites references from the one bibliography (core/sources.py), by their full text.
# Every reference as the bibliography writes it, and each part of the note as cite() names it
# after the note's title ("Application note ...: troubleshooting table, detailed experimental protocol").
_NOTE = SOURCES["note_table"].rsplit(", ", 1)[0]
SEED_SOURCES = (*SOURCES.values(), f"{_NOTE}: ",
                *(", " + t.removeprefix(_NOTE + ", ") for t in SOURCES.values() if t.startswith(_NOTE)),
                *(t.removeprefix(_NOTE + ", ") for t in SOURCES.values() if t.startswith(_NOTE)))


def ids(analysis: substrate.SubstrateAnalysis) -> set[str]:
    return {w.id for w in analysis.warnings}


def symbols(smiles: str, atoms: tuple[int, ...]) -> list[str]:
    mol = Chem.MolFromSmiles(smiles)
    return [mol.GetAtomWithIdx(i).GetSymbol() for i in atoms]


# --- the note's two molecules --------------------------------------------------------------

def test_nordazepam_formula_mass_and_groups():
    a = analyse(NORDAZEPAM)
    assert a.formula == "C15H11ClN2O"
    assert a.mw == pytest.approx(270.7, abs=0.05)
    assert len(a.lactams) == 1
    assert symbols(NORDAZEPAM, a.lactams[0]) == ["C", "O", "N"]
    assert a.count("lactam") == 1
    assert a.count("imine") == 1
    assert a.count("aryl_halide") == 1
    assert a.count("acidic_nh_oh") == 1  # the lactam N-H
    for absent in ("carboxylic_acid", "ester", "alkene", "nitro", "boc", "basic_amine", "acyclic_amide"):
        assert a.count(absent) == 0, absent


def test_nordazepam_hydride_budget_is_in_the_expected_window_and_follows_the_arithmetic():
    a = analyse(NORDAZEPAM)
    assert 2.0 <= a.hydride_budget <= 2.7
    # lactam C=O 2 + lactam N-H 1 + imine 1 = 4 B-H = 4/3 BH3; one basic N (N4) in the product.
    assert a.hydride_budget == pytest.approx(4 / 3 + 1)
    assert (a.budget_bh, a.budget_basic_n) == (4, 1)
    assert "4 B-H / 3 + 1 basic N" in format_text(a)


def test_nordazepam_warns_about_imine_and_aryl_chloride_but_finds_its_lactam():
    a = analyse(NORDAZEPAM)
    assert {"imine", "aryl_halide"} <= ids(a)
    assert "no_lactam" not in ids(a)
    imine = next(w for w in a.warnings if w.id == "imine")
    # Sourced to the functional-group survey, not to the unsourced "at any temperature" of 0.1.
    assert "Borane reduces imines" in imine.text and "J. Am. Chem. Soc. 1970, 92, 1637" in imine.source
    assert sorted(symbols(NORDAZEPAM, imine.atoms)) == ["C", "N"]
    halide = next(w for w in a.warnings if w.id == "aryl_halide")
    assert "Pd/C" in halide.text and "Couturier" in halide.source
    assert "Cl" in symbols(NORDAZEPAM, halide.atoms)


def test_compound_of_interest_has_no_lactam_and_warns_about_acid_and_boc():
    a = analyse(BOC_DIAZEPANE_ACID)
    assert a.formula == "C11H20N2O4"
    assert a.mw == pytest.approx(244.29, abs=0.02)
    assert a.lactams == ()
    assert a.count("carboxylic_acid") == 1
    assert a.count("boc") == 1
    assert a.count("carbamate") == 1
    assert a.count("basic_amine") == 1  # the free ring N-H
    assert {"no_lactam", "carboxylic_acid", "boc"} <= ids(a)
    acid = next(w for w in a.warnings if w.id == "carboxylic_acid")
    assert "3 B-H" in acid.text and "H2" in acid.text
    boc = next(w for w in a.warnings if w.id == "boc")
    assert "HCl" in boc.text
    # the Boc highlight covers the tert-butyl ester, not just the carbonyl
    assert symbols(BOC_DIAZEPANE_ACID, boc.atoms).count("C") >= 5
    # acid 3 B-H = 1 BH3, plus the secondary ring amine of the product
    assert a.hydride_budget == pytest.approx(2.0)


# --- what is a lactam ----------------------------------------------------------------------

@pytest.mark.parametrize("ring", [4, 5, 6, 7, 8, 9, 12, 13])
def test_lactams_of_any_ring_size(ring):
    smiles = "O=C1" + "C" * (ring - 2) + "N1"
    a = analyse(smiles)
    assert len(a.lactams) == 1
    assert "no_lactam" not in ids(a)


def test_two_pyrrolidinone():
    a = analyse("O=C1CCCN1")
    assert a.formula == "C4H7NO"
    assert a.mw == pytest.approx(85.11, abs=0.02)
    assert len(a.lactams) == 1
    assert a.warnings == ()
    # C=O 2 + N-H 1 = 1 BH3, and pyrrolidine holds one more
    assert a.hydride_budget == pytest.approx(2.0)


def test_beta_lactam_agrees_with_rdkit_fr_lactam():
    smiles = "O=C1CCN1C"
    a = analyse(smiles)
    assert len(a.lactams) == 1
    assert Fragments.fr_lactam(Chem.MolFromSmiles(smiles)) == 1


def test_penicillin_beta_lactam_with_side_chain_amide_and_acid():
    penicillin_g = "CC1(C)SC2C(NC(=O)Cc3ccccc3)C(=O)N2C1C(=O)O"
    a = analyse(penicillin_g)
    assert len(a.lactams) == 1
    assert a.count("acyclic_amide") == 1
    assert a.count("carboxylic_acid") == 1
    assert {"carboxylic_acid", "acyclic_amide"} <= ids(a)


def test_oxazolidinone_is_a_cyclic_carbamate_not_a_lactam():
    a = analyse("O=C1NCCO1")
    assert a.lactams == ()
    assert a.count("cyclic_carbamate") == 1
    assert a.count("carbamate") == 1
    no_lactam = next(w for w in a.warnings if w.id == "no_lactam")
    assert "carbamate" in no_lactam.text


def test_cyclic_urea_is_not_a_lactam():
    a = analyse("O=C1NCCN1")  # imidazolidin-2-one
    assert a.lactams == ()
    assert a.count("cyclic_urea") == 1
    assert "no_lactam" in ids(a) and "cyclic_urea" in ids(a)


def test_acyclic_amide_is_not_a_lactam_but_borane_still_reduces_it():
    a = analyse("CC(=O)NC")  # N-methylacetamide
    assert a.lactams == ()
    assert a.count("acyclic_amide") == 1
    w = next(w for w in a.warnings if w.id == "acyclic_amide")
    assert "still reduces" in w.text and w.source.startswith("Brown, H. C.; Heim, P.")
    # C=O 2 + N-H 1 = 1 BH3; the product N-ethylmethylamine holds one more
    assert a.hydride_budget == pytest.approx(2.0)


def test_amide_on_a_ring_nitrogen_is_not_a_lactam():
    # N-acetylpiperidine: N in a ring, but the C(=O)-N bond is not
    a = analyse("CC(=O)N1CCCCC1")
    assert a.lactams == ()
    assert a.count("acyclic_amide") == 1


def test_pyridone_is_named_when_no_lactam_is_found():
    a = analyse("O=c1cccc[nH]1")
    assert a.lactams == ()
    assert "pyridone" in next(w for w in a.warnings if w.id == "no_lactam").text


def test_glutarimide_and_diketopiperazine_count_each_ring_amide():
    assert len(analyse("O=C1CCCC(=O)N1").lactams) == 2
    assert len(analyse("O=C1CNC(=O)CN1").lactams) == 2


def test_one_four_diazepan_5_one_lactam_and_basic_amine():
    a = analyse("O=C1CCNCCN1")
    assert a.formula == "C5H10N2O"
    assert len(a.lactams) == 1
    assert a.count("basic_amine") == 1
    assert "basic_amine" in ids(a)
    # C=O 2 + N-H 1 = 1 BH3; the 1,4-diazepane product has two basic N
    assert a.hydride_budget == pytest.approx(3.0)


def test_pbd_dilactam_budget_does_not_count_the_aniline_nitrogen():
    # pyrrolo[2,1-c][1,4]benzodiazepine-5,11-dione
    a = analyse("O=C1Nc2ccccc2C(=O)N2CCCC12")
    assert len(a.lactams) == 2
    # two C=O (4) + one N-H (1) = 5/3; product: N10 is an aniline N, N4 is basic
    assert a.hydride_budget == pytest.approx(5 / 3 + 1)


# --- competing groups and their warnings ---------------------------------------------------

def test_nitro_lactam_recommends_bh3_thf_over_in_situ_borane():
    a = analyse("O=C1CCc2cc([N+](=O)[O-])ccc2N1")
    assert len(a.lactams) == 1 and a.count("nitro") == 1
    w = next(w for w in a.warnings if w.id == "nitro")
    assert "BH3·THF" in w.text and "I2" in w.text and "BF3" in w.text
    # nitro is tolerated: budget is the lactam's alone (the product N is an aniline)
    assert a.hydride_budget == pytest.approx(1.0)


def test_n_benzyl_lactam_warns_about_pd_methanolysis():
    smiles = "O=C1CCCN1Cc1ccccc1"
    a = analyse(smiles)
    assert a.count("n_benzyl") == 1
    w = next(w for w in a.warnings if w.id == "n_benzyl")
    assert "Pd/C" in w.text and "Couturier" in w.source
    assert "N" in symbols(smiles, w.atoms)


def test_alkene_lactam_warns_about_hydroboration_and_counts_it():
    a = analyse("C=CCN1CCCC1=O")
    assert a.count("alkene") == 1
    assert "hydroborated" in next(w for w in a.warnings if w.id == "alkene").text
    # C=O 2 + C=C 1 = 1 BH3, plus the pyrrolidine
    assert a.hydride_budget == pytest.approx(2.0)


def test_lactone_is_an_ester_at_risk_not_a_lactam():
    a = analyse("O=C1CCCO1")
    assert a.lactams == ()
    assert a.count("lactone") == 1 and a.count("ester") == 1
    assert "heat" in next(w for w in a.warnings if w.id == "ester").text


@pytest.mark.parametrize(("smiles", "group", "warning"), [
    ("O=C1CCC(CC#N)N1", "nitrile", "nitrile"),
    ("O=CCC1CCC(=O)N1", "aldehyde", "aldehyde"),
    ("CC(=O)CC1CCC(=O)N1", "ketone", "ketone"),
    ("O=C1CCC(C2CO2)N1", "epoxide", "epoxide"),
    ("CC#CC1CCC(=O)N1", "alkyne", "alkyne"),
    ("CCOC(=O)C1CCC(=O)N1", "ester", "ester"),
    ("OC(=O)CC1CCC(=O)N1", "carboxylic_acid", "carboxylic_acid"),
])
def test_competing_groups_next_to_a_lactam_are_found_and_warned(smiles, group, warning):
    a = analyse(smiles)
    assert len(a.lactams) == 1
    assert a.count(group) == 1
    assert warning in ids(a)
    w = next(w for w in a.warnings if w.id == warning)
    assert w.atoms and all(0 <= i < Chem.MolFromSmiles(smiles).GetNumAtoms() for i in w.atoms)


def test_nitrile_budget_counts_the_new_primary_amine():
    plain = analyse("O=C1CCC(C)N1").hydride_budget
    with_nitrile = analyse("O=C1CCC(CC#N)N1").hydride_budget
    # nitrile: 2 B-H, and its primary amine product holds one BH3
    assert with_nitrile - plain == pytest.approx(2 / 3 + 1)


def test_aryl_fluoride_is_counted_but_not_warned_for_pd():
    a = analyse("O=C1CCc2cc(F)ccc2N1")
    assert a.count("aryl_halide") == 1
    assert "aryl_halide" not in ids(a)


def test_alcohol_and_primary_amide_hydrogens_are_acidic():
    a = analyse("NC(=O)CCO")
    assert a.count("acidic_nh_oh") == 3  # NH2 (2) + OH (1)


def test_pyridine_and_tertiary_amine_hold_borane():
    assert analyse("O=C1CCCN1.c1ccncc1").count("basic_amine") == 1
    assert analyse("CN1CCC(CC1)C1CCC(=O)N1").count("basic_amine") == 1
    assert analyse("O=C1CCc2ccccc2N1").count("basic_amine") == 0  # anilide N is not basic


def test_no_warning_without_a_source_from_the_seed_notes():
    for smiles in (NORDAZEPAM, BOC_DIAZEPANE_ACID, "C=CC(=O)CC1CC(C#N)C(C2CO2)N1Cc1ccccc1[N+](=O)[O-]",
                   "O=C1NCCO1", "O=C1NCCN1", "CC(=O)NC", "O=C1CCCO1"):
        for w in analyse(smiles).warnings:
            assert w.text and w.id
            rest = w.source
            for known in sorted(SEED_SOURCES, key=len, reverse=True):
                rest = rest.replace(known, "")
            assert w.source != rest and not rest.strip("; "), (w.id, w.source)


# --- input forms, indices and errors -------------------------------------------------------

def test_molblock_and_mol_give_the_same_answer_and_indices():
    mol = Chem.MolFromSmiles(NORDAZEPAM)
    from_smiles = analyse(NORDAZEPAM)
    from_block = analyse(Chem.MolToMolBlock(mol))
    from_mol = analyse(mol)
    for a in (from_block, from_mol):
        assert a.formula == from_smiles.formula
        assert a.groups == from_smiles.groups
        assert a.lactams == from_smiles.lactams
        assert a.hydride_budget == pytest.approx(from_smiles.hydride_budget)


def test_explicit_hydrogens_do_not_change_the_analysis():
    for smiles in (NORDAZEPAM, BOC_DIAZEPANE_ACID, "NC(=O)CCO"):
        plain = analyse(smiles)
        with_h = analyse(Chem.AddHs(Chem.MolFromSmiles(smiles)))
        assert with_h.groups == plain.groups
        assert with_h.hydride_budget == pytest.approx(plain.hydride_budget)
        assert with_h.lactams == plain.lactams  # heavy atoms keep their indices


def test_group_atoms_are_there_for_highlighting():
    a = analyse(NORDAZEPAM)
    assert a.group_atoms["lactam"] and a.group_atoms["imine"] and a.group_atoms["aryl_halide"]
    assert set(a.group_atoms) <= set(substrate.GROUP_IDS)


def test_analysing_does_not_modify_the_callers_mol():
    mol = Chem.MolFromSmiles(NORDAZEPAM)
    before = Chem.MolToSmiles(mol)
    analyse(mol)
    assert Chem.MolToSmiles(mol) == before


@pytest.mark.parametrize("bad", ["C1CC", "CC(C)(C)(C)(C)C", "not a molecule", "", "   "])
def test_invalid_structure_raises_value_error_with_a_reason(bad):
    with pytest.raises(ValueError) as info:
        analyse(bad)
    assert str(info.value)


def test_unsanitizable_mol_raises_value_error():
    with pytest.raises(ValueError, match="valence"):
        analyse(Chem.MolFromSmiles("CN(C)(C)C", sanitize=False))


def test_rdkit_shipped_patterns_are_used_where_they_mean_the_same():
    assert substrate.PATTERNS["nitrile"] is Fragments.fr_nitrile.__defaults__[-1]
    assert substrate.PATTERNS["nitro"] is Fragments.fr_nitro.__defaults__[-1]


def test_to_json_has_the_cli_shape():
    data = analyse(NORDAZEPAM).to_json()
    assert {"formula", "mw", "lactams", "groups", "hydride_budget", "warnings"} <= set(data)
    assert data["formula"] == "C15H11ClN2O" and data["mw"] == pytest.approx(270.72)
    assert data["groups"]["lactam"] == 1
    assert all({"id", "text", "source"} <= set(w) for w in data["warnings"])


def test_format_text_reads_like_a_summary():
    text = format_text(analyse(BOC_DIAZEPANE_ACID))
    assert "C11H20N2O4" in text and "244.29 g/mol" in text
    assert "Lactams:  0" in text
    assert "carboxylic acid: 1" in text and "Boc: 1" in text
    assert "Couturier" in text  # sources are shown


def test_read_structure_arg_passes_smiles_through():
    assert read_structure_arg(NORDAZEPAM) == NORDAZEPAM


def test_read_structure_arg_reads_mol_and_first_sdf_record(tmp_path):
    mol_file = tmp_path / "nordazepam.mol"
    mol_file.write_text(Chem.MolToMolBlock(Chem.MolFromSmiles(NORDAZEPAM)))
    assert analyse(read_structure_arg(str(mol_file))).formula == "C15H11ClN2O"

    sdf = tmp_path / "two.sdf"
    writer = Chem.SDWriter(str(sdf))
    for smiles in ("O=C1CCCN1", NORDAZEPAM):
        writer.write(Chem.MolFromSmiles(smiles))
    writer.close()
    assert analyse(read_structure_arg(str(sdf))).formula == "C4H7NO"


def test_read_structure_arg_missing_file_is_a_located_error(tmp_path):
    with pytest.raises(InputError) as info:
        read_structure_arg(str(tmp_path / "missing.mol"))
    assert "missing.mol" in str(info.value)


def test_a_file_named_like_a_smiles_does_not_shadow_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "CCO").write_text("not a structure")
    assert read_structure_arg("CCO") == "CCO"
    block = Chem.MolToMolBlock(Chem.MolFromSmiles("O=C1CCCN1"))
    (tmp_path / "my lactam").write_text(block)
    assert analyse(read_structure_arg("my lactam")).formula == "C4H7NO"


def test_read_structure_arg_reads_stdin(monkeypatch):
    import io

    block = Chem.MolToMolBlock(Chem.MolFromSmiles(NORDAZEPAM))
    monkeypatch.setattr("sys.stdin", io.StringIO(block + "$$$$\n" + block))
    assert analyse(read_structure_arg("-")).formula == "C15H11ClN2O"


def test_a_folder_named_like_a_smiles_does_not_shadow_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "C").mkdir()
    (tmp_path / "lactams").mkdir()
    assert read_structure_arg("C") == "C"
    with pytest.raises(InputError, match="this is a folder"):
        read_structure_arg("lactams")


@pytest.mark.parametrize(("bad", "reason"), [
    ("CCO)", "extra close parentheses at position 4"),
    ("C(C", "extra open parentheses at position 2"),
    ("O=C1CCCN1X", "syntax error at position 10"),
    ("C1CC", "unclosed ring"),
    ("c1cccc1", "Can't kekulize mol.  Unkekulized atoms: 0 1 2 3 4"),  # said once, not twice
])
def test_a_smiles_error_is_rdkits_reason_and_position_on_one_line(bad, reason):
    with pytest.raises(ValueError) as info:
        substrate.parse_structure(bad)
    assert str(info.value) == f"invalid SMILES: {reason}"


def test_two_molecules_on_the_canvas_are_flagged_because_the_mw_counts_both() -> None:
    """A pasted fragment next to the lactam would silently change every amount."""
    from boranegui.core.substrate import analyse

    one = analyse("O=C1CCCN1")
    two = analyse("O=C1CCCN1.O=C1CCCCN1")
    assert "several_molecules" not in {w.id for w in one.warnings}
    flagged = next(w for w in two.warnings if w.id == "several_molecules")
    assert "2 separate molecules" in flagged.text and flagged.source
    assert two.mw > one.mw * 2  # both counted, which is what the warning says
