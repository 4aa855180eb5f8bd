"""Stoichiometry of the reduction and its work-up: every unit conversion of BoraneGUI in one place.

Mass, mmol, equiv, mL, litres of gas, and the titer of a stored BH3·THF bottle.  The
protocol model, the report and the GUI read figures from here and format them with
the ``fmt_*`` helpers, so a number is rounded the same way wherever it is shown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from boranegui.core.sources import short

# Ideal gas at 20 °C and 1 atm: R T / p = 0.082057 L atm K-1 mol-1 x 293.15 K.
MOLAR_VOLUME_L = 24.06

# Average molar masses (g/mol, RDKit Descriptors.MolWt) and densities of the helpers.
MW_NABH4 = 37.83
MW_I2 = 253.81
MW_BF3_OET2 = 141.93
DENSITY_BF3_OET2 = 1.15  # g/mL at 25 °C (supplier data sheet value, Sigma-Aldrich 175501)
MW_MEOH = 32.04
DENSITY_MEOH = 0.791  # g/mL at 20 °C (CRC Handbook)

# B-H the lactam itself consumes per mol: 2 for the C=O (to CH2), 1 per acidic N-H/O-H
# (which leaves as H2 on addition).  SEED-NOTES.md, "the hydride budget of a substrate".
BH_PER_LACTAM = 2

# Quench: BH3 + 3 MeOH -> B(OMe)3 + 3 H2 is 1 MeOH per B-H.  We have 3 MeOH per B-H left
# ready: a 3-fold excess over that stoichiometry so methanolysis runs to B(OMe)3.  The
# excess is BoraneGUI's choice, not the note's; the note's end-point is "until gas stops".
MEOH_PER_BH = 3.0
MEOH_BASIS = (
    "3 mol MeOH per mol B-H left (3-fold excess over BH3 + 3 MeOH → B(OMe)3 + 3 H2; the excess "
    "is BoraneGUI's choice, the note's end-point is 'until gas stops')"
)
H2_BASIS = (
    "upper bound: every B-H charged (3 per BH3) less the B-H the substrate consumes (its hydride "
    "budget: lactam C=O 2, acidic N-H/O-H 1, carboxylic acid 3, imine 1, ...) leaves as H2 (1 H2 per "
    f"B-H) on methanolysis; ideal gas at 20 °C, 1 atm ({MOLAR_VOLUME_L} L/mol)"
)

# --- the borane charge from the substrate's demand ------------------------------------------
# The note charges 4.0 equiv BH3 for its nordazepam lactam, whose hydride budget is 2.33 equiv
# (lactam C=O 2 + N-H 1 + imine 1 = 4 B-H = 1.33 BH3, + 1 BH3 held by the product's N4): an
# excess of 1.67 equiv over the demand.  BoraneGUI's rule: the next attempt charges the
# substrate's own demand plus that same excess, capped at the note's 5 equiv (its over-reduction
# limit), and never at or below the demand.
NOTE_EXAMPLE_EQUIV = 4.0
NOTE_EXAMPLE_DEMAND = 4 / 3 + 1
NOTE_EXCESS_EQUIV = NOTE_EXAMPLE_EQUIV - NOTE_EXAMPLE_DEMAND
OVER_REDUCTION_CAP_EQUIV = 5.0
MIN_EXCESS_EQUIV = 0.25  # BoraneGUI's judgement: the least excess worth writing when the cap binds
BORANE_RULE = (
    "the substrate's hydride budget plus the note's excess (the note: 4.0 equiv for its nordazepam "
    f"lactam, whose budget is {NOTE_EXAMPLE_DEMAND:.2f} equiv: +{NOTE_EXCESS_EQUIV:.2f} equiv), capped at "
    "the note's 5 equiv over-reduction limit; BoraneGUI's rule from the note's figures"
)


def borane_equiv_for(demand: float) -> float:
    """BH3 equiv for a substrate whose hydride budget is ``demand``: see BORANE_RULE.

    Above the cap only when the demand itself leaves no room under it: the charge must
    exceed the demand, or the lactam is starved.
    """
    target = demand + NOTE_EXCESS_EQUIV
    if target <= OVER_REDUCTION_CAP_EQUIV:
        return round(target, 2)
    if demand + MIN_EXCESS_EQUIV <= OVER_REDUCTION_CAP_EQUIV:
        return OVER_REDUCTION_CAP_EQUIV
    return round(demand + MIN_EXCESS_EQUIV, 2)


# --- work-up figures ------------------------------------------------------------------------
# Boric acid (pKa about 9.2, the reading notes) takes about one OH- per boron on the way to a
# basic pH, on top of the HCl; 10 % more covers the last pH units (BoraneGUI's judgement).
OH_PER_BORON = 1.0
BASE_MARGIN = 0.10
BASE_BASIS = ("HCl + one OH- per boron (boric acid, pKa about 9.2, takes one; the reading notes) + 10 % "
              "(BoraneGUI's margin for the last pH units)")
# An aliphatic ammonium ion has a pKa near 10-11: two units above it, pH 12, leaves >99 % as the
# free base (BoraneGUI's judgement from the Henderson-Hasselbalch equation).
ALIPHATIC_AMINE_PH = 12.0

# Pd/C methanolysis (Couturier et al. 2001, in MeOH): the loading, Pd content, temperature and
# time the run records, else core/note_values.PD_DEFAULTS.  The MeOH volume is BoraneGUI's choice.
PD_MEOH_VOLUMES = 10.0  # mL MeOH per g of lactam
PD_MEOH_BASIS = f"10 volumes of MeOH: BoraneGUI's choice ({short('couturier_2001')} run it in MeOH)"


def pd_catalyst_g(scale_g: float, loading_wt_percent: float) -> float:
    """Grams of Pd/C (as charged) for a loading in wt % of the lactam."""
    return scale_g * loading_wt_percent / 100


# Extraction: each portion 5 mL per g of lactam (BoraneGUI's choice; the note says "3x" only).
EXTRACTION_VOLUMES = 5.0


def extraction_portions(salt_out: bool) -> int:
    """How many portions of extraction solvent the isolation step uses (BoraneGUI's choice: a
    polar amine salted out needs more)."""
    return 5 if salt_out else 3

# Amine exchange: the exchange is an equilibrium that an excess of the incoming amine drives
# (Ramachandran & Kulkarni, US 9,834,448).  Piperazine is the amine the reading notes name;
# 5 mol per mol of BH3 the product can hold is BoraneGUI's choice.
MW_PIPERAZINE = 86.14
EXCHANGE_PER_BH3 = 5.0
EXCHANGE_BASIS = ("5 mol piperazine per mol BH3 held by the product's basic N (at least 1 per mol of "
                  "lactam): BoraneGUI's choice; the exchange is an equilibrium driven by an excess of "
                  f"the incoming amine ({short('ramachandran_kulkarni_patent')})")

# Scale-aware safety.  H2's lower flammability limit in air is 4 vol %; the N2 sweep keeps the
# head-space below a quarter of it (BoraneGUI's margin).  Vessels at most 60 % full.
H2_LFL_FRACTION = 0.04
H2_SWEEP_MARGIN = 0.25
VESSEL_FILL = 0.60
FLASK_SIZES_ML = (50, 100, 250, 500, 1000, 2000, 3000, 5000, 10000, 20000, 50000)


def n2_sweep_l_per_min(h2_mmol: float, minutes: float) -> float:
    """N2 flow that keeps the head-space H2 below 25 % of its LFL while ``h2_mmol`` evolves evenly."""
    h2_rate = gas_litres(h2_mmol) / max(minutes, 1.0)
    limit = H2_LFL_FRACTION * H2_SWEEP_MARGIN
    return h2_rate * (1 - limit) / limit


def vessel_ml(total_ml: float) -> float:
    """The smallest standard vessel that holds ``total_ml`` at most 60 % full."""
    need = total_ml / VESSEL_FILL
    return float(next((size for size in FLASK_SIZES_ML if size >= need), math.ceil(need / 1000) * 1000))


@dataclass(frozen=True)
class InSituRecipe:
    """How much NaBH4 and activator give one BH3, by the balanced equation."""

    activator: str
    nabh4_per_bh3: float
    activator_per_bh3: float
    h2_per_bh3: float  # H2 released on generation
    activator_mw: float
    activator_density: float | None  # g/mL, for a liquid activator
    equation: str
    source: str  # id in core/sources.py


IN_SITU: dict[str, InSituRecipe] = {
    "nabh4_i2": InSituRecipe(
        "I2", 1.0, 0.5, 0.5, MW_I2, None,
        "2 NaBH4 + I2 → 2 BH3 + 2 NaI + H2",
        "mckennon_meyers_1993",
    ),
    "nabh4_bf3": InSituRecipe(
        "BF3·OEt2", 0.75, 1.0, 0.0, MW_BF3_OET2, DENSITY_BF3_OET2,
        "3 NaBH4 + 4 BF3·OEt2 → 4 BH3 + 3 NaBF4 + 4 Et2O",
        "kanth_brown_2000",
    ),
}


def substrate_mmol(mass_g: float, mw: float, water_percent: float | None = None) -> float:
    """mmol of lactam in a weighed mass; water (loss on drying, %) is not lactam."""
    dry = 1.0 - (water_percent or 0.0) / 100.0
    return mass_g * dry / mw * 1000.0


MW_WATER = 18.02


def water_mmol(mass_g: float, water_percent: float | None) -> float:
    """mmol of water in a weighed mass of wet substrate."""
    return mass_g * (water_percent or 0.0) / 100.0 / MW_WATER * 1000.0


def mmol_from_equiv(reference_mmol: float, equiv: float) -> float:
    return reference_mmol * equiv


def volume_ml(mmol: float, molarity: float) -> float:
    """mL of a solution holding ``mmol`` at ``molarity`` (mol/L = mmol/mL)."""
    return mmol / molarity


def hcl_vs_borane(borane_mmol: float, hcl_molarity: float, *, volume_ml: float | None = None,
                  equiv: float | None = None) -> tuple[float, float]:
    """(equiv of HCl per BH3, mL of HCl) from whichever of the two a record gives.

    A notebook says "30.8 mL of 6 M HCl", the note "2.5 equiv vs the borane used":
    mmol HCl = mL x M, equiv = mmol HCl / mmol BH3 charged (the note's worked figures:
    30.8 mL x 6 M = 184.8 mmol over 73.9 mmol BH3 = 2.5 equiv).
    """
    if volume_ml is not None:
        return volume_ml * hcl_molarity / borane_mmol, volume_ml
    if equiv is None:
        raise ValueError("give the HCl volume or its equiv per borane")
    return equiv, borane_mmol * equiv / hcl_molarity


def mass_g(mmol: float, mw: float) -> float:
    return mmol * mw / 1000.0


def gas_litres(mmol: float) -> float:
    """Volume of an ideal gas at 20 °C and 1 atm."""
    return mmol / 1000.0 * MOLAR_VOLUME_L


@dataclass(frozen=True)
class Stoichiometry:
    """The raw (unrounded) amounts of one run of the protocol."""

    substrate_mmol: float
    borane_mmol: float  # BH3 (nominal, for in situ)
    borane_ml: float | None  # solution reagents
    nabh4_mmol: float | None  # in situ
    activator_mmol: float | None
    activator_g: float | None
    activator_ml: float | None
    generation_h2_mmol: float  # H2 from making BH3 in situ
    thf_ml: float
    addition_h2_mmol: float  # H2 from the substrate's acidic N-H/O-H during addition
    bh_left_mmol: float  # B-H left after the reduction: an upper bound
    meoh_mmol: float
    hcl_mmol: float | None
    hcl_ml: float | None
    naoh_mmol: float | None
    naoh_ml: float | None

    @property
    def nabh4_g(self) -> float | None:
        return None if self.nabh4_mmol is None else mass_g(self.nabh4_mmol, MW_NABH4)

    @property
    def meoh_g(self) -> float:
        return mass_g(self.meoh_mmol, MW_MEOH)

    @property
    def meoh_ml(self) -> float:
        return self.meoh_g / DENSITY_MEOH

    @property
    def quench_h2_mmol(self) -> float:
        """H2 on methanolysis: one H2 per B-H left (BH3 + 3 MeOH -> B(OMe)3 + 3 H2)."""
        return self.bh_left_mmol

    @property
    def quench_h2_l(self) -> float:
        return gas_litres(self.quench_h2_mmol)


def stoichiometry(
    *,
    scale_g: float,
    mw: float,
    reagent_kind: str,
    borane_equiv: float,
    thf_volumes: float,
    reagent_molarity: float | None = None,
    water_percent: float | None = None,
    lactams: int = 1,
    acidic_h: int = 0,
    bh_demand: int | None = None,
    acid_oh: int = 0,
    acid_workup: bool = True,
    hcl_equiv_vs_borane: float = 2.5,
    hcl_molarity: float = 6.0,
    base_molarity: float = 2.0,
) -> Stoichiometry:
    """All amounts of the protocol from the scale, the MW and the protocol parameters.

    ``borane_equiv`` is BH3 per mol of substrate.  HCl is counted against the borane
    charged (the note: "2-3 equiv relative to the borane used"); NaOH neutralises that HCl
    and the boric acid the borane becomes (BASE_BASIS).  ``bh_demand`` is the B-H the
    substrate consumes per mol (its hydride budget's B-H term; the lactam C=O and acidic H
    when not given); ``acid_oh`` the carboxylic acid O-H per mol, which give H2 on addition.
    Water in the substrate (``water_percent``) is not lactam, and each H2O gives 2 H2.
    """
    sub = substrate_mmol(scale_g, mw, water_percent)
    borane = mmol_from_equiv(sub, borane_equiv)
    recipe = IN_SITU.get(reagent_kind)
    borane_ml = nabh4 = act_mmol = act_g = act_ml = None
    generation_h2 = 0.0
    if recipe is None:
        if not reagent_molarity or reagent_molarity <= 0:
            raise ValueError(f"a molarity is needed for {reagent_kind}")
        borane_ml = volume_ml(borane, reagent_molarity)
    else:
        nabh4 = borane * recipe.nabh4_per_bh3
        act_mmol = borane * recipe.activator_per_bh3
        act_g = mass_g(act_mmol, recipe.activator_mw)
        act_ml = act_g / recipe.activator_density if recipe.activator_density else None
        generation_h2 = borane * recipe.h2_per_bh3
    water = water_mmol(scale_g, water_percent)
    addition_h2 = sub * (acidic_h + acid_oh) + 2 * water
    demand = BH_PER_LACTAM * lactams + acidic_h if bh_demand is None else bh_demand
    bh_left = max(0.0, 3.0 * borane - sub * demand - 2 * water)
    hcl = hcl_ml = naoh = naoh_ml = None
    if acid_workup:
        hcl = mmol_from_equiv(borane, hcl_equiv_vs_borane)
        hcl_ml = volume_ml(hcl, hcl_molarity)
        naoh = (hcl + OH_PER_BORON * borane) * (1 + BASE_MARGIN)
        naoh_ml = volume_ml(naoh, base_molarity)
    return Stoichiometry(
        substrate_mmol=sub, borane_mmol=borane, borane_ml=borane_ml, nabh4_mmol=nabh4,
        activator_mmol=act_mmol, activator_g=act_g, activator_ml=act_ml,
        generation_h2_mmol=generation_h2, thf_ml=thf_volumes * scale_g,
        addition_h2_mmol=addition_h2, bh_left_mmol=bh_left,
        meoh_mmol=bh_left * MEOH_PER_BH, hcl_mmol=hcl, hcl_ml=hcl_ml, naoh_mmol=naoh, naoh_ml=naoh_ml,
    )


# --- titer of a stored bottle -------------------------------------------------------------

TITER_LOSS_RT_PER_WEEK = (0.01, 0.02)
TITER_SOURCE = (
    "the note: BH3·THF loses ~1-2 % titer per week at room temperature (the note's own figure; "
    "we found no primary source for it, so treat it as a rough guide, not a measurement)"
)


@dataclass(frozen=True)
class Titer:
    """What is likely left in a bottle: a range, or None when nothing sourced says."""

    nominal_m: float
    low_m: float | None
    high_m: float | None
    basis: str

    @property
    def known(self) -> bool:
        return self.low_m is not None


def effective_titer(kind: str, nominal_m: float, age_weeks: float | None, storage: str | None) -> Titer:
    """Likely molarity of an opened bottle after ``age_weeks``.

    Only BH3·THF at room temperature has a figure (the note's 1-2 %/week, compounded
    weekly).  The note gives none for fridge storage (suppliers advise 0-5 °C) and
    calls BH3·SMe2 stable at room temperature.
    """
    if kind == "bh3_sme2":
        return Titer(nominal_m, nominal_m, nominal_m,
                     "the note: BH3·SMe2 has excellent stability at room temperature")
    if kind != "bh3_thf":
        return Titer(nominal_m, None, None, "made fresh in situ: no storage loss of BH3 (the activator may be spent)")
    if age_weeks is None:
        return Titer(nominal_m, None, None, "age of the bottle unknown; titrate it")
    if storage == "fridge":
        return Titer(nominal_m, None, None,
                     "stored at 0-5 °C as suppliers advise; the note gives no loss figure for cold storage")
    low = nominal_m * (1 - TITER_LOSS_RT_PER_WEEK[1]) ** age_weeks
    high = nominal_m * (1 - TITER_LOSS_RT_PER_WEEK[0]) ** age_weeks
    where = "at room temperature" if storage == "room_temp" else "if kept at room temperature (storage unknown)"
    return Titer(nominal_m, low, high, f"{age_weeks:g} weeks {where}; {TITER_SOURCE}")


# --- rounding and formatting: one chemist's precision everywhere ---------------------------

def round_sig(x: float, digits: int) -> float:
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


def round_amount(x: float) -> float:
    """Reagent mmol or mL as a chemist writes them: 73.9, 184.7, 4.62, 0.462."""
    ax = abs(x)
    if ax >= 1000:
        return float(round(x))
    if ax >= 10:
        return round(x, 1)
    if ax >= 1:
        return round(x, 2)
    return round_sig(x, 3)


def round_substrate_mmol(x: float) -> float:
    """The limiting reagent to four significant figures (18.47 mmol)."""
    return round_sig(x, 4)


def round_solvent_ml(x: float) -> float:
    """Solvent volumes are measured by cylinder: whole mL above 10 mL."""
    if x >= 10:
        return float(round(x))
    return round(x, 1) if x >= 1 else round_sig(x, 2)


def _num(x: float, decimals: int) -> str:
    return f"{x:.{decimals}f}"


def _auto(x: float) -> str:
    ax = abs(x)
    if ax >= 1000:
        return _num(x, 0)
    if ax >= 10:
        return _num(x, 1)
    if ax >= 1:
        return _num(x, 2)
    return f"{round_sig(x, 3):g}"


def fmt_value(x: float) -> str:
    """A reagent amount without its unit, at the chemist's precision (73.9, 4.62, 1847)."""
    return _auto(x)


