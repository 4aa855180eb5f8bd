"""The run the window edits, as Qt signals over the Qt-free :class:`~boranegui.core.draft.RunDraft`.

The draft (core) holds the run and everything derived from it; this adapter adds what only a
window has: the file it came from and whether it is saved, the history key, the engine being
imported in a worker thread after first paint, and past-tense signals so pages redraw when
something they show has changed.  Pages read the session's typed properties and call its
setters, which forward to the draft and then announce.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from boranegui.core.draft import NOT_CHECKED, NOT_SEEN, SEEN, RunDraft, empty_run
from boranegui.core.note_values import NOTE_VALUES
from boranegui.core.run_fields import field_problem, missing_words, peak_problem

__all__ = ["NOTE_VALUES", "NOT_CHECKED", "NOT_SEEN", "SEEN", "RunSession", "empty_run", "field_problem",
           "missing_words"]

if TYPE_CHECKING:  # the engine's modules are imported after the window shows
    from boranegui.core.diagnosis import Diagnosis, Question
    from boranegui.core.masses import Assignment, Species
    from boranegui.core.protocol import RevisedProtocol
    from boranegui.core.rules import RuleSet
    from boranegui.core.run_record import RunRecord
    from boranegui.core.substrate import SubstrateAnalysis
    from boranegui.core.yamlio import Problem
    from boranegui.report.document import Report


def _log() -> Any:  # logging is imported after the window shows: it is not needed before
    import logging

    return logging.getLogger("boranegui")


class EngineLoader(QObject):
    """Imports RDKit and the engine in a worker thread, after the window is on screen."""

    loaded = Signal()
    failed = Signal(str)

    def start(self) -> None:
        import threading

        threading.Thread(target=self._load, name="engine-loader", daemon=True).start()

    def _load(self) -> None:
        try:
            import rdkit.Chem  # noqa: F401  (the slow part)

            from boranegui.core import diagnosis, masses, protocol, rules, substrate  # noqa: F401

            self.loaded.emit()
        except Exception as exc:  # reported in the window; the app keeps running
            _log().exception("the chemistry engine failed to load")
            self.failed.emit(f"{type(exc).__name__}: {exc}")


class RunSession(QObject):
    """The run being edited, its file, and what the engine says about it."""

    run_changed = Signal()  # any field of the run
    structure_changed = Signal()  # the substrate structure (the drawer follows it)
    analysis_changed = Signal()
    diagnosis_changed = Signal()  # diagnosis, questions or revised protocol
    file_changed = Signal()  # path or unsaved state
    engine_loaded = Signal()
    rules_changed = Signal()

    peak_problem = staticmethod(peak_problem)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.draft = RunDraft()
        self.path: str | None = None
        self.dirty = False
        self.comments_dropped = False  # the last save could not keep comments inside the file
        self.key = os.urandom(16).hex()  # identifies this run in the history
        self.engine_ready = False  # the engine's modules are imported: derived results exist
        self.rules_path: str | None = None
        self.example = False  # the worked example, not the chemist's own run: kept out of the history
        self.loads = 0  # how many runs were loaded: forms reset their fields only on a new one

    # ---- the draft's state, typed --------------------------------------------------------
    @property
    def data(self) -> dict[str, Any]:
        return self.draft.data

    @property
    def record(self) -> RunRecord | None:
        return self.draft.record

    @property
    def problems(self) -> list[Problem]:
        return self.draft.problems

    @property
    def rules(self) -> RuleSet | None:
        return self.draft.rules

    @property
    def rules_problems(self) -> list[Problem | str]:
        return self.draft.rules_problems

    @property
    def analysis(self) -> SubstrateAnalysis | None:
        return self.draft.analysis

    @property
    def analysis_error(self) -> str:
        return self.draft.analysis_error

    @property
    def diagnosis(self) -> Diagnosis | None:
        return self.draft.diagnosis

    @property
    def revised(self) -> RevisedProtocol | None:
        return self.draft.revised

    @property
    def engine_error(self) -> str:
        return self.draft.engine_error

    @property
    def protocol_error(self) -> str:
        return self.draft.protocol_error

    @property
    def plan(self) -> dict[str, float]:
        return self.draft.plan

    @property
    def thf_molarity(self) -> float:
        return self.draft.thf_molarity

    @property
    def skipped(self) -> set[str]:
        return self.draft.skipped

    # ---- reading (forwarded) -------------------------------------------------------------
    def get(self, path: str) -> Any:
        return self.draft.get(path)

    def assumed(self) -> list[str]:
        return self.draft.assumed()

    def structure(self) -> str:
        return self.draft.structure()

    def symptom_state(self, symptom: str) -> str:
        return self.draft.symptom_state(symptom)

    def open_questions(self) -> list[Question]:
        return self.draft.open_questions()

    def note_value(self, path: str) -> Any:
        return self.draft.note_value(path)

    def structure_problem(self, text: str) -> str | None:
        return self.draft.structure_problem(text) if self.engine_ready else None

    def species(self) -> tuple[Species, ...]:
        return self.draft.species() if self.engine_ready else ()

    def default_target(self) -> str:
        return self.draft.default_target() if self.engine_ready else ""

    def assign_mass(self, mz: float, decimals: int, where: str | None, percent: float | None) -> Assignment | None:
        return self.draft.assign_mass(mz, decimals, where, percent) if self.engine_ready else None

    def acid_amount(self) -> tuple[float, float] | None:
        return self.draft.acid_amount()

    def planning_record(self) -> RunRecord | None:
        return self.draft.planning_record()

    def report(self) -> Report | None:
        """The printable report of this run (None until there is a protocol): the PDF and the
        protocol page are both rendered from it."""
        if self.record is None or self.revised is None:
            return None
        from boranegui.report.document import make_report

        return make_report(self.record, self.revised, diagnosis=self.diagnosis, substrate=self.analysis,
                           run_path=self.path, rules_path=self.rules_path if not self.rules_problems else None)

    def display_title(self) -> str:
        title = self.data.get("title") or (self.data.get("substrate") or {}).get("name")
        if title:
            return str(title)
        if self.path:
            return os.path.basename(self.path)
        return "Untitled run"

    def text(self) -> str:
        """The run file's text (a draft's plain YAML while the run is incomplete)."""
        from boranegui.core import run_file

        return run_file.dumps(self.record) if self.record is not None else run_file.dumps_data(self.data)

    # ---- engine and rules ----------------------------------------------------------------
    def set_engine(self) -> None:
        """The engine's modules are imported: load the rules and compute what the run gives."""
        self.engine_ready = True
        self._load_rules()
        loads = self.loads
        self.engine_loaded.emit()
        if self.loads == loads:  # else a run was opened on engine_loaded, and computed then
            self._recompute(structure=True)

    def set_rules_path(self, path: str | None) -> None:
        self.rules_path = path
        if self.engine_ready:
            self._load_rules()
            self._recompute()

    def _load_rules(self) -> None:
        self.draft.load_rules(self.rules_path)
        self.rules_changed.emit()

    # ---- editing: forwarded to the draft, announced when the run changed ----------------
    def _edit(self, change: Callable[[], str | None], structure: bool = False) -> str | None:
        edits = self.draft.edits
        why = change()
        if self.draft.edits != edits:
            self._changed(structure=structure)
        return why

    def set_field(self, path: str, value: Any, assumed: bool = False) -> str | None:
        """Set one field; returns why it was refused (the value is then not stored).

        ``assumed``: the value is the note's, accepted by the chemist rather than recorded."""
        return self._edit(lambda: self.draft.set_field(path, value, assumed))

    def accept_note(self, paths: list[str] | tuple[str, ...]) -> list[str]:
        """Fill the empty fields among ``paths`` with the note's values, marked as assumed."""
        filled: list[str] = []
        self._edit(lambda: filled.extend(self.draft.accept_note(paths)))
        return filled

    def clear_field(self, path: str) -> None:
        self._edit(lambda: self.draft.clear_field(path))

    def set_structure(self, text: str, molblock: bool = False, name: str | None = None,
                      drawing: str | None = None) -> str | None:
        """Set the substrate (SMILES or MolBlock); returns why it was refused."""
        check = self.engine_ready  # before the engine is in, RDKit is not imported on the GUI thread
        return self._edit(lambda: self.draft.set_structure(text, molblock, name, drawing, check=check),
                          structure=True)

    def set_target(self, text: str) -> str | None:
        return self._edit(lambda: self.draft.set_target(text, check=self.engine_ready))

    def set_symptom(self, symptom: str, state: str) -> None:
        self._edit(lambda: self.draft.set_symptom(symptom, state))

    def answer(self, question: Question, value: Any) -> str | None:
        """Record the chemist's answer to an engine question; re-ranks at once."""
        return self._edit(lambda: self.draft.answer(question, value))

    def skip(self, question: Question) -> None:
        """'I don't know': the question is not asked again for this run (kept in the run file)."""
        self._edit(lambda: self.draft.skip(question))

    def ask_again(self) -> None:
        self._edit(self.draft.ask_again)

    def set_masses(self, peaks: list[dict[str, Any]]) -> None:
        self._edit(lambda: self.draft.set_masses(peaks))

    def set_plan(self, name: str, value: float | None) -> None:
        """A setting for the next attempt; it rescales the protocol, never the run's record."""
        if self.draft.set_plan(name, value):
            self._recompute()

    # ---- whole runs ----------------------------------------------------------------------
    def load_data(self, data: dict[str, Any], path: str | None = None, dirty: bool = False) -> None:
        draft = RunDraft(data, thf_molarity=self.draft.thf_molarity)
        draft.rules, draft.rules_problems = self.draft.rules, self.draft.rules_problems
        self.draft = draft
        self.loads += 1
        self.path = path
        self.dirty = dirty
        self.key = os.urandom(16).hex()  # the window adopts the history's key of a reopened file
        self.example = False
        self._recompute(structure=True)
        self.file_changed.emit()

    def new_run(self, molarity: float = 1.0) -> None:
        """An empty run; ``molarity`` is the lab's BH3·THF bottle, offered as the note's value."""
        self.draft.thf_molarity = molarity
        self.load_data(empty_run())

    def open_file(self, path: str) -> None:
        """Load a run file; InputError (located problems) propagates and nothing changes."""
        from boranegui.core import run_record

        record = run_record.load(path)
        self.load_data(record.to_dict(), path=path)

    def save(self, path: str) -> None:
        """Save atomically.  InputError: the run is incomplete; OSError: the file system
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
        if not self.engine_ready:
            self.run_changed.emit()
            return
        analysed = self.draft.refresh(structure)
        if structure:
            self.structure_changed.emit()
        if analysed:
            self.analysis_changed.emit()
        self.run_changed.emit()
        self.diagnosis_changed.emit()
