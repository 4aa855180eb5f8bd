"""Work on large molecules that runs in a worker process, so the canvas never freezes.

RDKit holds the GIL (Compute2DCoords takes about 90 ms for a 150-atom peptide), so a
thread would not help; a single spawned worker process does. The jobs here and the modules
they import (``work``, ``cleanup``, ``stereo``, ``formats``) use RDKit only, never Qt.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import Any

from rdkit import Chem

# below this many atoms the layout takes a few ms and runs in place
BACKGROUND_LAYOUT_ATOMS = 60

_PICKLE = Chem.PropertyPickleOptions.AllProps


def prepare_job(data: bytes) -> tuple[bytes, Any]:
    """Pickled molecule in; out the same molecule made ready to draw (``work.prepare``:
    2D layout when it has none, Kekulé form, stereo marks, stable ids), pickled, with the
    looks of its atoms and bonds (``display.looks``), so the GUI thread only makes items."""
    from .display import looks
    from .work import prepare

    pickled = prepare(Chem.Mol(data)).ToBinary(_PICKLE)
    return pickled, looks(Chem.Mol(pickled))  # looks of the coordinates as pickled (float32)


def cleanup_job(data: bytes) -> Any:
    """Pickled drawing in, its "Clean up" layout out (``cleanup.CleanLayout``, by atom index),
    with the looks of the drawing once the layout is applied, so the GUI thread only moves items."""
    from .cleanup import apply_layout, clean_layout
    from .display import looks
    from .work import Work

    mol = Chem.Mol(data)
    layout = clean_layout(mol)
    work = Work(mol)
    apply_layout(work, layout)
    return layout, looks(work.finish())


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