def fmt_mmol(x: float, substrate: bool = False) -> str:
    if x >= 1000:
        return f"{x / 1000:.3g} mol" if x < 10000 else f"{x / 1000:.1f} mol"
    if substrate and x > 0:
        return f"{x:.{max(0, 3 - math.floor(math.log10(x)))}f} mmol"
    return f"{_auto(x)} mmol"


def fmt_ml(x: float, solvent: bool = False) -> str:
    if x >= 1000:
        return f"{x / 1000:.2f} L"
    if solvent:
        return f"{round_solvent_ml(x):g} mL"
    return f"{_auto(x)} mL"


def fmt_g(x: float) -> str:
    if x >= 1000:
        return f"{x / 1000:.2f} kg"
    if x >= 100:
        return f"{x:.0f} g"
    if x >= 10:
        return f"{x:.1f} g"
    if x >= 0.1:
        return f"{x:.2f} g"
    return f"{x * 1000:.1f} mg"


def fmt_vessel(ml: float) -> str:
    """A vessel size as sold: 500 mL, 2 L, 20 L."""
    return f"{ml / 1000:g} L" if ml >= 1000 else f"{ml:g} mL"


def fmt_litres(mmol: float) -> str:
    """Gas volume in words: mL below a litre."""
    litres = gas_litres(mmol)
    if litres >= 100:
        return f"{litres:.0f} L"
    return f"{litres:.1f} L" if litres >= 1 else f"{litres * 1000:.0f} mL"


def fmt_equiv(x: float) -> str:
    return f"{x:.1f}" if round(x, 1) == round(x, 2) else f"{x:.2f}"


def fmt_molarity(x: float) -> str:
    """Reagent molarity as on the bottle: 1.0 M, 2.0 M, 10 M."""
    return f"{x:.1f} M" if x < 10 and round(x, 1) == x else f"{x:g} M"


def fmt_number(x: float) -> str:
    """A parameter value as typed: 66, 2.5, 0.5."""
    return f"{x:g}"
