"""The run record (borane-run/1): every field, the validation, the round trip, atomic saving."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdkit import Chem

from boranegui.core import run_record as rr
from boranegui.core import yamlio
from boranegui.core.yamlio import InputError

NORDAZEPAM = "O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1"

# A file that sets every field of the format (ARCHITECTURE.md), with the value each must load as.
FULL = """\
format: borane-run/1
title: Nordazepam reduction, batch 3
date: 2026-11-20
operator: A. Chemist
substrate:
  smiles: O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1
  name: 7-chloro-5-phenyl-1,3-dihydro-2H-1,4-benzodiazepin-2-one
  water_percent: 0.1
  target_smiles: ClC1=CC2=C(NCCN=C2C2=CC=CC=C2)C=C1
scale_g: 5.0
reagent:
  kind: bh3_thf
  molarity: 1.0
  equiv: 3.0
  age_weeks: 12
  storage: room_temp
  titer_checked: false
solvent:
  name: THF
  volumes: 8
  anhydrous: true
  water_ppm: 50
  dissolved: true
conditions:
  addition_temp_c: 0
  addition_minutes: 45
  max_temp_c: 66
  time_h: 3
workup:
  quench: methanol
  quench_temp_c: 0
  quench_minutes: 30
  decomplexation: acid
  acid:
    hcl_molarity: 6
    equiv_vs_borane: 2.5
    volume_ml: 30.8
    temp_c: 66
    hours: 1.0
  basify_ph: 11
  extraction_solvent: EtOAc
outcome:
  yield_percent: 35
  mass_balance_percent: 104
  starting_material_percent: 40
  symptoms: [low_yield, tlc_smear]
  ruled_out: [gel_formation]
  notes: free text
  reduced_groups: [imine]
  masses:
  - mz: 273.1
    where: crude
    percent: 60
follows:
  run: 0d6f1b64-3c1e-4b8e-9d59-2f0c6e0b7f11
  changes:
  - parameter: acid_temp_c
    before: 20
    after: 66
    cause: amine_borane_complex
    action: heat_acid_step
assumed: [reagent.equiv]
not_known: [reagent.age_weeks, "symptom:gas_on_acid"]
"""
EXPECTED = {
    "format": None,  # not stored on the record: always borane-run/1
    "title": "Nordazepam reduction, batch 3",
    "date": "2026-11-20",
    "operator": "A. Chemist",
    "follows": {"run": "0d6f1b64-3c1e-4b8e-9d59-2f0c6e0b7f11", "changes": [
        {"parameter": "acid_temp_c", "before": 20, "after": 66, "cause": "amine_borane_complex",
         "action": "heat_acid_step"}]},
    "substrate.smiles": NORDAZEPAM,
    "substrate.molblock": None,
    "substrate.name": "7-chloro-5-phenyl-1,3-dihydro-2H-1,4-benzodiazepin-2-one",
    "substrate.water_percent": 0.1,
    "substrate.target_smiles": "ClC1=CC2=C(NCCN=C2C2=CC=CC=C2)C=C1",
    "scale_g": 5.0,
    "reagent.kind": "bh3_thf",
    "reagent.molarity": 1.0,
    "reagent.equiv": 3.0,
    "reagent.age_weeks": 12,
    "reagent.storage": "room_temp",
    "reagent.titer_checked": False,
    "solvent.name": "THF",
    "solvent.volumes": 8,
    "solvent.anhydrous": True,
    "solvent.water_ppm": 50,
    "solvent.dissolved": True,
    "conditions.addition_temp_c": 0,
    "conditions.addition_minutes": 45,
    "conditions.max_temp_c": 66,
    "conditions.time_h": 3,
    "workup.quench": "methanol",
    "workup.quench_temp_c": 0,
    "workup.quench_minutes": 30,
    "workup.decomplexation": "acid",
    "workup.acid.hcl_molarity": 6,
    "workup.acid.equiv_vs_borane": 2.5,
    "workup.acid.volume_ml": 30.8,
    "workup.acid.temp_c": 66,
    "workup.acid.hours": 1.0,
    "workup.basify_ph": 11,
    "workup.extraction_solvent": "EtOAc",
    "outcome.yield_percent": 35,
    "outcome.mass_balance_percent": 104,
    "outcome.starting_material_percent": 40,
    "outcome.symptoms": ("low_yield", "tlc_smear"),
    "outcome.ruled_out": ("gel_formation",),
    "outcome.notes": "free text",
    "outcome.reduced_groups": ("imine",),
    "outcome.masses": (rr.Mass(273.1, "crude", 60),),
    "assumed": ("reagent.equiv",),
    "not_known": ("reagent.age_weeks", "symptom:gas_on_acid"),
}
MINIMAL = """\
format: borane-run/1
substrate:
  smiles: O=C1CCCN1
