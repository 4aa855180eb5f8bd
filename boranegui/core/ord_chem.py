"""The compounds and units a borane run shares with the Open Reaction Database (ORD).

Both directions of :mod:`boranegui.core.ord_map` read these tables: which structures
stand for each borane reagent, solvent and work-up chemical, and how ORD's unit enums
convert to the units of a run file.  ``ord_schema`` is imported only inside functions,
so importing this module costs nothing at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from boranegui.core.amounts import round_sig

# An ord_schema protobuf message: the package ships no type stubs for mypy.
Msg = Any

# Numbers in ORD messages are 32-bit floats (about 7 significant figures): values read
# back are rounded to 6, so a run file's 2.5 stays 2.5 rather than 2.4999999.
SIGNIFICANT = 6

# Compounds by role.  SMILES are written as given here; reading compares canonical forms.
METHANOL = ("CO", "methanol")
WATER = ("O", "water")
HCL = ("Cl", "hydrogen chloride")
PD_ON_C = ("[Pd]", "palladium on carbon")


@dataclass(frozen=True)
class ReagentForm:
    """How one borane reagent kind appears as ORD compounds."""

    solute: tuple[str, str]  # (SMILES, name): BH3 for solutions, NaBH4 in situ
    carrier: tuple[str, str] | None = None  # the solution's solvent (solutions only)
    activator: tuple[str, str] | None = None  # in situ: I2 or BF3·OEt2
    activator_per_bh3: float = 0.0
    solute_per_bh3: float = 1.0


# 3 NaBH4 + 4 BF3·OEt2 -> 4 BH3 and 2 NaBH4 + I2 -> 2 BH3: the ratios of amounts.IN_SITU.
REAGENT_FORMS: dict[str, ReagentForm] = {
    "bh3_thf": ReagentForm(("[BH3-][O+]1CCCC1", "borane tetrahydrofuran complex"), ("C1CCOC1", "THF")),
    "bh3_sme2": ReagentForm(("C[S+](C)[BH3-]", "borane dimethyl sulfide complex"), ("CSC", "dimethyl sulfide")),
    "nabh4_i2": ReagentForm(("[Na+].[BH4-]", "sodium borohydride"), activator=("II", "iodine"),
                            activator_per_bh3=0.5, solute_per_bh3=1.0),
    "nabh4_bf3": ReagentForm(("[Na+].[BH4-]", "sodium borohydride"),
                             activator=("CC[O+](CC)[B-](F)(F)F", "boron trifluoride diethyl etherate"),
                             activator_per_bh3=1.0, solute_per_bh3=0.75),
}
# Other spellings of the same reagents found in published records (free BH3 in a solvent).
BH3_SMILES = ("B", "[BH3]")
REAGENT_NAMES: dict[str, str] = {
    "borane tetrahydrofuran": "bh3_thf", "borane-tetrahydrofuran": "bh3_thf", "borane-thf": "bh3_thf",
    "bh3·thf": "bh3_thf", "bh3-thf": "bh3_thf", "bh3.thf": "bh3_thf",
    "borane dimethyl sulfide": "bh3_sme2", "borane-dimethyl sulfide": "bh3_sme2", "bms": "bh3_sme2",
    "bh3·sme2": "bh3_sme2", "bh3-sme2": "bh3_sme2", "bh3.sme2": "bh3_sme2",
}

# Solvent names a run file uses -> SMILES, for the structure ORD prefers over a name.
SOLVENTS: dict[str, str] = {
    "THF": "C1CCOC1", "2-MeTHF": "CC1CCCO1", "dioxane": "C1COCCO1", "toluene": "Cc1ccccc1",
    "Et2O": "CCOCC", "DME": "COCCOC", "EtOAc": "CCOC(C)=O", "DCM": "ClCCl", "MTBE": "COC(C)(C)C",
    "CHCl3": "ClC(Cl)Cl", "iPrOAc": "CC(C)OC(C)=O", "Me2S": "CSC",
}


@lru_cache(maxsize=512)
def canonical(smiles: str) -> str | None:
    """RDKit's canonical SMILES, or None when the text is not one RDKit reads."""
    from rdkit import Chem

    from boranegui.core.substrate import captured_rdkit_messages

    with captured_rdkit_messages():  # a published record's odd SMILES is not ours to print
        mol = Chem.MolFromSmiles(smiles)
    return None if mol is None else str(Chem.MolToSmiles(mol))


def solvent_name(smiles: str) -> str | None:
    """The run file's name of a solvent given by structure, if it is one we know."""
    key = canonical(smiles)
    return next((name for name, s in SOLVENTS.items() if canonical(s) == key), None)


def num(x: float) -> float:
    """A number read from ORD, rounded to what a 32-bit float holds; whole numbers as int, as typed."""
    value = round_sig(float(x), SIGNIFICANT)
    return int(value) if value.is_integer() and abs(value) < 1e9 else value


# --- units: ORD's enum names -> factor to the run file's unit -------------------------------

_MASS_G = {"KILOGRAM": 1000.0, "GRAM": 1.0, "MILLIGRAM": 1e-3, "MICROGRAM": 1e-6}
_MOLES_MMOL = {"MOLE": 1000.0, "MILLIMOLE": 1.0, "MICROMOLE": 1e-3, "NANOMOLE": 1e-6}
_VOLUME_ML = {"LITER": 1000.0, "MILLILITER": 1.0, "MICROLITER": 1e-3, "NANOLITER": 1e-6}
_TIME_H = {"DAY": 24.0, "HOUR": 1.0, "MINUTE": 1 / 60, "SECOND": 1 / 3600}


def _unit_value(message: Msg, table: dict[str, float]) -> float | None:
    if not message.HasField("value"):
        return None
    name = type(message).DESCRIPTOR.fields_by_name["units"].enum_type.values_by_number[message.units].name
    factor = table.get(name)
    return None if factor is None else float(message.value) * factor


def grams(amount: Msg) -> float | None:
    return _unit_value(amount.mass, _MASS_G) if amount.WhichOneof("kind") == "mass" else None


def mmol(amount: Msg) -> float | None:
    return _unit_value(amount.moles, _MOLES_MMOL) if amount.WhichOneof("kind") == "moles" else None


def millilitres(amount: Msg) -> float | None:
    return _unit_value(amount.volume, _VOLUME_ML) if amount.WhichOneof("kind") == "volume" else None


def hours(time: Msg) -> float | None:
    return _unit_value(time, _TIME_H)


def celsius(temperature: Msg) -> float | None:
    if not temperature.HasField("value"):
        return None
    units = type(temperature).DESCRIPTOR.fields_by_name["units"].enum_type.values_by_number[temperature.units].name
    value = float(temperature.value)
    return {"CELSIUS": value, "KELVIN": value - 273.15, "FAHRENHEIT": (value - 32) * 5 / 9}.get(units)


def compound_smiles(compound: Msg) -> str | None:
    """The canonical SMILES of an ORD compound, from its SMILES (or CXSMILES) identifier."""
    for ident in compound.identifiers:
        if type(ident).CompoundIdentifierType.Name(ident.type) in ("SMILES", "CXSMILES"):
            return canonical(ident.value.split(" |")[0])
    return None


def compound_name(compound: Msg) -> str | None:
    for ident in compound.identifiers:
        if type(ident).CompoundIdentifierType.Name(ident.type) in ("NAME", "IUPAC_NAME"):
            return str(ident.value)
    return None


def is_compound(compound: Msg, smiles: str) -> bool:
    found = compound_smiles(compound)
    return found is not None and found == canonical(smiles)
