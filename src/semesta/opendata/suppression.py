"""Small-cell suppression with complementary suppression, for tables that add up.

A count from 1 to 9 is hidden. Then, wherever a group of cells adds up to a published total
(the segments of a region add up to its active participants; the children of a region add up to
it) and exactly one cell of the group (total included) is hidden, it could be worked back from
the others, so a second cell is hidden too: the smallest one still shown. This repeats until no
group has a single hidden cell, since one new hidden cell can expose another group.
"""

from __future__ import annotations

from collections.abc import Hashable

THRESHOLD = 10

Key = Hashable
Group = tuple[list[Key], Key]  # members and the total they add up to


def suppress(cells: dict[Key, int], groups: list[Group], threshold: int = THRESHOLD) -> set[Key]:
    """The keys of the cells to hide."""
    hidden = {key for key, value in cells.items() if 0 < value < threshold}
    changed = True
    while changed:
        changed = False
        for members, total in groups:
            involved = [*members, total]
            if sum(key in hidden for key in involved) != 1:
                continue
            shown = [key for key in members if key not in hidden]
            candidates = [key for key in shown if cells[key] > 0] or shown or [total]
            hidden.add(min(candidates, key=lambda key: (cells[key], str(key))))
            changed = True
    return hidden
