"""The document's words and numbers, checked on the HTML (no Qt needed)."""

from __future__ import annotations

import dataclasses

import pytest

from boranegui.core.protocol import Change
from boranegui.report import document as d
from tests.report import fixtures as fx


def _report(**kw):
    base = dict(run=fx.example_run(fx.NOTES_WITH_MARKUP), revised=fx.revised(), diagnosis=fx.diagnosis(),
                substrate=fx.substrate())
    base.update(kw)
    run, revised = base.pop("run"), base.pop("revised")
    return d.make_report(run, revised, run_path=fx.EXAMPLE_RUN, **base)


def test_the_amounts_table_and_the_steps_print_the_same_figures():
    """One set of number formats (core/amounts): the PDF once said "NaBH4 279.0 mg" in its table
    and "0.28 g" in step 3.  Every amount that a step names reads the same in the table."""
    from boranegui.core import amounts as am
    from boranegui.core import run_record
    from boranegui.core.pipeline import assess
    from boranegui.core.rules import load_rules

    found = assess(run_record.load(fx.EXAMPLE_RUN), load_rules())
    html = d.report_html(d.make_report(found.run, found.revised, diagnosis=found.diagnosis,
                                       substrate=found.substrate))
    steps = " ".join(step.text for step in found.revised.steps)
    for a in found.revised.amounts:
        shown = []
        if a.volume_ml is not None:
            shown.append(am.fmt_ml(a.volume_ml, solvent=a.role == "solvent"))
        if a.mass_g is not None and a.role == "substrate":
            shown.append(am.fmt_g(a.mass_g))
        for text in shown:
            assert text in html, (a.name, text)
            if a.role in ("substrate", "reductant", "solvent", "acid"):
                assert text in steps, (a.name, text)


def _bold_in_amounts_table(html: str, heading: str) -> list[str]:
    """The bold figures of the amounts table after ``heading``: the one quantity per row."""
    import re

    table = html.split(heading, 1)[1].split("</table>", 1)[0]
    return re.findall(r"<b>(.*?)</b>", table)


def test_the_protocol_page_the_pdf_and_the_json_print_the_same_amounts():
    """Issue 12: a quantity reads the same on the protocol page, in the PDF and in
    ``protocol --json``; "at least" comes from the amount's typed field, never from its note."""
    import json

    from boranegui.core import run_record
    from boranegui.core.pipeline import assess
    from boranegui.core.rules import load_rules
    from tests.conftest import run_cli

    done = run_cli("protocol", str(fx.EXAMPLE_RUN), "--json")
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)["amounts"]
    found = assess(run_record.load(fx.EXAMPLE_RUN), load_rules())
    report = d.make_report(found.run, found.revised, diagnosis=found.diagnosis, substrate=found.substrate)
    pdf = d.report_html(report)
    page = d.protocol_part_html(report)  # what the protocol page shows (tests/ui/test_protocol_export.py)
    quantities = [a["quantity"] for a in printed]
    assert _bold_in_amounts_table(pdf, "<h2>Amounts</h2>") == quantities
    assert _bold_in_amounts_table(page, "<h2>Amounts</h2>") == quantities
    base = next(a for a in printed if a["role"] == "base")
    assert base["minimum"] is True and base["quantity"].startswith("≥ ")
    assert sum(a["minimum"] for a in printed) == 1  # the base alone is "at least this much"
    # the floor follows the field, not the words of the note
    revised = found.revised
    plain = dataclasses.replace(revised, amounts=tuple(
        dataclasses.replace(a, note="at least: " + a.note, minimum=False) for a in revised.amounts))
    assert "≥" not in "".join(_bold_in_amounts_table(d.report_html(d.make_report(found.run, plain)),
                                                     "<h2>Amounts</h2>"))
    assert "≥" not in "".join(_bold_in_amounts_table(d.protocol_part_html(d.make_report(found.run, plain)),
                                                     "<h2>Amounts</h2>"))


@pytest.mark.parametrize(("param", "value", "text"), [
    ("acid_temp_c", 66, "66 °C"), ("acid_hours", 2.0, "2 h"), ("borane_equiv", 5, "5 equiv"),
    ("quench", "methanol", "methanol"), ("reagent_kind", "bh3_sme2", "BH3·SMe2 (BMS)"),
    ("titrate_reagent", True, "yes"),
    ("acid_hours", None, "not given"),
])
def test_parameter_values_in_bench_words(param, value, text):
    assert d.format_value(param, value) == text


