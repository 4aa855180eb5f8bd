"""A safe ``emit``: PySide6 6.12 on CPython 3.11 returns ``True`` from ``SignalInstance.emit``
without taking a reference, so every emit from Python drops one reference to ``True`` and a
long session (or a 200-edit test) ends in "Fatal Python error: bool_dealloc".

``emit`` detects the fault once at import and gives the reference back; with a fixed PySide6
it is a plain emit.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Probe(QObject):
    fired = Signal()


def _emit_drops_a_reference() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True) + sys.getrefcount(False)
    for _ in range(8):
        result = probe.fired.emit()
        _incref(result)  # never let the probe itself do damage
    after = sys.getrefcount(True) + sys.getrefcount(False)
    return after - before < 8  # a correct emit leaves the 8 extra references we added


EMIT_DROPS_REFERENCE = _emit_drops_a_reference()


def emit(signal: SignalInstance, *args: Any) -> None:
    result = signal.emit(*args)
    if EMIT_DROPS_REFERENCE and isinstance(result, bool):
        _incref(result)
