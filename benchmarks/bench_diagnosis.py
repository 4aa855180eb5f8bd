"""Benchmark of the rules engine: load+validate rules (shipped and 1000 nodes), one diagnosis.

Prints medians of repeated runs, and each figure as a ratio to a floor measured in the same
run (parsing the same text with PyYAML's C safe loader alone, which no loader can beat), so
numbers from different machines can be compared.  Targets (issue 3): one diagnosis under
20 ms; the 1000-node file loaded and validated under 100 ms.  Issue 14: one diagnosis with MS
peaks and a target under 20 ms, warm (the app re-diagnoses the same substrate on every edit, and
the species prediction is cached per substrate and target) and cold (every cache cleared); its
floor is RDKit parsing the substrate's SMILES, which any diagnosis with masses must pay.

    python benchmarks/bench_diagnosis.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from boranegui.core import run_record
from boranegui.core.bundled import example_run_path, rules_path
from boranegui.core.diagnosis import diagnose
from boranegui.core.rules import loads_rules
from boranegui.core.run_record import SYMPTOMS


def synthetic_rules(n_nodes: int = 1000) -> str:
    """A valid rules file with ``n_nodes`` question nodes in chains under every symptom tree."""
    symptoms = list(SYMPTOMS)
    per_tree = n_nodes // len(symptoms)
    lines = [
        "format: borane-rules/1",
        "sources:",
        "  note: the application note",
        "causes:",
    ]
    for i in range(20):
        lines += [
            f"  cause_{i}:",
            f"    title: Cause {i}",
            f"    explanation: Synthetic cause number {i}, for timing the loader.",
            "    source: note",
            "    actions:",
            f"      - id: action_{i}",
            f"        text: Do thing {i}.",
            "        source: [note]",
            "        patch: {acid_hours: {at_least: 2}}",
        ]
    lines.append("trees:")
    lines += [f"  {s}: n_{t}_0" for t, s in enumerate(symptoms)]
    lines.append("nodes:")
    # Each tree is a chain of rising thresholds on one number: every branch can be taken (a
    # chain that asked the same choice twice would have branches no run can take, which
    # `rules check` rejects).  The unknown answer ends at no cause: after the first question the
    # number is known, so an unknown that led somewhere would be a dead branch.
    numbers = ["reagent.age_weeks", "conditions.time_h", "workup.acid.hours", "solvent.volumes",
               "reagent.equiv", "outcome.yield_percent", "substrate.groups.boc"]
    count = 0
    for t in range(len(symptoms)):
        n_here = per_tree + (1 if t < n_nodes - per_tree * len(symptoms) else 0)
        field = numbers[t % len(numbers)]
        for k in range(n_here):
            lines += [
                f"  n_{t}_{k}:",
                f"    ask: '{field} >= {k + 1}'",
                f"    question: Question {t}.{k}?",
                "    branches:",
            ]
            if k + 1 < n_here:
                lines += ["      'yes':", "        says: the answer was {value}", f"        next: n_{t}_{k + 1}"]
            else:
                lines += ["      'yes':", f"        cause: cause_{(t + k) % 20}", "        weight: 0.5"]
            lines += [
                "      'no':",
                f"        cause: cause_{(t + k + 1) % 20}",
                f"        weight: {0.1 + 0.8 * (k % 7) / 7:.2f}",
                "      unknown: {causes: []}" if k else "      unknown: {cause: cause_0, weight: 0.2}",
            ]
            count += 1
    assert count == n_nodes
    return "\n".join(lines) + "\n"


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm caches (schema validator, imports)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def floor_ms(text: str, repeat: int) -> float:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return median_ms(lambda: yaml.load(text, Loader=loader), repeat)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()

    shipped = rules_path().read_text(encoding="utf-8")
    big = synthetic_rules(1000)
    big_rules = loads_rules(big, "synthetic-1000.yaml")
    assert len(big_rules.nodes) == 1000
    rules = loads_rules(shipped, "rules.yaml")
    run = run_record.load(example_run_path())
    from boranegui.core.substrate import analyse

    try:
        substrate = analyse(run.substrate.structure)
    except NotImplementedError:  # substrate analysis not merged yet: diagnose without it
        substrate = None
    worst = run.with_field("outcome.ruled_out", None).with_field("outcome.symptoms", list(SYMPTOMS))
    from rdkit import Chem

    from boranegui.core import facts, masses

    peaks = [{"mz": 259.1, "where": "crude", "percent": 60}, {"mz": 261.1, "where": "crude"},
             {"mz": 273.13, "where": "organic"}, {"mz": 225.1, "where": "ipc"}, {"mz": 101.1, "where": "aqueous"}]
    with_masses = run.with_field("outcome.masses", peaks).with_field(
        "substrate.target_smiles", "Clc1ccc2c(c1)C(c1ccccc1)NCCN2")
    smiles_floor = median_ms(lambda: Chem.MolFromSmiles(run.substrate.structure), args.repeat)

    def cold() -> object:
        masses.forget()
        facts._target.cache_clear()
        return diagnose(with_masses, rules, substrate)

    rows = [
        (
            "load+validate shipped rules",
            median_ms(lambda: loads_rules(shipped, "r"), args.repeat),
            floor_ms(shipped, args.repeat),
            None,
        ),
        (
            "load+validate 1000-node rules",
            median_ms(lambda: loads_rules(big, "b"), args.repeat),
            floor_ms(big, args.repeat),
            100.0,
        ),
        (
            "diagnose the shipped example",
            median_ms(lambda: diagnose(run, rules, substrate), args.repeat),
            None,
            20.0,
        ),
        (
            "diagnose, analysing the SMILES too",
            median_ms(lambda: diagnose(run, rules), args.repeat),
            None,
            20.0,
        ),
        (
            "diagnose, every symptom reported",
            median_ms(lambda: diagnose(worst, rules, substrate), args.repeat),
            None,
            20.0,
        ),
        (
            "diagnose, 5 MS peaks and a target",
            median_ms(lambda: diagnose(with_masses, rules, substrate), args.repeat),
            smiles_floor,
            20.0,
        ),
        (
            "diagnose, 5 MS peaks, caches cold",
            median_ms(cold, args.repeat),
            smiles_floor,
            20.0,
        ),
    ]
    print(
        f"median of {args.repeat} runs "
        f"(substrate analysis: {'yes' if substrate else 'not available'})"
    )
    ok = True
    for name, ms, floor, target in rows:
        what = "SMILES-parse" if floor is smiles_floor else "YAML-parse"
        ratio = f"  {ms / floor:5.1f}x the {what} floor ({floor:.2f} ms)" if floor else ""
        verdict = ""
        if target is not None:
            verdict = f"  target < {target:g} ms: {'met' if ms < target else 'MISSED'}"
            ok &= ms < target
        print(f"  {name:34s} {ms:8.2f} ms{ratio}{verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
