"""``boranegui substrate``: the analysis a chemist gets on the command line."""

from __future__ import annotations

import json

from rdkit import Chem

from tests.conftest import run_cli

NORDAZEPAM = "O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1"


def test_substrate_text():
    result = run_cli("substrate", NORDAZEPAM)
    assert result.returncode == 0, result.stderr
    assert "C15H11ClN2O" in result.stdout
    assert "270.72 g/mol" in result.stdout
    assert "Lactams:  1" in result.stdout
    assert "imine" in result.stdout.lower()


def test_substrate_json_shape_and_values():
    result = run_cli("substrate", "CC(C)(C)OC(=O)N1CCNC(C(=O)O)CC1", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["formula"] == "C11H20N2O4"
    assert data["lactams"] == []
    assert data["groups"]["carboxylic_acid"] == 1 and data["groups"]["boc"] == 1
    assert isinstance(data["hydride_budget"], float)
    warning_ids = {w["id"] for w in data["warnings"]}
    assert {"no_lactam", "carboxylic_acid", "boc"} <= warning_ids
    assert all(w["text"] and w["source"] for w in data["warnings"])


def test_substrate_from_a_mol_file(tmp_path):
    path = tmp_path / "nordazepam.mol"
    path.write_text(Chem.MolToMolBlock(Chem.MolFromSmiles(NORDAZEPAM)))
    result = run_cli("substrate", str(path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["formula"] == "C15H11ClN2O"
    assert 2.0 <= data["hydride_budget"] <= 2.7


def test_invalid_smiles_is_one_clear_line_and_exit_2():
    result = run_cli("substrate", "C1CC(")
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("invalid SMILES")
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_missing_structure_file_names_the_file(tmp_path):
    result = run_cli("substrate", str(tmp_path / "nothere.sdf"))
    assert result.returncode == 2
    assert "nothere.sdf" in result.stderr and "Traceback" not in result.stderr


def test_substrate_from_stdin():
    import subprocess
    import sys

    from tests.conftest import cli_env

    block = Chem.MolToMolBlock(Chem.MolFromSmiles("O=C1CCCN1"))
    result = subprocess.run([sys.executable, "-m", "boranegui", "substrate", "-", "--json"], input=block,
                            capture_output=True, text=True, env=cli_env(), timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["formula"] == "C4H7NO"
