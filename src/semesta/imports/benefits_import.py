"""Checking a list of benefits paid (from BPJS Ketenagakerjaan or an office's own records).

A benefit counts as evidence only for a worker Semesta knows: each NIK must be on a
vulnerable-worker roster or a non-ASN roster the uploader sees (the roster first, as the
*Catat manfaat* form does), optionally within the region the row names. The NIK itself goes no
further than this check: the staged rows carry its keyed hash.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyarrow as pa
from django.conf import settings

from semesta.access import covers, within
from semesta.collaboration.models import AgencyWorker, Benefit
from semesta.imports import resolve
from semesta.imports.checks import Checked, Mapping, Problem, canonical_table
from semesta.imports.reading import Sheet
from semesta.imports.roster_import import _nik as check_nik
from semesta.nik import NikError, mask_nik, nik_hash, parse_nik
from semesta.regions.models import Level, Region
from semesta.workers.models import RosterWorker

SCHEMA = pa.schema(
    [
        ("_row", pa.int64()),
        ("nik_hash", pa.binary()),
        ("programme", pa.string()),
        ("kind", pa.string()),
        ("paid_on", pa.date32()),
        ("amount", pa.int64()),
    ]
)
REQUIRED = ("nik", "programme", "kind", "paid_on", "amount")
REGION_LEVELS = {Level.KOTA, Level.KECAMATAN, Level.KELURAHAN, Level.RW}
KIND_LABELS = {k.value: str(k.label) for k in Benefit.Kind}


@dataclass
class _Context:
    principal: object
    label: object
    people: dict[bytes, tuple[str, str]]  # NIK hash → (person key, region code) in scope
    recorded: set[tuple]  # (person key, programme, kind, paid_on) already recorded
    regions: resolve.RegionIndex
    hash_key: bytes
    programmes: object
    kinds: object
    date: object
    amount: object
    same: dict[tuple, int]


def check_benefits(sheet: Sheet, mapping: Mapping, principal, today: dt.date) -> Checked:
    """Each row: a NIK on a roster in scope, a programme and a benefit it pays, a payment date
    not in the future, an amount in rupiah; the same benefit once (in the file and overall)."""
    table = canonical_table(sheet, mapping)
    label = mapping.headers.get
    key = bytes.fromhex(settings.NIK_HASH_KEY)
    people = _people(table.column("nik").to_pylist(), principal, key)
    regions = Region.objects.filter(level__in=REGION_LEVELS)
    context = _Context(
        principal=principal,
        label=label,
        people=people,
        recorded=recorded_benefits({person for person, _ in people.values()}),
        regions=resolve.RegionIndex(
            list(regions.values_list("code", "name", "level", "parent_id"))
        ),
        hash_key=key,
        programmes=resolve.choice(
            resolve.PROGRAMMES, label("programme") or "Program", "JKK, JKM, JHT, JP"
        ),
        kinds=resolve.choice(
            resolve.BENEFIT_KINDS,
            label("kind") or "Jenis Manfaat",
            ", ".join(KIND_LABELS.values()),
        ),
        date=resolve.date_value(label("paid_on") or "Tanggal Bayar", today),
        amount=resolve.rupiah(label("amount") or "Jumlah"),
        same={},
    )
    accepted, problems = [], []
    for record in table.to_pylist():
        found, row = _check_row(record, context)
        problems += found
        if row is not None:
            accepted.append(row)
    return Checked(table.num_rows, pa.Table.from_pylist(accepted, SCHEMA), problems)


def people_by_hash(hashes: list[bytes], principal) -> dict[bytes, tuple[str, str]]:
    """NIK hash → (``worker:<pk>`` or ``staff:<pk>``, region code) for the workers on the rosters
    the principal sees; a roster worker wins over a non-ASN one, as in the form."""
    found: dict[bytes, tuple[str, str]] = {}
    ordered = sorted(set(hashes))
    sources = (
        ("staff", AgencyWorker.objects.visible_to(principal), "office_id"),
        ("worker", RosterWorker.objects.visible_to(principal), "region_id"),
    )
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        for name, rows, region in sources:  # roster workers last: they overwrite
            for pk, digest, code in rows.filter(nik_hash__in=chunk).values_list(
                "pk", "nik_hash", region
            ):
                found[bytes(digest)] = (f"{name}:{pk}", code)
    return found


def _people(raw_niks: list[str | None], principal, key: bytes) -> dict[bytes, tuple[str, str]]:
    hashes = []
    for raw in raw_niks:
        try:
            hashes.append(nik_hash(parse_nik(raw or "").value, key))
        except NikError:
            continue
    return people_by_hash(hashes, principal)


def recorded_benefits(people: set[str]) -> set[tuple]:
    """The benefits already recorded for these people, as comparable keys."""
    ids = {"worker": [], "staff": []}
    for person in people:
        name, pk = person.split(":")
        ids[name].append(int(pk))
    recorded = set()
    for name, pks in ids.items():
        for start in range(0, len(pks), 500):
            rows = Benefit.objects.filter(**{f"{name}_id__in": pks[start : start + 500]})
            for pk, programme, kind, paid_on in rows.values_list(
                f"{name}_id", "programme", "kind", "paid_on"
            ):
                recorded.add((f"{name}:{pk}", programme, kind, paid_on))
    return recorded


def _check_row(record: dict, ctx: _Context) -> tuple[list[Problem], dict | None]:
    row, label, found = record["_row"], ctx.label, []

    def add(key: str, result_or_code, fields: dict | None = None) -> None:
        if isinstance(result_or_code, resolve.Resolved):
            code, fields = result_or_code.error, result_or_code.fields or {}
        else:
            code = result_or_code
        found.append(
            Problem(row, label(key), code, {"column": label(key) or key, **(fields or {})})
        )

    for key in REQUIRED:
        if not record.get(key):
            add(key, "required")
    nik = check_nik(record.get("nik"), {}, add)  # a NIK may recur: one person, two benefits
    programme = ctx.programmes(record["programme"]) if record.get("programme") else None
    kind = ctx.kinds(record["kind"]) if record.get("kind") else None
    paid_on = ctx.date(record["paid_on"]) if record.get("paid_on") else None
    amount = ctx.amount(record["amount"]) if record.get("amount") else None
    for key, result in (
        ("programme", programme),
        ("kind", kind),
        ("paid_on", paid_on),
        ("amount", amount),
    ):
        if result is not None and result.error:
            add(key, result)
    if _valid(programme) and _valid(kind):
        _kind_paid_by(record, programme.value, kind.value, add)
    person = _person(record, nik, ctx, add)
    if person and _valid(programme) and _valid(kind) and _valid(paid_on):
        _once(record, person, nik, programme.value, kind.value, paid_on.value, ctx, add)
    if any(not p.warning for p in found):
        return found, None
    ctx.same[(person, programme.value, kind.value, paid_on.value)] = row
    return found, {
        "_row": row,
        "nik_hash": nik_hash(nik, ctx.hash_key),
        "programme": programme.value,
        "kind": kind.value,
        "paid_on": paid_on.value,
        "amount": amount.value,
    }


def _valid(result: resolve.Resolved | None) -> bool:
    return result is not None and result.error is None


def _kind_paid_by(record: dict, programme: str, kind: str, add) -> None:
    allowed = resolve.PROGRAMME_KINDS[programme]
    if kind not in allowed:
        choices = ", ".join(KIND_LABELS[k] for k in allowed)
        add(
            "kind",
            "kind_programme",
            {"value": record["kind"], "programme": programme, "choices": choices},
        )


def _person(record: dict, nik: str | None, ctx: _Context, add) -> str | None:
    """The roster or non-ASN worker of the NIK, in scope and within the row's region if any."""
    where = None
    if record.get("region"):
        result = ctx.regions.resolve(record["region"], ctx.label("region"), REGION_LEVELS)
        if result.error:
            add("region", result)
            return None
        if not covers(ctx.principal, result.value):
            add("region", "out_of_scope", {"value": f"{record['region']} ({result.value})"})
            return None
        where = result.value
    if nik is None:
        return None
    person, code = ctx.people.get(nik_hash(nik, ctx.hash_key), (None, None))
    if person is not None and where and not within(code, where):
        person = None
    if person is None:
        if where:
            add("nik", "not_on_roster_in_region", {"value": f"{record['region']} ({where})"})
        else:
            add("nik", "not_on_roster")
    return person


def _once(record, person, nik, programme, kind, paid_on, ctx: _Context, add) -> None:
    key = (person, programme, kind, paid_on)
    if key in ctx.same:
        add("nik", "benefit_duplicate", {"first_row": ctx.same[key]})
    elif key in ctx.recorded:
        fields = {"programme": programme, "value": mask_nik(nik), "date": f"{paid_on:%d/%m/%Y}"}
        add("nik", "benefit_recorded", fields)
