"""RDKit 2D layout of a large molecule in a worker process, so the canvas never freezes.

Compute2DCoords holds the GIL (about 90 ms for a 150-atom peptide), so a thread would not
help; a single spawned worker process does. This module imports only RDKit: it is what the
worker process loads.
"""

from __future__ import annotations

from rdkit import Chem, rdBase

# below this many atoms the layout takes a few ms and runs in place
BACKGROUND_LAYOUT_ATOMS = 60

_PICKLE = Chem.PropertyPickleOptions.AllProps


def lay_out(data: bytes) -> bytes:
    """Pickled molecule in, the same molecule with 2D coordinates out."""
    from rdkit.Chem import rdDepictor  # imports numpy: in the worker, not at the app's start

    mol = Chem.Mol(data)
    with rdBase.BlockLogs():
        rdDepictor.Compute2DCoords(mol, clearConfs=True)
    return mol.ToBinary(_PICKLE)


def pickle(mol: Chem.Mol) -> bytes:
    return mol.ToBinary(_PICKLE)