scale_g: 2
reagent:
  kind: bh3_sme2
  equiv: 4
solvent:
  name: THF
conditions:
  addition_temp_c: 0
  max_temp_c: 66
  time_h: 2
workup:
  quench: methanol
  decomplexation: amine_exchange
"""


# The Pd/C step replaces the acid step of FULL (the two cannot stand side by side).
PD_BLOCK = ("  decomplexation: pd_methanol\n  pd:\n    loading_wt_percent: 10\n    pd_percent: 10\n"
            "    temp_c: 20\n    hours: 4\n")
PD_EXPECTED = {"workup.pd.loading_wt_percent": 10, "workup.pd.pd_percent": 10, "workup.pd.temp_c": 20,
               "workup.pd.hours": 4}
FULL_PD = FULL.replace("  decomplexation: acid\n  acid:\n    hcl_molarity: 6\n    equiv_vs_borane: 2.5\n"
                       "    volume_ml: 30.8\n    temp_c: 66\n    hours: 1.0\n", PD_BLOCK)


def test_the_test_covers_every_field_of_the_format():
    assert set(EXPECTED) | set(PD_EXPECTED) == set(rr.FIELDS)


def test_the_pd_step_loads_with_its_details():
    run = rr.loads(FULL_PD)
    assert run.workup.acid is None and run.workup.decomplexation == "pd_methanol"
    assert run.workup.pd == rr.PdWorkup(loading_wt_percent=10, pd_percent=10, temp_c=20, hours=4)
    assert {path: run.get(path) for path in PD_EXPECTED} == PD_EXPECTED
    assert rr.loads(rr.dumps(run)) == run


def test_pd_details_are_refused_beside_another_method():
    for method in ("acid", "none", "amine_exchange"):
        problem = _problem(FULL_PD.replace("decomplexation: pd_methanol", f"decomplexation: {method}"))
        assert problem.field == "workup.pd" and "Pd/C step details are given" in problem.message
    # unknown method: the Pd details say what was done, as a recorded HCl step does
    assert rr.loads(FULL_PD.replace("  decomplexation: pd_methanol\n", "")).workup.pd is not None


@pytest.mark.parametrize(("line", "why"), [
    ("loading_wt_percent: 0", "must be more than 0 wt %"),
    ("pd_percent: 120", "must be at most 100%"),
    ("hours: -1", "must be at least 0 h"),
])
def test_pd_details_are_checked_against_their_bounds(line: str, why: str):
    key = line.split(":")[0]
    bad = "\n".join(f"    {line}" if row.strip().startswith(key + ":") else row for row in FULL_PD.split("\n"))
    problem = _problem(bad)
    assert problem.field == f"workup.pd.{key}" and problem.message == why


def test_every_field_loads_with_its_value():
    run = rr.loads(FULL, "full.yaml")
    for path, value in EXPECTED.items():
        if path == "format":
            continue
        assert run.get(path) == value, path


def test_the_drawing_is_kept_beside_the_smiles():
    mol = Chem.MolFromSmiles(NORDAZEPAM)
    block = Chem.MolToMolBlock(mol)
    indented = "".join(f"    {line}\n" for line in block.splitlines())
    text = FULL.replace(f"  smiles: {NORDAZEPAM}\n", f"  smiles: {NORDAZEPAM}\n  molblock: |2\n{indented}")
    run = rr.loads(text, "drawn.yaml")
    assert run.substrate.smiles == NORDAZEPAM and run.substrate.structure == NORDAZEPAM
    assert run.substrate.molblock == block.rstrip("\n") + "\n"
    assert rr.loads(rr.dumps(run), "again.yaml") == run


def test_molblock_substrate_instead_of_smiles():
    block = Chem.MolToMolBlock(Chem.MolFromSmiles(NORDAZEPAM))
    indented = "".join(f"    {line}\n" for line in block.splitlines())
    # A MolBlock starts with an empty title line and indented counts: YAML needs the indentation indicator.
    text = FULL.replace(f"  smiles: {NORDAZEPAM}\n", f"  molblock: |2\n{indented}")
    run = rr.loads(text, "mol.yaml")
    assert run.substrate.smiles is None
    assert run.substrate.molblock == block
    assert run.substrate.structure == run.substrate.molblock
    assert rr.loads(rr.dumps(run)) == run


def test_minimal_record_leaves_optional_fields_unknown():
    run = rr.loads(MINIMAL, "min.yaml")
    assert run.title is None and run.date is None
    assert run.reagent.molarity is None
    assert run.reagent.nominal_molarity == 10.0  # BMS default
    assert run.solvent.volumes is None and run.solvent.anhydrous is None
    assert run.workup.acid is None
    assert run.outcome == rr.Outcome()
    assert run.get("workup.acid.hours") is None


def test_in_situ_reagent_has_no_default_molarity():
    run = rr.loads(MINIMAL.replace("kind: bh3_sme2", "kind: nabh4_i2"), "x.yaml")
    assert run.reagent.in_situ
    assert run.reagent.nominal_molarity is None


def test_dumps_writes_a_readable_file_in_notebook_order():
    run = rr.loads(FULL, "full.yaml")
    text = rr.dumps(run)
    assert text.startswith("format: borane-run/1\n")
    assert "  symptoms: [low_yield, tlc_smear]\n" in text
    assert "date: 2026-11-20\n" in text  # unquoted, as a chemist types it
    keys = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith((" ", "-"))]
    assert keys == ["format", "title", "date", "operator", "follows", "substrate", "scale_g", "reagent", "solvent",
                    "conditions", "workup", "outcome", "assumed", "not_known"]
    assert rr.loads(text) == run


def test_with_field_sets_and_clears_and_validates():
    run = rr.loads(FULL, "full.yaml")
    assert run.with_field("workup.acid.hours", 2.0).workup.acid.hours == 2.0
    assert run.with_field("reagent.age_weeks", None).reagent.age_weeks is None
    assert run.with_field("outcome.symptoms", ("emulsion",)).outcome.symptoms == ("emulsion",)
    with pytest.raises(InputError) as info:
        run.with_field("scale_g", -1)
    assert info.value.problems[0].field == "scale_g"


def test_from_dict_validates_like_a_file():
    data = rr.loads(FULL, "full.yaml").to_dict()
    data["reagent"]["kind"] = "lialh4"
    with pytest.raises(InputError) as info:
        rr.from_dict(data)
    assert info.value.problems[0].field == "reagent.kind"


def _problem(text: str) -> yamlio.Problem:
    with pytest.raises(InputError) as info:
        rr.loads(text, "run.yaml")
    return info.value.problems[0]


# A MOL block of another molecule (2-pyrrolidinone), indented for a YAML literal block.
_OTHER_MOLBLOCK = "".join(f"    {line}\n" for line in Chem.MolToMolBlock(Chem.MolFromSmiles("O=C1CCCN1")).splitlines())


@pytest.mark.parametrize(("old", "new", "field", "words"), [
    ("scale_g: 5.0", "scale_g: -5.0", "scale_g", "more than 0"),
    ("scale_g: 5.0", "scale_g: 0", "scale_g", "more than 0"),
    ("  equiv: 3.0", "  equiv: lots", "reagent.equiv", "must be a number"),
    ("  equiv: 3.0", "  equiv: true", "reagent.equiv", "must be a number"),
    ("  yield_percent: 35", "  yield_percent: 135", "outcome.yield_percent", "at most 100"),
    ("  basify_ph: 11", "  basify_ph: 15", "workup.basify_ph", "at most 14"),
    ("  hcl_molarity: 6", "  hcl_molarity: 20", "workup.acid.hcl_molarity", "at most 12.5"),
    ("  max_temp_c: 66", "  max_temp_c: .nan", "conditions.max_temp_c", "finite"),
    ("  kind: bh3_thf", "  kind: lialh4", "reagent.kind", "bh3_thf"),
    ("  storage: room_temp", "  storage: freezer", "reagent.storage", "fridge"),
    ("  anhydrous: true", "  anhydrous: maybe", "solvent.anhydrous", "true or false"),
    ("  symptoms: [low_yield, tlc_smear]", "  symptoms: [low_yield, smoke]", "outcome.symptoms", "smoke"),
    ("  symptoms: [low_yield, tlc_smear]", "  symptoms: [{a: 1}]", "outcome.symptoms", "symptom ids"),
    ("  symptoms: [low_yield, tlc_smear]", "  symptoms: [low_yield, gel_formation]", "outcome.ruled_out",
     "both seen and ruled out"),
    ("  equiv: 3.0", "  equiv: 3.0\n  equivs: 4", "reagent.equivs", "unknown field"),
    ("date: 2026-11-20", "date: 2026-13-45", "date", "month"),
    ("date: 2026-11-20", "date: last tuesday", "date", "2026-11-20"),
    ("scale_g: 5.0\n", "", "scale_g", "required"),
    (f"  smiles: {NORDAZEPAM}", "  smiles: C1CC(", "substrate.smiles", "invalid SMILES"),
    (f"  smiles: {NORDAZEPAM}\n", "", "substrate", "exactly one of smiles or molblock"),
    (f"  smiles: {NORDAZEPAM}\n", "  molblock: |\n    not\n    a molecule\n    M  END\n", "substrate.molblock",
     "invalid MOL block"),
    (f"  smiles: {NORDAZEPAM}", f"  smiles: {NORDAZEPAM}\n  molblock: x", "substrate.molblock", "invalid"),
    (f"  smiles: {NORDAZEPAM}", f"  smiles: {NORDAZEPAM}\n  molblock: |2\n{_OTHER_MOLBLOCK}", "substrate.molblock",
     "not the molecule of the SMILES"),
    ("solvent:\n  name: THF\n  volumes: 8\n  anhydrous: true\n  water_ppm: 50\n  dissolved: true\n", "solvent: THF\n",
     "solvent",
     "section"),
])
def test_each_problem_names_the_field_and_line(old, new, field, words):
    assert old in FULL
    text = FULL.replace(old, new, 1)
    problem = _problem(text)
    assert problem.field == field
    assert words in problem.message
    assert problem.source == "run.yaml"
    assert problem.line is not None and 1 <= problem.line <= text.count("\n") + 1
    if new:  # the line named is the one edited (or its section's)
        edited = text.splitlines()[problem.line - 1]
        assert field.split(".")[-1] in edited or edited.strip().split(":")[0] in new


def test_all_problems_are_reported_at_once():
    text = FULL.replace("scale_g: 5.0", "scale_g: -5").replace("  kind: bh3_thf", "  kind: x")
    with pytest.raises(InputError) as info:
        rr.loads(text, "run.yaml")
    assert {p.field for p in info.value.problems} == {"scale_g", "reagent.kind"}


def test_acid_section_optional_and_refused_only_beside_another_method():
    without_acid = FULL.replace("  acid:\n    hcl_molarity: 6\n    equiv_vs_borane: 2.5\n    volume_ml: 30.8\n"
                                "    temp_c: 66\n    hours: 1.0\n", "")
    assert rr.loads(without_acid).workup.acid is None  # an acid step with nothing recorded: unknown
    assert rr.loads(without_acid.replace("decomplexation: acid", "decomplexation: pd_methanol")).workup.acid is None
    with_acid = FULL.replace("decomplexation: acid", "decomplexation: none")
    assert "acid conditions are given" in _problem(with_acid).message
    # A notebook's "stirred with 1 M HCl for 15 min at room temperature": no equiv, no volume.
    notebook = FULL.replace("    equiv_vs_borane: 2.5\n    volume_ml: 30.8\n", "")
    assert rr.loads(notebook).workup.acid == rr.AcidWorkup(hcl_molarity=6, temp_c=66, hours=1.0)


def test_only_format_substrate_and_scale_are_required():
    run = rr.loads("format: borane-run/1\nsubstrate:\n  smiles: O=C1CCCN1\nscale_g: 2\n")
    assert run.reagent == rr.Reagent() and run.workup == rr.Workup() and run.conditions == rr.Conditions()
    assert [path for path, spec in rr.FIELDS.items() if spec.required] == ["format", "scale_g"]
    problem = _problem("format: borane-run/1\nsubstrate:\n  smiles: O=C1CCCN1\n")
    assert (problem.field, problem.line) == ("scale_g", 1)  # the missing path, as data


def test_masses_are_checked_entry_by_entry():
    bad = FULL.replace("  - mz: 273.1\n", "  - mz: -3\n")
    problem = _problem(bad)
    assert problem.field == "outcome.masses[0].mz" and "more than 0" in problem.message
    assert bad.splitlines()[problem.line - 1].strip() == "- mz: -3"
    problem = _problem(FULL.replace("    where: crude\n", "    where: flask\n"))
    assert problem.field == "outcome.masses[0].where" and "aqueous" in problem.message
    problem = _problem(FULL.replace("  - mz: 273.1\n    where", "  - where"))
    assert problem.field == "outcome.masses[0]" and "m/z" in problem.message
    problem = _problem(FULL.replace("reduced_groups: [imine]", "reduced_groups: [imines]"))
    assert problem.field == "outcome.reduced_groups" and "unknown group 'imines'" in problem.message
    problem = _problem(FULL.replace("target_smiles: ClC1", "target_smiles: C1(("))
    assert problem.field == "substrate.target_smiles"
    assert rr.loads(FULL.replace("mz: 273.1", "mz: 273.123")).outcome.masses[0].decimals == 3


def test_python_tags_are_refused_and_never_run(tmp_path):
    marker = tmp_path / "executed"
    for tagged in (f'  notes: !!python/object/apply:os.system ["touch {marker}"]',
                   f'  notes: !!python/object/apply:builtins.open ["{marker}", "w"]'):
        problem = _problem(FULL.replace("  notes: free text", tagged))
        assert problem.field == "outcome.notes" and "not allowed" in problem.message
    sequence_tag = FULL.replace("  symptoms: [low_yield, tlc_smear]",
                                f'  symptoms: !!python/object/apply:builtins.open ["{marker}", "w"]')
    assert "not allowed" in _problem(sequence_tag).message
    collection_tag = FULL.replace("reagent:\n", "reagent: !!python/object:builtins.dict\n")
    assert "!!python/object" in _problem(collection_tag).message
    assert not marker.exists()


def test_duplicate_keys_are_refused():
    problem = _problem(FULL.replace("scale_g: 5.0", "scale_g: 5.0\nscale_g: 50.0"))
    assert problem.field == "scale_g" and "duplicate" in problem.message
    assert problem.line == FULL.splitlines().index("scale_g: 5.0") + 2


def test_alias_bomb_is_refused_quickly():
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    with pytest.raises(InputError) as info:
        rr.loads("\n".join(lines), "bomb.yaml")
    assert "too many values" in str(info.value)


@pytest.mark.parametrize(("text", "words"), [
    ("", "empty"),
    ("   \n\n", "empty"),
    ("# only a comment\n", "no YAML document"),
    ("- a list\n", "must be a mapping"),
    ("format: borane-run/1\nsubstrate: [\n", "YAML syntax error"),
])
def test_unusable_documents(text, words):
    with pytest.raises(InputError) as info:
        rr.loads(text, "x.yaml")
    assert words in str(info.value)


def test_binary_and_non_utf8_files(tmp_path):
    binary = tmp_path / "image.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary"):
        rr.load(binary)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(FULL.replace("free text", "r\u00e9sum\u00e9").encode("latin-1"))
    with pytest.raises(InputError, match="UTF-8"):
        rr.load(latin)


def test_example_run_round_trips(example_run_path, tmp_path):
    run = rr.load(example_run_path)
    out = tmp_path / "copy.borane.yaml"
    rr.save(run, out)
    assert rr.load(out) == run


# --- atomic save ---------------------------------------------------------------------------

def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "run.yaml")


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_failed_save_leaves_the_old_file_intact(tmp_path, monkeypatch, failing):
    path = tmp_path / "run.yaml"
    old = rr.loads(FULL, "full.yaml")
    rr.save(old, path)
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(yamlio.os, failing, boom)
    with pytest.raises(OSError):
        rr.save(old.with_field("scale_g", 7.5), path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert _leftovers(tmp_path) == []
    assert rr.load(path) == old


def test_save_replaces_the_file_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "run.yaml"
    run = rr.loads(FULL, "full.yaml")
    rr.save(run, path)
    rr.save(run.with_field("scale_g", 7.5), path)
    assert rr.load(path).scale_g == 7.5
    assert _leftovers(tmp_path) == []


# --- round trip (hypothesis) ---------------------------------------------------------------

STRUCTURES = [NORDAZEPAM, "O=C1CCCN1", "CC(C)(C)OC(=O)N1CCNC(C(=O)O)CC1", "O=C1CCCCCN1Cc1ccccc1"]
MOLBLOCKS = [Chem.MolToMolBlock(Chem.MolFromSmiles(s)) for s in STRUCTURES]


def _value(path: str, spec: rr.FieldSpec) -> st.SearchStrategy:
    if spec.kind == "number":
        lo = spec.minimum if spec.minimum is not None else -1e6
        hi = spec.maximum if spec.maximum is not None else 1e6
        return st.one_of(
            st.floats(lo, hi, allow_nan=False, allow_infinity=False, exclude_min=spec.exclusive_minimum),
            st.integers(int(lo) + 1, int(hi)),
        )
    if spec.kind == "text":
        text = st.text(min_size=1, max_size=40)
        return text.filter(str.strip) if spec.required else text
    if spec.kind == "bool":
        return st.booleans()
    if spec.kind == "choice":
        return st.sampled_from(spec.choices)
    if spec.kind == "date":
        return st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat)
    if spec.kind == "groups":
        return st.lists(st.sampled_from(["imine", "ester", "boc", "alkene"]), unique=True, max_size=3)
    if spec.kind == "masses":
        peak = st.fixed_dictionaries(
            {"mz": st.floats(50, 2000, allow_nan=False).map(lambda x: round(x, 3))},
            optional={"where": st.sampled_from(rr.MASS_WHERE), "percent": st.floats(0, 100, allow_nan=False)})
        return st.lists(peak, max_size=3)
    if spec.kind == "follows":
        change = st.fixed_dictionaries({"parameter": st.sampled_from(["acid_hours", "quench"]),
                                        "before": st.one_of(st.none(), st.integers(0, 9)), "after": st.integers(0, 9),
                                        "cause": st.just("amine_borane_complex"), "action": st.just("heat")})
        return st.fixed_dictionaries({"run": st.uuids().map(str), "changes": st.lists(change, max_size=3)})
    if spec.kind == "paths":
        return st.lists(st.sampled_from(["reagent.equiv", "conditions.time_h", "symptom:gas_on_acid"]),
                        unique=True, max_size=3)
    raise AssertionError(path)


@st.composite
def run_records(draw: st.DrawFn) -> rr.RunRecord:
    data: dict = {}

    def put(path: str, value: object) -> None:
        node = data
        *parents, last = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value

    decomplexation = draw(st.sampled_from(rr.DECOMPLEXATIONS))
    for path, spec in rr.FIELDS.items():
        if path in ("format", "substrate.smiles", "substrate.molblock", "outcome.symptoms", "outcome.ruled_out",
                    "workup.decomplexation"):
            continue
        if path == "substrate.target_smiles":
            if draw(st.booleans()):
                put(path, draw(st.sampled_from(["C1CCNC1", "ClC1=CC2=C(NCCN=C2C2=CC=CC=C2)C=C1"])))
            continue
        if path.startswith("workup.acid.") and decomplexation != "acid":
            continue
        if path.startswith("workup.pd.") and decomplexation != "pd_methanol":
            continue
        wanted = spec.required or draw(st.booleans())
        if wanted:
            put(path, draw(_value(path, spec)))
    put("format", rr.FORMAT)
    put("workup.decomplexation", decomplexation)
    if draw(st.booleans()):
        put("substrate.smiles", draw(st.sampled_from(STRUCTURES)))
    else:
        put("substrate.molblock", draw(st.sampled_from(MOLBLOCKS)))
    symptoms = draw(st.lists(st.sampled_from(list(rr.SYMPTOMS)), unique=True, max_size=5))
    rest = [s for s in rr.SYMPTOMS if s not in symptoms]
    ruled_out = draw(st.lists(st.sampled_from(rest), unique=True, max_size=4))
    if symptoms:
        put("outcome.symptoms", symptoms)
    if ruled_out:
        put("outcome.ruled_out", ruled_out)
    if draw(st.booleans()):  # multi-line unicode notes, as pasted from a notebook
        put("outcome.notes", draw(st.text(min_size=1, max_size=80).filter(str.strip)) + "\nline 2: 5 °C, BH₃·THF")
    return rr.from_dict(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(run=run_records())
def test_load_of_save_gives_the_same_record(run, tmp_path):
    path = tmp_path / "run.yaml"
    rr.save(run, path)
    assert rr.load(path) == run
    assert rr.loads(rr.dumps(run)) == run
    assert os.listdir(tmp_path) == ["run.yaml"]


def test_an_empty_optional_section_means_unknown():
    assert rr.loads(MINIMAL + "outcome:\n", "x.yaml").outcome == rr.Outcome()


def test_blank_optional_text_is_kept_as_written():
    assert rr.loads(FULL.replace("  name: THF", "  name: '  '")).solvent.name == "  "


def test_saved_file_has_the_usual_permissions_not_private(tmp_path, example_run_path) -> None:
    """A run saved for a colleague must be readable like any file the user writes."""
    import os
    import stat

    from boranegui.core import run_record as rr

    run = rr.load(example_run_path)
    new = tmp_path / "new.borane.yaml"
    umask = os.umask(0o022)
    try:
        rr.save(run, new)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o644
    shared = tmp_path / "shared.borane.yaml"
    shared.write_text("x")
    shared.chmod(0o664)
    rr.save(run, shared)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o664


def test_a_rules_file_opened_as_a_run_says_so_in_one_problem():
    from boranegui.core import rules
    from boranegui.core.bundled import rules_path

    assert rr.RULES_FORMAT == rules.FORMAT
    with pytest.raises(yamlio.InputError) as info:
        rr.load(rules_path())
    (problem,) = info.value.problems
    assert problem.field == "format" and problem.message.startswith("this is a rules file")


def test_text_that_reads_as_a_number_is_saved_as_text():
    """Hypothesis found a substrate named '0E0' saved bare and read back as the float 0.0."""
    run = rr.from_dict({"format": rr.FORMAT, "substrate": {"smiles": "O=C1CCCN1", "name": "0E0"}, "scale_g": 1,
                        "operator": "1e3", "title": ".5"})
    assert rr.loads(rr.dumps(run)) == run
