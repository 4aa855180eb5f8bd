"""Runs RDKit layouts of large molecules in one worker process and hands results to the GUI thread."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from rdkit import Chem

from . import layout_job

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# A frozen (PyInstaller) build re-runs its own executable as the worker: without
# multiprocessing.freeze_support() at the very start of main() that would open a second
# window. The entry point sets this to True after calling freeze_support().
FROZEN_WORKER_READY = False


class LayoutService(QObject):
    """``finished(token, result)`` arrives in the GUI thread: the job's (picklable) result,
    or None if the worker failed."""

    finished = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool: ProcessPoolExecutor | None = None
        self._pending: dict[int, Future[Any]] = {}

    def submit(self, token: Any, mol: Chem.Mol, job: Callable[[bytes], Any] = layout_job.prepare_job) -> bool:
        """Start ``job`` on ``mol``; False when no worker can be started (caller works in place)."""
        if getattr(sys, "frozen", False) and not FROZEN_WORKER_READY:
            return False
        try:
            if self._pool is None:
                # Imported here, not at start-up (multiprocessing: about 20 ms); only a large
                # molecule needs the worker.
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                # spawn: a fork of a Qt process is unsafe; the worker imports RDKit only
                self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=layout_job.die_with_parent,
                                                 initargs=(os.getpid(),))
            future = self._pool.submit(job, layout_job.pickle(mol))
        except Exception:  # no worker (sandbox, frozen build without freeze_support)
            return False
        self._pending[id(future)] = future
        future.add_done_callback(lambda f, token=token: self._done(token, f))
        return True

    def _done(self, token: Any, future: Future[Any]) -> None:
        # runs in the executor's thread: the signal is queued to the GUI thread
        self._pending.pop(id(future), None)
        try:
            result = future.result()
        except Exception:
            result = None
        self.finished.emit(token, result)

    def busy(self) -> bool:
        return bool(self._pending)

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
