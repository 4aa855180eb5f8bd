"""The note's worked example, built by hand as the protocol and diagnosis models shape it.

Lets the report be rendered and tested independently of the engine: 5.00 g nordazepam
lactam = 18.47 mmol; BH3·THF 1.0 M, 4.0 equiv = 73.9 mmol = 73.9 mL; THF 8 volumes =
40 mL; 6 M HCl 2.5 equiv vs borane = 184.7 mmol = 30.8 mL; 2 M NaOH at least 92.3 mL.
The acid step was run at 20 °C for 1 h (the shipped example run), so the revision
refluxes it for 2 h, as the note's troubleshooting table says.
"""

from __future__ import annotations

from pathlib import Path

from boranegui.core import run_record
from boranegui.core.diagnosis import Action, Diagnosis, Question, RankedCause
from boranegui.core.protocol import PHASES, Amount, Change, NoteValue, RevisedProtocol, Step
from boranegui.core.reagents import Advice
from boranegui.core.substrate import SubstrateAnalysis, Warning_

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_RUN = ROOT / "resources" / "examples" / "nordazepam-low-yield.borane.yaml"
NOTE = "Application note (BenchChem, 2026), troubleshooting table"
SELECTIVITY = "Yoon, Pak, Brown et al., J. Org. Chem. 1973, 38, 2786; Brown & Heim, J. Org. Chem. 1973, 38, 912"
MONTEIRO = "Monteiro & Flanagan, Org. Process Res. Dev. 2017 (BH3·THF thermal stability)"

NOTES_WITH_MARKUP = "Stirred <b>1 h</b> at 20 °C & no reflux; 250 µL BH3·THF lost · flask 'A' \"dry\""


def example_run(notes: str | None = None) -> run_record.RunRecord:
    run = run_record.load(EXAMPLE_RUN)
    return run.with_field("outcome.notes", notes) if notes is not None else run


def substrate() -> SubstrateAnalysis:
    return SubstrateAnalysis(
        smiles="O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1",
        formula="C15H11ClN2O",
        mw=270.72,
        lactams=((1, 0, 18),),
        groups={"lactam": 1, "imine": 1, "aryl_halide": 1, "acidic_nh_oh": 1},
        hydride_budget=2.0,
        warnings=(
            Warning_(
                "imine_reduced",
                "The diazepine C=N is reduced by borane along with the lactam, at any temperature.",
                SELECTIVITY, (3, 4),
            ),
        ),
        group_atoms={"lactam": ((1, 0, 18),), "imine": ((4, 3),)},
    )


def diagnosis() -> Diagnosis:
    reflux = Action(
        "acid_reflux_longer",
        "Reflux the 6 M HCl step (66 °C) for 2 h to cleave the amine-borane complex.",
        NOTE,
        {"acid_temp_c": {"at_least": 66}, "acid_hours": {"at_least": 2}},
    )
    titrate = Action("titrate_reagent", "Titrate the BH3·THF before use.", NOTE, {"titrate_reagent": {"set": True}})
    return Diagnosis(
        causes=(
            RankedCause(
                "amine_borane_complex", "Product still held as the amine-borane complex",
                "The amine product binds BH3; without hot acid the complex survives work-up.",
                0.86,
                ("crude mass 104 % of theory: more than the amine can weigh",
                 "acid step at 20 °C for 1 h: the note refluxes it",
                 "smear on TLC: the boron complex streaks"),
                (reflux,), NOTE, ("low_yield", "tlc_smear"),
            ),
            RankedCause(
                "reagent_degraded", "Borane reagent degraded",
                "BH3·THF loses titer on storage.", 0.18,
                ("bottle opened 2 weeks ago and kept in the fridge: little loss expected",),
                (titrate,), NOTE, ("low_yield",),
            ),
            RankedCause(
                "water_present", "Water destroyed part of the borane",
                "Water consumes B-H.", 0.07,
                ("anhydrous THF used; no gas reported on addition",),
                (), "Burkhardt & Matos, Chem. Rev. 2006, 106, 2617", ("low_yield",),
            ),
        ),
        warnings=substrate().warnings,
        open_questions=(
            Question("titer", "Was the BH3·THF titrated before use?", "reagent.titer_checked",
                     ((True, "yes"), (False, "no"))),
        ),
    )


