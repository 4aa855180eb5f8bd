"""How fast is the substrate analysis the drawer runs after every edit?

Prints the median time of ``analyse()`` per molecule over a panel of lactams, and the
ratio to a floor measured in the same run: RDKit copying and sanitizing the molecule and
computing its formula (work any analysis must do).  Run:
``python benchmarks/bench_substrate.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rdkit import Chem
from rdkit.Chem import rdMolDescriptors

from boranegui.core.substrate import analyse

PANEL = [
    "O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1",  # nordazepam
    "CC(C)(C)OC(=O)N1CCNC(C(=O)O)CC1",  # the note's compound of interest
    "O=C1CCCN1",
    "CC1(C)SC2C(NC(=O)Cc3ccccc3)C(=O)N2C1C(=O)O",  # penicillin G
    "O=C1Nc2ccccc2C(=O)N2CCCC12",  # PBD dilactam
    "C=CC(=O)CC1CC(C#N)C(C2CO2)N1Cc1ccccc1[N+](=O)[O-]",
    "COc1cc2c(cc1OC)N=CC1CCCN1C2=O",  # a PBD imine
]


def _median_us(fn, mols: list[Chem.Mol], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for mol in mols:
            fn(mol)
        times.append((time.perf_counter() - start) / len(mols))
    return statistics.median(times) * 1e6


def _floor(mol: Chem.Mol) -> str:
    copy = Chem.Mol(mol)
    Chem.SanitizeMol(copy)
    return rdMolDescriptors.CalcMolFormula(copy)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    mols = [Chem.MolFromSmiles(s) for s in PANEL]
    analyse(mols[0])  # warm-up: first call imports rdkit.Chem.Fragments
    floor = _median_us(_floor, mols, args.repeat)
    analysis = _median_us(analyse, mols, args.repeat)
    print(f"floor (copy + sanitize + formula): median {floor:8.1f} µs per molecule")
    print(f"analyse()                        : median {analysis:8.1f} µs per molecule")
    print(f"ratio analyse/floor              : {analysis / floor:8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
