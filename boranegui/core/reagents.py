"""The note's borane reagent guide as data, accurate safety notes, and the reagent advisor.

The advisor says what the note says (BH3·THF below 10 g, BH3·SMe2 above 100 g, BH3·THF
over in-situ generation for nitro substrates) and, between 10 g and 100 g, says plainly
that the note gives no rule and lays out the trade-offs with this run's own volumes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from boranegui.core.amounts import IN_SITU, fmt_ml
from boranegui.core.run_fields import REAGENT_KINDS
from boranegui.core.sources import short

NOTE = "the note, reagent selection guide"
MONTEIRO = short("monteiro_flanagan_2017")
SMALL_SCALE_G = 10.0
LARGE_SCALE_G = 100.0


@dataclass(frozen=True)
class ReagentInfo:
    """One column of the note's reagent guide, with the accurate hazard beside the note's words."""

    id: str
    name: str
    concentration: str
    stability: str
    odour: str
    hazard_note: str  # the note's own words
    best_for: str
    safety: tuple[tuple[str, str], ...]  # (text, source ids or the note's words): what to do at the bench


GUIDE: dict[str, ReagentInfo] = {
    "bh3_thf": ReagentInfo(
        "bh3_thf", REAGENT_KINDS["bh3_thf"], "1.0 M in THF",
        "poor: store below 5 °C; loses ~1-2 % titer per week at room temperature (the note's figure, "
        "no primary source found)",
        "mild (ether)", "flammable solvent", "small scale, < 10 g",
        (
            ("BH3·THF is a flammable, water-reactive solution: THF is highly flammable and the borane "
             "gives H2 with water or alcohols. The note calls borane pyrophoric; that is loose: the "
             "high-hazard forms are neat BH3·SMe2 and diborane gas.",
             "the note's reagent guide (hazard row: flammable solvent; pyrophoric if neat BH3·SMe2)"),
            ("Store at 0-5 °C. On storage it decomposes (THF ring-opening to butoxyboranes) and builds H2 "
             "pressure in the bottle; cylinders of 2.0 M BH3·THF stored warm for days have run away and burst.",
             f"{MONTEIRO}; {short('crhf_borane_cylinders')}"),
            ("Suppliers advise running BH3·THF reactions below 35 °C; near reflux (66 °C) it decomposes "
             "and diborane can be released: keep the condenser cold and vent through a bubbler under N2.", MONTEIRO),
        ),
    ),
    "bh3_sme2": ReagentInfo(
        "bh3_sme2", REAGENT_KINDS["bh3_sme2"], "10 M or neat",
        "excellent at room temperature", "intense, noxious sulfide (dimethyl sulfide)",
        "neat reagent: high energy, pyrophoric risk", "scale-up, > 100 g",
        (
            ("BH3·SMe2 (10 M or neat) is flammable and reacts violently with water and alcohols, releasing "
             "H2 with a vigorous exotherm. The note calls the neat reagent pyrophoric; it is not classed so "
             "(check the supplier's data sheet). Transfer by cannula under N2.",
             "the note's reagent guide and steps 3 (cannula) and 6 (MeOH: exotherm, H2); the classification "
             "is BoraneGUI's reading, to be checked against the supplier's safety data sheet"),
            ("Dimethyl sulfide is released on quench and work-up: intense, noxious odour; work in a "
             "fume hood.", NOTE),
        ),
    ),
    "nabh4_i2": ReagentInfo(
        "nabh4_i2", REAGENT_KINDS["nabh4_i2"], "variable", "made fresh", "depends on solvent",
        "H2 evolution spike on generation", "difficult substrates",
        (
            (f"Generating borane releases H2: {IN_SITU['nabh4_i2'].equation} (0.5 mol H2 per mol BH3). "
             "Add the I2 solution slowly at 0 °C under N2.", short(IN_SITU["nabh4_i2"].source)),
            ("The Lewis acid (I2) can interfere with sensitive groups; with nitro groups the note prefers "
             "BH3·THF.", NOTE),
            ("NaBH4 + I2 also reduces esters at reflux.", short("periasamy_2000")),
        ),
    ),
    "nabh4_bf3": ReagentInfo(
        "nabh4_bf3", REAGENT_KINDS["nabh4_bf3"], "variable", "made fresh", "depends on solvent",
        "H2 evolution spike on generation", "difficult substrates",
        (
            ("BF3·OEt2 is corrosive and fumes in moist air; a spent (discoloured) bottle fails to "
             f"generate borane. {IN_SITU['nabh4_bf3'].equation}.", short(IN_SITU["nabh4_bf3"].source)),
            ("Borane forms slowly, or not at all, when BF3 etherates are added to NaBH4 suspended in "
             "ethers: check that it formed before counting on it.", short(IN_SITU["nabh4_bf3"].source)),
            ("The Lewis acid (BF3) can interfere with sensitive groups; with nitro groups the note "
             "prefers BH3·THF.", NOTE),
        ),
    ),
}


@dataclass(frozen=True)
class Advice:
    """One piece of reagent advice, with what it rests on."""

    id: str
    text: str
    source: str
    recommended: str | None = None  # a reagent id, when the advice recommends one


def advise(
    scale_g: float,
    kind: str | None = None,
    groups: Mapping[str, int] | None = None,
    borane_mmol: float | None = None,
) -> tuple[Advice, ...]:
    """Reagent advice for a scale and a substrate; ``kind`` is the reagent in use, if any."""
    out: list[Advice] = []
    groups = groups or {}
    if scale_g < SMALL_SCALE_G:
        out.append(Advice("scale_small", f"At {scale_g:g} g the note recommends BH3·THF (best for small "
                          "scale, < 10 g).", NOTE, "bh3_thf"))
    elif scale_g > LARGE_SCALE_G:
        out.append(Advice("scale_large", f"At {scale_g:g} g the note recommends BH3·SMe2 (best for "
                          "scale-up, > 100 g): ten times more concentrated and stable at room "
                          "temperature.", NOTE, "bh3_sme2"))
    else:
        volumes = ""
        if borane_mmol:
            volumes = (f" For this run: {fmt_ml(borane_mmol / 1.0)} of 1.0 M BH3·THF against "
                       f"{fmt_ml(borane_mmol / 10.0)} of 10 M BH3·SMe2.")
        out.append(Advice(
            "scale_between",
            f"At {scale_g:g} g the note gives no rule (it recommends BH3·THF below 10 g and BH3·SMe2 "
            "above 100 g). Trade-offs: BH3·THF is dilute (1.0 M, large volumes), mild-smelling, and "
            "loses titer on storage (keep at 0-5 °C, titrate an opened bottle); BH3·SMe2 is 10 M and "
            "stable at room temperature, but smells intensely of dimethyl sulfide and the neat "
            "reagent is the high-hazard form." + volumes,
            NOTE,
        ))
    if groups.get("nitro", 0) > 0:
        out.append(Advice("nitro", "The substrate carries a nitro group: the note prefers BH3·THF over "
                          "in-situ generation, to avoid the Lewis acid (I2 or BF3·OEt2) used to make "
                          "the borane.", NOTE, "bh3_thf"))
    if kind == "nabh4_i2" and groups.get("ester", 0) > 0:
        out.append(Advice("ester_i2", "The substrate carries an ester: NaBH4 + I2 also reduces esters "
                          "at reflux.", short("periasamy_2000")))
    return tuple(out)


def safety_notes(kind: str) -> tuple[tuple[str, str], ...]:
    """(text, source) safety notes of a reagent kind."""
    info = GUIDE.get(kind)
    return info.safety if info else ()
