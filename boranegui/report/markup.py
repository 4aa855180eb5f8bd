"""How the document writes words and numbers: escaping, chemistry subscripts, parameter
values in words, and the stylesheet, tables and boxes every section is built from.

Everything a chemist or a lab typed is HTML-escaped here (``esc``), so ``<b>`` or ``&``
in a note prints literally; ``chem_html`` is only for texts the app itself writes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import Any

from boranegui.core import amounts as am
from boranegui.core.parameters import CHOICE_WORDS, PARAMETERS

CELL_PADDING = 3.0  # points; the paginator cuts between table rows using it
NUMERIC_HEADERS = {"Equiv", "Amount", "Mass or volume", "Score", "#"}


def esc(text: Any) -> str:
    """Escape text for Qt rich text; line breaks are kept.

    The invisible separator that brackets STRUCTURE_MARK is dropped: a title holding the
    mark would otherwise be where the drawing goes.
    """
    text = str(text).replace("\u2063", "")
    return html.escape(text, quote=True).replace("\r\n", "\n").replace("\n", "<br/>")


def format_value(parameter: str, value: Any) -> str:
    """A parameter value in the words of the bench: '66 °C', '2 h', 'MeOH', 'yes'."""
    if value is None:
        return "not given"
    spec = PARAMETERS.get(parameter)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        unit = spec.unit if spec else ""
        return f"{am.fmt_number(value)} {unit}".strip()
    if isinstance(value, str):
        return CHOICE_WORDS.get(value, value)
    return str(value)


def parameter_label(parameter: str) -> str:
    spec = PARAMETERS.get(parameter)
    label = spec.label if spec else parameter.replace("_", " ")
    if label[:2] == "pH":  # a unit's own spelling stays: "pH after basifying", never "PH"
        return label
    return label[:1].upper() + label[1:]


def formula_html(formula: str) -> str:
    """C15H11ClN2O with subscript counts."""
    return re.sub(r"(?<=[A-Za-z\)])(\d+)", r"<sub>\1</sub>", esc(formula))


CSS = f"""
body {{ font-size: 9px; color: #111; }}
h1 {{ font-size: 16px; font-weight: bold; margin-top: 0px; margin-bottom: 2px; }}
h2 {{ font-size: 12px; font-weight: bold; margin-top: 12px; margin-bottom: 4px; color: #1f3a5f; }}
h3 {{ font-size: 10px; font-weight: bold; margin-top: 8px; margin-bottom: 3px; color: #333; }}
p {{ margin-top: 0px; margin-bottom: 3px; }}
table {{ border-collapse: collapse; }}
td, th {{ padding: {CELL_PADDING}px; vertical-align: top; }}
th {{ font-weight: bold; text-align: left; background-color: #e8ecf2; border-bottom: 1px solid #555; }}
td.row {{ border-bottom: 0.5px solid #bbb; }}
td.num {{ text-align: right; }}
.sub {{ color: #444; }}
.small {{ font-size: 7px; color: #444; }}
.meta {{ color: #222; }}
.mark {{ color: #b35900; font-weight: bold; }}
.newval {{ background-color: #ffd27a; font-weight: bold; }}
"""


# The same classes for the screen (the protocol page): print sizes in px become points, a
# little larger, so 7 px small print stays legible in a window.
SCREEN_CSS = re.sub(r"font-size: (\d+)px", lambda m: f"font-size: {round(int(m[1]) * 1.15)}pt", CSS)


def table(headers: Sequence[tuple[str, str]], rows: Iterable[str], attrs: str = "") -> str:
    head = "".join(
        f'<th width="{w}"{" align=right" if h in NUMERIC_HEADERS else ""}>{h}</th>' for h, w in headers)
    return (f'<table width="100%" cellspacing="0" cellpadding="{CELL_PADDING:g}" {attrs}>'
            f"<thead><tr>{head}</tr></thead>{''.join(rows)}</table>")


def box(title: str, body: str, background: str, border: str) -> str:
    return (
        f'<table width="100%" cellspacing="0" cellpadding="6" style="margin-top:8px; '
        f'border: 1px solid {border}; border-style: solid; border-color: {border}" '
        f'border="1" bgcolor="{background}"><tr><td style="border: 1px solid {border}">'
        f"<p style='font-size:10px; font-weight:bold; margin-bottom:3px'>{title}</p>{body}</td></tr></table>"
    )


# Digits right after an element symbol or ")" and before the next symbol, a dot or a break;
# never inside an entity such as &#x27; (escaped apostrophe).
_FORMULA_COUNT = re.compile(r"(?<=[A-Za-z)])(?<!&#x)(?<!&[a-z])(?<!&[a-z]{2})(\d+)(?=[A-Z(·+\s,.;:)\-−]|$)")


def chem_html(text: str) -> str:
    """Escape generated chemistry text and set formula counts as subscripts (BH3, Na2SO4, B(OMe)3).

    Only for texts the app writes (steps, amounts, safety); never for what a user typed.
    """
    return _FORMULA_COUNT.sub(r"<sub>\1</sub>", esc(text))
