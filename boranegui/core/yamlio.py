"""Safe YAML reading that remembers the line of every value, and atomic writing.

Run files and rules files are both edited by hand, so every problem must be reported
as ``file:line``.  We compose the YAML node graph with PyYAML's *safe* loader (no
Python tags can construct anything), reject duplicate keys, and build plain Python
values together with a map from each value's path to its 1-based line number.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import gc
import math
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from boranegui.core.atomic import SaveRefused as SaveRefused
from boranegui.core.atomic import save_target as save_target
from boranegui.core.atomic import write_atomic as write_atomic
from boranegui.core.atomic import write_bytes_atomic as write_bytes_atomic
from boranegui.core.atomic import write_text_atomic as write_text_atomic
from boranegui.core.limits import MAX_INPUT_BYTES, RefusedInput, megabytes, read_regular_file

Path_ = tuple[str | int, ...]
_PLAIN_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
_MAX_NODES = 200_000  # far beyond any hand-written run or rules file
_MAX_DEPTH = 64  # a rules file nests about 8 deep


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can."""

    source: str
    line: int | None
    field: str
    message: str
    missing: bool = False  # a required field or section absent: ``field`` is its path, as data

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


def _refusal(source: str, message: str) -> InputError:
    return InputError([Problem(source, None, "", message)])


def read_bytes(path: str | os.PathLike[str], limit: int = MAX_INPUT_BYTES) -> bytes:
    """A user-named file's bytes through the one size-and-kind gate; InputError in words otherwise."""
    source = str(path)
    try:
        return read_regular_file(path, limit)
    except RefusedInput as exc:
        prefix = "cannot read the file: " if exc.errno == errno.EISDIR else ""
        raise _refusal(source, f"{prefix}{exc.strerror}") from exc
    except OSError as exc:
        raise _refusal(source, f"cannot read the file: {exc.strerror or exc}") from exc
    except ValueError as exc:  # a NUL in the name
        raise _refusal(source, "cannot read the file: the name is not a valid path") from exc


def read_stdin(expected: str, limit: int = MAX_INPUT_BYTES) -> str:
    """Standard input as text, refused past ``limit`` bytes (``< /dev/zero`` must not eat memory)."""
    import sys

    if sys.stdin is None:
        raise _refusal("<stdin>", "standard input is not available")
    stream = getattr(sys.stdin, "buffer", None)
    raw = stream.read(limit + 1) if stream is not None else sys.stdin.read(limit + 1)  # a text stream
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogateescape")
    if len(raw) > limit:
        raise _refusal("<stdin>", f"standard input holds more than {megabytes(limit)}; "
                                  f"is it {expected}?")
    return decode_text(raw, "<stdin>", expected)


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_text(raw: bytes, source: str, expected: str = "a YAML text file") -> str:
    """Bytes to text: UTF-8, or UTF-16/32 when a byte-order mark says so (Windows editors)."""
    encoding = next((name for bom, name in _BOMS if raw.startswith(bom)), "utf-8")
    if encoding == "utf-8" and b"\x00" in raw:
        raise _refusal(source, f"this is a binary file, not {expected}")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1 if encoding == "utf-8" else None
        raise InputError([Problem(source, line, "", f"the file is not {encoding.upper().removesuffix('-SIG')}"
                                                    f" text (is it {expected}?)")]) from exc
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise _refusal(source, f"this is a binary file, not {expected}")
    return text


def read_text(path: str | os.PathLike[str], expected: str = "a YAML text file") -> str:
    """Read a text file through :func:`read_bytes`, turning OS and encoding failures into a located InputError.

    ``expected`` names what the file should have been, for the binary-file message.
    """
    return decode_text(read_bytes(path), str(path), expected)


class _CoreResolver(yaml.resolver.BaseResolver):
    """YAML 1.2's core schema: ``010`` is ten, ``1:30`` and ``No`` are text, ``1e3`` a number.

    PyYAML resolves plain scalars by YAML 1.1, where ``scale_g: 010`` is 8 (octal),
    ``time_h: 1:30`` is 90 (base 60) and ``operator: No`` is false; a chemist means none of these.
    """


_CORE = (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
              r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
)
for _name, _pattern, _first in _CORE:
    _CoreResolver.add_implicit_resolver(f"tag:yaml.org,2002:{_name}", re.compile(_pattern), list(_first))
# Not in the core schema, but unambiguous and what a run's ``date: 2026-11-20`` means (and an
# impossible date is then reported as such): PyYAML's own timestamp rule.
for _first_char, _rules in yaml.resolver.Resolver.yaml_implicit_resolvers.items():
    for _tag, _regexp in _rules:
        if _tag == "tag:yaml.org,2002:timestamp":
            _CoreResolver.add_implicit_resolver(_tag, _regexp, [_first_char])

