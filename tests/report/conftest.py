"""Shared helpers for the report tests: render the worked example and read the PDF back."""

from __future__ import annotations

import datetime
import io
import re

import pytest

from tests.report import fixtures as fx


def pdf_reader(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in pdf_reader(data).pages]


def nospace(text: str) -> str:
    """All whitespace removed: pypdf breaks the text around subscripts (BH 3 ·THF)."""
    return re.sub(r"\s+", "", text)


def flat(text: str) -> str:
    """Whitespace collapsed, so line wrapping in the PDF does not matter."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def make_report():
    from boranegui.report.document import make_report

    def build(run=None, revised=None, diagnosis=None, substrate=None, **kw):
        return make_report(
            run or fx.example_run(fx.NOTES_WITH_MARKUP),
            revised or fx.revised(),
            diagnosis=diagnosis if diagnosis is not None else fx.diagnosis(),
            substrate=substrate if substrate is not None else fx.substrate(),
            run_path=kw.pop("run_path", fx.EXAMPLE_RUN),
            today=datetime.date(2026, 11, 25),
            **kw,
        )

    return build


@pytest.fixture
def render(qapp, make_report):
    """Render a report (the worked example unless told otherwise) to PDF bytes."""
    from boranegui.report.export import render_pdf

    def go(report=None, page_size: str = "A4") -> bytes:
        return render_pdf(report or make_report(), page_size)

    return go
