"""What applying a staged batch would do: rows added, changed and removed, counted per
kelurahan and per kota, with a small sample (NIKs masked). Shown on the batch page and by
``semesta batch ID`` before anyone confirms; computed inside the batch's scope only."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable

import pyarrow.parquet as pq
from django.conf import settings

from semesta.access import subtree_q
from semesta.collaboration.models import AgencyWorker, Benefit
from semesta.coverage.models import Snapshot, Workforce
from semesta.employers.models import Employer
from semesta.engine.store import connect
from semesta.imports import registry
from semesta.imports.models import ImportBatch
from semesta.nik import mask_nik, nik_hash
from semesta.regions.models import Region
from semesta.sponsorship.models import Allocation
from semesta.workers.models import RosterWorker

ACTIONS = ("added", "changed", "removed")
SAMPLE = 10
SAMPLE_NIKS = 200  # accepted NIKs a participant preview may show, masked
Change = tuple[str, str | None, str]  # action, region code, what to show (masked)
Preview = Callable[[ImportBatch, list[str]], dict]


def compute(batch: ImportBatch, accepted_niks: list[str] | None = None) -> dict:
    """The preview of a staged batch as JSON (see module docstring). ``accepted_niks``: the
    first accepted NIKs of a participant extract, so the sample can show them masked."""
    return registry.get(batch.kind).run("preview", batch, accepted_niks or [])


def counted(changes: Callable[[ImportBatch, list[str]], Iterable[Change]]) -> Preview:
    """A kind's preview from a function naming each change one by one (the smaller kinds)."""

    @functools.wraps(changes)
    def preview(batch: ImportBatch, niks: list[str]) -> dict:
        return summarise(list(changes(batch, niks)))

    return preview


