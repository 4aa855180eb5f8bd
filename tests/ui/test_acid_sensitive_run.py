"""A Boc-protected lactam that lost its Boc in the HCl step: the screen says what to do instead,
in the bench's words."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import open_window

BOC_DIAZEPANONE = "CC(C)(C)OC(=O)N1CCNC(=O)CC1"  # 4-Boc-1,4-diazepan-5-one


def test_boc_lost_in_the_acid_step_gives_an_acid_free_work_up_in_words(qtbot, monkeypatch, example_run_path,
                                                                        tmp_path) -> None:
    window = open_window(qtbot, monkeypatch, run_path=str(example_run_path))
    assert window.session.set_structure(BOC_DIAZEPANONE) is None
    window.go("symptoms")
    symptoms = window.pages["symptoms"]
    for symptom in ("low_yield", "product_in_aqueous"):
        qtbot.mouseClick(symptoms.button(symptom, "seen"), Qt.MouseButton.LeftButton)
    causes = [c.id for c in window.session.diagnosis.causes]
    assert "protecting_group_lost" in causes[:2], causes
    window.go("protocol")
    change = next(c for c in window.session.revised.changes if c.parameter == "decomplexation")
    assert change.before == "acid" and change.after in ("pd_methanol", "amine_exchange")
    text = window.pages["protocol"].view.toPlainText()
    assert "Pd/C in MeOH" in text or "amine exchange" in text
    assert "pd_methanol" not in text and "amine_exchange" not in text  # never the file's ids
    # The printed protocol says the same, in the same words.
    pdf = tmp_path / "boc.pdf"
    assert window.export_pdf(str(pdf)), window.last_error
    from pypdf import PdfReader

    printed = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(str(pdf)).pages)
    assert "Pd/C in MeOH" in printed or "amine exchange" in printed
    for raw in ("pd_methanol", "amine_exchange", "'protecting_group_lost'", "'amine_borane_complex'"):
        assert raw not in printed, raw
