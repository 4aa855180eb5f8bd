"""The drawer's model without any widget: commands, undo/redo, stable ids, geometry of edits."""

from __future__ import annotations

import itertools
import math
import random

import pytest
from rdkit import Chem

from boranegui.ui.drawer import formats
from boranegui.ui.drawer import geometry as geo
from boranegui.ui.drawer.model import ATOM_ID, MoleculeModel
from boranegui.ui.drawer.templates import SCAFFOLDS, scaffold_mol

NORDAZEPAM = "O=C1CN=C(c2ccccc2)c2cc(Cl)ccc2N1"


def state(model: MoleculeModel) -> tuple[str, tuple]:
    """What a user can observe: the canonical SMILES and every atom's id, element and position."""
    mol = model.mol
    conf = mol.GetConformer()
    atoms = tuple(
        sorted(
            (
                a.GetIntProp(ATOM_ID),
                a.GetSymbol(),
                a.GetFormalCharge(),
                round(conf.GetAtomPosition(a.GetIdx()).x, 6),
                round(conf.GetAtomPosition(a.GetIdx()).y, 6),
            )
            for a in mol.GetAtoms()
        )
    )
    return formats.to_smiles(mol), atoms


def loaded(smiles: str = NORDAZEPAM) -> MoleculeModel:
    model = MoleculeModel()
    model.load(Chem.MolFromSmiles(smiles))
    return model


def first_atom(model: MoleculeModel, symbol: str) -> int:
    return next(a.GetIntProp(ATOM_ID) for a in model.mol.GetAtoms() if a.GetSymbol() == symbol)


def a_bond(model: MoleculeModel, order: float) -> int:
    from boranegui.ui.drawer.model import BOND_ID

    return next(b.GetIntProp(BOND_ID) for b in model.mol.GetBonds() if b.GetBondTypeAsDouble() == order)


