"""Checking a list of registered employers (pemberi kerja) and storing it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pyarrow as pa

from semesta.access import covers
from semesta.imports import resolve
from semesta.imports.checks import Checked, Mapping, Problem, canonical_table
from semesta.imports.reading import Sheet
from semesta.regions.models import BranchOffice, Level, Region

SCHEMA = pa.schema(
    [
        ("_row", pa.int64()),
        ("npp", pa.string()),
        ("name", pa.string()),
        ("kelurahan", pa.string()),
        ("sector", pa.string()),
        ("size", pa.string()),
        ("branch", pa.string()),
        ("registered_on", pa.date32()),
        ("active", pa.bool_()),
    ]
)
REQUIRED = ("npp", "name", "kelurahan", "registered_on")


@dataclass
class _Context:
    principal: object
    label: object
    regions: resolve.RegionIndex
    branches: dict[str, str]
    date: object
    sizes: object
    statuses: object
    seen: dict[str, int]


def check_employers(sheet: Sheet, mapping: Mapping, principal, today: dt.date) -> Checked:
    """Each row: an NPP (unique in the file), a name, a kelurahan in scope, a date."""
    table = canonical_table(sheet, mapping)
    label = mapping.headers.get
    regions = Region.objects.filter(level__in=[Level.KECAMATAN, Level.KELURAHAN])
    context = _Context(
        principal=principal,
        label=label,
        regions=resolve.RegionIndex(
            list(regions.values_list("code", "name", "level", "parent_id"))
        ),
        branches={_branch_key(b.name): b.code for b in BranchOffice.objects.all()},
        date=resolve.date_value(label("registered_on"), today),
        sizes=resolve.choice(resolve.SIZES, label("size") or "Skala", resolve.SIZE_CHOICES),
        statuses=resolve.choice(
            resolve.STATUSES, label("active") or "Status", resolve.STATUS_CHOICES
        ),
        seen={},
    )
    accepted, problems = [], []
    for record in table.to_pylist():
        found, row = _check_row(record, context)
        problems += found
        if row is not None:
            accepted.append(row)
    return Checked(table.num_rows, pa.Table.from_pylist(accepted, SCHEMA), problems)


def _branch_key(name: str) -> str:
    return resolve.normalise_header(name).removeprefix("cabang")


def _check_row(record: dict, ctx: _Context) -> tuple[list[Problem], dict | None]:
    row, label, found = record["_row"], ctx.label, []

    def add(key: str, result_or_code, **fields) -> None:
        if isinstance(result_or_code, resolve.Resolved):
            code, fields = result_or_code.error, result_or_code.fields or {}
        else:
            code = result_or_code
        found.append(Problem(row, label(key), code, {"column": label(key) or key, **fields}))

    for key in REQUIRED:
        if not record.get(key):
            add(key, "required")
    npp = re.sub(r"\s", "", record.get("npp") or "")
    if npp in ctx.seen:
        add("npp", "duplicate_key", value=npp, first_row=ctx.seen[npp])
    kelurahan = _kelurahan(record, ctx, add)
    registered = ctx.date(record["registered_on"]) if record.get("registered_on") else None
    size = ctx.sizes(record["size"]) if record.get("size") else resolve.Resolved("micro_small")
    status = ctx.statuses(record["active"]) if record.get("active") else resolve.Resolved("ACTIVE")
    for key, result in (("registered_on", registered), ("size", size), ("active", status)):
        if result is not None and result.error:
            add(key, result)
    if found:
        return found, None
    ctx.seen[npp] = row
    return found, {
        "_row": row,
        "npp": npp,
        "name": record["name"][:200],
        "kelurahan": kelurahan,
        "sector": (record.get("sector") or "")[:60],
        "size": size.value,
        "branch": ctx.branches.get(_branch_key(record.get("branch") or "")),
        "registered_on": registered.value,
        "active": status.value == "ACTIVE",
    }


def _kelurahan(record: dict, ctx: _Context, add) -> str | None:
    if not record.get("kelurahan"):
        return None
    within = None
    if record.get("kecamatan"):
        within = ctx.regions.resolve(record["kecamatan"], "Kecamatan", {Level.KECAMATAN}).value
    result = ctx.regions.resolve(
        record["kelurahan"], ctx.label("kelurahan"), {Level.KELURAHAN}, within
    )
    if result.error:
        add("kelurahan", result)
        return None
    if not covers(ctx.principal, result.value):
        add("kelurahan", "out_of_scope", value=f"{record['kelurahan']} ({result.value})")
        return None
    return result.value