def test_formula_counts_are_subscripts_but_user_text_is_only_escaped():
    assert d.chem_html("BH3·THF, Na2SO4, B(OMe)3, R3NH+") == (
        "BH<sub>3</sub>·THF, Na<sub>2</sub>SO<sub>4</sub>, B(OMe)<sub>3</sub>, R<sub>3</sub>NH+")
    assert d.chem_html("flask 'A' & pH 11") == "flask &#x27;A&#x27; &amp; pH 11"
    assert d.esc("a <b>b</b>\nc") == "a &lt;b&gt;b&lt;/b&gt;<br/>c"


def test_html_escapes_everything_a_user_or_a_lab_typed():
    run = fx.example_run("<script>x</script> & <b>y</b>").with_field("title", "<i>T</i>")
    evil = dataclasses.replace(
        fx.revised(), changes=(Change("acid_hours", 1, 2, "amine_borane_complex", "a", "<img src=x>"),))
    html = d.report_html(_report(run=run, revised=evil))
    assert "<script>" not in html and "<img" not in html and "<i>T</i>" not in html
    assert "&lt;script&gt;x&lt;/script&gt; &amp; &lt;b&gt;y&lt;/b&gt;" in html
    assert "&lt;img src=x&gt;" in html


def test_changed_value_is_highlighted_in_the_step():
    html = d.report_html(_report())
    assert "<span class='newval'>66 °C</span>) for <span class='newval'>2 h</span>" in html
    # Only the changed step is flagged.
    assert html.count(">changed</span>") == 1


def test_reagent_advice_and_values_taken_from_the_note_are_shown():
    html = d.report_html(_report())
    assert "Reagent choice:</b> At 5 g the note recommends BH<sub>3</sub>·THF" in html
    assert "Not in the run record, taken from the note: base for basifying NaOH (the note, step 9)." in html
    bare = dataclasses.replace(fx.revised(), reagent_advice=(), from_note=())
    html = d.report_html(_report(revised=bare))
    assert "Reagent choice" not in html and "taken from the note" not in html


def test_new_amount_roles_and_checks_are_shown():
    from boranegui.core.protocol import Amount

    revised = fx.revised()
    rows = (*revised.amounts, Amount("10 % Pd/C (50 % water-wet)", "catalyst", None, None, mass_g=0.5,
                                     note="BoraneGUI's choice"),
            Amount("piperazine", "exchange_amine", 5.0, 92.3, mass_g=7.95, note="BoraneGUI's choice"))
    html = d.report_html(_report(revised=dataclasses.replace(
        revised, amounts=rows, checks=("Check: borane reagent degraded (score 0.10).",))))
    assert ">catalyst<" in html and ">exchange amine<" in html and "7.95 g" in html
    assert "Check before the next run" in html and "score 0.10" in html


def test_a_substrate_warning_the_protocol_already_carries_is_listed_once():
    warning = fx.substrate().warnings[0]
    revised = dataclasses.replace(fx.revised(), warnings=(f"{warning.text} ({warning.source})",))
    html = d.report_html(_report(revised=revised))
    assert html.count(d.chem_html(warning.text)) == 1


def test_references_are_unique_in_order_of_use():
    refs = d.references(_report())
    assert refs[0] == d.BASE_PROCEDURE
    assert refs.count(fx.NOTE) == 1
    assert fx.SELECTIVITY in refs


def test_rules_checksum_of_the_file_used(tmp_path):
    rules = tmp_path / "lab.yaml"
    rules.write_bytes(b"format: borane-rules/1\n")
    meta = _report(rules_path=rules).meta
    assert meta.rules_name == "lab.yaml"
    assert meta.rules_sha256 == "78c087bece2df683414f997ca2213abf1b75f2c23cdcd4b828645907225e7458"
    assert meta.rules_short == "78c087bece2d"
    missing = _report(rules_path=tmp_path / "gone.yaml").meta
    assert missing.rules_short == "unknown"


def test_building_the_html_needs_no_qt():
    import subprocess
    import sys

    from tests.conftest import ROOT, cli_env

    code = ("import sys; from boranegui.report import document; "
            "print(any(m.startswith('PySide6') for m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=cli_env(), cwd=ROOT)
    assert done.stdout.strip() == "False", done.stderr
