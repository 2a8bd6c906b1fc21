"""An attacker of published open data: works back hidden cells from totals and sibling cells.

Written apart from the suppression code it attacks: one integer program over the whole table
(every hidden cell a whole number of at least 1, every group adding up), each hidden cell
minimised and maximised. A cell whose minimum equals its maximum is recovered.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp


def recovered(cells: dict, groups: list, hidden: set) -> dict:
    """The hidden cells the attacker can pin down, with the value found."""
    unknown = sorted(hidden, key=str)
    column = {key: i for i, key in enumerate(unknown)}
    rows, bounds = [], []
    for members, total in groups:
        row = np.zeros(len(unknown))
        known = cells[total] if total not in hidden else 0
        if total in hidden:
            row[column[total]] = -1
        for key in members:
            if key in hidden:
                row[column[key]] += 1
            else:
                known -= cells[key]
        if row.any():
            rows.append(row)
            bounds.append(known)
    if not rows:
        return {}
    constraint = LinearConstraint(np.array(rows), bounds, bounds)
    found = {}
    for key, i in column.items():
        values = []
        for sign in (1, -1):
            objective = np.zeros(len(unknown))
            objective[i] = sign
            result = milp(
                objective,
                constraints=constraint,
                integrality=np.ones(len(unknown)),
                bounds=Bounds(1, np.inf),
            )
            values.append(None if result.status != 0 else round(result.x[i]))
        if values[0] is not None and values[0] == values[1]:
            found[key] = values[0]
    return found
