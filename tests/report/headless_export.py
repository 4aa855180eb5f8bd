"""Run in a subprocess by the tests: the headless PDF export with only a QGuiApplication.

Usage: python -m tests.report.headless_export OUT.pdf [A4|Letter]
The diagnosis and substrate analysis come from the hand-built worked example.
"""

from __future__ import annotations

import datetime
import sys

from tests.report import fixtures as fx


def main(argv: list[str]) -> int:
    from boranegui.report.export import export_pdf_headless

    out = argv[0]
    size = argv[1] if len(argv) > 1 else "A4"
    export_pdf_headless(
        fx.example_run(fx.NOTES_WITH_MARKUP), fx.revised(), out, run_path=str(fx.EXAMPLE_RUN),
        page_size=size, diagnosis=fx.diagnosis(), substrate=fx.substrate(), today=datetime.date(2026, 11, 25),
    )
    from PySide6.QtCore import QCoreApplication

    # What the export needed: the kind of application, and whether any widget module was loaded.
    print(type(QCoreApplication.instance()).__name__, "PySide6.QtWidgets" in sys.modules)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