COMMANDS = {
    "add_atom": lambda m: m.add_atom("N", (10.0, 10.0)),
    "grow": lambda m: m.grow(first_atom(m, "Cl"), "C"),
    "grow_double": lambda m: m.grow(m.atom_ids()[5], "O", 2),
    "connect": lambda m: m.connect(m.atom_ids()[0], m.atom_ids()[3]),
    "set_element": lambda m: m.set_element([first_atom(m, "Cl")], "Br"),
    "charge": lambda m: m.change_charge([first_atom(m, "N")], +1),
    "bond_order": lambda m: m.set_bond_order([a_bond(m, 1.0)], 2),
    "cycle_bond": lambda m: m.cycle_bond(a_bond(m, 2.0)),
    "delete_atom": lambda m: m.delete([first_atom(m, "Cl")]),
    "delete_bond": lambda m: m.delete([], [a_bond(m, 1.0)]),
    "move": lambda m: m.move(m.atom_ids()[:4], 1.0, -0.5),
    "ring_point": lambda m: m.insert_ring(5, False, ("point", (12.0, 0.0))),
    "ring_bond": lambda m: m.insert_ring(6, False, ("bond", a_bond(m, 1.0))),
    "ring_atom": lambda m: m.insert_ring(3, False, ("atom", first_atom(m, "Cl"))),
    "benzene_atom": lambda m: m.insert_ring(6, True, ("atom", first_atom(m, "Cl"))),
    "scaffold": lambda m: m.insert_fragment(scaffold_mol("pyrrolidinone"), ("point", (15.0, 5.0)), "x"),
    "scaffold_on_atom": lambda m: m.insert_fragment(scaffold_mol("piperidinone"), ("atom", first_atom(m, "Cl")), "x"),
    "paste_right": lambda m: m.insert_fragment(Chem.MolFromSmiles("CCO"), ("right", None), "Paste"),
    "new_bond": lambda m: m.new_bond((20.0, 20.0), None, 3),
    "clean_up": lambda m: m.clean_up(),
    "load": lambda m: m.load(Chem.MolFromSmiles("c1ccncc1")),
    "clear": lambda m: m.clear(),
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_does_undoes_and_redoes_exactly(name: str) -> None:
    model = loaded()
    if name == "clean_up":  # disturb the layout so the clean-up has something to do
        model.move(model.atom_ids()[:3], 0.7, 0.4)
    before = state(model)
    depth = model.undo_stack.count()
    COMMANDS[name](model)
    assert model.undo_stack.count() == depth + 1, "one user action is one undo step"
    after = state(model)
    assert after != before
    model.undo_stack.undo()
    assert state(model) == before
    model.undo_stack.redo()
    assert state(model) == after


def test_a_drag_is_one_undo_step() -> None:
    model = loaded()
    before_state = state(model)
    snap = model.snapshot()
    ids = model.atom_ids()[:5]
    start = {a: model.position(a) for a in ids}
    for k in range(1, 11):  # ten mouse moves
        model.preview_positions({a: (p[0] + 0.1 * k, p[1]) for a, p in start.items()})
    model.commit_drag(snap)
    moved = state(model)
    assert model.undo_stack.count() == 2  # load + the drag
    model.undo_stack.undo()
    assert state(model) == before_state
    model.undo_stack.redo()
    assert state(model) == moved


def test_stable_ids_survive_deletions() -> None:
    model = loaded()
    chlorine = first_atom(model, "Cl")
    oxygen = first_atom(model, "O")
    o_pos = model.position(oxygen)
    # deleting an early atom renumbers RDKit's indices; our ids must not move
    first = model.atom_ids()[2]  # the CH2, before the chlorine in RDKit's order
    cl_index = model.atom_index(chlorine)
    cl_pos = model.position(chlorine)
    model.delete([first])
    assert model.atom_index(chlorine) == cl_index - 1  # RDKit renumbered ...
    assert model.position(chlorine) == cl_pos  # ... our id still names the same atom
    assert model.position(oxygen) == o_pos
    assert model.mol.GetAtomWithIdx(model.atom_index(chlorine)).GetSymbol() == "Cl"
    # new atoms get fresh ids, never a deleted one
    new = model.add_atom("C", (30.0, 0.0))
    assert new not in (first, oxygen, chlorine) and new > max(model.atom_ids()[:-1])
    model.undo_stack.undo()
    model.undo_stack.undo()
    assert model.atom_index(first) is not None


def _random_edit(model: MoleculeModel, rng: random.Random) -> None:
    ids = model.atom_ids()
    bonds = model.bond_ids()
    choice = rng.randrange(12) if ids else 0
    if choice == 0:
        model.add_atom(rng.choice("CNOS"), (rng.uniform(-10, 10), rng.uniform(-10, 10)))
    elif choice in (1, 2, 3):
        model.grow(rng.choice(ids), rng.choice("CCCNO"), rng.choice((1, 1, 2)))
    elif choice == 4 and bonds:
        model.cycle_bond(rng.choice(bonds))
    elif choice == 5:
        model.delete([rng.choice(ids)])
    elif choice == 6:
        model.change_charge([rng.choice(ids)], rng.choice((1, -1)))
    elif choice == 7:
        model.set_element([rng.choice(ids)], rng.choice(("C", "N", "O", "Cl")))
    elif choice == 8:
        kind = rng.choice(("point", "atom", "bond")) if bonds else "point"
        on = {
            "point": ("point", (rng.uniform(-10, 10), rng.uniform(-10, 10))),
            "atom": ("atom", rng.choice(ids)),
            "bond": ("bond", rng.choice(bonds) if bonds else 0),
        }[kind]
        model.insert_ring(rng.choice((3, 4, 5, 6, 7, 8)), rng.random() < 0.3, on)
    elif choice == 9:
        model.move(rng.sample(ids, min(3, len(ids))), rng.uniform(-1, 1), rng.uniform(-1, 1))
    elif choice == 10 and bonds:
        model.delete([], [rng.choice(bonds)])
    else:
        key = rng.choice(SCAFFOLDS).key
        model.insert_fragment(scaffold_mol(key), ("atom", rng.choice(ids)), key)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_200_random_edits_then_200_undos_give_the_empty_canvas(seed: int) -> None:
    rng = random.Random(seed)
    model = MoleculeModel()
    history = [state(model)]
    while model.undo_stack.count() < 200:
        count = model.undo_stack.count()
        _random_edit(model, rng)
        if model.undo_stack.count() > count:
            history.append(state(model))
    assert model.mol.GetNumAtoms() > 5
    for expected in reversed(history[:-1]):
        model.undo_stack.undo()
        assert state(model) == expected
    assert model.is_empty() and formats.to_smiles(model.mol) == ""
    for _ in range(200):
        model.undo_stack.redo()
    assert state(model) == history[-1]


def test_growing_a_chain_gives_a_zigzag_with_standard_bonds() -> None:
    model = MoleculeModel()
    aid = model.add_atom("C", (0.0, 0.0))
    chain = [aid]
    for _ in range(4):
        chain.append(model.grow(chain[-1]))
    pts = [model.position(a) for a in chain]
    for p, q in itertools.pairwise(pts):
        assert geo.distance(p, q) == pytest.approx(1.5)
    for a, b, c in zip(pts, pts[1:], pts[2:], strict=False):
        ang = abs(geo.angle_of(b, a) - geo.angle_of(b, c)) % (2 * math.pi)
        assert min(ang, 2 * math.pi - ang) == pytest.approx(2 * math.pi / 3)
    # zig-zag: consecutive atoms alternate sides of the chain axis
    assert formats.to_smiles(model.mol) == "CCCCC"
    assert pts[0][1] == pytest.approx(pts[2][1], abs=1e-6)
    assert pts[1][1] == pytest.approx(pts[3][1], abs=1e-6)


def test_third_substituent_goes_into_the_widest_gap() -> None:
    model = loaded("CC(C)O")
    centre = next(a.GetIntProp(ATOM_ID) for a in model.mol.GetAtoms() if a.GetDegree() == 3)
    new = model.grow(centre)
    p = model.position(new)
    others = [model.position(a) for a in model.atom_ids() if a not in (new, centre)]
    assert min(geo.distance(p, o) for o in others) > 1.5


def test_fused_ring_shares_the_bond_and_sits_on_the_empty_side() -> None:
    model = loaded("C1CCCCC1")
    bond = model.bond_ids()[0]
    model.insert_ring(6, True, ("bond", bond))
    assert formats.to_smiles(model.mol) == "c1ccc2c(c1)CCCC2"
    positions = [model.position(a) for a in model.atom_ids()]
    for i, p in enumerate(positions):  # no two atoms on top of each other
        for q in positions[i + 1 :]:
            assert geo.distance(p, q) > 1.0


def test_benzene_on_a_benzene_bond_keeps_a_valid_kekule_structure() -> None:
    model = loaded("c1ccccc1")
    for bid in model.bond_ids():
        model.insert_ring(6, True, ("bond", bid))
        assert formats.to_smiles(model.mol) == "c1ccc2ccccc2c1"
        model.undo_stack.undo()


def test_clean_up_keeps_the_orientation() -> None:
    model = loaded("CCCCCCO")
    ids = model.atom_ids()
    # rotate the drawing by 90 degrees: clean up must not rotate it back
    model.preview_positions({a: (-model.position(a)[1], model.position(a)[0]) for a in ids})
    rotated = {a: model.position(a) for a in ids}
    model.clean_up()
    err = sum(geo.distance(rotated[a], model.position(a)) for a in ids) / len(ids)
    assert err < 0.3


def test_unsanitizable_drawing_is_kept_and_exported() -> None:
    model = MoleculeModel()
    c = model.add_atom("C", (0.0, 0.0))
    for _ in range(5):
        model.grow(c)
    assert model.mol.GetNumAtoms() == 6  # a five-valent carbon: RDKit refuses it, we keep it
    assert formats.to_smiles(model.mol) == "CC(C)(C)(C)C"


def test_loading_a_3d_or_zero_coordinate_file_lays_it_out_in_2d() -> None:
    mol = Chem.MolFromSmiles("CCO")
    block = Chem.MolToMolBlock(mol)  # no conformer: all coordinates are zero
    model = MoleculeModel()
    model.load(Chem.MolFromMolBlock(block))
    pts = [model.position(a) for a in model.atom_ids()]
    assert geo.distance(pts[0], pts[1]) == pytest.approx(1.5, abs=0.05)


def test_a_drawing_at_chemdraw_scale_is_rescaled_to_standard_bonds() -> None:
    mol = Chem.MolFromSmiles("c1ccccc1")
    from rdkit.Chem import rdDepictor

    rdDepictor.Compute2DCoords(mol)
    conf = mol.GetConformer()
    for i in range(mol.GetNumAtoms()):
        p = conf.GetAtomPosition(i)
        conf.SetAtomPosition(i, (p.x * 0.55, p.y * 0.55, 0.0))
    model = MoleculeModel()
    model.load(Chem.MolFromMolBlock(Chem.MolToMolBlock(mol)))
    a, b = model.bond_atoms(model.bond_ids()[0])
    assert geo.distance(model.position(a), model.position(b)) == pytest.approx(1.5, abs=0.01)


def test_edits_never_move_atoms_they_do_not_touch() -> None:
    """The drawing never jumps: only a load or an explicit clean-up lays atoms out again."""
    model = loaded()
    original = {a: model.position(a) for a in model.atom_ids()}
    model.grow(first_atom(model, "Cl"), "C")
    model.insert_ring(6, True, ("atom", first_atom(model, "O")))
    model.set_element([first_atom(model, "N")], "S")
    model.change_charge([first_atom(model, "S")], +1)
    model.insert_fragment(scaffold_mol("diazepanone"), ("point", (20.0, 0.0)), "x")
    gone = model.atom_ids()[3]
    model.delete([gone])
    for aid, pos in original.items():
        if aid != gone:
            assert model.position(aid) == pos
