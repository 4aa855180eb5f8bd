"""Properties of the amounts for any valid run (hypothesis)."""

from __future__ import annotations

import math
import re
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boranegui.core import amounts as am
from boranegui.core import protocol
from tests.core.protocol_helpers import make_run

SUBSTRATES = [
    "O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1",  # nordazepam lactam
    "O=C1CCCCN1",  # 2-piperidinone
    "O=C1CCCN1Cc1ccccc1",  # N-benzyl pyrrolidinone (no N-H)
    "CC(C)(C)OC(=O)N1CCNC(=O)CC1",  # Boc diazepanone
    "O=C1CN=C(c2ccccc2)c2cc([N+](=O)[O-])ccc2N1",  # nitro
    "O=C1CCC(=O)N1",  # succinimide: two C=O on one N
]
KINDS = ["bh3_thf", "bh3_sme2", "nabh4_i2", "nabh4_bf3"]
RAW_FIELDS = ("substrate_mmol", "borane_mmol", "borane_ml", "nabh4_mmol", "activator_mmol", "activator_g",
              "activator_ml", "generation_h2_mmol", "thf_ml", "addition_h2_mmol", "bh_left_mmol", "quench_h2_mmol",
              "meoh_mmol", "hcl_mmol", "hcl_ml", "naoh_mmol", "naoh_ml")


@cache
def facts(smiles: str) -> protocol.SubstrateFacts:
    return protocol.substrate_facts(make_run(**{"substrate.smiles": smiles}))


stoich_args = st.fixed_dictionaries({
    "mw": st.floats(50, 1500),
    "reagent_kind": st.sampled_from(KINDS),
    "reagent_molarity": st.floats(0.1, 12),
    "borane_equiv": st.floats(0.5, 20),
    "thf_volumes": st.floats(1, 100),
    "water_percent": st.one_of(st.none(), st.floats(0, 50)),
    "lactams": st.integers(1, 3),
    "acidic_h": st.integers(0, 4),
    "hcl_equiv_vs_borane": st.floats(0.5, 20),
    "hcl_molarity": st.floats(0.1, 12),
    "base_molarity": st.floats(0.1, 20),
})


@given(args=stoich_args, mass=st.floats(0.001, 10_000), factor=st.floats(0.01, 100))
def test_amounts_scale_linearly_with_mass(args: dict, mass: float, factor: float) -> None:
    one = am.stoichiometry(scale_g=mass, **args)
    scaled = am.stoichiometry(scale_g=mass * factor, **args)
    for name in RAW_FIELDS:
        a, b = getattr(one, name), getattr(scaled, name)
        if a is None:
            assert b is None
        else:
            assert math.isclose(b, a * factor, rel_tol=1e-9, abs_tol=1e-9), name


@given(args=stoich_args, mass=st.floats(0.001, 10_000))
def test_ml_is_mmol_over_molarity_and_nothing_negative(args: dict, mass: float) -> None:
    s = am.stoichiometry(scale_g=mass, **args)
    if args["reagent_kind"] not in am.IN_SITU:
        assert math.isclose(s.borane_ml, s.borane_mmol / args["reagent_molarity"], rel_tol=1e-12)
    assert math.isclose(s.hcl_ml, s.hcl_mmol / args["hcl_molarity"], rel_tol=1e-12)
    assert math.isclose(s.naoh_ml, s.naoh_mmol / args["base_molarity"], rel_tol=1e-12)
    assert s.naoh_mmol >= s.hcl_mmol
    for name in RAW_FIELDS:
        value = getattr(s, name)
        assert value is None or (math.isfinite(value) and value >= 0), name


