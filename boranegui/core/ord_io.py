"""Open Reaction Database files: runs and revised protocols out, published borane reductions in.

Runs leave as one ORD ``Dataset`` (``.pb``, ``.pbtxt`` or ``.json``), every reaction
checked with ``ord_schema.validations`` before anything is written; a revised protocol
leaves as a ``Reaction`` marked as planned, its steps and changes in the notes.  An ORD
file comes in as run files, one per borane lactam reduction, with one line for each
reaction refused.  ``ord-schema`` is an optional extra: it is imported here only when
a file is read or written, and :class:`OrdUnavailable` says how to install it.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from boranegui.core import ord_map
from boranegui.core.ord_chem import Msg
from boranegui.core.ord_steps import STATUS
from boranegui.core.yamlio import InputError, write_bytes_atomic

if TYPE_CHECKING:
    from boranegui.core.protocol import RevisedProtocol
    from boranegui.core.run_record import RunRecord

INSTALL_HINT = 'Open Reaction Database files need the ord extra: pip install "boranegui[ord]"'
# pip means nothing to a standalone copy: its builder decides (packaging/boranegui.spec).
BUNDLE_HINT = ("Open Reaction Database files need the ord extra, which this standalone copy was built without "
               "(build it with BORANEGUI_BUNDLE_ORD=1)")
# ORD asks who created a record; ".invalid" is a reserved domain, so a placeholder never mails anyone.
DEFAULT_EMAIL = "unknown@example.invalid"
FORMATS = {".pb": "binary", ".binpb": "binary", ".pbtxt": "text", ".txtpb": "text", ".json": "json"}

class OrdUnavailable(RuntimeError):
    """The optional ``ord-schema`` package is not installed."""

    def __init__(self) -> None:
        super().__init__(BUNDLE_HINT if getattr(sys, "frozen", False) else INSTALL_HINT)


def available() -> bool:
    """Whether the [ord] extra works here: imported for real (with pandas), so call it only on export or import.

    A bundle built without the extra, or a half-installed one, says how to get it instead of failing later.
    """
    try:
        import ord_schema.validations  # noqa: F401
    except ImportError:
        return False
    return True


def _require() -> None:
    if not available():
        raise OrdUnavailable


def _format(path: str | os.PathLike[str]) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{path}: an ORD file ends in {', '.join(FORMATS)}")
    return FORMATS[suffix]


def _validate(message: Msg, where: str) -> list[str]:
    """ORD's validation errors, one line each; warnings are ORD's advice and pass."""
    from ord_schema import validations

    output = validations.validate_message(message, raise_on_error=False)
    return [f"{where}: ORD validation: {error}" for error in output.errors]


def _serialise(message: Msg, kind: str) -> bytes:
    from google.protobuf import json_format, text_format

    if kind == "json":
        return str(json_format.MessageToJson(message)).encode("utf-8")
    if kind == "text":
        return str(text_format.MessageToString(message)).encode("utf-8")
    return bytes(message.SerializeToString(deterministic=True))


@dataclass(frozen=True)
class Export:
    """What an export wrote: the file, how many reactions, ORD's advice (warnings)."""

    path: str
    reactions: int
    warnings: tuple[str, ...] = ()


def write_reactions(reactions: Sequence[tuple[str, Msg]], out: str | os.PathLike[str], name: str) -> Export:
    """Validate and write reactions (labelled by where they came from) as one ORD Dataset."""
    _require()
    kind = _format(out)
    from ord_schema import validations
    from ord_schema.proto import dataset_pb2

    problems = [line for label, reaction in reactions for line in _validate(reaction, label)]
    if problems:
        raise ValueError("\n".join(problems))
    dataset = dataset_pb2.Dataset(name=name, description=f"{len(reactions)} borane reduction(s) exported by BoraneGUI")
    dataset.reactions.extend(r for _, r in reactions)
    problems = _validate(dataset, str(out))
    if problems:
        raise ValueError("\n".join(problems))
    warnings = [f"{label}: {w}" for label, r in reactions
                for w in validations.validate_message(r, raise_on_error=False).warnings]
    write_bytes_atomic(out, _serialise(dataset, kind))
    return Export(str(out), len(reactions), tuple(warnings))


def run_reaction(run: RunRecord, email: str = DEFAULT_EMAIL) -> Msg:
    """One run as an ORD ``Reaction``."""
    _require()
    return ord_map.to_reaction(run, email=email)


def export_runs(runs: Sequence[tuple[str, RunRecord]], out: str | os.PathLike[str],
                email: str = DEFAULT_EMAIL) -> Export:
    """Runs (labelled by their file) as one validated ORD Dataset file."""
    _require()
    _format(out)
    titles = [run.title for _, run in runs if run.title]
    name = titles[0] if len(runs) == 1 and titles else f"BoraneGUI runs ({len(runs)})"
    return write_reactions([(label, run_reaction(run, email)) for label, run in runs], out, name)


