"""Safe YAML reading that remembers the line of every value, and atomic writing.

Run files and rules files are both edited by hand, so every problem must be reported
as ``file:line``.  We compose the YAML node graph with PyYAML's *safe* loader (no
Python tags can construct anything), reject duplicate keys, and build plain Python
values together with a map from each value's path to its 1-based line number.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import yaml

Path_ = tuple[str | int, ...]
_PLAIN_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
_MAX_NODES = 200_000  # far beyond any hand-written run or rules file


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can."""

    source: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class InputError(Exception):
    """A file or text could not be accepted; ``problems`` says what and where."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Located:
    """Plain YAML data plus the 1-based line of every mapping key and list item."""

    data: Any
    lines: Mapping[Path_, int]

    def line(self, path: Path_) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def dotted(path: Path_) -> str:
    """``("workup", "acid", "hours")`` -> ``"workup.acid.hours"``; list items as ``[i]``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def read_text(path: str | os.PathLike[str], expected: str = "a YAML text file") -> str:
    """Read a text file, turning OS and encoding failures into a located InputError.

    ``expected`` names what the file should have been, for the binary-file message.
    """
    source = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError([Problem(source, None, "", f"cannot read the file: {exc.strerror}")]) from exc
    if b"\x00" in raw:
        raise InputError([Problem(source, None, "", f"this is a binary file, not {expected}")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            [Problem(source, line, "", "the file is not UTF-8 text (is it the right file?)")]
        ) from exc


# libyaml composes the node graph about ten times faster than pure Python (a lab's large
# rules file loads in milliseconds); both are safe loaders and give the same marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"


def _reader_problem(text: str, source: str, exc: yaml.reader.ReaderError) -> Problem:
    position = exc.position if isinstance(exc.position, int) and exc.position >= 0 else 0
    line = text.count("\n", 0, position) + 1
    return Problem(source, line, "", f"character #x{exc.character:04x} is not allowed in a YAML file")


def load_located(text: str, source: str) -> Located:
    """Parse YAML text safely into plain data with line numbers.

    Raises InputError for syntax errors, duplicate keys, non-string keys, anchors
    used as merge keys, and any tag the safe loader does not know.
    """
    if not text.strip():
        raise InputError([Problem(source, None, "", "the file is empty")])
    try:
        loader = _Loader(text)  # the pure-Python reader rejects control characters right here
    except yaml.reader.ReaderError as exc:
        raise InputError([_reader_problem(text, source, exc)]) from exc
    except UnicodeError as exc:
        raise InputError([Problem(source, None, "", "the text is not valid Unicode")]) from exc
    try:
        node = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        raise InputError([_reader_problem(text, source, exc)]) from exc
    except UnicodeError as exc:
        raise InputError([Problem(source, None, "", "the text is not valid Unicode")]) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "invalid YAML"
        start = exc.context_mark
        if exc.problem and exc.context and start is not None and (mark is None or start.line != mark.line):
            what += f" ({exc.context} started on line {start.line + 1})"  # where the unclosed thing began
        raise InputError([Problem(source, line, "", f"YAML syntax error: {what}")]) from exc
    except yaml.YAMLError as exc:
        raise InputError([Problem(source, None, "", f"YAML error: {exc}")]) from exc
    finally:
        loader.dispose()
    if node is None:
        raise InputError([Problem(source, None, "", "the file holds no YAML document")])
    problems: list[Problem] = []
    constructor = yaml.SafeLoader("")
    mapping_node, scalar_node = yaml.MappingNode, yaml.ScalarNode
    budget = [_MAX_NODES]

    def build(n: yaml.Node, path: Path_) -> Any:
        cls = type(n)
        if cls is scalar_node:
            if n.tag == _STR:  # most values are text: skip the constructor's machinery
                return n.value
            try:
                return constructor.construct_object(n, deep=True)
            except yaml.constructor.ConstructorError as exc:
                problems.append(
                    Problem(source, n.start_mark.line + 1, dotted(path), f"not allowed: {exc.problem}")
                )
            except (ValueError, TypeError, OverflowError) as exc:  # e.g. a date 2026-13-45
                problems.append(Problem(source, n.start_mark.line + 1, dotted(path),
                                        f"not a valid value {n.value!r}: {exc}"))
            return None
        # Aliases point at shared nodes: a few lines can expand into billions ("billion laughs").
        # Every value counts, including the text values inlined below.
        budget[0] -= 1 + len(n.value)
        if budget[0] < 0:
            raise InputError([Problem(source, n.start_mark.line + 1, dotted(path),
                                      "too many values (aliases expand too far); is it the right file?")])
        if n.tag not in _PLAIN_COLLECTION_TAGS:
            # The safe loader would refuse !!python/... here too; we build collections ourselves,
            # so refuse any tag on them explicitly rather than silently dropping it.
            tag = n.tag.replace("tag:yaml.org,2002:", "!!")
            problems.append(Problem(source, n.start_mark.line + 1, dotted(path), f"not allowed: the tag {tag}"))
            return None
        if cls is mapping_node:
            out: dict[str, Any] = {}
            for key_node, value_node in n.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    problems.append(Problem(source, key_node.start_mark.line + 1, dotted(path),
                                            "merge keys (<<) are not allowed"))
                    continue
                if type(key_node) is not scalar_node:
                    problems.append(Problem(source, key_node.start_mark.line + 1, dotted(path),
                                            "a key must be plain text"))
                    continue
                key = key_node.value
                if key in out:
                    problems.append(Problem(source, key_node.start_mark.line + 1,
                                            dotted((*path, key)), "duplicate key (already given above)"))
                    continue
                if type(value_node) is scalar_node and value_node.tag == _STR:
                    out[key] = value_node.value  # inline: most values are text
                else:
                    out[key] = build(value_node, (*path, key))
            return out
        return [build(item, (*path, i)) for i, item in enumerate(n.value)]

    data = build(node, ())
    if problems:
        raise InputError(problems)
    return Located(data, _NodeLines(node))


class _NodeLines(Mapping[Path_, int]):
    """Line numbers looked up in the YAML node graph when asked for.

    Lines are needed only to report a problem, so they are not collected while loading
    (that halved the load time of large rules files).  The line of a mapping entry is the
    line of its key; of a list item, the line where the item starts.
    """

    def __init__(self, root: yaml.Node) -> None:
        self._root = root
        self._index: dict[int, dict[str, tuple[int, yaml.Node]]] = {}

    def _entries(self, node: yaml.MappingNode) -> dict[str, tuple[int, yaml.Node]]:
        """key -> (line, value node) of one mapping, built once (first key wins)."""
        entries = self._index.get(id(node))
        if entries is None:
            entries = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    entries.setdefault(key_node.value, (key_node.start_mark.line + 1, value_node))
            self._index[id(node)] = entries
        return entries

    def _node_line(self, path: Path_) -> int:
        node, line = self._root, self._root.start_mark.line + 1
        for part in path:
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                entry = self._entries(node).get(part)
                if entry is None:
                    raise KeyError(path)
                line, node = entry
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                raise KeyError(path)
        return line

    def __getitem__(self, path: Path_) -> int:
        return self._node_line(tuple(path))

    def __contains__(self, path: object) -> bool:
        try:
            self._node_line(tuple(path))  # type: ignore[arg-type]
        except (KeyError, TypeError):
            return False
        return True

    def __iter__(self) -> Iterator[Path_]:
        def walk(node: yaml.Node, path: Path_) -> Iterator[Path_]:
            yield path
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode):
                        yield from walk(value_node, (*path, key_node.value))
            elif isinstance(node, yaml.SequenceNode):
                for i, item in enumerate(node.value):
                    yield from walk(item, (*path, i))

        return walk(self._root, ())

    def __len__(self) -> int:
        return sum(1 for _ in self)


def write_atomic(path: str | os.PathLike[str], write: Callable[[Any], None], binary: bool = False) -> None:
    """Write a file through a temporary file in the same folder, then rename it in place.

    A crash, a full disk or a failed ``write`` leaves the old file untouched.  OSError
    propagates so the caller can report it in words.
    """
    target = Path(path)
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
