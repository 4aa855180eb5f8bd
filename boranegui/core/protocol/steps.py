"""The note's eleven steps (and the pre-check), written from the parameters for the route chosen.

Each sentence records the parameters it reads, so a changed parameter marks every step
that mentions it.  The work-up steps follow ``decomplexation``: acid, Pd/C in MeOH or
amine exchange, each with its own amounts and its own isolation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from boranegui.core import amounts as am
from boranegui.core.protocol.model import PHASES, Step, SubstrateFacts
from boranegui.core.protocol.table import exchange_mmol, held_bh3_mmol
from boranegui.core.reagents import LARGE_SCALE_G
from boranegui.core.run_record import REAGENT_KINDS
from boranegui.core.sources import short


class Reader(Mapping[str, Any]):
    """The parameters, recording which ones a sentence reads."""

    def __init__(self, params: Mapping[str, Any]) -> None:
        self._p = params
        self.read: list[str] = []

    def __getitem__(self, key: str) -> Any:
        if key not in self.read:
            self.read.append(key)
        return self._p[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._p)

    def __len__(self) -> int:
        return len(self._p)

    def touch(self, *keys: str) -> None:
        for k in keys:
            self[k]


# Which parameters each computed amount depends on.
_DEPENDS = {
    "substrate": ("scale_g",),
    "borane": ("scale_g", "borane_equiv", "reagent_molarity"),
    "in_situ": ("scale_g", "borane_equiv"),
    "thf": ("scale_g", "thf_volumes"),
    "h2": ("scale_g", "borane_equiv"),
    "meoh": ("scale_g", "borane_equiv"),
    "hcl": ("scale_g", "borane_equiv", "hcl_equiv_vs_borane", "hcl_molarity"),
    "naoh": ("scale_g", "borane_equiv", "hcl_equiv_vs_borane", "base_molarity"),
    "catalyst": ("scale_g", "pd_loading_wt_percent", "pd_percent"),
}

Use = Callable[[str], None]
Writer = Callable[[Reader, Use], str]


def t(c: float) -> str:
    return f"{c + 0.0:g} °C"  # + 0.0: never print -0 °C


def h(hours: float) -> str:
    return f"{hours:g} h" if hours >= 1 else f"{hours * 60:g} min"


B11_CHECK = ("11B NMR shows no amine-borane quartet (upfield of BF3·OEt2; "
             f"{short('cole_11b_shifts')}), or IR shows no B-H bands at 2250-2400 cm-1")


def write_steps(params: Mapping[str, Any], s: am.Stoichiometry, facts: SubstrateFacts | None,
                changed: set[str]) -> tuple[Step, ...]:
    """The eleven steps of the note (and the pre-check), written from the parameters."""
    out: list[Step] = []

    def emit(phase: int, number: int, write: Writer) -> None:
        p = Reader(params)

        def use(what: str) -> None:
            p.touch(*_DEPENDS[what])

        text = write(p, use)
        read = tuple(p.read)
        out.append(Step(PHASES[phase], number, text, read, tuple(k for k in read if k in changed)))

    kind = params["reagent_kind"]
    reagent_name = REAGENT_KINDS[kind].split(" (")[0]
    method = params["decomplexation"]
    large = params["scale_g"] > LARGE_SCALE_G

    def pre_check(p: Reader, use: Use) -> str:
        use("h2")
        hazard = {
            "bh3_thf": "BH3·THF is a flammable, water-reactive solution (not pyrophoric as sold; the "
                       "high-hazard forms are neat BH3·SMe2 and diborane).",
            "bh3_sme2": "BH3·SMe2 is flammable and reacts violently with water and alcohols, giving H2 (the note "
                        "calls neat BMS pyrophoric; it is not classed so: check the supplier's data sheet), and "
                        "smells intensely of dimethyl sulfide: fume hood.",
            "nabh4_i2": "Generating borane from NaBH4 + I2 releases H2 as it forms.",
            "nabh4_bf3": "BF3·OEt2 is corrosive and fumes in moist air; the note warns of an H2 evolution "
                         "spike on generating borane in situ.",
        }[p["reagent_kind"]]
        h2 = f"H2 is released on quench: up to {am.fmt_litres(s.quench_h2_mmol)} ({am.fmt_mmol(s.quench_h2_mmol)})"
        if s.generation_h2_mmol:
            h2 += f", plus {am.fmt_litres(s.generation_h2_mmol)} while the borane is generated"
        return (f"{h2}. Oven-dry all glassware and keep the apparatus under a positive pressure of N2 or Ar, "
                f"vented through a bubbler to a scrubber. {hazard}")

    emit(0, 0, pre_check)

    def set_up(p: Reader, use: Use) -> str:
        scrub = "a bleach scrubber (for Me2S)" if p["reagent_kind"] == "bh3_sme2" else "a scrubber"
        return ("Equip a 3-neck round-bottom flask with a reflux condenser, a temperature probe and a "
                f"pressure-equalising addition funnel; flush with N2 and vent through a bubbler to {scrub}.")

    emit(1, 1, set_up)

    def dissolve(p: Reader, use: Use) -> str:
        use("substrate")
        use("thf")
        name = facts.name if facts else "the lactam"
        dry = ""
        if p["dry_solvent"]:
            dry = ("Dry the lactam to constant mass and check the THF by Karl Fischer first: water destroys "
                   "borane (each H2O takes B-H and gives H2). ")
        return (f"{dry}Dissolve {name} ({am.fmt_g(p['scale_g'])}, {am.fmt_mmol(s.substrate_mmol, substrate=True)}, "
                f"1.0 equiv) in anhydrous THF ({am.fmt_ml(s.thf_ml, solvent=True)}, "
                f"{p['thf_volumes']:g} volumes); cool to {t(p['addition_temp_c'])}.")

    emit(1, 2, dissolve)
    _reduction_steps(emit, params, s, facts, reagent_name, large)
    _quench_step(emit, s, method)
    if method == "acid":
        _acid_steps(emit, s, facts)
    elif method == "pd_methanol":
        _pd_steps(emit, facts)
    else:
        _exchange_steps(emit, s, facts)
    _isolation_steps(emit, method, facts)
    return tuple(out)


Emit = Callable[[int, int, Writer], None]


def _reduction_steps(emit: Emit, params: Mapping[str, Any], s: am.Stoichiometry, facts: SubstrateFacts | None,
                     reagent_name: str, large: bool) -> None:
    kind = params["reagent_kind"]
    if kind in am.IN_SITU:
        recipe = am.IN_SITU[kind]

        def charge_nabh4(p: Reader, use: Use) -> str:
            use("in_situ")
            p.touch("reagent_kind")
            fresh = f"Use fresh NaBH4 and a fresh bottle of {recipe.activator}. " if p["fresh_reagent"] else ""
            check = ""
            if p["titrate_reagent"]:
                check = (f" A spent or discoloured {recipe.activator} gives little borane: check it before use, "
                         "as borane made in the flask cannot be titrated before it meets the lactam.")
            return (f"{fresh}Add NaBH4 ({am.fmt_g(s.nabh4_g or 0)}, {am.fmt_mmol(s.nabh4_mmol or 0)}) to the "
                    f"solution under N2. The borane is made in the flask: {recipe.equation} "
                    f"({short(recipe.source)}); {am.fmt_equiv(p['borane_equiv'])} equiv BH3 nominal, "
                    f"{am.fmt_mmol(s.borane_mmol)}.{check}")

        def add_activator(p: Reader, use: Use) -> str:
            use("in_situ")
            amount = f"{am.fmt_g(s.activator_g or 0)}, {am.fmt_mmol(s.activator_mmol or 0)}"
            if s.activator_ml:
                amount = f"{am.fmt_ml(s.activator_ml)}, " + amount
            how = "dissolved in THF" if recipe.activator == "I2" else "neat"
            gas = (f"; H2 evolves ({am.fmt_litres(s.generation_h2_mmol)})" if s.generation_h2_mmol
                   else "; borane forms slowly in ethers and not at all from spent BF3·OEt2 "
                   f"({short('kanth_brown_2000')})")
            return (f"Add {recipe.activator} ({amount}) {how} dropwise over {p['addition_minutes']:g} min at "
                    f"{t(p['addition_temp_c'])}{gas}. Gas beyond that means moisture, or an acidic N-H "
                    "being deprotonated (each consumes hydride).")

        emit(1, 3, charge_nabh4)
        emit(1, 4, add_activator)
    else:
        def charge(p: Reader, use: Use) -> str:
            use("borane")
            p.touch("reagent_kind")
            fresh = f"Use a fresh bottle of {reagent_name}, stored at 0-5 °C. " if p["fresh_reagent"] else ""
            titrate = ""
            if p["titrate_reagent"]:
                titrate = (f" Titrate the reagent before use (for example by the H2 an aliquot gives on "
                           f"hydrolysis) and recalculate the volume for {am.fmt_mmol(s.borane_mmol)} from "
                           "the molarity found.")
            molarity = am.fmt_molarity(p["reagent_molarity"])
            return (f"{fresh}Transfer {reagent_name} ({molarity}, {am.fmt_ml(s.borane_ml or 0)}, "
                    f"{am.fmt_mmol(s.borane_mmol)}, {am.fmt_equiv(p['borane_equiv'])} equiv) to the addition "
                    f"funnel by cannula.{titrate} The excess over the substrate's own demand is needed because "
                    "the amine product ties up borane.")

        def add(p: Reader, use: Use) -> str:
            extra = ""
            if s.addition_h2_mmol:
                use("substrate")
                extra = (f" Expect about {am.fmt_litres(s.addition_h2_mmol)} H2 from the substrate's acidic "
                         "H (N-H, O-H, CO2H).")
            where = f"at {t(p['addition_temp_c'])}"
            if large:
                p.touch("scale_g")
                where = ("at the reaction temperature, at a rate the condenser and the vent can take, so that "
                         "it reacts as it goes in rather than accumulating cold (above 100 g; BoraneGUI's "
                         "judgement)")
            return (f"Add the borane dropwise over {p['addition_minutes']:g} min {where}. "
                    "Gas (H2) means moisture, or an acidic N-H being deprotonated (each consumes hydride)."
                    + extra)

        emit(1, 3, charge)
        emit(1, 4, add)

    def react(p: Reader, use: Use) -> str:
        temp, hours = p["reaction_temp_c"], p["reaction_time_h"]
        if temp >= 60:
            heat = f"Warm to room temperature, then heat to reflux ({t(temp)}) for {h(hours)} (the note: 2-4 h)"
        elif temp > 25:
            heat = f"Warm to room temperature, then heat to {t(temp)} for {h(hours)}"
        elif temp >= 15:
            heat = f"Warm to room temperature ({t(temp)}) and stir for {h(hours)}"
        else:
            heat = f"Stir at {t(temp)} for {h(hours)}"
        caution = ""
        if p["reagent_kind"] == "bh3_thf" and temp > 35:
            caution = (" Above 35 °C BH3·THF decomposes and diborane can be released "
                       f"({short('monteiro_flanagan_2017')}): keep the condenser cold, the N2 flowing and the vent "
                       "through the scrubber, and do not heat longer than the check below requires.")
        return (f"{heat}. Before the quench, check the conversion: quench an aliquot in HCl/MeOH and run TLC or "
                "HPLC against the lactam (the boron complex itself smears). Go on to the quench when the lactam "
                f"is gone.{caution}")

    emit(1, 5, react)


def _quench_step(emit: Emit, s: am.Stoichiometry, method: str) -> None:
    def quench(p: Reader, use: Use) -> str:
        use("h2")
        if p["quench"] == "methanol":
            use("meoh")
            text = (f"Cool to {t(p['quench_temp_c'])}; add MeOH dropwise until gas stops (exotherm; up to "
                    f"{am.fmt_litres(s.quench_h2_mmol)} H2; have about {am.fmt_ml(s.meoh_ml)} MeOH ready).")
        else:
            text = (f"Cool to {t(p['quench_temp_c'])}; add water dropwise until gas stops (exotherm; up to "
                    f"{am.fmt_litres(s.quench_h2_mmol)} H2). Water leaves borates that can gel; the note "
                    "quenches with MeOH so boron leaves as B(OMe)3.")
        if p["quench_minutes"]:
            text += f" Stir for {p['quench_minutes']:g} min."
        if p["warm_before_acid"]:
            then = "before any acid goes in: B-H left when acid is added gives delayed, violent H2" \
                if method == "acid" else "before the work-up: B-H left then gives delayed H2"
            text += f" Let the mixture warm to room temperature and stir until no more gas evolves {then}."
        if p["meoh_coevaporation"]:
            text += (" Concentrate, then co-evaporate twice with MeOH to carry the boron off as volatile "
                     "trimethyl borate, B(OMe)3.")
        return text

    emit(2, 6, quench)


def _acid_steps(emit: Emit, s: am.Stoichiometry, facts: SubstrateFacts | None) -> None:
    def acid(p: Reader, use: Use) -> str:
        use("hcl")
        p.touch("decomplexation")
        return (f"Add {p['hcl_molarity']:g} M HCl ({am.fmt_ml(s.hcl_ml or 0)}, {am.fmt_mmol(s.hcl_mmol or 0)}, "
                f"{am.fmt_equiv(p['hcl_equiv_vs_borane'])} equiv vs BH3) once gas evolution has stopped.")

    def acid_heat(p: Reader, use: Use) -> str:
        temp, hours = p["acid_temp_c"], p["acid_hours"]
        if temp >= 60:
            how = f"Heat to reflux (about {t(temp)}) for {h(hours)}"
        elif 15 <= temp <= 25:
            how = f"Stir at room temperature ({t(temp)}) for {h(hours)}"
        else:
            how = f"Stir at {t(temp)} for {h(hours)}"
        tail = "" if temp >= 60 else " (the note refluxes: at room temperature the amine-borane can survive)"
        return (f"{how}{tail}: R3N·BH3 + HCl + 3 MeOH → R3NH+ Cl- + B(OMe)3 + 3 H2. Before basifying, check "
                f"a sample: {B11_CHECK}; if the complex is still there, go on heating.")

    def basify(p: Reader, use: Use) -> str:
        use("naoh")
        ph = p["basify_ph"]
        target = "pH > 10" if ph == 10 else f"pH {ph:g} or above" + (" (the note: pH > 10)" if ph < 10 else "")
        return (f"Cool to room temperature; basify with {p['base_molarity']:g} M {p['base']} (at least "
                f"{am.fmt_ml(s.naoh_ml or 0)}, {am.fmt_mmol(s.naoh_mmol or 0)}: it neutralises the HCl and the "
                f"boric acid, one OH- per boron) to {target}, checked with a pH meter or paper, to free the amine.")

    emit(2, 7, acid)
    emit(2, 8, acid_heat)
    emit(2, 9, basify)


def _pd_steps(emit: Emit, facts: SubstrateFacts | None) -> None:
    def pd_methanolysis(p: Reader, use: Use) -> str:
        use("catalyst")
        p.touch("decomplexation")
        temp, hours = p["pd_temp_c"], p["pd_hours"]
        where = f"at room temperature ({t(temp)})" if 15 <= temp <= 25 else f"at {t(temp)}"
        catalyst_g = am.pd_catalyst_g(p["scale_g"], p["pd_loading_wt_percent"])
        sensitive = ""
        if facts and facts.pd_sensitive:
            sensitive = (f" Stop as soon as the check is clean: the longer and warmer the Pd step, the more of the "
                         f"{', '.join(facts.pd_sensitive)} the H2 on the catalyst can remove (BoraneGUI's judgement).")
        return (f"Acid-free complex breaking: add MeOH ({am.fmt_ml(p['scale_g'] * am.PD_MEOH_VOLUMES, solvent=True)}) "
                f"and then {p['pd_percent']:g} % Pd/C ({am.fmt_g(catalyst_g)}, {p['pd_loading_wt_percent']:g} wt % "
                f"of the lactam; a water-wet grade is safer with methanol), under N2; stir {where} for {h(hours)}. "
                f"Pd/C catalyses the methanolysis of the amine-borane ({short('couturier_2001')}: about 12 h with "
                f"10 % Pd/C for a strongly held adduct), giving 3 H2 per BH3: keep the N2 sweep and the vent to the "
                f"scrubber. Before filtering, check a sample: {B11_CHECK}; if the complex is still there, stir "
                f"longer.{sensitive}")

    emit(2, 7, pd_methanolysis)
    emit(2, 8, lambda p, use: "Filter off the catalyst through Celite under N2, keeping the cake wet "
         "with MeOH (dry Pd/C with methanol can ignite); wash the cake with MeOH.")
    emit(2, 9, lambda p, use: "Concentrate and co-evaporate twice with MeOH to remove B(OMe)3. No acid was "
         "used: the amine is already the free base and needs no basifying.")


def _exchange_steps(emit: Emit, s: am.Stoichiometry, facts: SubstrateFacts | None) -> None:
    def amine_exchange(p: Reader, use: Use) -> str:
        p.touch("decomplexation", "scale_g")
        if held_bh3_mmol(s, facts) < s.substrate_mmol * max(1, facts.product_basic_n if facts else 1):
            p.touch("borane_equiv")
        mmol = exchange_mmol(s, facts)
        return (f"Acid-free complex breaking: add piperazine ({am.fmt_g(am.mass_g(mmol, am.MW_PIPERAZINE))}, "
                f"{am.fmt_mmol(mmol)}) and heat at reflux under N2, so that the excess piperazine takes the BH3 "
                f"off the product (an equilibrium an excess drives: {short('ramachandran_kulkarni_patent')}; the "
                f"amine, its amount and the conditions are BoraneGUI's choice). Heat until {B11_CHECK}.")

    emit(2, 7, amine_exchange)
    emit(2, 8, lambda p, use: "Cool and concentrate; do not distil the residue (distilling amine-borane "
         f"residues has exploded: {short('ramachandran_kulkarni_patent')}).")
    emit(2, 9, lambda p, use: "Co-evaporate twice with MeOH to remove B(OMe)3. No acid was used: the amine is "
         "already the free base and needs no basifying.")


def _isolation_steps(emit: Emit, method: str, facts: SubstrateFacts | None) -> None:
    acid_ok = facts is None or not facts.acid_labile

    def extract(p: Reader, use: Use) -> str:
        solvent = p["extraction_solvent"]
        salt = p["salt_out_extraction"]
        portions = am.extraction_portions(salt)
        each = am.fmt_ml(p["scale_g"] * am.EXTRACTION_VOLUMES, solvent=True)
        total = am.fmt_ml(portions * am.round_solvent_ml(p["scale_g"] * am.EXTRACTION_VOLUMES), solvent=True)
        if method == "acid":
            first = ("Saturate the aqueous layer with NaCl, then extract it with "
                     f"{solvent} ({portions} × {each}, or continuously)" if salt
                     else f"Extract with {solvent} ({portions} × {each})")
            wash = "" if salt else "; wash the combined organics with brine"
        else:
            water = "brine" if salt else "water"
            first = (f"Partition the residue between {solvent} ({each}) and {water} ({each}); separate, and "
                     f"extract the aqueous layer with {solvent} ({portions - 1} × {each}"
                     f"{', or continuously' if salt else ''})")
            wash = ("; wash the combined organics with water (2 ×) to remove the excess piperazine"
                    if method == "amine_exchange" else "")
        return (f"{first}{wash}; dry the combined organics (Na2SO4) and concentrate. {solvent}: {total} in "
                f"all; portions of {am.EXTRACTION_VOLUMES:g} mL per g of lactam are BoraneGUI's choice.")

    emit(3, 10, extract)

    def purify(p: Reader, use: Use) -> str:
        text = "Purify: recrystallise from EtOH/water, or by column chromatography"
        if method == "amine_exchange":
            text += ", which also separates any piperazine-borane left"
        if p["salt_out_extraction"] and acid_ok:
            text += ". A polar amine can instead be isolated as its HCl salt (BoraneGUI's suggestion)"
        return text + "."

    emit(3, 11, purify)
