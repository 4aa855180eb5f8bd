"""The fonts the report is set in, shipped with the app and registered with Qt at start-up.

On a machine without system fonts (a bare container, a minimal CI image) Qt silently
writes PDFs whose text is invisible and cannot be extracted; shipping DejaVu Sans
(Bitstream Vera licence, see resources/fonts/LICENSE) makes every PDF readable.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

FAMILY = "DejaVu Sans"
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf")

_registered: str | None = None


def fonts_dir() -> Path:
    """The shipped ``resources/fonts`` folder: in a wheel or bundle, or in a source checkout."""
    packaged = Path(str(resources.files("boranegui"))) / "_data" / "resources" / "fonts"
    if (packaged / FONT_FILES[0]).is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "resources" / "fonts"


class FontError(RuntimeError):
    """The shipped fonts are missing or Qt refused them: the installation is incomplete."""


def register_fonts() -> str:
    """Register the shipped fonts with Qt (once per process) and return their family name.

    Needs a QGuiApplication.  Raises FontError naming the file that could not be used.
    """
    global _registered
    if _registered:
        return _registered
    from PySide6.QtGui import QFontDatabase, QGuiApplication

    if QGuiApplication.instance() is None:
        raise FontError("register_fonts() needs a QGuiApplication; create one first")
    family = ""
    for name in FONT_FILES:
        path = fonts_dir() / name
        if not path.is_file():
            raise FontError(f"the shipped font {path} is missing; the installation is incomplete")
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not families:
            raise FontError(f"Qt could not load the shipped font {path}")
        family = families[0]
    _registered = family
    return family