def planned_run(run: RunRecord, revised: RevisedProtocol) -> RunRecord:
    """The next attempt as a run record: the run with the revised protocol's changes applied.

    Made by :func:`boranegui.core.attempts.next_attempt`, as the GUI's next attempt is; its
    ``follows:`` needs a history id, which an ORD file does not have, so the changes travel in
    the reaction's notes instead (with those, like "titrate the reagent", that have no field).
    """
    from boranegui.core import attempts, run_record

    data = attempts.next_attempt(run.to_dict(), revised, earlier_id="-")
    data.pop("follows", None)
    return run_record.from_dict(data, source=f"{revised.title} (planned)")


def _plan_notes(revised: RevisedProtocol) -> tuple[str, ...]:
    lines = [f"{s.number}. {s.text}" if s.number else s.text for s in revised.steps]
    lines.append("Changes from the run as performed:" if revised.changes else "No changes: the run as performed.")
    lines += [f"- {c.parameter}: {c.before} -> {c.after} ({c.cause_words}; {c.source})" for c in revised.changes]
    return tuple(lines)


def planned_reaction(run: RunRecord, revised: RevisedProtocol, email: str = DEFAULT_EMAIL) -> Msg:
    """A revised protocol as an ORD ``Reaction`` marked as planned, its steps and changes in the notes."""
    _require()
    return ord_map.to_reaction(planned_run(run, revised), email=email, planned_steps=_plan_notes(revised))


# --- reading -------------------------------------------------------------------------------

def read_reactions(path: str | os.PathLike[str]) -> list[tuple[str, Msg]]:
    """The reactions of an ORD file (a Dataset or a single Reaction), each labelled for messages."""
    _require()
    kind = _format(path)
    from google.protobuf import json_format, text_format
    from google.protobuf.message import DecodeError
    from ord_schema.proto import dataset_pb2, reaction_pb2

    raw = Path(path).read_bytes()

    def parse(message: Msg) -> Msg:
        if kind == "binary":
            message.ParseFromString(raw)
        elif kind == "text":
            text_format.Parse(raw.decode("utf-8"), message)
        else:
            json_format.Parse(raw.decode("utf-8"), message)
        return message

    errors: list[str] = []
    for make in (dataset_pb2.Dataset, reaction_pb2.Reaction):
        try:
            message = parse(make())
        except (DecodeError, text_format.ParseError, json_format.ParseError, UnicodeDecodeError) as exc:
            errors.append(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            continue
        if isinstance(message, dataset_pb2.Dataset):
            if message.reactions:
                return [(f"reaction {i}" + (f" ({r.reaction_id})" if r.reaction_id else ""), r)
                        for i, r in enumerate(message.reactions, start=1)]
            continue
        return [(f"reaction {message.reaction_id}" if message.reaction_id else "the reaction", message)]
    raise ValueError(f"{path}: not an ORD Dataset or Reaction ({errors[-1] if errors else 'no reactions in it'})")


@dataclass
class Import:
    """What an import wrote and what it refused (one line each)."""

    written: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def _is_planned(reaction: Msg) -> bool:
    meta = reaction.provenance.reaction_metadata
    return STATUS in meta and meta[STATUS].string_value == "planned"


def reaction_run(reaction: Msg, source: str) -> RunRecord:
    """A run record from one ORD reaction; ValueError in one line when it is not a borane lactam reduction."""
    from boranegui.core import run_record

    if _is_planned(reaction):
        raise ValueError("a planned reaction (a revised protocol from BoraneGUI), not a run that was performed")
    data = ord_map.from_reaction(reaction)
    try:
        return run_record.from_dict(data, source=source)
    except InputError as exc:
        said = "; ".join(f"{p.field}: {p.message}" if p.field else p.message for p in exc.problems)
        raise ValueError(f"cannot be a run file: {said}") from exc


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:60] or "reaction"


def import_file(path: str | os.PathLike[str], out_dir: str | os.PathLike[str]) -> Import:
    """Each borane lactam reduction of an ORD file as a run file in ``out_dir`` (never overwriting one)."""
    from boranegui.core import run_record

    result = Import()
    folder = Path(out_dir)
    for i, (label, reaction) in enumerate(read_reactions(path), start=1):
        where = f"{path}: {label}"
        try:
            run = reaction_run(reaction, where)
        except ValueError as exc:
            result.refused.append(f"{where}: refused: {exc}")
            continue
        stem = _slug(run.title or f"{Path(path).stem}-{i}")
        target, n = folder / f"{stem}.borane.yaml", 1
        while target.exists():
            n += 1
            target = folder / f"{stem}-{n}.borane.yaml"
        folder.mkdir(parents=True, exist_ok=True)
        run_record.save(run, target)
        result.written.append(str(target))
    return result

