"""How a run record is written back to its YAML file: a lab notebook's layout, text that stays
text, and the chemist's own comment lines at the top kept (core/run_record.py reads it)."""

from __future__ import annotations

import contextlib
import datetime as _dt
import itertools
import os
from typing import TYPE_CHECKING, Any

import yaml

from boranegui.core.yamlio import InputError, _CoreResolver, read_text, write_text_atomic

if TYPE_CHECKING:
    from boranegui.core.run_record import RunRecord


# libyaml's C emitter when PyYAML has it: the Python one reads a 500-atom MOL block character
# by character (150 ms on the GUI thread for each autosave of such a run).
_Base: type = yaml.CSafeDumper if yaml.__with_libyaml__ else yaml.SafeDumper


class _Dumper(_Base):  # type: ignore[misc]
    """Writes multi-line text (MolBlocks, notes) as readable literal blocks."""


# Characters a YAML reader turns into plain line feeds: a literal block would lose them.
_OTHER_LINE_BREAKS = frozenset("\r\x85\u2028\u2029")


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if _OTHER_LINE_BREAKS.intersection(value):
        style: str | None = '"'  # escaped (\r, \N, \L, \P): PyYAML's other styles fold them
    else:
        style = "|" if "\n" in value else None
    if style is None and _CORE_READER.resolve(yaml.ScalarNode, value, (True, False)) != _STR:  # type: ignore[no-untyped-call]
        style = "'"  # text the loader (YAML 1.2 core) would read as a number: a name "0E0" is text
    return dumper.represent_scalar(_STR, value, style=style)


_STR = "tag:yaml.org,2002:str"
_CORE_READER = _CoreResolver()


_Dumper.add_representer(str, _str_representer)


def dumps(run: RunRecord) -> str:
    """The run file's text: block style, in the order of a lab notebook."""
    return dumps_data(run.to_dict())


def dumps_data(data: dict[str, Any]) -> str:
    """Run-file data as the file's text; also a draft's, while the run is not complete yet."""
    data = dict(data)
    with contextlib.suppress(KeyError, ValueError, TypeError):  # an ISO date is written unquoted, as typed
        data["date"] = _dt.date.fromisoformat(data["date"])
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    # Lists of symptom ids read best on one line, as in the documented format.
    for key in ("symptoms", "ruled_out"):
        ids = (data.get("outcome") or {}).get(key)
        if ids:
            block = "".join(f"  - {i}\n" for i in ids)
            text = text.replace(f"  {key}:\n{block}", f"  {key}: [{', '.join(ids)}]\n", 1)
    return text


def save(run: RunRecord, path: str | os.PathLike[str]) -> bool:
    """Write the run file atomically (temp file in the same folder, then rename).

    The comment lines at the top of the file it replaces are kept.  Comments further down
    are not: PyYAML drops comments when it reads, so the values they stood beside are
    written back in the app's own layout.  Returns True when such comments were dropped,
    so the app can say so.
    """
    header, dropped = _comments(path)
    write_text_atomic(path, header + dumps(run))
    return dropped


def _comments(path: str | os.PathLike[str]) -> tuple[str, bool]:
    """The leading comment block of an existing run file, and whether it has other comments."""
    try:
        text = read_text(path)
    except InputError:
        return "", False  # a new file, or one that cannot be read: nothing to keep
    lines = text.splitlines()
    head = list(itertools.takewhile(lambda line: not line.strip() or line.lstrip().startswith("#"), lines))
    while head and not head[-1].strip():
        head.pop()
    rest = lines[len(head):]
    dropped = any(line.lstrip().startswith("#") or " #" in line for line in rest)
    return ("\n".join(head) + "\n" if head else ""), dropped
