"""Targets at every level: a set target is allocated down to kota, kecamatan, kelurahan and RW.

Kemendagri sets the province's target (and sometimes a kab/kota's); officers may set a target for
their region or a region below it. Every region under a set target without a set target of its
own gets an *allocated* target for the same deadline, computed when facts are written (never per
request) and stored as a ``Target`` version with its source, author and basis month:

- **by working residents** (default): the parent's target, less the targets set for some of its
  children, is shared among the other children in proportion to their working residents, i.e.
  the parent's target % applied to each child's working residents. Largest remainders make the
  children's counts add up exactly to what is shared.
- **by the gap**: the additions the parent still needs (its target less its children's active
  participants) go to the children in proportion to how far each is below its working-residents
  share, so children further from target get more of the additions; a child's target is its
  active participants plus its additions. When nothing is missing the shares of the first method
  apply.

Both use the figures of the basis month: the latest month with facts up to the deadline. A set
target chooses the method for everything allocated from it. An allocation whose result changes
becomes a new version; the previous one is kept as history.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from semesta.coverage.models import CoverageFact, Target
from semesta.engine.coverage import ALL, target_count, target_in_force
from semesta.engine.coverage import TargetRow as EngineTarget
from semesta.regions.models import Level, Region

AUTHOR = "Semesta (alokasi otomatis)"
METHOD_NAMES = {
    Target.Allocation.WORKFORCE: "menurut penduduk bekerja",
    Target.Allocation.GAP: "menurut selisih terhadap target",
}


@dataclass(frozen=True)
class Share:
    """The allocated target one region should have for a deadline."""

    count: int
    method: str
    origin: Target  # the set target it derives from
    basis: date


def apportion(total: int, weights: dict[str, int], whole: int | None = None) -> dict[str, int]:
    """``total × weight / whole`` for each key, rounded by largest remainders (ties by key).

    ``whole`` defaults to the sum of the weights, and then the parts add up to ``total``
    exactly; a larger ``whole`` (the parent's working residents when some children have no
    figure) gives the weighted children only their share of it.
    """
    weighed = sum(weights.values())
    whole = max(whole or 0, weighed)
    if whole <= 0:
        return {}
    parts = {key: total * w // whole for key, w in weights.items()}
    due = (total * weighed * 2 + whole) // (2 * whole)  # the weighted share, rounded half up
    left = max(due - sum(parts.values()), 0)
    order = sorted(weights, key=lambda k: (-(total * weights[k] % whole), k))
    for key in order[:left]:
        parts[key] += 1
    return parts


def split(
    total: int,
    method: str,
    figures: dict[str, tuple[int | None, int | None]],
    whole: int | None = None,
) -> dict[str, int]:
    """Children's targets from what the parent shares: ``figures`` is workforce and active.

    ``whole`` is the working residents the shared target is for (the parent's, less those of
    children with a target of their own); children without a figure get no target.
    """
    workforce = {code: wf for code, (wf, _) in figures.items() if wf is not None}
    shares = apportion(total, workforce, whole)
    if method != Target.Allocation.GAP:
        return shares
    active = {code: figures[code][1] or 0 for code in shares}
    missing = max(sum(shares.values()) - sum(active.values()), 0)
    below = {code: max(shares[code] - active[code], 0) for code in shares}
    if missing == 0 or not any(below.values()):
        return shares
    additions = apportion(missing, below)
    return {code: active[code] + additions.get(code, 0) for code in shares}


def allocate_targets() -> set[str]:
    """Recompute every allocated target from the set targets; returns regions whose changed."""
    current = list(Target.objects.current().select_related("region"))
    chosen = [t for t in current if t.origin == Target.Origin.SET]
    periods = sorted(
        CoverageFact.objects.filter(segment=ALL)
        .order_by()
        .values_list("period", flat=True)
        .distinct()
    )
    children = _children()
    wanted: dict[tuple[str, date], Share] = {}
    by_deadline: dict[date, list[Target]] = defaultdict(list)
    for target in chosen:
        by_deadline[target.deadline].append(target)
    for deadline, targets in by_deadline.items():
        basis = max((p for p in periods if p <= deadline), default=None)
        if basis is None:
            continue
        figures = _figures(basis)
        wanted.update(_allocate(deadline, targets, basis, figures, children))
    existing = {(t.region_id, t.deadline): t for t in current if t.origin != Target.Origin.SET}
    return _store(wanted, existing)


def _children() -> dict[str, list[str]]:
    tree: dict[str, list[str]] = defaultdict(list)
    rows = Region.objects.exclude(level=Level.RT).values_list("code", "parent_id")
    for code, parent in rows.order_by("code"):
        if parent:
            tree[parent].append(code)
    return tree


def _figures(basis: date) -> dict[str, tuple[int | None, int]]:
    rows = CoverageFact.objects.filter(period=basis, segment=ALL).exclude(level="unknown")
    return {
        code: (wf, active)
        for code, wf, active in rows.values_list("region_code", "workforce", "active")
    }


def _set_count(target: Target, figures) -> int | None:
    workforce = figures.get(target.region_id, (None, 0))[0]
    row = EngineTarget(target.region_id, target.kind, target.value, target.deadline)
    return target_count(row, workforce)


def _allocate(deadline, targets, basis, figures, children) -> dict[tuple[str, date], Share]:
    """Allocations for one deadline, top-down from each set target."""
    explicit = {t.region_id: t for t in targets}
    out: dict[tuple[str, date], Share] = {}
    done: set[str] = set()

    def descend(code: str, count: int, method: str, origin: Target) -> None:
        done.add(code)
        kids = children.get(code, [])
        overridden = {k: explicit[k] for k in kids if k in explicit}
        fixed = {k: _set_count(t, figures) for k, t in overridden.items()}
        shared = max(count - sum(n or 0 for n in fixed.values()), 0)
        rest = {k: figures[k] for k in kids if k not in overridden and k in figures}
        whole = figures.get(code, (None, 0))[0]
        if whole is not None:
            whole -= sum(figures.get(k, (0, 0))[0] or 0 for k in overridden)
        for kid, n in split(shared, method, rest, whole).items():
            out[(kid, deadline)] = Share(n, method, origin, basis)
            descend(kid, n, method, origin)
        for kid, target in overridden.items():
            if fixed[kid] is not None:
                descend(kid, fixed[kid], target.allocation, target)

    for target in sorted(targets, key=lambda t: t.region_id.count(".")):
        if target.region_id in done:
            continue
        count = _set_count(target, figures)
        if count is not None:
            descend(target.region_id, count, target.allocation, target)
    return out


@transaction.atomic
def _store(wanted: dict[tuple[str, date], Share], existing: dict[tuple[str, date], Target]):
    """Keep unchanged allocations, version the changed ones, retire those no longer wanted."""
    now = timezone.now()
    changed: set[str] = set()
    retire: list[int] = []
    create: list[Target] = []
    relink: dict[int, list[int]] = defaultdict(list)
    names = dict(
        Region.objects.filter(code__in={s.origin.region_id for s in wanted.values()}).values_list(
            "code", "name"
        )
    )
    for key, share in wanted.items():
        old = existing.pop(key, None)
        if old is not None and old.value == share.count and old.allocation == share.method:
            if old.allocated_from_id != share.origin.pk:
                relink[share.origin.pk].append(old.pk)
            continue
        if old is not None:
            retire.append(old.pk)
        changed.add(key[0])
        create.append(_allocated(key, share, names))
    for old in existing.values():
        retire.append(old.pk)
        changed.add(old.region_id)
    for chunk in _chunks(retire):
        Target.objects.filter(pk__in=chunk).update(replaced_at=now)
    for origin, ids in relink.items():
        for chunk in _chunks(ids):
            Target.objects.filter(pk__in=chunk).update(allocated_from_id=origin)
    Target.objects.bulk_create(create, batch_size=2000)
    return changed


def _allocated(key: tuple[str, date], share: Share, names: dict[str, str]) -> Target:
    code, deadline = key
    origin = share.origin
    parent = f"{names.get(origin.region_id, origin.region_id)} ({origin.region_id})"
    return Target(
        region_id=code,
        kind=Target.Kind.COUNT,
        value=Decimal(share.count),
        deadline=deadline,
        source=(
            f"Alokasi dari target {parent} s.d. {deadline:%d-%m-%Y} ({origin.source}), "
            f"{METHOD_NAMES[share.method]}, data {share.basis:%Y-%m}"
        )[:300],
        set_by=AUTHOR,
        origin=Target.Origin.ALLOCATED,
        allocation=share.method,
        allocated_from=origin,
        basis_period=share.basis,
    )


def _chunks(items: list, size: int = 500):
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic  # one commit, not one per updated fact
def refresh_facts(codes: set[str] | list[str]) -> int:
    """Rewrite the target and gap on these regions' monthly facts from their current targets.

    Reads no snapshot; only facts whose values change are written. Returns how many changed.
    """
    changed = 0
    for chunk in _chunks(sorted(codes)):
        targets: dict[str, list[EngineTarget]] = defaultdict(list)
        for t in Target.objects.current().filter(region_id__in=chunk):
            targets[t.region_id].append(EngineTarget(t.region_id, t.kind, t.value, t.deadline))
        updates = []
        facts = CoverageFact.objects.filter(region_code__in=chunk, segment=ALL).values_list(
            "id", "region_code", "period", "workforce", "active", "target_count", "gap"
        )
        for pk, code, period, workforce, active, old_count, old_gap in facts:
            chosen = target_in_force(targets.get(code, []), f"{period:%Y-%m}")
            count = target_count(chosen, workforce)
            gap = None if count is None else max(count - active, 0)
            if (count, gap) != (old_count, old_gap):
                updates.append((count, gap, pk))
        if updates:
            table = CoverageFact._meta.db_table
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {table} SET target_count = %s, gap = %s WHERE id = %s", updates
                )
        changed += len(updates)
    return changed


def reallocate() -> int:
    """Allocate targets afresh and bring the facts of every region whose target changed in line."""
    return refresh_facts(allocate_targets())
