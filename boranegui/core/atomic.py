"""Atomic file writing that replaces only the user's own regular file, never what a path points at.

Every save of the app (run files, PDFs, autosave, settings, exported structures) goes
through :func:`write_atomic`: a temporary file in the real target's folder, fsync, rename.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any


class SaveRefused(OSError):
    """A save that would replace something other than the user's own regular file.

    An OSError, so every caller's existing "could not save: <strerror>" path reports it.
    """

    def __init__(self, path: str, why: str) -> None:
        super().__init__(errno.EPERM, why, path)


_STALE_TMP_SECONDS = 600  # older than any save in progress; younger ones may be another instance's


def save_target(path: str | os.PathLike[str]) -> Path:
    """The file a save of ``path`` really replaces, or SaveRefused saying why it must not.

    ``os.replace`` on a symlink would replace the link itself (a run opened through a link
    turns into a copy, a shared PDF goes stale), on a device or FIFO the node itself, and it
    ignores a file's read-only mode.  So: follow links to the real file and replace that
    (the link stays); refuse folders, devices, pipes, sockets, read-only files and files
    with other hard-linked names (a rename would split them).
    """
    target = Path(os.path.realpath(path))
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target  # a new file: its folder decides (mkstemp fails there in words)
    name = str(path)
    if stat.S_ISDIR(info.st_mode):
        raise SaveRefused(name, "this is a folder; choose a file name")
    if not stat.S_ISREG(info.st_mode):
        raise SaveRefused(name, "this is a device, pipe or socket, not a file; choose a file name")
    if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise SaveRefused(name, "the file is read-only; save under another name or make it writable")
    if info.st_nlink > 1:
        raise SaveRefused(name, f"the file has {info.st_nlink - 1} other hard-linked name(s) that a save "
                                "would leave behind; save under another name")
    return target


def _clean_stale_temps(target: Path) -> None:
    """Remove temporary files that interrupted saves of this name left behind."""
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.[A-Za-z0-9_]{{8}}\.tmp$")
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            if pattern.match(entry.name):
                with contextlib.suppress(OSError):
                    info = entry.stat(follow_symlinks=False)
                    if stat.S_ISREG(info.st_mode) and now - info.st_mtime > _STALE_TMP_SECONDS:
                        os.unlink(entry.path)


def write_atomic(path: str | os.PathLike[str], write: Callable[[Any], None], binary: bool = False) -> None:
    """Write a file through a temporary file in the real target's folder, then rename it in place.

    A crash, a full disk or a failed ``write`` leaves the old file untouched.  OSError
    (SaveRefused for an unsafe target, see :func:`save_target`) propagates so the caller
    can report it in words.
    """
    target = save_target(path)
    _clean_stale_temps(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        fh: IO[Any] = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        with fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); give it the mode a plain open() would have,
        # or keep the mode of the file it replaces, so colleagues can still read a shared run.
        with contextlib.suppress(OSError):
            os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Atomically replace ``path`` with ``text`` (UTF-8)."""
    write_atomic(path, lambda fh: fh.write(text))


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Atomically replace ``path`` with ``data``."""
    write_atomic(path, lambda fh: fh.write(data), binary=True)
