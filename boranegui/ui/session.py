"""The one run the window edits, and everything derived from it.

The session holds the truth: the run file's data as the chemist has entered it so far
(possibly incomplete), the validated :class:`RunRecord` when it is complete, and the
substrate analysis, diagnosis and revised protocol computed from it.  Pages read the
session and call its setters; the session says what changed through past-tense signals.
The chemistry engine (RDKit, rules, diagnosis, protocol) is imported off the start-up
path by :class:`EngineLoader`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:  # the run record pulls in PyYAML: imported when first needed, after the window shows
    from boranegui.core.run_record import RunRecord
    from boranegui.core.yamlio import Problem



def _log():  # logging is imported after the window shows: it is not needed before
    import logging

    return logging.getLogger("boranegui")

SEEN, NOT_SEEN, NOT_CHECKED = "seen", "not_seen", "not_checked"
FORMAT = "borane-run/1"

# The note's procedure as a run record: what a new run starts from.
NOTE_ACID = {"hcl_molarity": 6, "equiv_vs_borane": 2.5, "temp_c": 66, "hours": 1.0}


def note_defaults(molarity: float = 1.0) -> dict[str, Any]:
    """A new run: the note's conditions (substrate and scale left for the chemist)."""
    return {
        "format": FORMAT,
        "substrate": {},
        "reagent": {"kind": "bh3_thf", "molarity": molarity, "equiv": 4.0, "storage": "fridge"},
        "solvent": {"name": "THF", "volumes": 8, "anhydrous": True},
        "conditions": {"addition_temp_c": 0, "addition_minutes": 45, "max_temp_c": 66, "time_h": 3},
        "workup": {
            "quench": "methanol",
            "quench_temp_c": 0,
            "decomplexation": "acid",
            "acid": dict(NOTE_ACID),
            "basify_ph": 11,
            "extraction_solvent": "EtOAc",
        },
        "outcome": {"symptoms": [], "ruled_out": []},
    }


def field_problem(path: str, value: Any) -> str | None:
    """Why ``value`` cannot go into the run-record field ``path`` (None when it can)."""
    from boranegui.core import run_record

    spec = run_record.FIELDS[path]
    if value is None or value == "":
        return "required" if spec.required else None
    return run_record._check_value(path, spec, value)


def missing_words(problems: list[Any]) -> list[str]:
    """What an incomplete run still lacks, in the words of the form ("lactam charged (g)"), not
    as the file's field ids ("the field 'scale_g' is required")."""
    import re

    from boranegui.core import run_record

    words: list[str] = []
    for problem in problems:
        match = re.fullmatch(r"the field '([\w.]+)' is required", problem.message)
        path = match.group(1) if match else problem.field
        spec = run_record.FIELDS.get(path)
        if spec is not None:
            text = f"{spec.label} ({spec.unit})" if spec.unit else spec.label
        elif path.startswith("substrate"):
            text = "the substrate structure (draw or paste it)"
        else:
            text = f"{path}: {problem.message}" if path else problem.message
        if text not in words:
            words.append(text)
    return words


@dataclass
class Engine:
    """The heavy modules, once imported."""

    substrate: Any
    diagnosis: Any
    protocol: Any
    rules: Any


class EngineLoader(QObject):
    """Imports RDKit and the engine in a worker thread, after the window is on screen."""

    loaded = Signal(object)
    failed = Signal(str)

    def start(self) -> None:
        import threading

        threading.Thread(target=self._load, name="engine-loader", daemon=True).start()

    def _load(self) -> None:
        try:
            import rdkit.Chem  # noqa: F401  (the slow part)

            from boranegui.core import diagnosis, protocol, rules, substrate

            self.loaded.emit(Engine(substrate, diagnosis, protocol, rules))
        except Exception as exc:  # reported in the window; the app keeps running
            _log().exception("the chemistry engine failed to load")
            self.failed.emit(f"{type(exc).__name__}: {exc}")


