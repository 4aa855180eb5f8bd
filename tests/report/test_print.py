"""Printing and print preview draw the same pages as the PDF."""

from __future__ import annotations

import pytest

from tests.report.conftest import flat, page_texts


@pytest.fixture
def printer_to_pdf(tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from boranegui.report import pages

    def make(size: str = "A4"):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "printed.pdf"))
        pages.setup_device(printer, size)
        return printer

    return make


def test_printer_gets_the_same_pages_as_the_pdf(qapp, make_report, render, printer_to_pdf, tmp_path):
    from boranegui.report import pages

    report = make_report()
    printer = printer_to_pdf("Letter")
    count = pages.paint(printer, report)
    printed = (tmp_path / "printed.pdf").read_bytes()
    exported = render(report, "Letter")
    assert count == len(page_texts(exported)) == len(page_texts(printed))
    assert flat(" ".join(page_texts(printed))) == flat(" ".join(page_texts(exported)))


def test_print_dialog_page_range_is_honoured(qapp, make_report, printer_to_pdf, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from boranegui.report import pages

    printer = printer_to_pdf()
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    total = pages.paint(printer, make_report())
    texts = page_texts((tmp_path / "printed.pdf").read_bytes())
    assert total >= 3 and len(texts) == 1
    assert f"Page 2 of {total}" in flat(texts[0])


def test_preview_shows_every_page(qtbot, make_report, render):
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    from boranegui.report.export import preview_dialog

    report = make_report()
    dialog = preview_dialog(None, report, "A4")
    qtbot.addWidget(dialog)
    widget = dialog.findChild(QPrintPreviewWidget)
    widget.updatePreview()
    assert widget.pageCount() == len(page_texts(render(report)))


def test_export_button_flow_reports_a_failure_and_asks_again(qtbot, make_report, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from boranegui.report.export import save_pdf_interactive

    answers = [str(tmp_path / "missing" / "p.pdf"), str(tmp_path / "protocol")]
    asked, warned = [], []

    def ask(parent, caption, start, filter_):
        asked.append(start)
        return answers.pop(0), filter_

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(ask))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: warned.append(text)))
    written = save_pdf_interactive(None, make_report(), tmp_path)
    assert written == tmp_path / "protocol.pdf" and written.read_bytes().startswith(b"%PDF")
    assert asked[0].endswith("nordazepam-low-yield-protocol.pdf")
    assert asked[1] == str(tmp_path / "missing" / "p.pdf")  # the failed name is offered again
    assert len(warned) == 1 and "does not exist" in warned[0]


def test_export_button_cancelled_writes_nothing(qtbot, make_report, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from boranegui.report.export import save_pdf_interactive

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: ("", "")))
    assert save_pdf_interactive(None, make_report(), tmp_path) is None
    assert list(tmp_path.iterdir()) == []


def test_the_pdf_not_saved_message_shows_a_hostile_path_as_text(qtbot, make_report, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from boranegui.report.export import save_pdf_interactive

    answers = [str(tmp_path / '<img src="x">' / "p.pdf"), ""]
    warned: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (answers.pop(0), "")))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: warned.append(text)))
    assert save_pdf_interactive(None, make_report(), tmp_path) is None
    assert len(warned) == 1 and "<img" not in warned[0] and "&lt;img" in warned[0]
