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

from boranegui.core.run_fields import set_path
from boranegui.ui.session_evidence import NOTE_VALUES, EvidenceAndPlan

__all__ = ["NOTE_VALUES", "RunSession", "empty_run", "field_problem", "missing_words"]

if TYPE_CHECKING:  # the run record pulls in PyYAML: imported when first needed, after the window shows
    from boranegui.core.run_record import RunRecord
    from boranegui.core.yamlio import Problem



def _log():  # logging is imported after the window shows: it is not needed before
    import logging

    return logging.getLogger("boranegui")

SEEN, NOT_SEEN, NOT_CHECKED = "seen", "not_seen", "not_checked"
FORMAT = "borane-run/1"

# The HCl amount is one fact given either way: typing one forgets the other (the page shows
# the other as converted).
ACID_AMOUNT = ("workup.acid.equiv_vs_borane", "workup.acid.volume_ml")


def empty_run() -> dict[str, Any]:
    """A new run: nothing known yet (substrate and scale are the chemist's to give)."""
    return {"format": FORMAT, "substrate": {}, "outcome": {"symptoms": [], "ruled_out": []}}


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




class RunSession(EvidenceAndPlan, QObject):
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
        self.data: dict[str, Any] = empty_run()
        self.record: RunRecord | None = None
        self.problems: list[Problem] = []
        self.path: str | None = None
        self.dirty = False
        self.comments_dropped = False  # the last save could not keep comments inside the file
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
        self._stashed_acid: dict[str, Any] = {}
        self.thf_molarity = 1.0  # the lab's BH3·THF bottle (Settings): the note's value for that reagent
        self.example = False  # the worked example, not the chemist's own run: kept out of the history
        # The next attempt (session settings, never written into the record of what was done):
        self.plan: dict[str, float] = {}  # scale_g, molarity (bottle on hand), titer (found by titration)
        self._analysed_structure: str | None = None
        self.loads = 0  # how many runs were loaded: forms reset their fields only on a new one

    # ---- reading -------------------------------------------------------------------------
    def get(self, path: str) -> Any:
        return _get(self.data, path)

    @property
    def skipped(self) -> set[str]:
        """Questions answered "I don't know": kept in the run (``not_known``), so they stay set
        aside when the run is reopened."""
        return set(self.data.get("not_known") or ())

    def assumed(self) -> list[str]:
        """Fields whose value the chemist took from the note (not recorded at the bench)."""
        return list(self.data.get("assumed") or ())

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
    def set_field(self, path: str, value: Any, assumed: bool = False) -> str | None:
        """Set one field; returns why it was refused (the value is then not stored).

        ``assumed``: the value is the note's, accepted by the chemist rather than recorded."""
        why = field_problem(path, value)
        if why:
            return why
        import copy

        before = copy.deepcopy(self.data)
        marks = [p for p in self.assumed() if p != path] + ([path] if assumed and value is not None else [])
        set_path(self.data, "assumed", marks or None)
        if path == "reagent.kind" and value != self.get("reagent.kind"):
            self._follow_reagent(value)
        if path in ACID_AMOUNT and value is not None:
            other = ACID_AMOUNT[1 - ACID_AMOUNT.index(path)]
            set_path(self.data, other, None)
            set_path(self.data, "assumed", [p for p in self.assumed() if p != other] or None)
        if path == "outcome.starting_material_percent" and value == 0 \
                and self.symptom_state("incomplete_reduction") == NOT_CHECKED:
            outcome = self.data.setdefault("outcome", {})  # none left: checked, and not seen
            outcome["ruled_out"] = [*(outcome.get("ruled_out") or []), "incomplete_reduction"]
        if path == "workup.decomplexation":
            workup = self.data.setdefault("workup", {})
            if value == "acid" and not workup.get("acid") and self._stashed_acid:
                workup["acid"] = dict(self._stashed_acid)
            elif value != "acid" and workup.get("acid"):
                self._stashed_acid = workup.pop("acid")
        if _get(self.data, path) != value:  # 2 and 2.0 are one value: the typed "2." is kept as typed
            set_path(self.data, path, value)
        if self.data != before:
            self._changed()
        return None

    def clear_field(self, path: str) -> None:
        """Forget a field whose typed text was refused, so nothing half-typed (the "20" on the
        way to a refused "200") stays in the run; a required field then makes the run incomplete."""
        if _get(self.data, path) is None:
            return
        set_path(self.data, path, None)
        set_path(self.data, "assumed", [p for p in self.assumed() if p != path] or None)
        self._changed()

    def set_structure(self, text: str, molblock: bool = False, name: str | None = None,
                      drawing: str | None = None) -> str | None:
        """Set the substrate (SMILES or MolBlock); returns why it was refused.

        ``drawing``: the MOL block of the structure as drawn, kept beside the SMILES so the
        chemist's layout survives the run file (and the PDF can draw it as drawn)."""
        # A MolBlock's first line (the name) may be blank: never strip its start.
        text = (text.rstrip() + "\n" if text.strip() else "") if molblock else text.strip()
        if drawing is not None:
            drawing = drawing.rstrip() + "\n" if drawing.strip() and text and not molblock else None
        why = self.structure_problem(text)
        if why:
            return why
        sub = dict(self.data.get("substrate") or {})
        wanted = {"smiles": None if molblock else (text or None), "molblock": text or None if molblock else drawing}
        if all(sub.get(k) == v for k, v in wanted.items()) and name is None:
            return None
        for key, value in wanted.items():
            if value is None:
                sub.pop(key, None)
            else:
                sub[key] = value
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
        if question.field.startswith("workup.acid.") and self.get("workup.decomplexation") not in ("acid", None):
            return "the run did not use an acid step"
        return self.set_field(question.field, value)

    def skip(self, question: Any) -> None:
        """'I don't know': the question is not asked again for this run (kept in the run file)."""
        if question.id in self.skipped:
            return
        self.data["not_known"] = [*(self.data.get("not_known") or []), question.id]
        self._changed()

    def ask_again(self) -> None:
        """Bring back the questions set aside with "I don't know" (the answer turned up)."""
        if self.skipped:
            self.data.pop("not_known", None)
            self._changed()

    # ---- whole runs ----------------------------------------------------------------------
    def load_data(self, data: dict[str, Any], path: str | None = None, dirty: bool = False) -> None:
        import copy

        self.data = copy.deepcopy(data)
        self.data.setdefault("format", FORMAT)
        self.loads += 1
        self.path = path
        self.dirty = dirty
        self.key = os.urandom(16).hex()  # the window adopts the history's key of a reopened file
        self.example = False
        self.plan = {}
        self._stashed_acid = dict(self.get("workup.acid") or {})
        self._recompute(structure=True)
        self.file_changed.emit()

    def new_run(self, molarity: float = 1.0) -> None:
        """An empty run; ``molarity`` is the lab's BH3·THF bottle, offered as the note's value."""
        self.thf_molarity = molarity
        self.load_data(empty_run())

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
        self.comments_dropped = run_record.save(self.record, path)
        self.path = path
        self.example = False  # saved under the chemist's name: their run now
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
            sub = self.data.get("substrate") or {}
            if sub.get("smiles") and sub.get("molblock") and all(p.field == "substrate.molblock" for p in exc.problems):
                sub.pop("molblock")  # a drawing that disagrees with its SMILES is only a layout: drop it
                self._recompute(structure)
                return
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
        except Exception as exc:
            _log().exception("diagnosis failed")
            self.engine_error = f"The diagnosis failed: {type(exc).__name__}: {exc}"
            return
        try:
            proto = self.engine.protocol
            planned = self.planning_record()
            threshold = getattr(self.rules, "change_min_score", None)  # a lab's rules file may set its own
            self.revised = proto.revise(proto.base_protocol(planned, self.analysis), self.diagnosis,
                                        change_min_score=threshold)
        except Exception as exc:
            _log().exception("protocol revision failed")
            self.protocol_error = f"The revised protocol could not be made: {type(exc).__name__}: {exc}"
