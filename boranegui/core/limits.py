"""The size limits on everything a user hands the app, and the checks that enforce them early.

Hostile or mistaken input (a FIFO named as a run file, ``/dev/zero`` on stdin, a SMILES of
20,000 carbons, a V3000 block announcing 10^8 atoms) must be refused in one clear line
*before* it reaches a parser that would read it whole, allocate for it or overflow the stack.
Each limit is far above what a lab writes by hand, and lives here only.
"""

from __future__ import annotations

import errno
import os
import re
import stat

MAX_INPUT_BYTES = 2 * 1024 * 1024
"""Run files, rules files, MOL/SDF files and stdin: the 1000-node rules file is 0.3 MB."""

MAX_ATOMS = 500
"""Atoms in one substrate (explicit hydrogens included): cyclosporin is 196 with its H."""

MAX_RULE_PATHS = 10_000
"""Root-to-end paths in one symptom tree: the shipped tree has a few dozen."""

MAX_TEXT_FIELD = 20_000
"""Characters in one free-text field of a run (title, notes): a long note is 2,000."""

# One token per atom: a bracket atom, a two-letter organic atom, or a one-letter one.
_SMILES_ATOM = re.compile(r"\[[^\]]*\]|Br|Cl|[BCNOPSFI*bcnosp]")
_V3000_COUNTS = re.compile(r"^M  V30 COUNTS((?:\s+\d+)+)", re.MULTILINE)


def megabytes(size: int) -> str:
    """``2097152`` -> ``"2 MB"``: how a limit is said to the user."""
    return f"{size / (1024 * 1024):.3g} MB"


def _molblock_counts(text: str) -> list[int]:
    """Every count a MOL block announces (V3000 COUNTS lines; the V2000 counts line)."""
    counts = [int(n) for m in _V3000_COUNTS.finditer(text) for n in m.group(1).split()]
    lines = text.splitlines()
    if len(lines) > 3 and "V2000" in lines[3]:
        line = lines[3]
        for field in (line[0:3], line[3:6]):
            if field.strip().isdigit():
                counts.append(int(field))
    return counts


def structure_problem(text: str) -> str | None:
    """Why a SMILES or MOL text is refused before RDKit reads it, or None when it may be read.

    RDKit allocates what a V3000 COUNTS line announces and recurses over long SMILES chains
    (a 20,000-carbon chain overflows the stack in ``MolToSmiles``): count first, cheaply.
    """
    if len(text) > MAX_INPUT_BYTES:
        return f"the structure text is longer than {megabytes(MAX_INPUT_BYTES)}; is it the right text?"
    is_block = "M  END" in text or "V2000" in text or "V3000" in text
    if is_block:
        counts = _molblock_counts(text)
        atoms = max(counts, default=0)
        if atoms > MAX_ATOMS:
            return (f"the MOL block announces {atoms:,} atoms or bonds; "
                    f"BoraneGUI reads substrates of at most {MAX_ATOMS} atoms")
        return None
    stripped = text.strip()
    if "\n" in stripped:
        lines = len(stripped.splitlines())
        return (f"a SMILES is one line, and this text has {lines} lines without a MOL block's "
                "counts line (V2000 or V3000) or 'M  END'")
    atoms = len(_SMILES_ATOM.findall(stripped))
    if atoms > MAX_ATOMS:
        return f"the SMILES has about {atoms:,} atoms; BoraneGUI reads substrates of at most {MAX_ATOMS} atoms"
    return None


class RefusedInput(OSError):
    """A path that must not be read: not a regular file, or too large.  ``strerror`` says why."""


def read_regular_file(path: str | os.PathLike[str], limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; OSError (RefusedInput) otherwise.

    The one gate for every file the user names: a FIFO would block ``open`` and a device
    (``/dev/zero``) would be read until memory runs out, so the kind and size are checked
    on the opened descriptor (no race with a swapped path) before anything is read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise RefusedInput(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(info.st_mode):
            raise RefusedInput(errno.EINVAL, "this is not a regular file (a device, pipe or socket); "
                                             "name a file", str(path))
        if info.st_size > limit:
            raise RefusedInput(errno.EFBIG, f"the file is {megabytes(info.st_size)}, more than the "
                                            f"{megabytes(limit)} it can be; is it the right file?", str(path))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            raw = fh.read(limit + 1)  # a file that grows while it is read stops here too
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise RefusedInput(errno.EFBIG, f"the file grew past {megabytes(limit)} while being read", str(path))
    return raw
