"""The reagent guide and the advisor: what the note says, and honesty where it says nothing."""

from __future__ import annotations

import pytest

from boranegui.core import reagents


def test_guide_holds_the_notes_table() -> None:
    thf, bms = reagents.GUIDE["bh3_thf"], reagents.GUIDE["bh3_sme2"]
    assert thf.concentration.startswith("1.0 M") and "10 M" in bms.concentration
    assert "1-2 %" in thf.stability and "no primary source" in thf.stability
    assert "noxious" in bms.odour and thf.best_for == "small scale, < 10 g" and bms.best_for == "scale-up, > 100 g"
    for kind in ("nabh4_i2", "nabh4_bf3"):
        assert reagents.GUIDE[kind].stability == "made fresh"
        assert reagents.GUIDE[kind].hazard_note == "H2 evolution spike on generation"


def test_safety_notes_are_accurate_and_sourced() -> None:
    thf = " ".join(t for t, _ in reagents.safety_notes("bh3_thf"))
    assert "flammable, water-reactive solution" in thf and "below 35 °C" in thf and "diborane" in thf
    assert any("Monteiro & Flanagan" in src for _, src in reagents.safety_notes("bh3_thf"))
    bms = " ".join(t for t, _ in reagents.safety_notes("bh3_sme2"))
    # Flammable and water-reactive; the note's "pyrophoric" is corrected, not repeated as fact.
    assert "flammable and reacts violently with water" in bms and "not classed so" in bms
    for kind in reagents.GUIDE:
        assert all(src for _, src in reagents.safety_notes(kind))
    assert any("Kanth & Brown" in src for _, src in reagents.safety_notes("nabh4_bf3"))


@pytest.mark.parametrize(("scale", "advice_id", "recommended"), [
    (2.0, "scale_small", "bh3_thf"), (9.99, "scale_small", "bh3_thf"),
    (10.0, "scale_between", None), (55.0, "scale_between", None), (100.0, "scale_between", None),
    (100.5, "scale_large", "bh3_sme2"), (2000.0, "scale_large", "bh3_sme2"),
])
def test_advice_by_scale(scale: float, advice_id: str, recommended: str | None) -> None:
    advice = reagents.advise(scale, borane_mmol=scale / 270.72 * 1000 * 4)
    assert advice[0].id == advice_id and advice[0].recommended == recommended
    assert advice[0].source.startswith("the note")
    if advice_id == "scale_between":
        assert "the note gives no rule" in advice[0].text
        assert "1.0 M BH3·THF against" in advice[0].text  # the trade-off in this run's own volumes


def test_nitro_prefers_bh3_thf_over_in_situ() -> None:
    advice = {a.id: a for a in reagents.advise(5.0, "nabh4_bf3", {"nitro": 1})}
    assert advice["nitro"].recommended == "bh3_thf" and "Lewis acid" in advice["nitro"].text
    assert "nitro" not in {a.id for a in reagents.advise(5.0, "nabh4_bf3", {"lactam": 1})}


def test_ester_with_nabh4_i2() -> None:
    advice = {a.id: a for a in reagents.advise(5.0, "nabh4_i2", {"ester": 1})}
    # NaBH4-I2 reducing esters: Periasamy's review (McKennon & Meyers is about amino acids).
    assert "Periasamy" in advice["ester_i2"].source
