"""Benchmark: PDF export of the note's worked example (target: median under 300 ms).

Run from the checkout root: ``python benchmarks/bench_report.py [--runs N]``.
Prints medians for the whole export (document, layout, structure drawing, PDF, atomic
write) and for its parts, and the ratio to a floor measured in the same run: a one-line
QTextDocument written by QPdfWriter, the least any PDF export costs on this machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def median_ms(fn: Callable[[], object], runs: int, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def worked_example():
    """The real pipeline when it is available, else the hand-built worked example."""
    from tests.report import fixtures as fx

    run = fx.example_run()
    try:
        from boranegui.core.diagnosis import diagnose
        from boranegui.core.protocol import plan
        from boranegui.core.rules import load_rules
        from boranegui.core.substrate import analyse

        substrate = analyse(run.substrate.structure)
        diagnosis = diagnose(run, load_rules(), substrate)
        return run, plan(run, diagnosis), diagnosis, substrate, "real pipeline"
    except (NotImplementedError, ImportError):
        return run, fx.revised(), fx.diagnosis(), fx.substrate(), "hand-built fixture"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QPainter, QPdfWriter, QTextDocument

    from boranegui.report import pages
    from boranegui.report.document import build_document, make_report
    from boranegui.report.export import ensure_gui_application, export_pdf, render_pdf
    from boranegui.report.fonts import register_fonts
    from boranegui.report.structure import structure_svg

    ensure_gui_application()
    run, revised, diagnosis, substrate, origin = worked_example()
    report = make_report(run, revised, diagnosis=diagnosis, substrate=substrate, run_path="example.borane.yaml")
    start = time.perf_counter()
    register_fonts()
    render_pdf(report)
    cold_ms = (time.perf_counter() - start) * 1000  # first export of the process: fonts loaded, caches cold

    def floor() -> bytes:
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = QPdfWriter(buffer)
        doc = QTextDocument()
        doc.setPlainText("Revised protocol")
        painter = QPainter(writer)
        doc.drawContents(painter)
        painter.end()
        return bytes(buffer.data().data())

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "protocol.pdf"
        results = {
            "floor: one-line PDF": median_ms(floor, args.runs),
            "structure SVG (RDKit)": median_ms(lambda: structure_svg(substrate.smiles, substrate.lactams), args.runs),
            "document layout": median_ms(lambda: pages.paginate(build_document(report, 493.2), 760.0), args.runs),
            "render PDF in memory": median_ms(lambda: render_pdf(report), args.runs),
            "export PDF (atomic write)": median_ms(lambda: export_pdf(report, out), args.runs),
        }
        size = out.stat().st_size
    floor_ms = results["floor: one-line PDF"]
    print(f"PDF export of the worked example ({origin}), median of {args.runs} runs, {size / 1024:.0f} KiB")
    for name, ms in results.items():
        print(f"  {name:28s} {ms:8.1f} ms   {ms / floor_ms:6.1f} x floor")
    print(f"  {'first export of a process':28s} {cold_ms:8.1f} ms   (once: font registration, cold caches)")
    total = results["export PDF (atomic write)"]
    print(f"target < 300 ms: {'met' if total < 300 else 'NOT met'} ({total:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