runs = st.fixed_dictionaries({
    "substrate.smiles": st.sampled_from(SUBSTRATES),
    "substrate.water_percent": st.one_of(st.none(), st.floats(0, 20)),
    "scale_g": st.floats(0.01, 5000),
    "reagent.kind": st.sampled_from(KINDS),
    "reagent.equiv": st.floats(0.5, 12),
    "reagent.age_weeks": st.one_of(st.none(), st.floats(0, 200)),
    "reagent.storage": st.sampled_from([None, "fridge", "room_temp"]),
    "solvent.volumes": st.one_of(st.none(), st.floats(1, 50)),
    "conditions.addition_temp_c": st.floats(-78, 30),
    "conditions.max_temp_c": st.floats(-20, 80),
    "conditions.time_h": st.floats(0, 48),
    "workup.quench": st.sampled_from(["methanol", "water", "none"]),
    "workup.decomplexation": st.sampled_from(["acid", "acid", "none"]),
    "workup.acid.hcl_molarity": st.floats(0.5, 12),
    "workup.acid.equiv_vs_borane": st.floats(0.5, 10),
    "workup.basify_ph": st.one_of(st.none(), st.floats(7, 14)),
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(over=runs)
def test_any_valid_run_gives_finite_positive_amounts_and_clean_text(over: dict) -> None:
    over = dict(over)
    if over["reagent.kind"] in am.IN_SITU:
        over["reagent.molarity"] = None
    else:
        over["reagent.molarity"] = {"bh3_thf": 1.0, "bh3_sme2": 10.0}[over["reagent.kind"]]
    if over["workup.decomplexation"] != "acid":
        over["workup.acid"] = None
        over.pop("workup.acid.hcl_molarity")
        over.pop("workup.acid.equiv_vs_borane")
    run = make_run(**over)
    revised = protocol.revise(protocol.base_protocol(run, facts(over["substrate.smiles"])), None)
    # No diagnosis: only what the substrate forces (route, borane above its demand, time at reflux).
    assert all(c.cause == "substrate" for c in revised.changes)
    for a in revised.amounts:
        assert a.role in protocol.ROLES
        for value in (a.equiv, a.mmol, a.mass_g, a.volume_ml):
            assert value is None or (math.isfinite(value) and value >= 0), a
    text = protocol.format_text(revised)
    assert not re.search(r"\b(nan|NaN|None|inf|True|False)\b|(?<![\w.])-0(?![.\d])", text)
    assert len(revised.steps) == 12
    for a in revised.amounts:
        if a.role == "reductant" and a.volume_ml and a.name.startswith("BH3"):
            molarity = revised.parameters["reagent_molarity"]
            assert math.isclose(a.volume_ml, am.round_amount(a.mmol / molarity), rel_tol=0.01, abs_tol=0.01)


def _patch_values(name: str) -> st.SearchStrategy:
    from boranegui.core.parameters import PARAMETERS

    param = PARAMETERS[name]
    if param.kind == "number":
        lo = param.minimum if param.minimum is not None else -50
        hi = param.maximum if param.maximum is not None else 200
        number = st.floats(lo, hi, allow_nan=False).map(lambda x: round(x, 1)).filter(lambda x: lo <= x <= hi)
        return st.tuples(st.sampled_from(["set", "at_least", "at_most"]), number)
    if param.kind == "bool":
        return st.tuples(st.just("set"), st.booleans())
    if param.kind == "choice":
        return st.tuples(st.just("set"), st.sampled_from(param.choices))
    return st.tuples(st.just("set"), st.sampled_from(["EtOAc", "DCM", "KOH"]))


@st.composite
def patches(draw: st.DrawFn) -> dict:
    from boranegui.core.parameters import PARAMETERS

    names = draw(st.lists(st.sampled_from(sorted(PARAMETERS)), min_size=1, max_size=4, unique=True))
    return {n: dict([draw(_patch_values(n))]) for n in names}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(smiles=st.sampled_from(SUBSTRATES), kind=st.sampled_from(KINDS),
       causes=st.lists(st.lists(patches(), min_size=1, max_size=3), min_size=1, max_size=4))
def test_any_patches_give_a_consistent_traced_protocol(smiles: str, kind: str, causes: list) -> None:
    """Random actions from random causes: no crash, every change traced and marked in the steps."""
    from boranegui.core.parameters import PARAMETERS
    from tests.core.protocol_helpers import action, cause, diagnosis

    molarity = {"bh3_thf": 1.0, "bh3_sme2": 10.0}.get(kind)
    run = make_run(**{"substrate.smiles": smiles, "reagent.kind": kind, "reagent.molarity": molarity})
    diag = diagnosis(*(cause(f"cause_{i}", *(action(f"a{i}_{j}", p) for j, p in enumerate(acts)),
                             score=1 - i / 10) for i, acts in enumerate(causes)))
    base = protocol.base_protocol(run, facts(smiles))
    revised = protocol.revise(base, diag)
    marked = {p for s in revised.steps for p in s.changed}
    for change in revised.changes:
        assert change.before != change.after
        assert (change.cause.startswith("cause_") or change.cause == "substrate") and change.action and change.source
        assert revised.parameters[change.parameter] == change.after
        param = PARAMETERS[change.parameter]
        if param.kind == "number":
            assert param.minimum is None or change.after >= param.minimum
            assert param.maximum is None or change.after <= param.maximum
        assert change.parameter in marked, change  # the chemist sees every change in the steps
    unchanged = {k for k, v in revised.parameters.items() if v == base.parameters.get(k)}
    assert not {c.parameter for c in revised.changes} & unchanged
    assert revised.parameters["decomplexation"] in ("acid", "pd_methanol", "amine_exchange")
    for a in revised.amounts:
        for value in (a.equiv, a.mmol, a.mass_g, a.volume_ml):
            assert value is None or (math.isfinite(value) and value >= 0), a
    protocol.format_text(revised)
