"""Small-cell suppression with complementary suppression, for tables that add up.

A count from 1 to 9 is hidden (zeros are shown: they are never hidden, so a reader knows every
empty cell holds at least 1). Groups of cells add up to a published total: the segments of a
region to its active participants, the children of a region to it. Hiding is done in two passes,
repeated until both are satisfied:

1. wherever exactly one cell of a group (total included) is hidden, it could be worked back from
   the others, so the smallest positive cell still shown in the group is hidden too;
2. that is not enough when groups share hidden cells: a cell hidden in two groups can be a
   "bridge" whose value follows from combining several groups' equations. An audit solves the
   attacker's problem exactly (linear programs over the published totals, each hidden cell
   minimised and maximised) and, for each cell it can pin down to a single value, hides one more
   cell beside it.
"""

from __future__ import annotations

import math
from collections.abc import Hashable

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import lil_matrix

THRESHOLD = 10

Key = Hashable
Group = tuple[list[Key], Key]  # members and the total they add up to


def suppress(cells: dict[Key, int], groups: list[Group], threshold: int = THRESHOLD) -> set[Key]:
    """The keys of the cells to hide.

    Only groups that do add up in ``cells`` count: one that does not gives no exact equation.
    """
    groups = [(m, total) for m, total in groups if sum(cells[k] for k in m) == cells[total]]
    hidden = {key for key, value in cells.items() if 0 < value < threshold}
    while True:
        _no_single_hidden_cell(cells, groups, hidden)
        exposed = recoverable(cells, groups, hidden)
        if not exposed:
            return hidden
        for key in exposed:
            hidden.add(_complement(key, cells, groups, hidden))


def _no_single_hidden_cell(cells, groups, hidden) -> None:
    changed = True
    while changed:
        changed = False
        for members, total in groups:
            involved = [*members, total]
            if sum(key in hidden for key in involved) == 1:
                hidden.add(_smallest_shown(involved, cells, hidden))
                changed = True


def _complement(key, cells, groups, hidden) -> Key:
    """The smallest shown cell sharing a group with ``key``, or failing that the nearest one."""
    reached, frontier = {key}, {key}
    while frontier:
        around = [
            cell
            for members, total in groups
            if frontier & {*members, total}
            for cell in (*members, total)
        ]
        if any(cell not in hidden and cells[cell] > 0 for cell in around):
            return _smallest_shown(around, cells, hidden)
        frontier = set(around) - reached
        reached |= frontier
    raise ValueError(f"no cell left to hide beside {key!r}")


def _smallest_shown(keys, cells, hidden) -> Key:
    """Members come before totals in ``keys``, so on equal values a member is hidden."""
    order = {key: i for i, key in reversed(list(enumerate(keys)))}
    shown = [key for key in order if key not in hidden and cells[key] > 0]
    return min(shown, key=lambda key: (cells[key], order[key]))


def recoverable(cells: dict[Key, int], groups: list[Group], hidden: set[Key]) -> list[Key]:
    """Hidden cells whose value follows from the published cells, one per connected part.

    Each hidden cell is at least 1 and the groups' equations hold; a cell is recoverable when its
    smallest and largest feasible values leave a single whole number. One cell per part is enough
    to act on: hiding its complement changes the part, which is then audited again.
    """
    exposed = []
    for part, equations in _parts(cells, groups, hidden):
        cell = _first_determined(part, equations)
        if cell is not None:
            exposed.append(cell)
    return exposed


def _parts(cells, groups, hidden):
    """Hidden cells split into parts that share no equation, each with its equations."""
    parent = {key: key for key in hidden}

    def root(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    equations = []
    for members, total in groups:
        terms = [(key, 1) for key in members if key in hidden]
        if total in hidden:
            terms.append((total, -1))
        if not terms:
            continue
        known = (0 if total in hidden else cells[total]) - sum(
            cells[key] for key in members if key not in hidden
        )
        equations.append((terms, known))
        for key, _ in terms[1:]:
            parent[root(key)] = root(terms[0][0])
    parts: dict[Key, tuple[list, list]] = {}
    for key in sorted(hidden, key=str):
        parts.setdefault(root(key), ([], []))[0].append(key)
    for terms, known in equations:
        parts[root(terms[0][0])][1].append((terms, known))
    return parts.values()


def _first_determined(part, equations):
    index = {key: i for i, key in enumerate(part)}
    built = lil_matrix((len(equations), len(part)))
    for row, (terms, _) in enumerate(equations):
        for key, sign in terms:
            built[row, index[key]] = sign
    matrix = built.tocsr()
    known = np.array([value for _, value in equations], dtype=float)
    seen: dict[int, float] = {}
    free: set[int] = set()  # already seen at two different values: not determined
    for i in range(len(part)):
        if i in free:
            continue
        low = _extreme(i, 1, matrix, known, seen, free)
        high = _extreme(i, -1, matrix, known, seen, free)
        if high is None:
            continue  # no upper bound: nothing can be worked back
        if math.floor(high + 1e-6) <= math.ceil(low - 1e-6):
            return part[i]
    return None


def _extreme(i, sign, matrix, known, seen, free):
    objective = np.zeros(matrix.shape[1])
    objective[i] = sign
    result = linprog(objective, A_eq=matrix, b_eq=known, bounds=(1, None), method="highs")
    if result.status == 3:
        return None  # unbounded
    if result.status != 0:  # never publish a table the audit could not finish
        raise RuntimeError(f"open-data audit failed: {result.message}")
    for j, value in enumerate(result.x):
        if j in seen and abs(seen[j] - value) > 0.5:
            free.add(j)
        seen.setdefault(j, value)
    return result.x[i]
