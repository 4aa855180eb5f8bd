"""Benchmark of the rules engine: load+validate rules (shipped and 1000 nodes), one diagnosis.

Prints medians of repeated runs, and each figure as a ratio to a floor measured in the same
run (parsing the same text with PyYAML's C safe loader alone, which no loader can beat), so
numbers from different machines can be compared.  Targets (issue 3): one diagnosis under
20 ms; the 1000-node file loaded and validated under 100 ms.

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
    questions = [
        "workup.quench",
        "reagent.age_weeks >= 8",
        "symptom:boron_signals",
        "substrate.groups.boc >= 1",
        "reagent.titer_checked",
    ]
    answers = {
        "workup.quench": ["methanol", "water", "none", "unknown"],
        "reagent.age_weeks >= 8": ["yes", "no", "unknown"],
        "symptom:boron_signals": ["seen", "ruled_out", "unknown"],
        "substrate.groups.boc >= 1": ["yes", "no", "unknown"],
        "reagent.titer_checked": ["yes", "no", "unknown"],
    }
    count = 0
    for t in range(len(symptoms)):
        n_here = per_tree + (1 if t < n_nodes - per_tree * len(symptoms) else 0)
        for k in range(n_here):
            ask = questions[(t + k) % len(questions)]
            lines += [
                f"  n_{t}_{k}:",
                f"    ask: '{ask}'",
                f"    question: Question {t}.{k}?",
                "    branches:",
            ]
            for j, answer in enumerate(answers[ask]):
                if j == 0 and k + 1 < n_here:
                    lines += [
                        f"      {answer!r}:",
                        "        says: the answer was {value}",
                        f"        next: n_{t}_{k + 1}",
                    ]
                else:
                    lines += [
                        f"      {answer!r}:",
                        f"        cause: cause_{(t + k + j) % 20}",
                        f"        weight: {0.1 + 0.8 * ((k + j) % 7) / 7:.2f}",
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
    ]
    print(
        f"median of {args.repeat} runs "
        f"(substrate analysis: {'yes' if substrate else 'not available'})"
    )
    ok = True
    for name, ms, floor, target in rows:
        ratio = f"  {ms / floor:5.1f}x the YAML-parse floor ({floor:.1f} ms)" if floor else ""
        verdict = ""
        if target is not None:
            verdict = f"  target < {target:g} ms: {'met' if ms < target else 'MISSED'}"
            ok &= ms < target
        print(f"  {name:34s} {ms:8.2f} ms{ratio}{verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
