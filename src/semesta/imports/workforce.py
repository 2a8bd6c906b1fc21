"""Checking a file of working-resident figures (the coverage denominators)."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from semesta.access import covers
from semesta.imports import resolve
from semesta.imports.checks import Checked, Mapping, Problem, canonical_table
from semesta.imports.reading import Sheet
from semesta.regions.models import Level, Region

LEVELS = {Level.PROVINCE, Level.KOTA, Level.KECAMATAN, Level.KELURAHAN, Level.RW}


def check_workforce(sheet: Sheet, mapping: Mapping, principal, today: dt.date) -> Checked:
    """Validate each row: a region in scope, a kind, a whole number and a source; no repeats."""
    table = canonical_table(sheet, mapping)
    regions = list(
        Region.objects.exclude(level=Level.RT).values_list("code", "name", "level", "parent_id")
    )
    index = resolve.RegionIndex(regions)
    label = mapping.headers.get
    kinds = resolve.choice(resolve.WORKFORCE_KINDS, label("kind") or "Jenis")
    number = resolve.whole_number(label("value"))
    seen: dict[tuple[str, str], int] = {}
    accepted, problems = [], []
    for record in table.to_pylist():
        row, found = record["_row"], []
        region = _required(record, "region", label) or index.resolve(
            record["region"], label("region"), LEVELS
        )
        kind = kinds(record["kind"]) if record.get("kind") else resolve.Resolved("total")
        value = _required(record, "value", label) or number(record["value"])
        source = _required(record, "source", label) or resolve.Resolved(record["source"])
        for key, result in (
            ("region", region),
            ("kind", kind),
            ("value", value),
            ("source", source),
        ):
            if result.error:
                found.append(Problem(row, label(key), result.error, result.fields or {}))
        if region.error is None and not covers(principal, region.value):
            found.append(Problem(row, label("region"), "out_of_scope", {"value": record["region"]}))
        key = (region.value, kind.value)
        if not found and key in seen:
            found.append(
                Problem(
                    row,
                    label("region"),
                    "duplicate_key",
                    {"column": label("region"), "value": record["region"], "first_row": seen[key]},
                )
            )
        if found:
            problems += found
            continue
        seen[key] = row
        accepted.append(
            {
                "_row": row,
                "region": region.value,
                "kind": kind.value,
                "value": value.value,
                "source": source.value[:300],
            }
        )
    schema = pa.schema(
        [
            ("_row", pa.int64()),
            ("region", pa.string()),
            ("kind", pa.string()),
            ("value", pa.int64()),
            ("source", pa.string()),
        ]
    )
    return Checked(table.num_rows, pa.Table.from_pylist(accepted, schema), problems)


def _required(record: dict, key: str, label) -> resolve.Resolved | None:
    if record.get(key) in (None, ""):
        return resolve.Resolved(error="required", fields={"column": label(key) or key})
    return None