def summarise(found: list[Change]) -> dict:
    counts = Counter((action, code) for action, code, _ in found)
    sample: list[Change] = []
    for action in ACTIONS:
        picked = [c for c in found if c[0] == action]
        sample += picked[: SAMPLE // 2 if action != "added" else SAMPLE]
    return summarise_counts([(a, code, n) for (a, code), n in counts.items()], sample)


def summarise_counts(counts: list[tuple[str, str | None, int]], sample: list[Change]) -> dict:
    """The preview from rows counted per action and region, and the sample to show."""
    totals: Counter = Counter()
    by_kelurahan: dict[str, Counter] = {}
    by_kota: dict[str, Counter] = {}
    for action, code, n in counts:
        totals[action] += n
        parts = (code or "").split(".")
        kel = ".".join(parts[:4]) if len(parts) >= 4 else (code or "")
        by_kelurahan.setdefault(kel, Counter())[action] += n
        by_kota.setdefault(".".join(parts[:2]) if code else "", Counter())[action] += n
    names = dict(
        Region.objects.filter(code__in=[*by_kelurahan, *by_kota]).values_list("code", "name")
    )

    def rows(groups: dict[str, Counter]) -> list[dict]:
        return [
            {
                "code": code,
                "name": names.get(code, code if code else "Tidak diketahui"),
                **{a: counts[a] for a in ACTIONS},
            }
            for code, counts in sorted(groups.items())
        ]

    return {
        **{a: totals[a] for a in ACTIONS},
        "kota": rows(by_kota),
        "kelurahan": rows(by_kelurahan)[:200],
        "sample": [{"action": a, "region": code or "", "key": shown} for a, code, shown in sample],
    }


def _staged(batch: ImportBatch) -> list[dict]:
    return pq.read_table(batch.staged_path).to_pylist()


@counted
def roster(batch: ImportBatch, _niks) -> Iterable[Change]:
    rows = _staged(batch)
    fields = ("region", "name", "category", "extreme_poor", "phone", "desil")
    yield from _people(rows, RosterWorker, "region", fields)
    if batch.mode == ImportBatch.Mode.REPLACE:
        keep = {r["nik_hash"] for r in rows}
        evidence = set(Allocation.objects.values_list("worker_id", flat=True))
        evidence |= set(Benefit.objects.exclude(worker=None).values_list("worker_id", flat=True))
        in_scope = RosterWorker.objects.filter(subtree_q("region__code", batch.scope))
        for pk, digest, region, masked in in_scope.values_list(
            "pk", "nik_hash", "region_id", "nik_masked"
        ):
            if bytes(digest) not in keep and pk not in evidence:
                yield "removed", region, masked


@counted
def staff(batch: ImportBatch, _niks) -> Iterable[Change]:
    rows = _staged(batch)
    fields = ("party", "office", "name", "employment", "funded_by", "declared_income")
    yield from _people(rows, AgencyWorker, "office", fields)
    if batch.mode == ImportBatch.Mode.REPLACE:
        keep = {r["nik_hash"] for r in rows}
        evidence = set(Benefit.objects.exclude(staff=None).values_list("staff_id", flat=True))
        in_scope = AgencyWorker.objects.filter(
            subtree_q("office__code", batch.scope), party__in={r["party"] for r in rows}
        )
        for pk, digest, region, masked in in_scope.values_list(
            "pk", "nik_hash", "office_id", "nik_masked"
        ):
            if bytes(digest) not in keep and pk not in evidence:
                yield "removed", region, masked


def _people(rows, model, region: str, fields) -> Iterable[Change]:
    current = {}
    hashes = [r["nik_hash"] for r in rows]
    for start in range(0, len(hashes), 500):
        for values in model.objects.filter(nik_hash__in=hashes[start : start + 500]).values_list(
            "nik_hash", *[_attname(model, f) for f in fields]
        ):
            current[bytes(values[0])] = values[1:]
    for r in rows:
        old = current.get(r["nik_hash"])
        if old is None:
            yield "added", r[region], r["nik_masked"]
        elif tuple(old) != tuple(r[f] for f in fields):
            yield "changed", r[region], r["nik_masked"]


def _attname(model, name: str) -> str:
    return model._meta.get_field(name).attname


@counted
def employers(batch: ImportBatch, _niks) -> Iterable[Change]:
    rows = _staged(batch)
    fields = ("name", "kelurahan", "branch", "sector", "size", "registered_on", "active")
    current = {
        values[0]: values[1:]
        for values in Employer.objects.filter(npp__in=[r["npp"] for r in rows]).values_list(
            "npp", *[_attname(Employer, f) for f in fields]
        )
    }
    for r in rows:
        old = current.get(r["npp"])
        shown = f"{r['npp']} {r['name']}"
        if old is None:
            yield "added", r["kelurahan"], shown
        elif tuple(old) != tuple(r[f] for f in fields):
            yield "changed", r["kelurahan"], shown
    if batch.mode == ImportBatch.Mode.REPLACE:
        retired = Employer.objects.filter(subtree_q("kelurahan__code", batch.scope), active=True)
        for npp, name, kelurahan in retired.exclude(npp__in=[r["npp"] for r in rows]).values_list(
            "npp", "name", "kelurahan_id"
        ):
            yield "removed", kelurahan, f"{npp} {name}"


@counted
def workforce(batch: ImportBatch, _niks) -> Iterable[Change]:
    rows = _staged(batch)
    current = {
        (region, kind): value
        for region, kind, value in Workforce.objects.filter(period=batch.period).values_list(
            "region_id", "kind", "value"
        )
    }
    for r in rows:
        old = current.get((r["region"], r["kind"]))
        shown = f"{r['region']} {r['kind']}: {r['value']}"
        if old is None:
            yield "added", r["region"], shown
        elif old != r["value"]:
            yield "changed", r["region"], shown
    if batch.mode == ImportBatch.Mode.REPLACE:
        given = {(r["region"], r["kind"]) for r in rows}
        in_scope = Workforce.objects.filter(
            subtree_q("region__code", batch.scope), period=batch.period
        )
        for region, kind, value in in_scope.values_list("region_id", "kind", "value"):
            if (region, kind) not in given:
                yield "removed", region, f"{region} {kind}: {value}"


@counted
def benefits(batch: ImportBatch, _niks) -> Iterable[Change]:
    for _row in _staged(batch):
        yield "added", None, "manfaat"


COMPARED = (
    "segment",
    "status",
    "employer_npp",
    "kelurahan_code",
    "rw",
    "sponsor_code",
    "registered_on",
    "paid_until",
)


def _row_text(alias: str) -> str:
    cells = ", ".join(f"coalesce(CAST({alias}.{c} AS VARCHAR), '-')" for c in COMPARED)
    return f"concat_ws('|', {cells})"


PARTICIPANT_CHANGES = """
    CREATE TEMP TABLE changes AS
    WITH staged AS (SELECT * FROM read_parquet($staged)),
         current AS (SELECT * FROM read_parquet($current))
    SELECT 'added' AS action, s.kelurahan_code AS code, s.nik_hash FROM staged s
        WHERE s.nik_hash NOT IN (SELECT nik_hash FROM current)
    UNION ALL
    SELECT 'changed', s.kelurahan_code, s.nik_hash FROM staged s JOIN current c USING (nik_hash)
        WHERE {staged_text} <> {current_text}
    UNION ALL
    SELECT 'removed', c.kelurahan_code, c.nik_hash FROM current c
        WHERE {removed} AND c.nik_hash NOT IN (SELECT nik_hash FROM staged)
"""


def participants(batch: ImportBatch, niks: list[str]) -> dict:
    """Counted in the engine: a whole extract's rows never come to Python."""
    from semesta.imports.apply import _in_scope_sql

    current = Snapshot.objects.filter(period=batch.period).first()
    key = bytes.fromhex(settings.NIK_HASH_KEY)
    masked = {nik_hash(n, key): mask_nik(n) for n in niks[:SAMPLE_NIKS]}
    with connect() as con:
        if current is None:
            staged = batch.staged_path.replace("'", "''")
            con.execute(
                "CREATE TEMP VIEW changes AS SELECT 'added' AS action,"
                f" kelurahan_code AS code, nik_hash FROM read_parquet('{staged}')"
            ).fetchall()
        else:
            removed = "false"
            if batch.mode == ImportBatch.Mode.REPLACE:
                within = _in_scope_sql(batch.scope, current.path, alias="c.")
                removed = f"coalesce({within}, false)"
            sql = PARTICIPANT_CHANGES.format(
                removed=removed, staged_text=_row_text("s"), current_text=_row_text("c")
            )
            con.execute(sql, {"staged": batch.staged_path, "current": current.path}).fetchall()
        counts = con.execute("SELECT action, code, count(*) FROM changes GROUP BY ALL").fetchall()
        sample = [
            row
            for action in ACTIONS
            for row in con.execute(
                "SELECT action, code, nik_hash FROM changes WHERE action = ? LIMIT ?",
                [action, SAMPLE if action == "added" else SAMPLE // 2],
            ).fetchall()
        ]
    shown = "NIK tersimpan sebagai sidik (tanpa NIK)"
    return summarise_counts(
        counts, [(a, code, masked.get(bytes(d), shown)) for a, code, d in sample]
    )
