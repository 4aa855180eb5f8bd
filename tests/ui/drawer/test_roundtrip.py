"""Round-trip fidelity on real molecules nobody here wrote: the SDF/MOL files in RDKit's wheel.

Each molecule is loaded into the widget, exported (SMILES, MOL V2000, MOL V3000) and compared
with RDKit's own canonical SMILES of the file. Every readable molecule must survive.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdkit import Chem, RDConfig, rdBase

from boranegui.ui.drawer import MoleculeDrawer, formats


def shipped_structure_files() -> list[Path]:
    roots = [Path(RDConfig.RDContribDir), Path(RDConfig.RDDataDir) / "NCI"]
    files: list[Path] = []
    for root in roots:
        if root.is_dir():
            files += sorted(root.rglob("*.sdf")) + sorted(root.rglob("*.mol"))
    return files


def reference_molecules() -> tuple[list[tuple[str, Chem.Mol]], int]:
    """(label, molecule) for every record RDKit can read, plus the count it cannot read at all.

    Read with RDKit's own SDMolSupplier, independent of the drawer's reader. A record the
    sanitizer rejects is kept unsanitized; only records RDKit cannot parse at all are skipped.
    """
    found: list[tuple[str, Chem.Mol]] = []
    unreadable = 0
    with rdBase.BlockLogs():
        for path in shipped_structure_files():
            strict = Chem.SDMolSupplier(str(path))
            lenient = Chem.SDMolSupplier(str(path), sanitize=False)
            for n in range(len(strict)):
                mol = strict[n]
                if mol is None:
                    mol = lenient[n]
                    if mol is not None:
                        mol.UpdatePropertyCache(strict=False)
                if mol is None:
                    unreadable += 1
                    continue
                found.append((f"{path.name}#{n + 1}", mol))
    return found, unreadable


def test_every_shipped_molecule_round_trips_through_the_widget(qtbot) -> None:
    molecules, unreadable = reference_molecules()
    assert len(molecules) > 500, "the rdkit wheel should ship several hundred test molecules"
    drawer = MoleculeDrawer()
    qtbot.addWidget(drawer)
    mismatches = []
    for label, ref in molecules:
        expected = Chem.MolToSmiles(ref)
        drawer.set_molecule(ref)
        got = {
            "smiles": drawer.smiles(),
            "mol": Chem.MolToSmiles(Chem.MolFromMolBlock(drawer.molblock())),
            "v3000": Chem.MolToSmiles(Chem.MolFromMolBlock(drawer.molblock(v3000=True))),
            "molecule()": Chem.MolToSmiles(drawer.molecule()),
        }
        bad = {k: v for k, v in got.items() if v != expected}
        if bad:
            mismatches.append((label, expected, bad))
    matched = len(molecules) - len(mismatches)
    print(
        f"\nround trip: {matched}/{len(molecules)} molecules identical "
        f"(SMILES, MOL V2000, MOL V3000, Mol); {unreadable} unreadable by RDKit itself, skipped"
    )
    assert not mismatches, mismatches[:5]


def test_the_drawers_own_file_reader_agrees_with_rdkit_on_every_shipped_file(qtbot) -> None:
    drawer = MoleculeDrawer()
    qtbot.addWidget(drawer)
    total = 0
    for path in shipped_structure_files():
        with rdBase.BlockLogs():
            reference = [m for m in Chem.SDMolSupplier(str(path)) if m is not None]
        records = formats.read_file(path)
        assert len(records) == len(reference), path.name
        for record, ref in zip(records, reference, strict=True):
            drawer.set_molecule(record.mol)
            assert drawer.smiles() == Chem.MolToSmiles(ref), (path.name, record.name)
            total += 1
    print(f"\nfile reader: {total} records read through formats.read_file match SDMolSupplier")


@pytest.mark.parametrize(
    "smiles",
    [
        "C[C@H](N)C(=O)O",  # a stereocentre
        "C/C=C/C(=O)N1CCCC1=O",  # E double bond next to a lactam
        "[13CH3]C(=O)N1CCCC1=O",  # isotope
        "C[N+](C)(C)CC(=O)[O-]",  # charges
        "c1ccc2[nH]ccc2c1",  # aromatic N-H
        "[CH2]C",  # radical
        "O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1",  # nordazepam
        "CC.O",  # two fragments
    ],
)
def test_tricky_features_survive_set_molecule_and_export(qtbot, smiles: str) -> None:
    drawer = MoleculeDrawer()
    qtbot.addWidget(drawer)
    drawer.set_molecule(smiles)
    expected = Chem.MolToSmiles(Chem.MolFromSmiles(smiles))
    assert drawer.smiles() == expected
    assert Chem.MolToSmiles(Chem.MolFromMolBlock(drawer.molblock())) == expected


def test_v3000_and_sdf_text_are_recognised(qtbot) -> None:
    drawer = MoleculeDrawer()
    qtbot.addWidget(drawer)
    lactam = Chem.MolFromSmiles("O=C1CCCN1C")
    drawer.set_molecule(Chem.MolToV3KMolBlock(lactam))
    assert drawer.smiles() == Chem.MolToSmiles(lactam)
    sdf = Chem.MolToMolBlock(Chem.MolFromSmiles("CCO")) + "$$$$\n" + Chem.MolToMolBlock(lactam) + "$$$$\n"
    drawer.set_molecule(sdf)  # the first record
    assert drawer.smiles() == "CCO"
