"""Plane geometry for sketching: where a new atom, ring or fragment goes, and 2D alignment.

Coordinates are RDKit's 2D units (y up, bond length 1.5), never screen pixels, so the
same numbers go into MOL files and come back from RDKit's own layout.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

BOND_LENGTH = 1.5  # RDKit's conventional 2D bond length

Point = tuple[float, float]


def distance(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def angle_of(origin: Point, target: Point) -> float:
    return math.atan2(target[1] - origin[1], target[0] - origin[0])


def polar(origin: Point, angle: float, length: float = BOND_LENGTH) -> Point:
    return (origin[0] + length * math.cos(angle), origin[1] + length * math.sin(angle))


def _norm(angle: float) -> float:
    return angle % (2 * math.pi)


def free_direction(
    centre: Point,
    neighbours: Sequence[Point],
    grandparent: Point | None = None,
    linear: bool = False,
) -> float:
    """The angle at which a new substituent of ``centre`` looks natural.

    No neighbour: the chain starts at 30 degrees (the usual zig-zag). One neighbour: 120 degrees
    from it, on the side that continues a zig-zag away from the neighbour's own neighbour
    (180 degrees for an sp centre). Two or more: the middle of the widest gap between bonds.
    """
    if not neighbours:
        return math.radians(30)
    angles = sorted(_norm(angle_of(centre, p)) for p in neighbours)
    if len(angles) == 1:
        back = angles[0]
        if linear:
            return _norm(back + math.pi)
        candidates = [_norm(back + 2 * math.pi / 3), _norm(back - 2 * math.pi / 3)]
        if grandparent is not None:
            # zig-zag: the new atom goes on the opposite side of the bond from the grandparent
            nb = neighbours[0]
            side_gp = _cross(nb, centre, grandparent)
            for cand in candidates:
                if _cross(nb, centre, polar(centre, cand)) * side_gp < 0:
                    return cand
        # no zig-zag to continue: the more horizontal choice, so chains run across the page
        return min(candidates, key=lambda a: (round(abs(math.sin(a)), 6), -math.cos(a)))
    gaps = []
    for i, a in enumerate(angles):
        b = angles[(i + 1) % len(angles)]
        gap = _norm(b - a) if i + 1 < len(angles) else _norm(b - a) or 2 * math.pi
        gaps.append((gap, a))
    gap, start = max(gaps)
    return _norm(start + gap / 2)


def _cross(a: Point, b: Point, p: Point) -> float:
    """Sign of p relative to the directed line a->b (positive: left)."""
    return (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])


def side_of(a: Point, b: Point, p: Point) -> int:
    c = _cross(a, b, p)
    return 0 if abs(c) < 1e-9 else (1 if c > 0 else -1)


def place_substituent(
    centre: Point,
    neighbours: Sequence[Point],
    occupied: Iterable[Point],
    grandparent: Point | None = None,
    linear: bool = False,
) -> Point:
    """Position for a new atom bonded to ``centre``, turned away from atoms already there."""
    base = free_direction(centre, neighbours, grandparent, linear)
    occupied = list(occupied)
    best, best_clear = polar(centre, base), -1.0
    # try the natural direction first, then fan out in 15-degree steps to either side
    for step in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7, 8, -8, 9, -9, 10, -10, 11, -11, 12):
        cand = polar(centre, base + step * math.radians(15))
        clear = min((distance(cand, o) for o in occupied), default=math.inf)
        if clear >= 0.8 * BOND_LENGTH:
            return cand
        if clear > best_clear:
            best, best_clear = cand, clear
    return best


def regular_polygon(n: int, centre: Point, first_angle: float, side: float = BOND_LENGTH) -> list[Point]:
    """Vertices of a regular n-gon with the given side, the first at ``first_angle``."""
    radius = side / (2 * math.sin(math.pi / n))
    return [polar(centre, first_angle + 2 * math.pi * k / n, radius) for k in range(n)]


def ring_on_point(n: int, centre: Point, side: float = BOND_LENGTH) -> list[Point]:
    """A free ring centred on a point, flat side down as chemists draw it."""
    first = -math.pi / 2 + (math.pi / n if n % 2 == 0 else 0.0)
    if n % 2 == 1:
        first = math.pi / 2
    return regular_polygon(n, centre, first, side)


def ring_on_bond(n: int, a: Point, b: Point, towards: int) -> list[Point]:
    """Ring fused on bond a-b, on the side ``towards`` (+1 left of a->b, -1 right).

    Returns the n vertices starting with a then b, then the new ones in order.
    """
    side = distance(a, b)
    mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    apothem = side / (2 * math.tan(math.pi / n))
    normal = angle_of(a, b) + towards * math.pi / 2
    centre = polar(mid, normal, apothem)
    radius = side / (2 * math.sin(math.pi / n))
    start = angle_of(centre, a)
    step = angle_of(centre, b) - start
    step = (step + math.pi) % (2 * math.pi) - math.pi  # signed, magnitude 2*pi/n
    return [polar(centre, start + k * step, radius) for k in range(n)]


def ring_on_atom(n: int, atom: Point, direction: float, side: float = BOND_LENGTH) -> list[Point]:
    """Ring sharing one atom (spiro / ring on a chain end), centre along ``direction``.

    The first vertex is the atom itself.
    """
    radius = side / (2 * math.sin(math.pi / n))
    centre = polar(atom, direction, radius)
    start = angle_of(centre, atom)
    return [polar(centre, start + 2 * math.pi * k / n, radius) for k in range(n)]


def centroid(points: Sequence[Point]) -> Point:
    n = len(points) or 1
    return (sum(p[0] for p in points) / n, sum(p[1] for p in points) / n)


def align(moving: Sequence[Point], reference: Sequence[Point]) -> list[Point]:
    """Rigidly superpose ``moving`` onto ``reference`` (2D Procrustes, reflection allowed).

    Used after "Clean up" so RDKit's fresh layout keeps the chemist's orientation: a mirror
    image of a 2D drawing is the same molecule (stereo lives in the atoms' tags, not in x/y).
    """
    if len(moving) < 2:
        if moving and reference:
            dx, dy = reference[0][0] - moving[0][0], reference[0][1] - moving[0][1]
            return [(x + dx, y + dy) for x, y in moving]
        return list(moving)
    cm, cr = centroid(moving), centroid(reference)
    m = [(x - cm[0], y - cm[1]) for x, y in moving]
    r = [(x - cr[0], y - cr[1]) for x, y in reference]
    best: list[Point] = []
    best_err = math.inf
    for mirror in (1, -1):
        mm = [(x, mirror * y) for x, y in m]
        sxx = sum(a[0] * b[0] + a[1] * b[1] for a, b in zip(mm, r, strict=True))
        sxy = sum(a[0] * b[1] - a[1] * b[0] for a, b in zip(mm, r, strict=True))
        theta = math.atan2(sxy, sxx)
        c, s = math.cos(theta), math.sin(theta)
        out = [(c * x - s * y + cr[0], s * x + c * y + cr[1]) for x, y in mm]
        err = sum(distance(p, q) ** 2 for p, q in zip(out, reference, strict=True))
        if err < best_err - 1e-9:
            best, best_err = out, err
    return best


def snap_angle(origin: Point, target: Point, step_degrees: float = 30.0) -> Point:
    """Bond from origin toward target at a standard length and a multiple of ``step_degrees``."""
    step = math.radians(step_degrees)
    ang = round(angle_of(origin, target) / step) * step
    return polar(origin, ang)