def _get(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    if value is None:
        node.pop(parts[-1], None)
    else:
        node[parts[-1]] = value


class RunSession(QObject):
    """The run being edited, its file, and what the engine says about it."""

    run_changed = Signal()  # any field of the run
    structure_changed = Signal()  # the substrate structure (the drawer follows it)
    analysis_changed = Signal()
    diagnosis_changed = Signal()  # diagnosis, questions or revised protocol
    file_changed = Signal()  # path or unsaved state
    engine_loaded = Signal()
    rules_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data: dict[str, Any] = note_defaults()
        self.record: RunRecord | None = None
        self.problems: list[Problem] = []
        self.path: str | None = None
        self.dirty = False
        self.key = os.urandom(16).hex()  # identifies this run in the history
        self.engine: Engine | None = None
        self.rules: Any = None
        self.rules_path: str | None = None
        self.rules_problems: list[Any] = []
        self.analysis: Any = None
        self.analysis_error = ""
        self.diagnosis: Any = None
        self.revised: Any = None
        self.engine_error = ""  # why there is no diagnosis or protocol
        self.protocol_error = ""
        self.skipped: set[str] = set()  # questions answered "I don't know"
        self._stashed_acid: dict[str, Any] = dict(NOTE_ACID)
        self._analysed_structure: str | None = None
        self.loads = 0  # how many runs were loaded: forms reset their fields only on a new one

    # ---- reading -------------------------------------------------------------------------
    def get(self, path: str) -> Any:
        return _get(self.data, path)

    def structure(self) -> str:
        sub = self.data.get("substrate") or {}
        return sub.get("smiles") or sub.get("molblock") or ""

    def symptom_state(self, symptom: str) -> str:
        outcome = self.data.get("outcome") or {}
        if symptom in (outcome.get("symptoms") or []):
            return SEEN
        if symptom in (outcome.get("ruled_out") or []):
            return NOT_SEEN
        return NOT_CHECKED

    def open_questions(self) -> list[Any]:
        if self.diagnosis is None:
            return []
        return [q for q in self.diagnosis.open_questions if q.id not in self.skipped]

    def display_title(self) -> str:
        title = self.data.get("title") or (self.data.get("substrate") or {}).get("name")
        if title:
            return str(title)
        if self.path:
            return os.path.basename(self.path)
        return "Untitled run"

    def text(self) -> str:
        """The run file's text (a draft's plain YAML while the run is incomplete)."""
        from boranegui.core import run_record

        if self.record is not None:
            return run_record.dumps(self.record)
        import yaml

        return yaml.safe_dump(self.data, sort_keys=False, allow_unicode=True)

    # ---- engine and rules ----------------------------------------------------------------
    def set_engine(self, engine: Engine) -> None:
        self.engine = engine
        self._load_rules()
        loads = self.loads
        self.engine_loaded.emit()
        if self.loads == loads:  # else a run was opened on engine_loaded, and computed then
            self._recompute(structure=True)

    def set_rules_path(self, path: str | None) -> None:
        self.rules_path = path
        if self.engine is not None:
            self._load_rules()
            self._recompute()

    def _load_rules(self) -> None:
        assert self.engine is not None
        try:
            self.rules, self.rules_problems = self.engine.rules.load_rules_or_default(self.rules_path)
        except Exception as exc:  # a rules module that cannot load at all
            _log().exception("rules could not be loaded")
            self.rules, self.rules_problems = None, [f"the rules could not be loaded: {exc}"]
        self.rules_changed.emit()

    # ---- editing -------------------------------------------------------------------------
    def set_field(self, path: str, value: Any) -> str | None:
        """Set one field; returns why it was refused (the value is then not stored)."""
        why = field_problem(path, value)
        if why:
            return why
        if path == "workup.decomplexation":
            workup = self.data.setdefault("workup", {})
            if value == "acid" and not workup.get("acid"):
                workup["acid"] = dict(self._stashed_acid)
            elif value != "acid" and workup.get("acid"):
                self._stashed_acid = workup.pop("acid")
        if _get(self.data, path) == value:
            return None
        _set(self.data, path, value)
        self._changed()
        return None

    def clear_field(self, path: str) -> None:
        """Forget a field whose typed text was refused, so nothing half-typed (the "20" on the
        way to a refused "200") stays in the run; a required field then makes the run incomplete."""
        if _get(self.data, path) is None:
            return
        _set(self.data, path, None)
        self._changed()

    def set_structure(self, text: str, molblock: bool = False, name: str | None = None) -> str | None:
        """Set the substrate (SMILES or MolBlock); returns why it was refused."""
        # A MolBlock's first line (the name) may be blank: never strip its start.
        text = (text.rstrip() + "\n" if text.strip() else "") if molblock else text.strip()
        if text and self.engine is not None:
            try:
                self.engine.substrate.parse_structure(text)
            except ValueError as exc:
                return str(exc)
        sub = dict(self.data.get("substrate") or {})
        if (sub.get("molblock") if molblock else sub.get("smiles")) == (text or None) and name is None:
            return None
        sub.pop("smiles", None)
        sub.pop("molblock", None)
        if text:
            sub["molblock" if molblock else "smiles"] = text
        if name is not None:
            sub["name"] = name
        self.data["substrate"] = sub
        self._changed(structure=True)
        return None

    def set_symptom(self, symptom: str, state: str) -> None:
        outcome = self.data.setdefault("outcome", {})
        seen = [s for s in outcome.get("symptoms") or [] if s != symptom]
        ruled_out = [s for s in outcome.get("ruled_out") or [] if s != symptom]
        if state == SEEN:
            seen.append(symptom)
        elif state == NOT_SEEN:
            ruled_out.append(symptom)
        if seen == (outcome.get("symptoms") or []) and ruled_out == (outcome.get("ruled_out") or []):
            return
        outcome["symptoms"], outcome["ruled_out"] = seen, ruled_out
        self._changed()

    def answer(self, question: Any, value: Any) -> str | None:
        """Record the chemist's answer to an engine question; re-ranks at once."""
        if question.field.startswith("symptom:"):
            self.set_symptom(question.field.split(":", 1)[1], SEEN if value else NOT_SEEN)
            return None
        if question.field.startswith("workup.acid.") and self.get("workup.decomplexation") != "acid":
            return "the run did not use an acid step"
        return self.set_field(question.field, value)

    def skip(self, question: Any) -> None:
        """'I don't know': the question is not asked again for this run."""
        self.skipped.add(question.id)
        self.diagnosis_changed.emit()

    def ask_again(self) -> None:
        """Bring back the questions set aside with "I don't know" (the answer turned up)."""
        if self.skipped:
            self.skipped.clear()
            self.diagnosis_changed.emit()

    # ---- whole runs ----------------------------------------------------------------------
    def load_data(self, data: dict[str, Any], path: str | None = None, dirty: bool = False) -> None:
        import copy

        self.data = copy.deepcopy(data)
        self.data.setdefault("format", FORMAT)
        self.loads += 1
        self.path = path
        self.dirty = dirty
        self.key = os.urandom(16).hex()
        self.skipped = set()
        self._stashed_acid = dict(self.get("workup.acid") or NOTE_ACID)
        self._recompute(structure=True)
        self.file_changed.emit()

    def new_run(self, molarity: float = 1.0) -> None:
        self.load_data(note_defaults(molarity))

    def open_file(self, path: str) -> None:
        """Load a run file; InputError (located problems) propagates and nothing changes."""
        from boranegui.core import run_record

        record = run_record.load(path)
        self.load_data(record.to_dict(), path=path)

    def save(self, path: str) -> None:
        """Save atomically.  ValueError: the run is incomplete; OSError: the file system
        refused.  Either way the run in memory is untouched."""
        from boranegui.core import run_record
        from boranegui.core.yamlio import InputError, Problem

        if self.record is None:
            raise InputError(self.problems or [Problem("run", None, "", "the run is incomplete")])
        run_record.save(self.record, path)
        self.path = path
        self.dirty = False
        self.file_changed.emit()

    def mark_dirty(self) -> None:
        if not self.dirty:
            self.dirty = True
            self.file_changed.emit()

    # ---- derived -------------------------------------------------------------------------
    def _changed(self, structure: bool = False) -> None:
        self._recompute(structure=structure)
        self.mark_dirty()

    def _recompute(self, structure: bool = False) -> None:
        if self.engine is None:
            self.run_changed.emit()
            return
        from boranegui.core import run_record
        from boranegui.core.yamlio import InputError

        try:
            self.record, self.problems = run_record.from_dict(self.data, "this run"), []
        except InputError as exc:
            self.record, self.problems = None, exc.problems
        if structure:
            self._analyse()
        self._diagnose()
        self.run_changed.emit()
        self.diagnosis_changed.emit()

    def _analyse(self) -> None:
        assert self.engine is not None
        text = self.structure()
        if text == self._analysed_structure:
            self.structure_changed.emit()
            return
        self._analysed_structure = text
        self.analysis, self.analysis_error = None, ""
        if text:
            try:
                self.analysis = self.engine.substrate.analyse(text)
            except NotImplementedError:
                self.analysis_error = "The substrate analysis is not part of this build."
            except ValueError as exc:
                self.analysis_error = str(exc)
            except Exception as exc:
                _log().exception("substrate analysis failed")
                self.analysis_error = f"The substrate analysis failed: {exc}"
        self.structure_changed.emit()
        self.analysis_changed.emit()

    def _diagnose(self) -> None:
        assert self.engine is not None
        self.diagnosis = self.revised = None
        self.engine_error = self.protocol_error = ""
        if self.record is None:
            return
        if self.rules is None:
            self.engine_error = "No rules are loaded (see Settings)."
            return
        try:
            self.diagnosis = self.engine.diagnosis.diagnose(self.record, self.rules, substrate=self.analysis)
        except NotImplementedError:
            self.engine_error = "The diagnosis engine is not part of this build yet."
            return
        except Exception as exc:
            _log().exception("diagnosis failed")
            self.engine_error = f"The diagnosis failed: {type(exc).__name__}: {exc}"
            return
        try:
            proto = self.engine.protocol
            self.revised = proto.revise(proto.base_protocol(self.record, self.analysis), self.diagnosis)
        except NotImplementedError:
            self.protocol_error = "The protocol model is not part of this build yet."
        except Exception as exc:
            _log().exception("protocol revision failed")
            self.protocol_error = f"The revised protocol could not be made: {type(exc).__name__}: {exc}"
