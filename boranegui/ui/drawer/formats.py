"""Reading and writing structures: SMILES, MOL V2000/V3000, SDF, and rdMolDraw2D pictures.

Qt-free so the round-trip tests and the CLI can use the same code the widget uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdkit import Chem, rdBase

from boranegui.core.limits import MAX_INPUT_BYTES, read_regular_file, structure_problem
from boranegui.core.substrate import captured_rdkit_messages

from . import stereo

if TYPE_CHECKING:
    from rdkit.Chem.Draw import rdMolDraw2D

STRUCTURE_SUFFIXES = (".mol", ".sdf", ".sd", ".smi", ".smiles", ".txt")


class StructureError(ValueError):
    """A structure that could not be read, with where and why (RDKit's own message)."""


@dataclass(frozen=True)
class Record:
    """One molecule of a file, with the name a chemist would pick it by."""

    mol: Chem.Mol
    name: str


def _reason(messages: list[str], echo: str = "") -> str:
    """RDKit's complaint without its echo of the input, the ~~~^ pointer and the repeated
    'SMILES Parse Error:' prefixes: 'extra open parentheses; check for mistakes around position 5'."""
    import re

    kept: list[str] = []
    for message in messages:
        for line in message.splitlines():
            line = line.strip()
            if not line or line.startswith("*") or (echo and line in echo) or re.fullmatch(r"[~^ ]+", line):
                continue  # the echoed input and the ~~~^ pointer
            if re.match(r"(SMILES Parse Error: )?Failed parsing SMILES", line):
                continue
            line = re.sub(r"^SMILES Parse Error: ", "", line)
            line = re.sub(r" (while parsing|for input): .*$", "", line).rstrip(":")
            if line and line not in kept:
                kept.append(line)
    return "; ".join(kept) or "RDKit could not read it"


def detect_kind(text: str) -> str:
    """'sdf', 'molblock', 'inchi' or 'smiles' from the text itself (what is on a clipboard)."""
    if text.strip().startswith("InChI="):
        return "inchi"
    if "$$$$" in text:
        return "sdf"
    if "M  END" in text or "V2000" in text or "V3000" in text:
        return "molblock"
    return "smiles"


def read_records(text: str, source: str = "text") -> list[Record]:
    """Every molecule in the text; SMILES may hold one per line (with an optional name)."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise StructureError(f"{source}: no structure given")
    kind = detect_kind(text)
    if len(text) > MAX_INPUT_BYTES:
        raise StructureError(f"{source}: {structure_problem(text)}")
    if kind == "molblock":
        return [Record(_mol_from_block(text, source), _title(text))]
    if kind == "sdf":
        return _sdf_records(text, source)
    if kind == "inchi":
        inchi = text.strip().splitlines()[0].strip()
        with captured_rdkit_messages() as messages:
            mol = Chem.MolFromInchi(inchi, sanitize=True, removeHs=True, logLevel=None, treatWarningAsError=False)
        if mol is None or mol.GetNumAtoms() == 0:
            why = _reason([m for m in messages if m.strip().rstrip(":") not in ("ERROR", "WARNING")])
            why = "the InChI reader could not read it" if why == "RDKit could not read it" else why
            raise StructureError(f"{source}: invalid InChI {inchi[:60]!r}: {why}")
        return [Record(_amide_tautomer(mol), inchi)]
    records = []
    for lineno, line in enumerate(text.strip().splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        smiles, _, name = line.partition(" ")
        too_big = structure_problem(smiles)  # before RDKit: a 20,000-atom chain overflows its stack
        if too_big:
            raise StructureError(f"{source}: {too_big}")
        with captured_rdkit_messages() as messages:
            mol = Chem.MolFromSmiles(smiles)
        if mol is None:
            where = source if len(text.strip().splitlines()) == 1 else f"{source}, line {lineno}"
            raise StructureError(f"{where}: invalid SMILES {smiles!r}: {_reason(messages, smiles)}")
        records.append(Record(mol, name.strip() or smiles))
    if not records:
        raise StructureError(f"{source}: no structure given")
    return records


def _amide_tautomer(mol: Chem.Mol) -> Chem.Mol:
    """InChI's mobile H leaves lactam or lactim open and RDKit rebuilds the lactim
    (OC1=NCCC1); RDKit's canonical tautomer is the amide a chemist means."""
    from rdkit.Chem.MolStandardize import rdMolStandardize

    with rdBase.BlockLogs():
        try:
            return rdMolStandardize.TautomerEnumerator().Canonicalize(mol)
        except Exception:  # keep InChI's own form rather than lose the structure
            return mol


def read_structure(text: str, source: str = "text") -> Chem.Mol:
    """The first molecule of the text (SMILES, MolBlock or SDF)."""
    return read_records(text, source)[0].mol


def read_file(path: str | Path) -> list[Record]:
    path = Path(path)
    try:  # the one size-and-kind gate: a FIFO or /dev/zero named here must not hang the window
        text = read_regular_file(path).decode("utf-8", errors="replace")
    except OSError as exc:
        raise StructureError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return read_records(text, str(path))


def _title(block: str) -> str:
    first = block.splitlines()[0].strip() if block.splitlines() else ""
    return first or "structure"


def _mol_from_block(block: str, source: str) -> Chem.Mol:
    too_big = structure_problem(block)  # before RDKit: it allocates what a COUNTS line announces
    if too_big:
        raise StructureError(f"{source}: {too_big}")
    with captured_rdkit_messages() as messages:
        mol = Chem.MolFromMolBlock(block)
        if mol is None:
            # keep what the chemist drew even when RDKit's sanitizer objects: the drawer
            # marks the offending atoms instead of refusing the file
            mol = Chem.MolFromMolBlock(block, sanitize=False)
            if mol is not None:
                mol.UpdatePropertyCache(strict=False)
    if mol is None:
        raise StructureError(f"{source}: invalid MOL block: {_reason(messages)}")
    return mol


def split_sdf(text: str) -> list[str]:
    """The records of an SDF, each with its first (title) line intact, even when empty."""
    blocks, current = [], []
    for line in text.splitlines(keepends=True):
        if line.strip() == "$$$$":
            blocks.append("".join(current))
            current = []
        else:
            current.append(line)
    if "".join(current).strip():
        blocks.append("".join(current))
    return [b for b in blocks if b.strip()]


def _sdf_records(text: str, source: str) -> list[Record]:
    records = []
    failures = []
    for n, block in enumerate(split_sdf(text), start=1):
        try:
            mol = _mol_from_block(block, f"{source}, record {n}")
        except StructureError as exc:
            failures.append(str(exc))  # a bad record does not hide the good ones
            continue
        name = _title(block)
        records.append(Record(mol, name if name != "structure" else f"record {n}"))
    if not records:
        detail = f": {failures[0]}" if failures else ""
        raise StructureError(f"{source}: no readable molecule in the SDF{detail}")
    return records


# ---------------------------------------------------------------- writing
def export_copy(mol: Chem.Mol) -> Chem.Mol:
    """What leaves the drawer: sanitized when RDKit accepts it (aromaticity perceived), with
    the stereo the drawing shows. SMILES, MOL, pictures and the substrate analysis all start
    here, so they cannot disagree. Our own id properties are dropped; coordinates stay.
    """
    out = Chem.Mol(mol)
    for atom in out.GetAtoms():
        for key in ("drawer_atom_id",):
            if atom.HasProp(key):
                atom.ClearProp(key)
    for bond in out.GetBonds():
        if bond.HasProp("drawer_bond_id"):
            bond.ClearProp("drawer_bond_id")
    for key in ("drawer_next_atom_id", "drawer_next_bond_id"):
        if out.HasProp(key):
            out.ClearProp(key)
    with rdBase.BlockLogs():
        problems = Chem.SanitizeMol(out, catchErrors=True)
        if problems != Chem.SanitizeFlags.SANITIZE_NONE:
            out = Chem.Mol(mol)
            out.UpdatePropertyCache(strict=False)
            Chem.SanitizeMol(
                out,
                Chem.SanitizeFlags.SANITIZE_ALL
                ^ Chem.SanitizeFlags.SANITIZE_PROPERTIES
                ^ Chem.SanitizeFlags.SANITIZE_KEKULIZE,
                catchErrors=True,
            )
        try:
            stereo.perceive(out)  # R/S from the wedges, E/Z from the drawn geometry
        except Exception:  # a drawing RDKit cannot read stereo from is still exported, flat
            Chem.RemoveStereochemistry(out)
    return out


def to_smiles(mol: Chem.Mol) -> str:
    return smiles_of_export(export_copy(mol)) if mol.GetNumAtoms() else ""


def smiles_of_export(out: Chem.Mol) -> str:
    """Canonical SMILES of an :func:`export_copy`; RDKit leaves its atom output order on ``out``
    (read by :func:`atom_order`)."""
    with rdBase.BlockLogs():
        return Chem.MolToSmiles(out)


def atom_order(out: Chem.Mol, own: str, text: str) -> list[int] | None:
    """For each atom of ``text`` as RDKit reads it (the order of a substrate analysis of that
    text), the drawing's atom index; None when ``text`` is not this drawing's structure.

    ``out`` is the drawing's :func:`export_copy` and ``own`` its SMILES (:func:`smiles_of_export`,
    which left the output order on ``out``): the drawing's own SMILES maps by that order, with no
    second parse; other text (a MOL block, a SMILES written elsewhere, a drawing with explicit H)
    by a substructure match."""
    if not text or out.GetNumAtoms() == 0:
        return None
    if own == text and not out.HasSubstructMatch(_HYDROGEN):
        order = [int(i) for i in out.GetProp("_smilesAtomOutputOrder").strip("[],").split(",") if i]
        return order if len(order) == out.GetNumAtoms() else None
    from boranegui.core.substrate import parse_structure

    try:
        ref = parse_structure(text)
    except ValueError:
        return None
    with rdBase.BlockLogs():
        match = out.GetSubstructMatch(ref)
    heavy = sum(1 for a in out.GetAtoms() if a.GetAtomicNum() != 1)
    return list(match) if match and len(match) == ref.GetNumAtoms() >= heavy else None


_HYDROGEN = Chem.MolFromSmarts("[#1]")


def to_molblock(mol: Chem.Mol, v3000: bool = False) -> str:
    return molblock_of_export(export_copy(mol), v3000)


def molblock_of_export(out: Chem.Mol, v3000: bool = False) -> str:
    """MOL block of an :func:`export_copy` (its 2D coordinates and wedges)."""
    out = Chem.Mol(out)  # the writer may set properties: the shared copy stays as it was
    with rdBase.BlockLogs():
        return Chem.MolToV3KMolBlock(out) if v3000 else Chem.MolToMolBlock(out)


def _draw(drawer: rdMolDraw2D.MolDraw2D, mol: Chem.Mol, bond_px: float) -> None:
    from rdkit.Chem.Draw import rdMolDraw2D

    out = export_copy(mol)
    opts = drawer.drawOptions()
    opts.clearBackground = True
    opts.addStereoAnnotation = False
    opts.fixedBondLength = bond_px
    with rdBase.BlockLogs():
        rdMolDraw2D.PrepareAndDrawMolecule(drawer, out, kekulize=True)
    drawer.FinishDrawing()


def _size(mol: Chem.Mol, scale: float = 30.0) -> tuple[int, int]:
    if mol.GetNumAtoms() == 0 or mol.GetNumConformers() == 0:
        return 200, 150
    conf = mol.GetConformer()
    xs = [conf.GetAtomPosition(i).x for i in range(mol.GetNumAtoms())]
    ys = [conf.GetAtomPosition(i).y for i in range(mol.GetNumAtoms())]
    w = int((max(xs) - min(xs)) / 1.5 * scale + 80)
    h = int((max(ys) - min(ys)) / 1.5 * scale + 80)
    return max(w, 120), max(h, 100)


def to_svg(mol: Chem.Mol, width: int | None = None, height: int | None = None) -> str:
    # Imported here: rdkit.Chem.Draw pulls in numpy (about 100 ms), which only a copy or an
    # export needs, not the app's start.
    from rdkit.Chem.Draw import rdMolDraw2D

    w, h = (width, height) if width and height else _size(mol)
    drawer = rdMolDraw2D.MolDraw2DSVG(w, h)
    _draw(drawer, mol, 30.0)
    return drawer.GetDrawingText()


def to_png(mol: Chem.Mol, width: int | None = None, height: int | None = None) -> bytes:
    from rdkit.Chem.Draw import rdMolDraw2D

    w, h = (width, height) if width and height else _size(mol, 45.0)
    drawer = rdMolDraw2D.MolDraw2DCairo(w, h)
    _draw(drawer, mol, 45.0)
    return drawer.GetDrawingText()
