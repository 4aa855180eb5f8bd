"""Colours that mean the same thing on the drawing canvas and in the printed report.

One definition, read by the drawer's halos and the PDF's structure highlight, so a lactam
is the same colour wherever the chemist sees it. Qt-free: hex strings, and RGB fractions
for rdMolDraw2D.
"""

from __future__ import annotations

LACTAM = "#bfd7ff"  # soft blue: the lactam C(=O)N that borane reduces
REDUCIBLE = "#ffe0b8"  # soft orange: other groups borane reduces as well


def rgb_fractions(hex_colour: str) -> tuple[float, float, float]:
    """'#rrggbb' as (r, g, b) in 0..1, as rdMolDraw2D takes colours."""
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[k : k + 2], 16) / 255 for k in (0, 2, 4))
    return (r, g, b)
