"""The run session's note values, evidence (MS peaks, target amine) and next-attempt settings.

Kept apart from :mod:`boranegui.ui.session` so each stays short; :class:`RunSession`
inherits these methods.  Everything chemical goes through core (masses, run_record).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from boranegui.core.run_record import RunRecord


# The note's procedure, field by field.  A new run starts empty: these are shown as
# placeholders ("note: 4 equiv") and stored only when the chemist accepts them, and then
# listed under ``assumed`` so the record says they were not written down at the bench.
# The reagent's molarity follows the reagent (core/run_record.py DEFAULT_MOLARITY).
NOTE_VALUES: dict[str, Any] = {
    "reagent.kind": "bh3_thf",
    "reagent.equiv": 4.0,
    "reagent.storage": "fridge",
    "solvent.name": "THF",
    "solvent.volumes": 8,
    "solvent.anhydrous": True,
    "conditions.addition_temp_c": 0,
    "conditions.addition_minutes": 45,
    "conditions.max_temp_c": 66,
    "conditions.time_h": 3,
    "workup.quench": "methanol",
    "workup.quench_temp_c": 0,
    "workup.decomplexation": "acid",
    "workup.acid.hcl_molarity": 6,
    "workup.acid.equiv_vs_borane": 2.5,
    "workup.acid.temp_c": 66,
    "workup.acid.hours": 1.0,
    "workup.basify_ph": 11,
    "workup.extraction_solvent": "EtOAc",
}


def _log():  # logging is imported late, as in session.py
    import logging

    return logging.getLogger("boranegui")


class EvidenceAndPlan:
    """Methods of the run session about the note's values, evidence and the next attempt (a
    mixin of :class:`boranegui.ui.session.RunSession`, which holds the state)."""

    engine: Any
    analysis: Any
    data: dict[str, Any]
    record: RunRecord | None
    plan: dict[str, float]
    thf_molarity: float

    if TYPE_CHECKING:  # what RunSession provides (declared for the type checker only)
        def get(self, path: str) -> Any: ...
        def set_field(self, path: str, value: Any, assumed: bool = False) -> str | None: ...
        def _changed(self, structure: bool = False) -> None: ...
        def _recompute(self, structure: bool = False) -> None: ...
        def assumed(self) -> list[str]: ...

    # ---- the note's values ---------------------------------------------------------------
    def note_value(self, path: str) -> Any:
        """The note's value for a field, for this run's reagent (None: the note gives none)."""
        if path == "reagent.molarity":
            from boranegui.core.run_record import DEFAULT_MOLARITY

            kind = self.get("reagent.kind") or NOTE_VALUES["reagent.kind"]
            return self.thf_molarity if kind == "bh3_thf" else DEFAULT_MOLARITY.get(kind)
        if path.startswith("workup.acid.") and self.get("workup.decomplexation") not in (None, "acid"):
            return None
        if path == "workup.acid.equiv_vs_borane" and self.get("workup.acid.volume_ml") is not None:
            return None  # the amount is given as a volume
        return NOTE_VALUES.get(path)

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

    def _follow_reagent(self, kind: str) -> None:
        """A new reagent brings its own molarity: the commercial one (assumed, retype it if the
        bottle says otherwise); in situ there is no bottle molarity at all."""
        from boranegui.core.run_record import DEFAULT_MOLARITY, IN_SITU_KINDS

        reagent = self.data.setdefault("reagent", {})
        reagent["kind"] = kind
        marks = [p for p in self.assumed() if p != "reagent.molarity"]
        if kind in IN_SITU_KINDS or kind not in DEFAULT_MOLARITY:
            reagent.pop("molarity", None)
        else:
            reagent["molarity"] = self.thf_molarity if kind == "bh3_thf" else DEFAULT_MOLARITY[kind]
            marks.append("reagent.molarity")
        if marks:
            self.data["assumed"] = marks
        else:
            self.data.pop("assumed", None)


    # ---- evidence: MS peaks and the target ----------------------------------------------
    def structure_problem(self, text: str) -> str | None:
        """Why RDKit cannot read ``text`` (SMILES or MOL block), None when it can or is empty."""
        if text and self.engine is not None:
            try:
                self.engine.substrate.parse_structure(text)
            except ValueError as exc:
                return str(exc)
        return None

    def set_target(self, text: str) -> str | None:
        """The amine the chemist wanted (SMILES); empty: the default product.  Returns why refused."""
        text = text.strip()
        why = self.structure_problem(text)
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
        self._changed()
        return None

    def species(self) -> tuple[Any, ...]:
        """The species this run may show by MS (core/masses.py), () until there is a substrate."""
        if self.engine is None or self.analysis is None:
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

    def assign_mass(self, mz: float, decimals: int, where: str | None, percent: float | None) -> Any:
        """What an observed [M+H]+ peak is (a core.masses Assignment), None without a substrate."""
        species = self.species()
        if not species:
            return None
        from boranegui.core import masses

        return masses.assign(mz, decimals, where, percent, species)

    @staticmethod
    def peak_problem(key: str, value: Any) -> str | None:
        """Why ``value`` cannot be the ``key`` (mz, where, percent) of a peak, None when it can."""
        from boranegui.core import run_record

        spec = run_record.MASS_FIELDS[key]
        if value is None:
            return "required" if spec.required else None
        return run_record._check_value(key, spec, value)

    def set_masses(self, peaks: list[dict[str, Any]]) -> None:
        """The peaks as the table holds them (each already checked with :meth:`peak_problem`)."""
        self.set_field("outcome.masses", peaks or None)

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

    # ---- the next attempt ----------------------------------------------------------------
    def set_plan(self, name: str, value: float | None) -> None:
        """A setting for the next attempt: ``scale_g``, ``molarity`` (the bottle on hand) or
        ``titer`` (found by titration).  It rescales the protocol, never the run's record."""
        if (self.plan.get(name) == value) or (value is None and name not in self.plan):
            return
        if value is None:
            self.plan.pop(name, None)
        else:
            self.plan[name] = value
        self._recompute()

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
        if record.reagent.kind not in run_record.IN_SITU_KINDS:
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