STEPS = (
    (0, 0, "Oven-dry all glassware; keep the apparatus under a positive pressure of N2 or Ar. "
           "H2 is released on quenching.", ()),
    (1, 1, "Fit a 3-neck round-bottom flask with a reflux condenser, a temperature probe and a "
           "pressure-equalising addition funnel; flush with N2.", ()),
    (1, 2, "Dissolve the lactam (5.00 g, 18.47 mmol, 1.0 equiv) in anhydrous THF (40 mL, 8 volumes); "
           "cool to 0 °C.", ("scale_g", "thf_volumes", "addition_temp_c")),
    (1, 3, "Transfer BH3·THF (1.0 M, 73.9 mL, 73.9 mmol, 4.0 equiv) to the addition funnel by cannula.",
     ("reagent_molarity", "borane_equiv")),
    (1, 4, "Add the borane dropwise over 45 min at 0 °C. Gas (H2) means moisture or an acidic N-H "
           "being deprotonated.", ("addition_minutes",)),
    (1, 5, "Warm to room temperature, then heat at reflux (66 °C) for 3 h; follow by TLC/HPLC until the "
           "starting material has gone. The product spot may smear: it is still the boron complex.",
     ("reaction_temp_c", "reaction_time_h")),
    (2, 6, "Cool to 0 °C; add MeOH dropwise until gas evolution stops (exotherm, H2).",
     ("quench", "quench_temp_c")),
    (2, 7, "Add 6 M HCl (30.8 mL, 184.7 mmol, 2.5 equiv vs borane).", ("hcl_molarity", "hcl_equiv_vs_borane")),
    (2, 8, "Heat at reflux (66 °C) for 2 h: R3N·BH3 + HCl + 3 MeOH → R3NH+ Cl− + B(OMe)3 + 3 H2.",
     ("acid_temp_c", "acid_hours")),
    (2, 9, "Cool to room temperature; basify with 2 M NaOH (at least 92.3 mL) to pH 11 to free the amine.",
     ("basify_ph", "base")),
    (3, 10, "Extract with EtOAc (3 ×); wash the combined organic layers with brine, dry (Na2SO4) and "
            "concentrate.", ("extraction_solvent",)),
    (3, 11, "Purify: recrystallise from EtOH/water, or by column chromatography.", ()),
)


def revised(changes: bool = True) -> RevisedProtocol:
    made = (
        Change("acid_temp_c", 20, 66, "amine_borane_complex", "acid_reflux_longer", NOTE,
               cause_title="Product still held as the amine-borane complex"),
        Change("acid_hours", 1.0, 2.0, "amine_borane_complex", "acid_reflux_longer", NOTE,
               cause_title="Product still held as the amine-borane complex"),
    ) if changes else ()
    changed = {c.parameter for c in made}
    def as_run(number: int, text: str) -> str:
        return text if changes or number != 8 else text.replace("(66 °C) for 2 h", "(20 °C) for 1 h")

    steps = tuple(
        Step(PHASES[phase], number, as_run(number, text), params, tuple(p for p in params if p in changed))
        for phase, number, text, params in STEPS
    )
    return RevisedProtocol(
        title="Borane reduction of 7-chloro-5-phenyl-1,3-dihydro-2H-1,4-benzodiazepin-2-one",
        parameters={"scale_g": 5.0, "thf_volumes": 8, "borane_equiv": 4.0, "reagent_molarity": 1.0,
                    "acid_temp_c": 66 if changes else 20, "acid_hours": 2.0 if changes else 1.0},
        steps=steps,
        amounts=(
            Amount("7-chloro-5-phenyl-1,3-dihydro-2H-1,4-benzodiazepin-2-one", "substrate", 1.0, 18.47, mass_g=5.00),
            Amount("BH3·THF (1.0 M)", "reductant", 4.0, 73.9, volume_ml=73.9),
            Amount("THF, anhydrous", "solvent", None, None, volume_ml=40.0, note="8 volumes"),
            Amount("MeOH", "quench", 3.0, 221.6, mass_g=7.10, volume_ml=8.98,
                   note="3 equiv vs borane; until gas stops"),
            Amount("HCl (6 M)", "acid", 2.5, 184.7, volume_ml=30.8, note="equiv vs borane"),
            Amount("NaOH (2 M)", "base", None, 184.7, volume_ml=92.3, note="at least; to pH 11", minimum=True),
        ),
        changes=made,
        warnings=("The diazepine C=N is reduced along with the lactam; expect the tetrahydro product.",),
        safety=(
            "H2 on quench: up to 221.6 mmol, about 5.3 L at 20 °C and 1 atm. Add MeOH dropwise at 0 °C, "
            "vent through a bubbler, no ignition sources.",
            "BH3·THF (1.0 M): flammable, water-reactive solution; releases H2 with water and alcohols.",
            f"BH3·THF: store at 0-5 °C; it decomposes on warming and can release diborane near reflux ({MONTEIRO}).",
            "6 M HCl: corrosive. Add it only after gas evolution from the MeOH quench has stopped.",
        ),
        reagent_advice=(Advice("scale_small", "At 5 g the note recommends BH3·THF (best for small scale, < 10 g).",
                               "the note, reagent selection guide"),),
        from_note=(NoteValue("base", "NaOH", "the note, step 9"),),
    )