if yaml.__with_libyaml__:
    from yaml.cyaml import CParser  # type: ignore[attr-defined]  # exported by cyaml, not by its stubs

    class _Loader(CParser, yaml.constructor.SafeConstructor, _CoreResolver):
        """libyaml's C parser (about ten times faster, same line marks) with the core schema."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            _CoreResolver.__init__(self)
else:  # pragma: no cover - PyYAML built without libyaml
    class _Loader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser,  # type: ignore[no-redef]
                  yaml.composer.Composer, yaml.constructor.SafeConstructor, _CoreResolver):
        """PyYAML's pure-Python safe loader with the core schema."""

        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            _CoreResolver.__init__(self)

_STR = "tag:yaml.org,2002:str"
_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_BOOL, _NULL = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"
_SPECIAL_FLOATS = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}


def _core_scalar(tag: str, value: str) -> Any:
    """A core-schema scalar's value; ValueError for a form YAML 1.2 does not define."""
    if tag == _INT:
        body = value.lstrip("+-")
        sign = -1 if value.startswith("-") else 1
        if body[:2] in ("0o", "0x"):
            return sign * int(body[2:], 8 if body[1] == "o" else 16)
        if not body.isascii() or not body.isdigit():  # "1:30", "1_000", "0b1": YAML 1.1 only
            raise ValueError("not an integer in YAML 1.2")
        return sign * int(body, 10)  # "010" is ten, as a chemist means it
    if tag == _FLOAT:
        special = _SPECIAL_FLOATS.get(value.lower())
        if special is not None:
            return special
        if "_" in value or ":" in value:
            raise ValueError("not a number in YAML 1.2")
        return float(value)
    if tag == _BOOL:
        if value.lower() not in ("true", "false"):
            raise ValueError("true or false, in YAML 1.2")
        return value.lower() == "true"
    return None  # null


def _reader_problem(text: str, source: str, exc: yaml.reader.ReaderError) -> Problem:
    position = exc.position if isinstance(exc.position, int) and exc.position >= 0 else 0
    line = text.count("\n", 0, position) + 1
    return Problem(source, line, "", f"character #x{exc.character:04x} is not allowed in a YAML file")


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector off for one load, as it was before afterwards.

    Composing a large file makes tens of thousands of node objects and no garbage cycles;
    the collector's passes over them made load time grow faster than the file.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_located(text: str, source: str) -> Located:
    """Parse YAML text safely into plain data with line numbers (collector paused)."""
    with paused_gc():
        return _load_located(text, source)


def _load_located(text: str, source: str) -> Located:
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
    constructor = _Loader("")
    mapping_node, scalar_node = yaml.MappingNode, yaml.ScalarNode
    budget = [_MAX_NODES]
    inside: set[int] = set()  # the collections being built, from the root down

    def build(n: yaml.Node, path: Path_) -> Any:
        cls = type(n)
        if cls is scalar_node:
            if n.tag == _STR:  # most values are text: skip the constructor's machinery
                return n.value
            try:
                if n.tag in (_INT, _FLOAT, _BOOL, _NULL):
                    return _core_scalar(n.tag, n.value)
                return constructor.construct_object(n, deep=True)
            except yaml.constructor.ConstructorError as exc:
                problems.append(
                    Problem(source, n.start_mark.line + 1, dotted(path), f"not allowed: {exc.problem}")
                )
            except (ValueError, TypeError, OverflowError) as exc:  # e.g. a date 2026-13-45
                tag = n.tag.replace("tag:yaml.org,2002:", "!!")
                problems.append(Problem(source, n.start_mark.line + 1, dotted(path),
                                        f"not a valid {tag} value {n.value!r}: {exc}"))
            return None
        # Aliases point at shared nodes: a few lines can expand into billions ("billion laughs").
        # Every value counts, including the text values inlined below.
        if len(path) > _MAX_DEPTH:  # "[[[[...": the build below would run out of stack
            raise InputError([Problem(source, n.start_mark.line + 1, "",
                                      f"values nested more than {_MAX_DEPTH} deep; is it the right file?")])
        if id(n) in inside:  # "&a [*a]": an alias to the value that holds it never ends
            raise InputError([Problem(source, n.start_mark.line + 1, dotted(path),
                                      "an alias (*name) refers to the value that contains it")])
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
        inside.add(id(n))
        try:
            return build_collection(n, path)
        finally:
            inside.discard(id(n))

    def build_collection(n: yaml.Node, path: Path_) -> Any:
        if type(n) is mapping_node:
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
