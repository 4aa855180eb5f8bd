"""Guard against a PySide6 6.12 reference-count fault on CPython 3.11.

PySide6 6.12.0 (abi3 wheel) returns ``None`` from every void method and ``True`` from
``Signal.emit`` without taking a reference, as if they were immortal (they are only from
Python 3.12 on, PEP 683). On 3.11 each call drops one reference and a session ends in
"Fatal Python error: none_dealloc" after some ten thousand calls (the drawer's round-trip
test reaches it in seconds). The fault is detected once; if present, None/True/False get
a huge reference bank, which is what 3.12 does for them officially.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

_BANK = 1 << 40


class _Probe(QObject):
    fired = Signal()


def refcount_fault_present() -> bool:
    """True when PySide6 void calls or emits lose references to None/True."""
    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(16):
        probe.setObjectName("probe")
        probe.fired.emit()
    lost = (none_before - sys.getrefcount(None)) + (true_before - sys.getrefcount(True))
    return lost >= 16


def protect_singletons() -> bool:
    """Apply the reference bank when needed; returns whether it was applied."""
    if sys.version_info >= (3, 12) or not refcount_fault_present():
        return False
    for obj in (None, True, False):
        # ob_refcnt is the first field of every object in a release build of CPython
        ctypes.c_ssize_t.from_address(id(obj)).value += _BANK
    return True


PROTECTED = protect_singletons()
