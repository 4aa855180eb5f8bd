"""Ready-made 2D layouts for the structure the app shows by itself: the worked example.

RDKit's depictor (``rdkit.Chem.rdDepictor``) imports numpy when it is first imported, about
100 ms, which every start of the app would pay only to draw the worked example it opens on.
The layout below was made by ``rdDepictor.Compute2DCoords`` from the example's SMILES
(:data:`SOURCES`), on the molecule exactly as :func:`boranegui.ui.drawer.model.prepare` hands
it over, and is used when the same molecule arrives in the same atom order; anything else is
laid out by RDKit as before.  Regenerate after changing :data:`SOURCES`::

    python -m boranegui.ui.drawer.known_layouts      # prints the new LAYOUTS table
"""

from __future__ import annotations

from rdkit import Chem
from rdkit.Geometry import Point3D

# The structures the app draws without being asked: the worked example's substrate
# (resources/examples/nordazepam-low-yield.borane.yaml).
SOURCES = ("O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1",)

# Atom-order SMILES of the prepared (Kekulé) molecule -> x, y of each atom, in atom order.
LAYOUTS: dict[str, tuple[tuple[float, float], ...]] = {
    'O=C1CN=C(C2=CC=CC=C2)C2=C(C=CC(Cl)=C2)N1': (
        (-4.494847242170689, -2.422272012835479),
        (-3.1601084528446997, -1.7378216024560311),
        (-1.9643184848117792, -2.6434077951245314),
        (-0.5107398390616807, -2.2731253075298428),
        (0.10605311655502958, -0.9058044052170012),
        (1.6055831158154934, -0.8682573505000866),
        (2.387864818667856, -2.148114896238052),
        (3.8873948179283193, -2.1105678415211377),
        (4.604643114336419, -0.7931632410662592),
        (3.822361411484057, 0.4866943046717058),
        (2.322831412223594, 0.4491472499547922),
        (-0.5783972938244182, 0.4289343841089877),
        (0.41401819240026433, 1.5537061399338867),
        (-0.06385497849098465, 2.975549040025997),
        (0.9285605077336978, 4.100320795850897),
        (-1.5341436356069167, 3.2726201842932094),
        (-2.5265591218315997, 2.1478484284683104),
        (-2.0486859509403508, 0.7260055283761997),
        (-3.1976555075616138, -0.2382916031955673),
    ),
}


def key(mol: Chem.Mol) -> str:
    """What a layout is looked up by: the molecule's SMILES in its own atom order."""
    return Chem.MolToSmiles(mol, canonical=False)


def apply(mol: Chem.RWMol) -> bool:
    """Give ``mol`` its ready-made layout (replacing its conformers); False when there is none."""
    if not LAYOUTS or mol.GetNumAtoms() == 0:
        return False
    coords = LAYOUTS.get(key(mol))
    if coords is None or len(coords) != mol.GetNumAtoms():
        return False
    conf = Chem.Conformer(mol.GetNumAtoms())
    for i, (x, y) in enumerate(coords):
        conf.SetAtomPosition(i, Point3D(x, y, 0.0))
    mol.RemoveAllConformers()
    mol.AddConformer(conf, assignId=True)
    return True


def compute(smiles: str) -> tuple[str, tuple[tuple[float, float], ...]]:
    """The table entry for ``smiles``: laid out by RDKit the way the drawer lays it out."""
    from .formats import read_structure
    from .model import prepare

    saved = dict(LAYOUTS)
    LAYOUTS.clear()  # RDKit's layout, not the table's
    try:
        mol = prepare(read_structure(smiles))
    finally:
        LAYOUTS.update(saved)
    conf = mol.GetConformer()
    return key(mol), tuple((conf.GetAtomPosition(i).x, conf.GetAtomPosition(i).y) for i in range(mol.GetNumAtoms()))


def main() -> int:
    print("LAYOUTS: dict[str, tuple[tuple[float, float], ...]] = {")
    for smiles in SOURCES:
        entry, coords = compute(smiles)
        print(f"    {entry!r}: (")
        for x, y in coords:
            print(f"        ({x!r}, {y!r}),")
        print("    ),")
    print("}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
