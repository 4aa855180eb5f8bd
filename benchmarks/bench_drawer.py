"""Drawer speed: one edit to repainted at 50 and 150 heavy atoms; a 500-atom paste and clean-up.

Targets (issue 15): an edit repainted within 5 ms at 50 atoms and one 60 Hz frame (16 ms)
at 150; a 500-atom paste never holds the GUI thread for more than 50 ms at a time.
Medians of repeated runs, each next to a floor measured in the same run (a bare repaint of
the same canvas), so the numbers compare across machines. Run from the checkout root:

    python benchmarks/bench_drawer.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication
from rdkit import Chem, RDConfig

from boranegui.ui.drawer import MoleculeDrawer
from boranegui.ui.drawer.display import looks

RESIDUES = {  # peptide residues as SMILES fragments: a realistic large, flexible molecule
    "A": "N[C@@H](C)C(=O)",
    "F": "N[C@@H](Cc1ccccc1)C(=O)",
    "S": "N[C@@H](CO)C(=O)",
    "K": "N[C@@H](CCCCN)C(=O)",
    "W": "N[C@@H](Cc1c[nH]c2ccccc12)C(=O)",
    "D": "N[C@@H](CC(=O)O)C(=O)",
    "P": "N1[C@@H](CCC1)C(=O)",
    "Y": "N[C@@H](Cc1ccc(O)cc1)C(=O)",
}


def peptide_at_most(max_heavy: int) -> str:
    """The longest peptide of the sequence with at most ``max_heavy`` heavy atoms (the app
    refuses substrates over 500 atoms, core.limits.MAX_ATOMS)."""
    seq, smiles, best = "AFSKWDPY" * 10, "", ""
    for aa in seq:
        smiles += RESIDUES[aa]
        mol = Chem.MolFromSmiles(smiles + "O")
        if mol is None or mol.GetNumAtoms() > max_heavy:
            break
        best = smiles + "O"
    return best


def peptide(min_heavy: int) -> str:
    seq, smiles = "AFSKWDPY" * 10, ""
    for aa in seq:
        smiles += RESIDUES[aa]
        mol = Chem.MolFromSmiles(smiles + "O")
        if mol is not None and mol.GetNumHeavyAtoms() >= min_heavy:
            return smiles + "O"
    return smiles + "O"


def molecule_with_about(n: int) -> Chem.Mol:
    """A real molecule from RDKit's NCI set with about n heavy atoms (the largest at most n+2)."""
    supplier = Chem.SDMolSupplier(str(Path(RDConfig.RDDataDir) / "NCI" / "first_200.props.sdf"))
    best = None
    for mol in supplier:
        if mol is None:
            continue
        k = mol.GetNumHeavyAtoms()
        if k <= n + 2 and (best is None or abs(k - n) < abs(best.GetNumHeavyAtoms() - n)):
            best = mol
    assert best is not None
    return best


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def bare_repaint_ms(drawer: MoleculeDrawer, reps: int) -> float:
    """The floor: the median of full repaints of the canvas as it is, in ms."""
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter()
        drawer.view.viewport().repaint()
        samples.append(time.perf_counter() - t0)
    return median_ms(samples)


def bench_edit(app: QApplication, drawer: MoleculeDrawer, reps: int = 200) -> dict[str, float]:
    """One undoable edit until the whole canvas is repainted (a full repaint, harsher than the
    dirty-region paint Qt does in the app), next to a bare full repaint as the floor."""
    model, viewport = drawer.model, drawer.view.viewport()
    target = next(a for a in model.atom_ids() if model.mol.GetAtomWithIdx(model.atom_index(a)).GetSymbol() == "C")
    floor, edit, grow_undo, looks_only = [], [], [], []
    for i in range(reps):
        t0 = time.perf_counter()
        viewport.repaint()
        floor.append(time.perf_counter() - t0)

        t0 = time.perf_counter()
        model.set_element([target], "N" if i % 2 == 0 else "C")  # one edit: an undoable command
        viewport.repaint()  # ... to repainted, synchronously
        edit.append(time.perf_counter() - t0)

        t0 = time.perf_counter()
        new = model.grow(target)
        viewport.repaint()
        model.undo_stack.undo()
        viewport.repaint()
        grow_undo.append((time.perf_counter() - t0) / 2)
        assert new is not None

        t0 = time.perf_counter()
        looks(model.mol)
        looks_only.append(time.perf_counter() - t0)
        app.processEvents()
    return {
        "floor: bare repaint": median_ms(floor),
        "edit (set element) -> repainted": median_ms(edit),
        "edit (grow bond) / undo -> repainted, each": median_ms(grow_undo),
        "  of which RDKit look computation": median_ms(looks_only),
    }


