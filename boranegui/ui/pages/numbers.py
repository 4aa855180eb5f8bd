"""Numbers and temperatures as a chemist types them into the wizard's fields (Qt-free)."""

from __future__ import annotations

import math
import re
from typing import Any

_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(?:,\d{3})+\.\d*")  # 1,000.5 or 12,345,678.
_AMBIGUOUS = re.compile(r"^[-+]?\d{1,3}(?:,\d{3})+(?=\D|$)")  # 1,000 or 1,000 g


def parse_number(text: str, unit: str = "") -> float | None:
    """A number as a chemist types it: '2.5', '2,5', ' 3 ', and with the field's own unit
    ('5 g', '1.0 M', '66 °C').  None when empty; ValueError if not a number.

    A comma is a decimal comma ('2,5'), except in thousands groups ('1,000.5' is 1000.5);
    '1,000' alone could be either, so it is refused in words rather than read as 1.
    """
    text = text.strip()
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    elif _AMBIGUOUS.match(text):
        raise ValueError(f"{text} is ambiguous (a thousands comma or a decimal comma?): type "
                         f"{text.replace(',', '')} or {text.replace(',', '.')}")
    text = text.replace(",", ".")
    for suffix in _unit_spellings(unit):
        if text.lower().endswith(suffix.lower()) and len(text) > len(suffix):
            text = text[: -len(suffix)].strip()
            break
    if not text:
        return None
    value = float(text)
    if not math.isfinite(value):  # float() reads 'nan' and 'inf'
        raise ValueError("must be a number, such as 2.5")
    return int(value) if value.is_integer() and "." not in text and "e" not in text.lower() else value


def _unit_spellings(unit: str) -> tuple[str, ...]:
    """How the unit of a field may be typed after the number, longest first."""
    if unit in ("°C", "°F"):
        return (unit, unit.replace("°", "º"), unit[1])
    if unit == "equiv":
        return ("equiv", "eq")
    if unit == "wt %":
        return ("wt %", "wt%", "%")
    return (unit,) if unit else ()


def c_to_f(value: float) -> float:
    return value * 9 / 5 + 32


def f_to_c(value: float) -> float:
    return (value - 32) * 5 / 9


def fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return "" if value is None else str(value)
