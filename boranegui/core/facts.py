"""What the diagnosis engine knows about one run: the record, the substrate, the target, the masses.

The rules ask run-record fields, substrate features (``substrate.groups.boc``) and a few
numbers derived here, because a chemist would work them out before blaming a cause:

- ``target.groups.<id>`` and ``target.chelating_pairs``: the target amine (the record's
  ``substrate.target_smiles``, else the default product of core/masses.py) analysed like a
  substrate; a chelating pair is an amine N and an alcohol O (or two amine N not in one
  ring) two or three carbons apart, which hold boron as a ring (oxazaborolidine-type,
  Corey, Bakshi & Shibata 1987) that one acid step may not open.
- ``run.borane_lost_to_water_percent``: B-H destroyed by the water the record gives (Karl
  Fischer of the solvent, loss on drying of the substrate), as % of the B-H charged: each
  H2O takes one B-H (BH3 + 3 H2O -> B(OH)3 + 3 H2).  THF at 0.889 g/mL (CRC Handbook).
  ``run.borane_left_equiv``: the equiv of BH3 that water leaves for the substrate (None when
  no water is recorded): the note's 3-5 equiv and the substrate's demand apply to it.
- ``outcome.reduced_groups.<id>``: 1 when the chemist found that group reduced, else 0.
- The HCl equiv per borane from a recorded volume, and the method implied by a
  recorded HCl or Pd/C step.

MS peaks (``outcome.masses``) are assigned here and turned into symptoms: a peak of the
deprotected product is the symptom ``protecting_group_lost`` whether or not the chemist
ticked it; a symptom the chemist ruled out is overridden by a peak that shows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rdkit import Chem

from boranegui.core.masses import Assignment, assign, predict
from boranegui.core.run_record import RunRecord
from boranegui.core.substrate import SubstrateAnalysis

THF_DENSITY = 0.889  # g/mL at 20 °C (CRC Handbook)
WATER_MW = 18.015

_AMINE = Chem.MolFromSmarts("[NX3;+0;!$(N-a);!$(N-[#6]=[#7,#8,#16]);!$(N-S(=O)=O);!$(N-[#7,#8])]")
_ALCOHOL = Chem.MolFromSmarts("[OX2H1][CX4]")


@dataclass
class Facts:
    """The run, the substrate analysis, derived numbers, the masses and what-if answers."""

    run: RunRecord
    substrate: SubstrateAnalysis | None
    symptoms: tuple[str, ...]
    ruled_out: frozenset[str]
    overrides: Mapping[str, Any] = field(default_factory=dict)
    masses: tuple[Assignment, ...] = ()
    target: Mapping[str, Any] = field(default_factory=dict)  # groups, chelating_pairs

    def value(self, path: str) -> Any:
        if path in self.overrides:
            return self.overrides[path]
        if path.startswith("target."):
            if path.startswith("target.groups."):
                groups = self.target.get("groups")
                return None if groups is None else groups.get(path.split(".", 2)[2], 0)
            return self.target.get(path.split(".", 1)[1])
        if path == "run.borane_lost_to_water_percent":
            return water_percent_of_bh(self.run, self.substrate)
        if path == "run.borane_left_equiv":
            lost, equiv = water_percent_of_bh(self.run, self.substrate), self.run.reagent.equiv
            return None if lost is None or equiv is None else round(equiv * max(0.0, 1 - lost / 100), 3)
        if path.startswith("outcome.reduced_groups."):
            return int(path.split(".", 2)[2] in self.run.outcome.reduced_groups)
        if path.startswith("substrate.") and path not in ("substrate.water_percent", "substrate.target_smiles"):
            sub = self.substrate
            if sub is None:
                return None
            if path.startswith("substrate.groups."):
                return sub.count(path.split(".", 2)[2])
            if path == "substrate.lactams":
                return len(sub.lactams)
            return getattr(sub, path.split(".", 1)[1])
        value = self.run.get(path)
        return self._derived(path) if value is None else value

    def _derived(self, path: str) -> Any:
        """What the record implies though it does not say it: a recorded HCl step means the
        complex was broken with acid, a recorded Pd/C step with Pd/C in methanol; a recorded HCl
        volume gives the equiv per borane."""
        acid = self.run.workup.acid
        if path == "workup.decomplexation" and acid is not None:
            return "acid"
        if path == "workup.decomplexation" and self.run.workup.pd is not None:
            return "pd_methanol"
        if path == "workup.acid.equiv_vs_borane" and acid is not None:
            borane = borane_mmol(self.run, self.substrate)
            if acid.volume_ml is None or acid.hcl_molarity is None or borane is None:
                return None
            from boranegui.core.amounts import hcl_vs_borane

            return round(hcl_vs_borane(borane, acid.hcl_molarity, volume_ml=acid.volume_ml)[0], 2)
        return None

    def status(self, symptom: str) -> str:
        if symptom in self.symptoms:
            return "seen"
        return "ruled_out" if symptom in self.ruled_out else "unknown"

    def with_answer(self, field_: str, value: Any) -> Facts:
        """These facts with one what-if answer (a field value, or a symptom seen / ruled out)."""
        if field_.startswith("symptom:"):
            sid = field_.split(":", 1)[1]
            symptoms = tuple(s for s in self.symptoms if s != sid)
            ruled = set(self.ruled_out) - {sid}
            if value == "seen":
                symptoms = (*symptoms, sid)
            else:
                ruled.add(sid)
            return Facts(self.run, self.substrate, symptoms, frozenset(ruled), self.overrides, self.masses,
                         self.target)
        return Facts(self.run, self.substrate, self.symptoms, self.ruled_out, {**self.overrides, field_: value},
                     self.masses, self.target)


def borane_mmol(run: RunRecord, substrate: SubstrateAnalysis | None) -> float | None:
    """mmol of BH3 charged: lactam mmol (dry mass / MW) x equiv; None when unknown."""
    if substrate is None or run.reagent.equiv is None:
        return None
    from boranegui.core.amounts import substrate_mmol

    return substrate_mmol(run.scale_g, substrate.mw, run.substrate.water_percent) * run.reagent.equiv


def water_percent_of_bh(run: RunRecord, substrate: SubstrateAnalysis | None) -> float | None:
    """B-H destroyed by the recorded water, as % of the B-H charged (one B-H per H2O)."""
    borane = borane_mmol(run, substrate)
    ppm, lod = run.solvent.water_ppm, run.substrate.water_percent
    if borane is None or (ppm is None and lod is None):
        return None
    water_g = run.scale_g * (lod or 0.0) / 100.0
    if ppm is not None:
        if run.solvent.volumes is None:
            return None if lod is None else round(water_g / WATER_MW * 1000.0 / (3 * borane) * 100.0, 2)
        water_g += run.solvent.volumes * run.scale_g * THF_DENSITY * ppm / 1e6
    return round(water_g / WATER_MW * 1000.0 / (3 * borane) * 100.0, 2)


@lru_cache(maxsize=256)
def _target(substrate_smiles: str, target_smiles: str | None) -> tuple[tuple[tuple[str, int], ...], int] | None:
    """(group counts, chelating pairs) of the target amine: the product species of core/masses.py."""
    from boranegui.core.masses import analysed, mol_of

    product = next((s for s in predict(substrate_smiles, target_smiles) if s.id == "product"), None)
    if product is None:
        return None
    analysis = analysed(product.smiles)
    return tuple(sorted(analysis.groups.items())), chelating_pairs(mol_of(analysis.smiles))


def chelating_pairs(mol: Chem.Mol) -> int:
    """Donor pairs 2-3 carbons apart (1,2 or 1,3): amine N with alcohol O, or two amine N not
    in one ring (ring diamines such as piperazine cannot close a ring on one boron)."""
    amines = [m[0] for m in mol.GetSubstructMatches(_AMINE)]
    alcohols = [m[0] for m in mol.GetSubstructMatches(_ALCOHOL)]
    ring_info = mol.GetRingInfo()
    pairs = 0
    for i, a in enumerate(amines):
        near = _bonds_within(mol, a, 4)
        pairs += sum(1 for o in alcohols if near.get(o) in (3, 4))
        pairs += sum(1 for b in amines[i + 1:] if near.get(b) in (3, 4) and not ring_info.AreAtomsInSameRing(a, b))
    return pairs


def _bonds_within(mol: Chem.Mol, start: int, depth: int) -> dict[int, int]:
    """Atoms at most ``depth`` bonds from ``start``, with their shortest distance in bonds: a
    search bounded by the depth, so a 500-atom product costs no more than a small one (neither
    a shortest path per pair, which took 0.3 s there, nor GetDistanceMatrix, which imports
    numpy before the window is ready)."""
    found = {start: 0}
    frontier = [start]
    for d in range(1, depth + 1):
        reached: list[int] = []
        for i in frontier:
            for atom in mol.GetAtomWithIdx(i).GetNeighbors():
                j = atom.GetIdx()
                if j not in found:
                    found[j] = d
                    reached.append(j)
        frontier = reached
    return found


def facts_for(run: RunRecord, substrate: SubstrateAnalysis | None) -> Facts:
    """The facts of ``run``: masses assigned and turned into symptoms, the target analysed."""
    symptoms = list(run.outcome.symptoms)
    ruled = set(run.outcome.ruled_out)
    masses: tuple[Assignment, ...] = ()
    target: dict[str, Any] = {}
    if substrate is not None:
        known = _target(substrate.smiles, run.substrate.target_smiles)
        if known is not None:
            target = {"groups": dict(known[0]), "chelating_pairs": known[1]}
        if run.outcome.masses:
            species = predict(substrate.smiles, run.substrate.target_smiles)
            masses = tuple(assign(m.mz, m.decimals, m.where, m.percent, species) for m in run.outcome.masses)
            for a in masses:
                for s in a.symptoms:
                    if s not in symptoms:
                        symptoms.append(s)
                    ruled.discard(s)
    return Facts(run, substrate, tuple(symptoms), frozenset(ruled), masses=masses, target=target)
