"""Writing the PDF: atomic, headless, with the shipped fonts, and errors in words."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from boranegui.report.export import ReportWriteError, export_pdf
from tests.conftest import ROOT, cli_env
from tests.report.conftest import flat, page_texts, pdf_reader


def _run_headless(out, *args, env=None):
    env = dict(env or cli_env())
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run(
        [sys.executable, "-m", "tests.report.headless_export", str(out), *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )


def test_headless_export_in_a_subprocess(tmp_path):
    out = tmp_path / "protocol.pdf"
    done = _run_headless(out, "Letter")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["QGuiApplication", "False"]  # no widgets needed
    data = out.read_bytes()
    page = pdf_reader(data).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((612, 792), abs=0.5)
    text = flat(" ".join(page_texts(data)))
    assert "73.9 mL" in text and "30.8 mL" in text and "18.47 mmol" in text


def test_machine_without_system_fonts_still_gets_readable_text(tmp_path):
    """Fontconfig finds no font at all: the shipped DejaVu Sans must carry the text."""
    config = tmp_path / "fonts.conf"
    config.write_text(textwrap.dedent(f"""\
        <?xml version="1.0"?>
        <!DOCTYPE fontconfig SYSTEM "fonts.dtd">
        <fontconfig><cachedir>{tmp_path / "cache"}</cachedir></fontconfig>
        """), encoding="utf-8")
    env = cli_env()
    env["FONTCONFIG_FILE"] = str(config)
    env["QT_QPA_FONTDIR"] = str(tmp_path / "no-fonts-here")
    out = tmp_path / "protocol.pdf"
    done = _run_headless(out, env=env)
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    text = flat(" ".join(page_texts(data)))
    assert "Revised protocol" in text and "73.9 mL" in text
    pages = pdf_reader(data).pages
    fonts = {str(f.get_object()["/BaseFont"]) for p in pages for f in p["/Resources"]["/Font"].values()}
    assert fonts and all("DejaVuSans" in f for f in fonts)


def test_export_replaces_the_file_atomically(qapp, make_report, tmp_path):
    out = tmp_path / "protocol.pdf"
    out.write_bytes(b"old")
    export_pdf(make_report(), out)
    assert out.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["protocol.pdf"]  # no temporary left behind


def test_locked_file_keeps_the_old_pdf_and_says_why(qapp, make_report, tmp_path, monkeypatch):
    """Windows: a PDF open in a viewer cannot be replaced (os.replace -> PermissionError)."""
    out = tmp_path / "protocol.pdf"
    out.write_bytes(b"%PDF old version")

    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file because it is being used", str(dst))

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ReportWriteError) as info:
        export_pdf(make_report(), out)
    assert isinstance(info.value, OSError)
    assert "close the PDF viewer" in str(info.value) and str(out) in str(info.value)
    assert out.read_bytes() == b"%PDF old version"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["protocol.pdf"]


def test_missing_folder_is_named(qapp, make_report, tmp_path):
    out = tmp_path / "no" / "such" / "protocol.pdf"
    with pytest.raises(ReportWriteError, match="does not exist"):
        export_pdf(make_report(), out)


def test_a_folder_is_not_a_pdf(qapp, make_report, tmp_path):
    with pytest.raises(ReportWriteError, match="this is a folder"):
        export_pdf(make_report(), tmp_path)
