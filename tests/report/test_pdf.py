"""The PDF of the revised protocol, read back with pypdf as a chemist's PDF viewer would."""

from __future__ import annotations

import dataclasses
import hashlib
import re

import pytest

from boranegui.report.structure import HIGHLIGHT
from tests.report import fixtures as fx
from tests.report.conftest import flat, nospace, page_texts, pdf_reader


def test_worked_example_amounts_are_text(render):
    text = flat(" ".join(page_texts(render())))
    for amount in ("18.47 mmol", "5.00 g", "73.9 mmol", "73.9 mL", "40 mL", "184.7 mmol", "30.8 mL", "≥ 92.3 mL"):
        assert amount in text, amount
    # Searchable words: no ligature glyphs ("re\ufb02ux" would not be found by a search for "reflux").
    assert "reflux" in text and "flask" in text and not {"\ufb01", "\ufb02"} & set(text)


def test_header_traces_run_rules_and_version(render, make_report, tmp_path):
    rules = tmp_path / "our-lab-rules.yaml"
    rules.write_text("format: borane-rules/1\n# the lab's own\n", encoding="utf-8")
    digest = hashlib.sha256(rules.read_bytes()).hexdigest()
    first = flat(page_texts(render(make_report(rules_path=rules)))[0])
    assert "our-lab-rules.yaml" in first
    assert digest[:12] in first
    assert "nordazepam-low-yield.borane.yaml" in first
    assert "Operator Example" in first
    assert "2026-11-25" in first and "2026-11-20" in first  # made, and run date
    assert "BoraneGUI version 0.1.0" in first


def test_changed_parameters_marked_with_cause_and_source(render):
    text = flat(" ".join(page_texts(render())))
    # The footnotes under the steps ...
    assert "[1] Acid step temperature: 20 °C → 66 °C. Cause: Product still held as the amine-borane complex." in text
    assert "[2] Acid step time: 1 h → 2 h." in text
    assert f"Source: {fx.NOTE}" in text
    # ... the marks on the step itself (pypdf puts a space around each highlighted run) ...
    assert re.search(r"changed Heat at reflux \( ?66 °C ?\) for ?2 h ?: .*?\[1\]\[2\] 9\. Cool", text)
    # ... and the changes table with the action.
    assert "Changes from the run" in text
    assert "Reflux the 6 M HCl step (66 °C) for 2 h to cleave the amine-borane complex." in text


def test_unchanged_run_says_so_and_marks_nothing(render, make_report):
    text = flat(" ".join(page_texts(render(make_report(revised=fx.revised(changes=False))))))
    assert "None: the protocol is the run as performed." in text
    assert "changed" not in text.replace("Changed from the run", "")
    assert "[1]" not in text


def test_user_text_comes_out_literally(render, make_report):
    run = fx.example_run(fx.NOTES_WITH_MARKUP)
    run = run.with_field("title", "Batch <i>7</i> & co · 0 °C").with_field("operator", "Zoë <b>Ng</b> & µ-team")
    text = flat(" ".join(page_texts(render(make_report(run=run)))))
    assert fx.NOTES_WITH_MARKUP in text
    assert "Batch <i>7</i> & co · 0 °C" in text
    assert "Zoë <b>Ng</b> & µ-team" in text


@pytest.mark.parametrize(("size", "points"), [("A4", (595.3, 841.9)), ("Letter", (612.0, 792.0))])
def test_page_size_as_set(render, size, points):
    pages = pdf_reader(render(page_size=size)).pages
    assert len(pages) >= 2
    for page in pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(points, abs=0.5)


def test_unknown_page_size_is_refused_in_words(render):
    with pytest.raises(ValueError, match="use A4 or Letter"):
        render(page_size="A5")


def _xobjects(resources):
    xobjects = resources.get("/XObject") if resources else None
    if not xobjects:
        return
    for ref in xobjects.values():
        obj = ref.get_object()
        yield obj
        if obj.get("/Subtype") == "/Form":
            yield from _xobjects(obj.get("/Resources"))


def test_structure_is_vector_not_an_image(render):
    reader = pdf_reader(render())
    for page in reader.pages:
        images = [x for x in _xobjects(page.get("/Resources")) if x.get("/Subtype") == "/Image"]
        assert images == []
    # The drawing is there: the lactam highlight colour is painted as a vector fill on page 1.
    content = reader.pages[0].get_contents().get_data().decode("latin-1")
    colours = re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG|scn|SCN)\b", content)
    assert any(all(abs(float(c) - h) < 0.02 for c, h in zip(rgb, HIGHLIGHT, strict=True)) for rgb in colours)


def test_fonts_are_the_shipped_ones_and_embedded(render):
    reader = pdf_reader(render())
    fonts = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert fonts and all("DejaVuSans" in name for name in fonts)
    for font in fonts.values():
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor


def test_footer_has_title_and_page_numbers(render):
    texts = [flat(t) for t in page_texts(render())]
    for n, text in enumerate(texts, 1):
        assert f"Page {n} of {len(texts)}" in text
        assert "Nordazepam lactam reduction, batch 3 (low yield)" in text


def test_content_in_the_protocol_order(render):
    text = nospace(" ".join(page_texts(render())))
    order = ["Revisedprotocol", "Substrate", "C15H11ClN2O", "Diagnosisoftherun", "Safety", "Amounts",
             "Procedure", "Changesfromtherun", "References", "Observations"]
    positions = [text.find(word) for word in order]
    assert -1 not in positions, dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)


def test_safety_box_shows_the_protocol_safety_figures(render):
    text = nospace(" ".join(page_texts(render())))
    for line in fx.revised().safety:
        assert nospace(line) in text


def test_diagnosis_summary_lists_top_causes_with_evidence(render):
    text = flat(" ".join(page_texts(render())))
    assert "1 Product still held as the amine-borane complex" in text
    assert "– crude mass 104 % of theory: more than the amine can weigh" in text
    assert "86 %" in text
    assert "Still unknown (answers may change the ranking): • Was the BH 3 ·THF titrated before use?" in text


def test_no_diagnosis_still_renders(render, make_report):
    report = dataclasses.replace(make_report(), diagnosis=None)
    text = flat(" ".join(page_texts(render(report))))
    assert "No diagnosis was made for this run." in text
    assert "73.9 mL" in text


def test_steps_never_split_across_pages(render, make_report):
    """A long procedure: every step's first and last word land on the same page."""
    from boranegui.core.protocol import PHASES, Step

    words = "stir the mixture under nitrogen and note the temperature every ten minutes " * 6
    steps = tuple(Step(PHASES[1], i, f"begin-{i} {words} end-{i}") for i in range(1, 41))
    revised = dataclasses.replace(fx.revised(), steps=steps, changes=())
    texts = page_texts(render(make_report(revised=revised)))
    assert len(texts) >= 4
    for i in range(1, 41):
        begin = [n for n, t in enumerate(texts) if re.search(rf"begin-{i}\b", t)]
        end = [n for n, t in enumerate(texts) if re.search(rf"end-{i}\b", t)]
        assert begin == end and len(begin) == 1, (i, begin, end)


def test_a_step_longer_than_a_page_is_cut_rather_than_lost(render, make_report):
    from boranegui.core.protocol import PHASES, Step

    long_text = " ".join(f"t-{i:04d}" for i in range(1400)) + " the-end"
    revised = dataclasses.replace(fx.revised(), steps=(Step(PHASES[1], 1, long_text),), changes=())
    text = flat(" ".join(page_texts(render(make_report(revised=revised)))))
    assert "t-0000" in text and "t-1399 the-end" in text
