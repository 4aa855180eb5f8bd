"""One assessment analyses the structure once and diagnoses once, also for ``protocol --pdf``."""

from __future__ import annotations

import contextlib
import io

import pytest

from boranegui.core import diagnosis, substrate
from tests.conftest import ROOT

EXAMPLE = str(ROOT / "resources" / "examples" / "nordazepam-low-yield.borane.yaml")


@pytest.fixture
def counted(monkeypatch) -> dict[str, int]:
    """Counts analyses of the run's substrate and diagnoses, wherever they are imported from.

    core/masses keeps its own cached analysis of the canonical SMILES (its atom indices must fit
    the molecule it builds species from); that one is not counted here."""
    import traceback

    from boranegui.core import run_record

    structure = run_record.load(EXAMPLE).substrate.structure
    calls = {"analyse": 0, "diagnose": 0}
    real_analyse, real_diagnose = substrate.analyse, diagnosis.diagnose

    def analyse(text, *a, **k):
        from_masses = any(f.filename.endswith("masses.py") for f in traceback.extract_stack())
        calls["analyse"] += text == structure and not from_masses
        return real_analyse(text, *a, **k)

    def diagnose(*a, **k):
        calls["diagnose"] += 1
        return real_diagnose(*a, **k)

    monkeypatch.setattr(substrate, "analyse", analyse)
    monkeypatch.setattr(diagnosis, "diagnose", diagnose)
    return calls


def test_assess_analyses_and_diagnoses_once(counted) -> None:
    from boranegui.core import run_record
    from boranegui.core.pipeline import assess
    from boranegui.core.rules import load_rules

    found = assess(run_record.load(EXAMPLE), load_rules())
    assert counted == {"analyse": 1, "diagnose": 1}
    assert found.substrate is not None and found.diagnosis.causes and found.revised.steps


def test_protocol_pdf_analyses_and_diagnoses_once(counted, tmp_path) -> None:
    """In a fresh process state this would start a QGuiApplication; render_pdf is stubbed so the
    later widget tests of this worker keep their QApplication."""
    import boranegui.report.export as export
    from boranegui.cli import main

    written: list[object] = []
    mp = pytest.MonkeyPatch()
    mp.setattr(export, "ensure_gui_application", lambda: None)
    mp.setattr(export, "export_pdf", lambda report, path, page_size="A4": written.append(report))
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["protocol", EXAMPLE, "--pdf", str(tmp_path / "out.pdf")]) == 0
    finally:
        mp.undo()
    assert len(written) == 1
    assert counted == {"analyse": 1, "diagnose": 1}
