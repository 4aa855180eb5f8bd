"""The substrate drawing of the report: RDKit SVG, drawn by Qt as vector paths (never a bitmap).

A printed structure must stay sharp at any zoom, and the PDF must not carry a raster
image of it, so the SVG from rdMolDraw2D is placed in the QTextDocument as a custom
text object and painted with QSvgRenderer straight onto the PDF or printer page.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QObject, QRectF, QSizeF
from PySide6.QtGui import QPainter, QPyTextObject, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtSvg import QSvgRenderer
from rdkit import Chem
from rdkit.Chem.Draw import rdMolDraw2D

from boranegui.core import palette
from boranegui.core.substrate import PATTERNS, parse_structure

SVG_OBJECT = QTextFormat.ObjectTypes.UserObject + 7  # our object type in the document
_SVG_KEY = QTextFormat.Property.UserProperty + 71  # char-format property: index of the SVG
_SIZE_KEY = QTextFormat.Property.UserProperty + 72  # char-format property: QSizeF in points

HIGHLIGHT = palette.rgb_fractions(palette.LACTAM)  # as on the drawing canvas; light grey on a B/W printer


def lactam_atoms(mol: Chem.Mol, lactams: Sequence[Sequence[int]] | None = None) -> list[tuple[int, ...]]:
    """The (C, O, N) atoms of each lactam of ``mol``.

    ``lactams`` from the substrate analysis are trusted when they fit ``mol``; an empty
    tuple means the analysis found none; None (no analysis) or indices of another atom
    order fall back to the analysis's own lactam pattern (core/groups.py), matched again.
    """
    if lactams is not None and not lactams:
        return []
    fitting = [
        tuple(t) for t in lactams or ()
        if len(t) == 3 and all(0 <= i < mol.GetNumAtoms() for i in t)
        and [mol.GetAtomWithIdx(i).GetSymbol() for i in t] == ["C", "O", "N"]
    ]
    if fitting:
        return fitting
    return [tuple(m[:3]) for m in mol.GetSubstructMatches(PATTERNS["lactam"])]


def drawn_structure(
    smiles: str | None, molblock: str | None, lactams: Sequence[Sequence[int]] | None
) -> tuple[str, Sequence[Sequence[int]] | None]:
    """What the report draws of a run's substrate: the MOL block the chemist drew when the
    run file has one (their layout and wedges), else the SMILES; with the lactams to pass.

    The analysis's atom indices belong to the SMILES, so with the MOL block the lactams
    are matched again (None), unless the analysis found none (an empty tuple stays empty).
    """
    if molblock and molblock.strip():
        return molblock, (None if lactams is None or len(lactams) else ())
    return smiles or "", lactams


def structure_svg(
    structure: str | Chem.Mol, lactams: Sequence[Sequence[int]] | None = None, width: int = 420, height: int = 260
) -> str:
    """An SVG drawing of the substrate (SMILES, MolBlock or Mol), black on white, each lactam C(=O)-N highlighted.

    A MOL block keeps its wedges on the bonds the chemist put them on: RDKit would
    otherwise choose the wedged bond of each centre afresh (same stereo, another picture).
    """
    mol = parse_structure(structure) if isinstance(structure, str) else Chem.Mol(structure)  # ValueError in words
    Chem.ReapplyMolBlockWedging(mol)  # no-op unless the bonds came from a MOL block
    sites = lactam_atoms(mol, lactams)
    atoms = sorted({i for site in sites for i in site})
    bonds = []
    for c, o, n in sites:
        for a, b in ((c, o), (c, n)):
            bond = mol.GetBondBetweenAtoms(a, b)
            if bond is not None:
                bonds.append(bond.GetIdx())
    drawer = rdMolDraw2D.MolDraw2DSVG(width, height)
    options = drawer.drawOptions()
    options.useBWAtomPalette()
    options.clearBackground = False
    options.bondLineWidth = 2
    options.padding = 0.06
    options.setHighlightColour(HIGHLIGHT)
    options.highlightBondWidthMultiplier = 10
    colours = dict.fromkeys(atoms, HIGHLIGHT)
    bond_colours = dict.fromkeys(bonds, HIGHLIGHT)
    rdMolDraw2D.PrepareAndDrawMolecule(
        drawer, mol, highlightAtoms=atoms, highlightBonds=bonds,
        highlightAtomColors=colours, highlightBondColors=bond_colours,
    )
    drawer.FinishDrawing()
    return drawer.GetDrawingText()


class SvgTextObject(QPyTextObject):
    """Draws SVG pictures held in a document's character formats, as vector paths."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._renderers: list[QSvgRenderer] = []

    def add(self, svg: str) -> int:
        renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
        if not renderer.isValid():
            raise ValueError("the structure drawing is not valid SVG")
        self._renderers.append(renderer)
        return len(self._renderers) - 1

    def intrinsicSize(self, doc: QTextDocument, pos: int, fmt: QTextFormat) -> QSizeF:
        size = fmt.property(_SIZE_KEY)
        return size if isinstance(size, QSizeF) else QSizeF(0, 0)

    def drawObject(
        self, painter: QPainter, rect: QRectF, doc: QTextDocument, pos: int, fmt: QTextFormat
    ) -> None:
        index = fmt.property(_SVG_KEY)
        if isinstance(index, int) and 0 <= index < len(self._renderers):
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._renderers[index].render(painter, rect)
            painter.restore()


def install_svg_handler(doc: QTextDocument) -> SvgTextObject:
    """Teach ``doc`` to draw our SVG objects; the handler lives as long as the document."""
    handler = SvgTextObject(doc)
    doc.documentLayout().registerHandler(SVG_OBJECT, handler)
    return handler


def insert_svg(cursor: QTextCursor, handler: SvgTextObject, svg: str, size: QSizeF) -> None:
    """Insert ``svg`` at ``cursor`` as one inline object of ``size`` (document units: points)."""
    fmt = QTextCharFormat()
    fmt.setObjectType(SVG_OBJECT)
    fmt.setProperty(_SVG_KEY, handler.add(svg))
    fmt.setProperty(_SIZE_KEY, size)
    cursor.insertText("\ufffc", fmt)
