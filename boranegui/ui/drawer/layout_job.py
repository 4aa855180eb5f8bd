"""RDKit 2D layout of a large molecule in a worker process, so the canvas never freezes.

Compute2DCoords holds the GIL (about 90 ms for a 150-atom peptide), so a thread would not
help; a single spawned worker process does. This module imports only RDKit: it is what the
worker process loads.
"""

from __future__ import annotations

import os
import sys
import threading
import time

from rdkit import Chem, rdBase
from rdkit.Chem import rdDepictor

# below this many atoms the layout takes a few ms and runs in place
BACKGROUND_LAYOUT_ATOMS = 60

_PICKLE = Chem.PropertyPickleOptions.AllProps


def lay_out(data: bytes) -> bytes:
    """Pickled molecule in, the same molecule with 2D coordinates out."""
    mol = Chem.Mol(data)
    with rdBase.BlockLogs():
        rdDepictor.Compute2DCoords(mol, clearConfs=True)
    return mol.ToBinary(_PICKLE)


def pickle(mol: Chem.Mol) -> bytes:
    return mol.ToBinary(_PICKLE)


def die_with_parent(parent_pid: int) -> None:
    """Worker initializer: the worker must not outlive a GUI that crashed or was killed.

    On Linux the kernel kills it with its parent (PR_SET_PDEATHSIG), even in the middle of a
    layout that holds the GIL; elsewhere a watchdog thread checks between layouts.
    """
    if sys.platform.startswith("linux"):
        import contextlib
        import ctypes
        import signal

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # 1: PR_SET_PDEATHSIG
    if os.getppid() != parent_pid:  # the parent died before the line above
        os._exit(0)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
