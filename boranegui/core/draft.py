"""The run being entered in the wizard, possibly incomplete, and what the engine says of it.

This is the app's model without Qt: the run file's data as entered so far, the validated
:class:`RunRecord` once it is complete (else the field paths still missing, as data), and the
substrate analysis, diagnosis and revised protocol computed from it, each once per change.
``ui/session.py`` is a thin adapter that turns its edits into Qt signals.  Every edit returns
why it was refused (None when taken) and bumps :attr:`RunDraft.edits` when it changed the
data, so the adapter knows what to recompute and announce without comparing dicts itself.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from boranegui.core.note_values import NOTE_VALUES
from boranegui.core.run_fields import (
    DEFAULT_MOLARITY,
    FORMAT,
    IN_SITU_KINDS,
    field_problem,
    get_path,
    missing_paths,
    set_path,
)

if TYPE_CHECKING:
    from boranegui.core.diagnosis import Diagnosis, Question
    from boranegui.core.masses import Assignment, Species
    from boranegui.core.protocol import RevisedProtocol
    from boranegui.core.rules import RuleSet
    from boranegui.core.run_record import RunRecord
    from boranegui.core.substrate import SubstrateAnalysis
    from boranegui.core.yamlio import Problem

SEEN, NOT_SEEN, NOT_CHECKED = "seen", "not_seen", "not_checked"
# The HCl amount is one fact given either way: typing one forgets the other (the page shows
# the other as converted).
ACID_AMOUNT = ("workup.acid.equiv_vs_borane", "workup.acid.volume_ml")
PLAN_SETTINGS = ("scale_g", "molarity", "titer")  # the next attempt's settings
METHOD_STEPS = {"acid": "acid", "pd_methanol": "pd"}  # complex-breaking method -> its step's section



def _log() -> Any:  # logging is imported when first needed: the app's first paint does without it
    import logging

    return logging.getLogger("boranegui")


def empty_run() -> dict[str, Any]:
    """A new run: nothing known yet (substrate and scale are the chemist's to give)."""
    return {"format": FORMAT, "substrate": {}, "outcome": {"symptoms": [], "ruled_out": []}}


class RunDraft:
    """One run as the chemist has entered it so far, with the engine's answer for it.

    Derived results (:attr:`record`, :attr:`analysis`, :attr:`diagnosis`, :attr:`revised`) are
    computed by :meth:`refresh`, which the owner calls after an edit; the structure is
    analysed once per distinct structure (:attr:`analyses` counts it)."""

    def __init__(self, data: dict[str, Any] | None = None, thf_molarity: float = 1.0) -> None:
        self.data: dict[str, Any] = copy.deepcopy(data) if data is not None else empty_run()
        self.data.setdefault("format", FORMAT)
        self.thf_molarity = thf_molarity  # the lab's BH3·THF bottle (Settings): the note's value for it
        # The next attempt: scale_g, molarity (bottle on hand), titer (found by titration); never
        # written into the record of what was done.
        self.plan: dict[str, float] = {}
        self.edits = 0  # bumped by every edit that changed the data
        self.rules: RuleSet | None = None
        self.rules_problems: list[Problem | str] = []
        self.record: RunRecord | None = None
        self.problems: list[Problem] = []
        self.analysis: SubstrateAnalysis | None = None
        self.analysis_error = ""
        self.analyses = 0
        self.diagnosis: Diagnosis | None = None
        self.revised: RevisedProtocol | None = None
        self.engine_error = ""  # why there is no diagnosis or protocol
        self.protocol_error = ""
        self._analysed: str | None = None
        # A method's own step (the HCl step, the Pd/C step) set aside while another method is
        # chosen: the record refuses it beside another method, and switching back restores it.
        self._stashed: dict[str, dict[str, Any]] = {
            method: dict(self.get(f"workup.{key}") or {}) for method, key in METHOD_STEPS.items()}
        self._stashed_marks: dict[str, list[str]] = {}  # their "assumed" marks, set aside with them

    # ---- reading -------------------------------------------------------------------------
    def get(self, path: str) -> Any:
        return get_path(self.data, path)

    @property
    def skipped(self) -> set[str]:
        """Questions answered "I don't know": kept in the run (``not_known``), so they stay set
        aside when the run is reopened."""
        return set(self.data.get("not_known") or ())

    def assumed(self) -> list[str]:
        """Fields whose value the chemist took from the note (not recorded at the bench)."""
        return list(self.data.get("assumed") or ())

    def missing(self) -> list[str]:
        """The field paths the run still needs before it can be diagnosed (empty once complete)."""
        return missing_paths(self.problems)

    def structure(self) -> str:
        sub = self.data.get("substrate") or {}
        return str(sub.get("smiles") or sub.get("molblock") or "")

    def symptom_state(self, symptom: str) -> str:
        outcome = self.data.get("outcome") or {}
        if symptom in (outcome.get("symptoms") or []):
            return SEEN
        if symptom in (outcome.get("ruled_out") or []):
            return NOT_SEEN
        return NOT_CHECKED

    def open_questions(self) -> list[Question]:
        if self.diagnosis is None:
            return []
        return [q for q in self.diagnosis.open_questions if q.id not in self.skipped]

    def note_value(self, path: str) -> Any:
        """The note's value for a field, for this run's reagent (None: the note gives none)."""
        if path == "reagent.molarity":
            kind = self.get("reagent.kind") or NOTE_VALUES["reagent.kind"].value
            return self.thf_molarity if kind == "bh3_thf" else DEFAULT_MOLARITY.get(kind)
        if path.startswith("workup.acid.") and self.get("workup.decomplexation") not in (None, "acid"):
            return None
        if path == "workup.acid.equiv_vs_borane" and self.get("workup.acid.volume_ml") is not None:
            return None  # the amount is given as a volume
        note = NOTE_VALUES.get(path)
        return None if note is None else note.value

    # ---- editing -------------------------------------------------------------------------
    def _commit(self, before: dict[str, Any]) -> None:
        if self.data != before:
            self.edits += 1

    def _set_assumed(self, marks: list[str]) -> None:
        set_path(self.data, "assumed", marks or None)

    def set_field(self, path: str, value: Any, assumed: bool = False) -> str | None:
        """Set one field; returns why it was refused (the value is then not stored).

        ``assumed``: the value is the note's, accepted by the chemist rather than recorded."""
        why = field_problem(path, value)
        if why:
            return why
        before = copy.deepcopy(self.data)
        self._set_assumed([p for p in self.assumed() if p != path] + ([path] if assumed and value is not None else []))
        if path == "reagent.kind" and value != self.get("reagent.kind"):
            self._follow_reagent(value)
        if path in ACID_AMOUNT and value is not None:
            other = ACID_AMOUNT[1 - ACID_AMOUNT.index(path)]
            set_path(self.data, other, None)
            self._set_assumed([p for p in self.assumed() if p != other])
        if path == "outcome.starting_material_percent" and value == 0 \
                and self.symptom_state("incomplete_reduction") == NOT_CHECKED:
            outcome = self.data.setdefault("outcome", {})  # none left: checked, and not seen
            outcome["ruled_out"] = [*(outcome.get("ruled_out") or []), "incomplete_reduction"]
        if path == "workup.decomplexation":
            workup = self.data.setdefault("workup", {})
            for method, key in METHOD_STEPS.items():
                prefix = f"workup.{key}."
                if value == method and not workup.get(key) and self._stashed[method]:
                    workup[key] = dict(self._stashed[method])
                    self._set_assumed(self.assumed() + self._stashed_marks.pop(method, []))
                elif value != method and workup.get(key):
                    self._stashed[method] = workup.pop(key)
                    self._stashed_marks[method] = [p for p in self.assumed() if p.startswith(prefix)]
                    self._set_assumed([p for p in self.assumed() if not p.startswith(prefix)])
        if self.get(path) != value:  # 2 and 2.0 are one value: the typed "2." is kept as typed
            set_path(self.data, path, value)
        self._commit(before)
        return None

    def _follow_reagent(self, kind: str) -> None:
        """A new reagent brings its own molarity: the commercial one (assumed, retype it if the
        bottle says otherwise); in situ there is no bottle molarity at all."""
        reagent = self.data.setdefault("reagent", {})
        reagent["kind"] = kind
        marks = [p for p in self.assumed() if p != "reagent.molarity"]
        if kind in IN_SITU_KINDS or kind not in DEFAULT_MOLARITY:
            reagent.pop("molarity", None)
        else:
            reagent["molarity"] = self.thf_molarity if kind == "bh3_thf" else DEFAULT_MOLARITY[kind]
            marks.append("reagent.molarity")
        self._set_assumed(marks)

    def accept_note(self, paths: list[str] | tuple[str, ...]) -> list[str]:
        """Fill the empty fields among ``paths`` with the note's values, marked as assumed.
        Returns the fields filled."""
        filled: list[str] = []
        for path in paths:
            if self.get(path) is not None:
                continue
            value = self.note_value(path)
            if value is None or self.set_field(path, value, assumed=True):
                continue
            filled.append(path)
        return filled

    def clear_field(self, path: str) -> None:
        """Forget a field whose typed text was refused, so nothing half-typed (the "20" on the
        way to a refused "200") stays in the run; a required field then makes the run incomplete."""
        if self.get(path) is None:
            return
        set_path(self.data, path, None)
        self._set_assumed([p for p in self.assumed() if p != path])
        self.edits += 1

    def structure_problem(self, text: str) -> str | None:
        """Why RDKit cannot read ``text`` (SMILES or MOL block), None when it can or is empty."""
        if text:
            from boranegui.core.substrate import parse_structure

            try:
                parse_structure(text)
            except ValueError as exc:
                return str(exc)
        return None

    def set_structure(self, text: str, molblock: bool = False, name: str | None = None,
                      drawing: str | None = None, check: bool = True) -> str | None:
        """Set the substrate (SMILES or MolBlock); returns why it was refused.

        ``drawing``: the MOL block of the structure as drawn, kept beside the SMILES so the
        chemist's layout survives the run file (and the PDF can draw it as drawn).  ``check``
        False takes the text unread (the validation on the next refresh still reports it)."""
        # A MolBlock's first line (the name) may be blank: never strip its start.
        text = (text.rstrip() + "\n" if text.strip() else "") if molblock else text.strip()
        if drawing is not None:
            drawing = drawing.rstrip() + "\n" if drawing.strip() and text and not molblock else None
        why = self.structure_problem(text) if check else None
        if why:
            return why
        sub = dict(self.data.get("substrate") or {})
        wanted = {"smiles": None if molblock else (text or None), "molblock": text or None if molblock else drawing}
        if all(sub.get(k) == v for k, v in wanted.items()) and name is None:
            return None
        before = copy.deepcopy(self.data)
        for key, value in wanted.items():
            if value is None:
                sub.pop(key, None)
            else:
                sub[key] = value
        if name is not None:
            sub["name"] = name
        self.data["substrate"] = sub
        self._commit(before)
        return None

    def set_target(self, text: str, check: bool = True) -> str | None:
        """The amine the chemist wanted (SMILES); empty: the default product.  Returns why refused."""
        text = text.strip()
        why = self.structure_problem(text) if check else None
        if why:
            return why
        sub = dict(self.data.get("substrate") or {})
        if sub.get("target_smiles") == (text or None):
            return None
        if text:
            sub["target_smiles"] = text
        else:
            sub.pop("target_smiles", None)
        self.data["substrate"] = sub
        self.edits += 1
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
        self.edits += 1

    def answer(self, question: Question, value: Any) -> str | None:
        """Record the chemist's answer to an engine question."""
        if question.field.startswith("symptom:"):
            self.set_symptom(question.field.split(":", 1)[1], SEEN if value else NOT_SEEN)
            return None
        if question.field.startswith("workup.acid.") and self.get("workup.decomplexation") not in ("acid", None):
            return "the run did not use an acid step"
        return self.set_field(question.field, value)

    def skip(self, question: Question) -> None:
        """'I don't know': the question is not asked again for this run (kept in the run file)."""
        if question.id not in self.skipped:
            self.data["not_known"] = [*(self.data.get("not_known") or []), question.id]
            self.edits += 1

    def ask_again(self) -> None:
        """Bring back the questions set aside with "I don't know" (the answer turned up)."""
        if self.skipped:
            self.data.pop("not_known", None)
            self.edits += 1

    def set_masses(self, peaks: list[dict[str, Any]]) -> None:
        """The peaks as the table holds them (each already checked with ``run_fields.peak_problem``)."""
        self.set_field("outcome.masses", peaks or None)

    def set_plan(self, name: str, value: float | None) -> bool:
        """A setting for the next attempt (:data:`PLAN_SETTINGS`).  It rescales the protocol,
        never the run's record.  Returns whether it changed."""
        if (self.plan.get(name) == value) or (value is None and name not in self.plan):
            return False
        if value is None:
            self.plan.pop(name, None)
        else:
            self.plan[name] = value
        return True

    # ---- evidence ------------------------------------------------------------------------
    def species(self) -> tuple[Species, ...]:
        """The species this run may show by MS (core/masses.py), () until there is a substrate."""
        if self.analysis is None:
            return ()
        from boranegui.core import masses

        target = self.get("substrate.target_smiles")
        try:
            return tuple(masses.predict(self.analysis.smiles, target or None))
        except Exception:  # a target RDKit cannot use: the default target still gives species
            _log().exception("species prediction failed")
            try:
                return tuple(masses.predict(self.analysis.smiles, None))
            except Exception:
                return ()

    def default_target(self) -> str:
        """The target BoraneGUI assumes when none is given: the product species' SMILES."""
        return next((s.smiles for s in self.species() if s.id == "product"), "")

    def assign_mass(self, mz: float, decimals: int, where: str | None, percent: float | None) -> Assignment | None:
        """What an observed [M+H]+ peak is, None without a substrate."""
        species = self.species()
        if not species:
            return None
        from boranegui.core import masses

        return masses.assign(mz, decimals, where, percent, species)

    def acid_amount(self) -> tuple[float, float] | None:
        """(equiv of HCl per BH3, mL of HCl) from whichever the run gives, None when the
        scale, equiv, molarity or substrate needed to convert are unknown."""
        from boranegui.core.amounts import hcl_vs_borane, substrate_mmol

        molarity, equiv = self.get("workup.acid.hcl_molarity"), self.get("reagent.equiv")
        scale = self.get("scale_g")
        if self.analysis is None or None in (molarity, equiv, scale):
            return None
        borane = substrate_mmol(scale, self.analysis.mw, self.get("substrate.water_percent")) * equiv
        try:
            return hcl_vs_borane(borane, molarity, volume_ml=self.get("workup.acid.volume_ml"),
                                 equiv=self.get("workup.acid.equiv_vs_borane"))
        except (ValueError, ZeroDivisionError):
            return None

    def planning_record(self) -> RunRecord | None:
        """The record the protocol is planned from: the run as done, at the next attempt's scale
        and with the reagent on hand; the record itself stays as it was."""
        record = self.record
        if record is None or not self.plan:
            return record
        from boranegui.core import run_record

        data = record.to_dict()
        if "scale_g" in self.plan:
            data["scale_g"] = self.plan["scale_g"]
        reagent = data.setdefault("reagent", {})
        if record.reagent.kind not in IN_SITU_KINDS:
            if "molarity" in self.plan or "titer" in self.plan:
                reagent.pop("age_weeks", None)  # another bottle, or one just titrated: no loss to guess
            if "molarity" in self.plan:
                reagent["molarity"] = self.plan["molarity"]
            if "titer" in self.plan:
                reagent["molarity"] = self.plan["titer"]
                reagent["titer_checked"] = True
        try:
            return run_record.from_dict(data, "the next attempt")
        except Exception:
            _log().exception("the next attempt's record is not valid")
            return record

    # ---- derived -------------------------------------------------------------------------
    def load_rules(self, path: str | None) -> None:
        """The lab's rules file (None: the shipped rules); a bad file falls back and says why."""
        from boranegui.core.rules import load_rules_or_default

        try:
            self.rules, problems = load_rules_or_default(path)
            self.rules_problems = list(problems)
        except Exception as exc:  # a rules module that cannot load at all
            _log().exception("rules could not be loaded")
            self.rules, self.rules_problems = None, [f"the rules could not be loaded: {exc}"]

    def refresh(self, structure: bool = False) -> bool:
        """Validate, analyse (when ``structure`` and the structure is new), diagnose and revise.
        Returns whether the substrate analysis was redone."""
        from boranegui.core import run_record
        from boranegui.core.yamlio import InputError

        try:
            self.record, self.problems = run_record.from_dict(self.data, "this run"), []
        except InputError as exc:
            self.record, self.problems = None, list(exc.problems)
            sub = self.data.get("substrate") or {}
            if sub.get("smiles") and sub.get("molblock") and all(p.field == "substrate.molblock" for p in exc.problems):
                sub.pop("molblock")  # a drawing that disagrees with its SMILES is only a layout: drop it
                return self.refresh(structure)
        analysed = self._analyse() if structure else False
        self._diagnose()
        return analysed

    def _analyse(self) -> bool:
        text = self.structure()
        if text == self._analysed:
            return False
        from boranegui.core.masses import remember
        from boranegui.core.substrate import analyse

        self._analysed = text
        self.analysis, self.analysis_error = None, ""
        if text:
            self.analyses += 1
            try:
                self.analysis = analyse(text)
                remember(self.analysis, text)  # the MS species then reuse it
            except ValueError as exc:
                self.analysis_error = str(exc)
            except Exception as exc:
                _log().exception("substrate analysis failed")
                self.analysis_error = f"The substrate analysis failed: {exc}"
        return True

    def _diagnose(self) -> None:
        from boranegui.core.diagnosis import diagnose
        from boranegui.core.pipeline import revised_protocol

        self.diagnosis = self.revised = None
        self.engine_error = self.protocol_error = ""
        if self.record is None:
            return
        if self.rules is None:
            self.engine_error = "No rules are loaded (see Settings)."
            return
        try:
            self.diagnosis = diagnose(self.record, self.rules, substrate=self.analysis)
        except Exception as exc:
            _log().exception("diagnosis failed")
            self.engine_error = f"The diagnosis failed: {type(exc).__name__}: {exc}"
            return
        try:
            planned = self.planning_record()
            assert planned is not None
            self.revised = revised_protocol(planned, self.analysis, self.diagnosis, self.rules)
        except Exception as exc:
            _log().exception("protocol revision failed")
            self.protocol_error = f"The revised protocol could not be made: {type(exc).__name__}: {exc}"
