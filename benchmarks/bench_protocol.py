"""How fast is the revised protocol the wizard rebuilds after every answer?

Prints the median time of ``revise()`` (patches, amounts, all 12 sentences, safety
re-check) for the note's worked example with the note's four corrective actions, and of
``format_text()``, with the ratio to a floor measured in the same run: building the
run record from plain data (the validation any change of the run goes through).  The
substrate analysis is done once, as the wizard caches it.  Run:
``python benchmarks/bench_protocol.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from boranegui.core import protocol, run_record
from boranegui.core.diagnosis import Action, Diagnosis, RankedCause

RUN = {
    "format": "borane-run/1",
    "substrate": {"smiles": "O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1"},
    "scale_g": 5.0,
    "reagent": {"kind": "bh3_thf", "molarity": 1.0, "equiv": 6.0},
    "solvent": {"name": "THF", "volumes": 8},
    "conditions": {"addition_temp_c": 0, "max_temp_c": 66, "time_h": 3},
    "workup": {
        "quench": "water",
        "decomplexation": "acid",
        "acid": {"hcl_molarity": 6, "equiv_vs_borane": 2.5, "temp_c": 20, "hours": 1},
    },
}
NOTE = "the note, troubleshooting table"


def _cause(cid: str, score: float, patch: dict) -> RankedCause:
    return RankedCause(cid, cid, "", score, (), (Action(cid + "_fix", "", NOTE, patch),), NOTE)


DIAGNOSIS = Diagnosis(
    (
        _cause(
            "amine_borane_complex",
            0.9,
            {
                "acid_temp_c": {"at_least": 66},
                "acid_hours": {"at_least": 2},
                "hcl_equiv_vs_borane": {"at_least": 3},
            },
        ),
        _cause("reagent_degraded", 0.7, {"titrate_reagent": {"set": True}}),
        _cause(
            "over_reduction",
            0.5,
            {"reaction_temp_c": {"at_most": 25}, "borane_equiv": {"at_most": 5}},
        ),
        _cause("borate_gel", 0.3, {"quench": {"set": "methanol"}}),
    )
)


def _median_us(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300)
    args = parser.parse_args()
    run = run_record.from_dict(RUN)
    base = protocol.base_protocol(run)
    revised = protocol.revise(base, DIAGNOSIS)
    assert len(revised.changes) == 7, revised.changes
    floor = _median_us(lambda: run_record.from_dict(RUN), args.repeat)
    rev = _median_us(lambda: protocol.revise(base, DIAGNOSIS), args.repeat)
    text = _median_us(lambda: protocol.format_text(revised), args.repeat)
    print(f"floor (run record from data): median {floor:8.1f} µs")
    print(f"revise() with 4 causes      : median {rev:8.1f} µs  ({rev / floor:.2f} x floor)")
    print(f"format_text()               : median {text:8.1f} µs  ({text / floor:.2f} x floor)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
