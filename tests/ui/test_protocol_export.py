"""The protocol page's Export PDF and Print (Ctrl+P) work and report failures."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_export_pdf_and_print_preview(window, qtbot, example_run_path, tmp_path) -> None:
    from pypdf import PdfReader

    window.open_path(str(example_run_path))
    window.go("protocol")
    page = window.pages["protocol"]
    assert page.pdf_button is not None and page.pdf_button.isEnabled()
    out = tmp_path / "protocol.pdf"
    assert window.export_pdf(str(out))
    text = "".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert "73.9" in text and "18.47" in text  # the note's worked amounts, 5.00 g at 4.0 equiv
    # Ctrl+P: print preview of the same pages.
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(window, "preview", None) is not None and window.preview.isVisible())
    window.preview.close()


def test_pdf_to_a_missing_folder_is_reported(window, example_run_path, tmp_path) -> None:
    window.open_path(str(example_run_path))
    assert not window.export_pdf(str(tmp_path / "no-such-folder" / "protocol.pdf"))
    assert "The PDF could not be written" in window.last_error
    assert window.session.revised is not None


def test_the_protocol_page_shows_the_printed_sheets_amounts_and_steps(window, example_run_path) -> None:
    """The page renders the PDF's own sections (report.document.protocol_part_html): every
    quantity of ``protocol --json`` and every step's text is on screen as printed."""
    import json

    from tests.conftest import run_cli

    done = run_cli("protocol", str(example_run_path), "--json")
    printed = json.loads(done.stdout)
    window.open_path(str(example_run_path))
    window.go("protocol")
    shown = " ".join(window.pages["protocol"].view.toPlainText().split())
    for amount in printed["amounts"]:
        assert amount["quantity"] in shown, amount
    for step in printed["steps"]:
        assert " ".join(step["text"].split()) in shown, step["text"][:60]
    assert "Changes from the run" in shown and "References" in shown
