"""Substrate fingerprints for "runs on molecules like this one": RDKit Morgan bits and Tanimoto.

Stored in the history as RDKit's binary bit-vector text (bytes), so both databases keep
them as an opaque blob and the comparison runs in RDKit's bulk C++ loop.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

RADIUS = 2
BITS = 2048


@functools.lru_cache(maxsize=1)
def _generator() -> Any:
    from rdkit.Chem import rdFingerprintGenerator

    return rdFingerprintGenerator.GetMorganGenerator(radius=RADIUS, fpSize=BITS)


def _mol(structure: str) -> Any:
    from rdkit import Chem, rdBase

    text = structure.strip()
    if not text:
        return None
    with rdBase.BlockLogs():  # a bad SMILES is reported by the caller, not on stderr
        return Chem.MolFromMolBlock(text) if "\n" in text else Chem.MolFromSmiles(text)


def fingerprint(structure: str) -> bytes | None:
    """The Morgan fingerprint of a SMILES or MOL block as bytes; None when it does not parse."""
    mol = _mol(structure)
    if mol is None:
        return None
    return bytes(_generator().GetFingerprint(mol).ToBinary())


def query_fingerprint(structure: str) -> Any:
    """The fingerprint object to compare against; ValueError names a structure that does not parse."""
    mol = _mol(structure)
    if mol is None:
        raise ValueError(f"--similar: {structure!r} is not a structure RDKit can read")
    return _generator().GetFingerprint(mol)


class VectorCache:
    """Fingerprints already turned back into RDKit vectors, by row id, so a repeated search
    only decodes the runs that are new or changed since the last one."""

    def __init__(self) -> None:
        self._by_id: dict[int, tuple[bytes, Any]] = {}

    def vectors(self, rows: Sequence[tuple[int, bytes]]) -> list[Any]:
        from rdkit import DataStructs

        out = []
        fresh: dict[int, tuple[bytes, Any]] = {}
        for row_id, blob in rows:
            known = self._by_id.get(row_id)
            if known is None or known[0] != blob:
                known = (blob, DataStructs.ExplicitBitVect(blob))  # type: ignore[call-overload]
            fresh[row_id] = known
            out.append(known[1])
        if len(fresh) >= len(self._by_id):  # a full scan: forget deleted runs
            self._by_id = fresh
        else:
            self._by_id.update(fresh)
        return out


def similarities(query: Any, vectors: Sequence[Any]) -> list[float]:
    """Tanimoto of ``query`` to each vector, in order (RDKit's bulk loop)."""
    from rdkit import DataStructs

    return list(DataStructs.BulkTanimotoSimilarity(query, list(vectors)))