def bench_load(app: QApplication, drawer: MoleculeDrawer, smiles: str, reps: int = 7) -> dict[str, float]:
    viewport = drawer.view.viewport()
    total, paint = [], []
    for _ in range(reps):
        drawer.set_molecule(None)
        app.processEvents()
        t0 = time.perf_counter()
        drawer.set_molecule(smiles)  # parse; 2D layout in the worker above 60 atoms; items, fit
        while drawer.layout_pending():
            app.processEvents()
        viewport.repaint()
        total.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        viewport.repaint()
        paint.append(time.perf_counter() - t0)
    return {  # (the drawer does not analyse: the run session does, once per structure)
        "floor: bare repaint": median_ms(paint),
        "load SMILES -> laid out and repainted": median_ms(total),
    }


def bench_paste(app: QApplication, drawer: MoleculeDrawer, smiles: str, reps: int = 5) -> dict[str, float]:
    """Paste of a large SMILES: the longest single stretch the GUI thread is busy, from the
    paste until the structure is drawn, and the time until it is drawn."""
    stalls, shown = [], []
    app.clipboard().setText(smiles)
    for _ in range(reps):
        drawer.set_molecule(None)
        app.processEvents()
        t0 = time.perf_counter()
        drawer.paste()
        worst = time.perf_counter() - t0
        assert drawer.layout_pending(), drawer.message.text()  # the paste was taken, in the worker
        # each processEvents() call runs the handlers that are due: its length is a stall
        quiet_since = None
        while True:
            s = time.perf_counter()
            app.processEvents()
            e = time.perf_counter()
            worst = max(worst, e - s)
            busy = drawer.layout_pending() or drawer._layouts.busy()
            if busy or e - s > 0.002:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = e
            elif e - quiet_since > 0.3:  # drawn, nothing left to run
                break
            time.sleep(0.001)
        shown.append(quiet_since - t0)
        stalls.append(worst)
        assert drawer.model.mol.GetNumAtoms() == Chem.MolFromSmiles(smiles).GetNumAtoms()
    return {
        "floor: bare repaint": bare_repaint_ms(drawer, reps),
        "paste: longest GUI-thread stall (until drawn)": median_ms(stalls),
        "paste: until drawn (worker warm)": median_ms(shown[1:]),
    }


def bench_cleanup(app: QApplication, drawer: MoleculeDrawer, reps: int = 5) -> dict[str, float]:
    """Clean up of the large drawing on the canvas: the longest stretch the GUI thread is busy
    from the command until the new layout is drawn (the layout itself runs in the worker)."""
    stalls, done = [], []
    for _ in range(reps):
        t0 = time.perf_counter()
        drawer.clean_up()
        worst = time.perf_counter() - t0
        assert drawer.layout_pending(), "the clean-up ran on the GUI thread"
        while drawer.layout_pending() or drawer.scene.building():
            s = time.perf_counter()
            app.processEvents()
            worst = max(worst, time.perf_counter() - s)
            time.sleep(0.001)
        done.append(time.perf_counter() - t0)
        stalls.append(worst)
    return {
        "floor: bare repaint": bare_repaint_ms(drawer, reps),
        "clean up: longest GUI-thread stall (until drawn)": median_ms(stalls),
        "clean up: until drawn": median_ms(done),
    }


def report(title: str, results: dict[str, float], floor_key: str = "floor: bare repaint") -> None:
    print(title)
    floor = results.get(floor_key)
    for name, value in results.items():
        ratio = f"  ({value / floor:5.1f} x floor)" if floor and name != floor_key else ""
        print(f"  {name:55s} {value:8.2f} ms{ratio}")


def main() -> int:
    app = QApplication.instance() or QApplication([])
    drawer = MoleculeDrawer()
    drawer.resize(900, 700)
    drawer.show()
    app.processEvents()

    mol50 = molecule_with_about(50)
    drawer.set_molecule(mol50)
    app.processEvents()
    n50 = drawer.model.mol.GetNumHeavyAtoms()
    report(
        f"One edit to repainted, {n50} heavy atoms (NCI record), medians of 200 (target 5 ms):",
        bench_edit(app, drawer),
    )

    big = peptide(150)
    n150 = Chem.MolFromSmiles(big).GetNumHeavyAtoms()
    results = bench_load(app, drawer, big)
    while drawer.layout_pending():
        app.processEvents()
    report(f"Loading a {n150}-heavy-atom peptide from SMILES, medians of 7:", results)
    report(
        f"One edit at {n150} heavy atoms, medians of 50 (target 16 ms):", bench_edit(app, drawer, reps=50)
    )
    huge = peptide_at_most(500)
    n500 = Chem.MolFromSmiles(huge).GetNumHeavyAtoms()
    report(
        f"Pasting a {n500}-heavy-atom peptide (prepared in the worker process), medians of 5 (target 50 ms):",
        bench_paste(app, drawer, huge),
    )
    report(
        f"Clean up of the {n500}-heavy-atom peptide (laid out in the worker process), medians of 5 (target 50 ms):",
        bench_cleanup(app, drawer),
    )
    drawer.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
