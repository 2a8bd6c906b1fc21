"""Staging checked rows and applying them: the only code that changes data on import."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings
from django.db.models import Q

from semesta import periods
from semesta.access import subtree_q
from semesta.collaboration import staff
from semesta.collaboration.benefits import record_benefit
from semesta.collaboration.models import AgencyWorker, Benefit, StaffStatus
from semesta.coverage import services as coverage
from semesta.coverage.models import Snapshot, Workforce
from semesta.employers.models import Employer
from semesta.engine.store import PROVINCE, connect
from semesta.engine.store import columns as store_columns
from semesta.imports import changes, registry
from semesta.imports.benefits_import import recorded_benefits
from semesta.imports.checks import Checked
from semesta.imports.models import ImportBatch
from semesta.imports.participants import StagedSnapshot
from semesta.nik import encrypt_niks, mask_nik, nik_hash
from semesta.sponsorship.models import Allocation
from semesta.workers.matching import match_latest, match_month
from semesta.workers.models import RosterStatus, RosterWorker


class ScopeConflict(Exception):
    """A row's key now belongs outside the batch's scope: apply nothing (message in Indonesian)."""


def stage(batch: ImportBatch, checked: Checked) -> Path:
    """Write the accepted rows, personal data already minimised, beside the batch (as the
    batch's kind stages them)."""
    folder = Path(settings.IMPORT_DIR) / f"{batch.pk:06d}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "accepted.parquet"
    registry.get(batch.kind).run("stage", batch, checked, path)
    return path


def stage_rows(batch: ImportBatch, checked: Checked, path: Path) -> None:
    """The accepted rows as they are (the kinds that hold no NIK to keep)."""
    _write(checked.accepted, path)


def stage_people(batch: ImportBatch, checked: Checked, path: Path) -> None:
    """Rows of people on a roster: the NIK encrypted, hashed and masked (``_roster_rows``)."""
    _write(_roster_rows(checked.accepted), path)


def stage_participants(batch: ImportBatch, checked, path: Path) -> None:
    """Written from the engine in snapshot form: a batch replacing the whole period is applied
    by adopting this very file (apply_participants). Rows without domicile keep the province
    their data came in, when the batch's scope lies in one."""
    provinces = {code.split(".")[0] for code in batch.scope}
    province = provinces.pop() if len(provinces) == 1 else None
    checked.stage(path, periods.label(batch.period), _nik_key(), province)


def _write(table: pa.Table, path: Path) -> None:
    pq.write_table(table.drop_columns(["_row"]) if "_row" in table.column_names else table, path)


def _nik_key() -> bytes:
    return bytes.fromhex(settings.NIK_HASH_KEY)


def _roster_rows(accepted: pa.Table) -> pa.Table:
    """Roster rows as stored: the NIK encrypted, hashed for matching and masked for display."""
    hash_key = bytes.fromhex(settings.NIK_HASH_KEY)
    crypt_key = settings.NIK_ENCRYPTION_KEY.encode("ascii")
    niks = accepted.column("nik").to_pylist()
    return (
        accepted.drop_columns(["nik"])
        .append_column("nik_encrypted", pa.array(encrypt_niks(niks, crypt_key), pa.string()))
        .append_column("nik_hash", pa.array([nik_hash(n, hash_key) for n in niks], pa.binary()))
        .append_column("nik_masked", pa.array([mask_nik(n) for n in niks], pa.string()))
    )


def digest(staged: Path) -> str:
    """An order-independent fingerprint of the staged rows: the same content, the same digest.

    Encrypted NIKs are left out: encryption is randomised, their hashes already identify them.
    """
    known = StagedSnapshot.load(staged)
    if known is not None:
        return known.digest  # computed while staging, from the same rows
    names = [n for n in pq.read_schema(staged).names if n != "nik_encrypted"]
    columns = ", ".join(f'"{n}"' for n in names)
    with connect() as con:
        count, mixed = con.execute(
            f"SELECT count(*), bit_xor(hash(t)) FROM (SELECT {columns} FROM read_parquet(?)) t",
            [str(staged)],
        ).fetchall()[0]
    return f"{count}:{mixed or 0:016x}"


def _in_scope_sql(roots: list[str], snapshot: str | None = None, alias: str = "") -> str:
    """Whether a snapshot row (``alias``: its table's prefix) lies in a batch's scope.

    A row without domicile is in the scope of a province only: the province its data came in
    (``province``, when the ``snapshot`` file has that column; an older row's is unknown, so
    it is in any province's scope)."""
    code = f"{alias}kelurahan_code"
    conditions = [f"({code} = '{r}' OR starts_with({code}, '{r}.'))" for r in roots]
    provinces = [r for r in roots if "." not in r]
    if provinces and snapshot is not None and PROVINCE in store_columns(snapshot):
        listed = ", ".join(f"'{p}'" for p in provinces)
        conditions.append(f"({code} IS NULL AND coalesce({alias}{PROVINCE} IN ({listed}), true))")
    elif provinces:
        conditions.append(f"{code} IS NULL")
    return " OR ".join(conditions)


def apply_participants(batch: ImportBatch) -> None:
    """Write the period's new snapshot (others' rows kept) and point the registry at it.

    The previous snapshot file stays in the store and the registry's earlier entry is recorded
    as the batch's change, so reverting the batch points the registry back at it.
    """
    period = periods.label(batch.period)
    current = Snapshot.objects.filter(period=batch.period).first()
    before = changes.capture(Snapshot.objects.filter(period=batch.period))
    staged = f"read_parquet('{batch.staged_path}', hive_partitioning = false)"
    parts = [f"SELECT * FROM {staged}"]
    kept_rows = None
    if current is not None:
        kept = "true"
        if batch.mode == ImportBatch.Mode.REPLACE:
            kept = f"NOT coalesce({_in_scope_sql(batch.scope, current.path)}, false)"
        current_rows = f"read_parquet('{current.path}', hive_partitioning = false)"
        kept_rows = f"SELECT * FROM {current_rows} WHERE {kept}"
        # A row is a participation: a staged row replaces the same NIK, segment and NPP only.
        parts.append(
            f"SELECT * FROM ({kept_rows}) c ANTI JOIN {staged} s"
            " ON c.nik_hash = s.nik_hash AND c.segment = s.segment"
            " AND c.employer_npp IS NOT DISTINCT FROM s.employer_npp"
        )
    name = f"batch-{batch.pk:06d}"
    staged_rows = StagedSnapshot.load(Path(batch.staged_path))
    if staged_rows is not None and staged_rows.period == period and not _any(kept_rows, parts):
        # The staged file holds the whole new snapshot already: adopt it as it is.
        written = coverage.store().adopt(
            period,
            Path(batch.staged_path),
            name,
            staged_rows.rows,
            staged_rows.active,
            staged_rows.sha256,
        )
    else:
        with connect() as con:
            written = coverage.store().write(con, period, " UNION ALL BY NAME ".join(parts), name)
    snapshot = coverage.register_snapshot(written, f"Impor #{batch.pk}: {batch.file_name}")
    Snapshot.objects.filter(pk=snapshot.pk).update(batch=batch)
    changes.record(
        batch, Snapshot, before, changes.capture(Snapshot.objects.filter(pk=snapshot.pk))
    )
    _mark_replaced(batch)
    following = periods.label(periods.add(batch.period, 1))
    coverage.recompute([period, following])  # next month's lapses compare with this one
    if RosterWorker.objects.exists():
        match_month(batch.period)  # who on the rosters is covered this month
    staff.match_if_any(batch.period)  # and who of the government's non-ASN staff


def _any(kept_rows: str | None, parts: list[str]) -> bool:
    """Whether the current snapshot keeps any row beside the staged ones (the cheap question,
    rows kept at all, first)."""
    if kept_rows is None:
        return False
    with connect() as con:
        if not con.execute(f"SELECT EXISTS ({kept_rows})").fetchall()[0][0]:
            return False
        return bool(con.execute(f"SELECT EXISTS ({parts[1]})").fetchall()[0][0])


def apply_workforce(batch: ImportBatch) -> None:
    """Store the figures (replacing the period's figures in the batch's scope) and recompute."""
    rows = pq.read_table(batch.staged_path).to_pylist()
    in_period = Workforce.objects.filter(period=batch.period)
    same = Q(pk__in=[])
    for row in rows:
        same |= Q(region_id=row["region"], kind=row["kind"])
    gone = in_period.filter(same)
    if batch.mode == ImportBatch.Mode.REPLACE:
        gone = in_period.filter(same | subtree_q("region__code", batch.scope))
    before = changes.capture(gone)
    gone.delete()
    Workforce.objects.bulk_create(
        [
            Workforce(
                region_id=r["region"],
                period=batch.period,
                kind=r["kind"],
                value=r["value"],
                source=r["source"],
                batch=batch,
            )
            for r in rows
        ]
    )
    after = changes.capture(Workforce.objects.filter(batch=batch))
    changes.record(batch, Workforce, before, after)
    _mark_replaced(batch)
    later = Snapshot.objects.filter(period__gte=batch.period).values_list("period", flat=True)
    coverage.recompute([periods.label(p) for p in later])


def apply_employers(batch: ImportBatch) -> None:
    """Add or update employers by NPP; a full list also retires those in scope it leaves out.

    An NPP registered in a kelurahan outside the batch's scope is never moved or renamed: the
    check rejects its row, and should one have appeared since, nothing is applied.
    """
    rows = pq.read_table(batch.staged_path).to_pylist()
    npps = [r["npp"] for r in rows]
    in_scope = subtree_q("kelurahan__code", batch.scope)
    _refuse_outside(
        Employer.objects.filter(npp__in=npps).exclude(in_scope).values_list("npp", flat=True),
        "NPP",
    )
    retired = Employer.objects.none()
    if batch.mode == ImportBatch.Mode.REPLACE:
        retired = Employer.objects.filter(in_scope, active=True).exclude(npp__in=npps)
    before = changes.capture(Employer.objects.filter(Q(npp__in=npps) | Q(pk__in=retired)))
    retired.update(active=False)
    Employer.objects.bulk_create(
        [
            Employer(
                npp=r["npp"],
                name=r["name"],
                kelurahan_id=r["kelurahan"],
                branch_id=r["branch"],
                sector=r["sector"],
                size=r["size"],
                registered_on=r["registered_on"],
                active=r["active"],
            )
            for r in rows
        ],
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["npp"],
        update_fields=["name", "kelurahan", "branch", "sector", "size", "registered_on", "active"],
    )
    after = changes.capture(Employer.objects.filter(npp__in=[*npps, *before]))
    changes.record(batch, Employer, before, after)
    _mark_replaced(batch)


def _refuse_outside(keys, what: str) -> None:
    found = list(keys[:5])
    if found:
        raise ScopeConflict(
            f"{what} {', '.join(map(str, found))} kini terdaftar di luar wilayah impor ini;"
            " tidak ada data yang diubah. Unggah berkasnya lagi agar barisnya diperiksa ulang."
        )


def apply_roster(batch: ImportBatch) -> None:
    """Add or update roster workers by NIK; a full roster drops those in the batch's scope it
    leaves out. A NIK on a roster outside the scope is never moved (see ``apply_employers``)."""
    rows = pq.read_table(batch.staged_path).drop_columns(["nik_encrypted"]).to_pylist()
    encrypted = pq.read_table(batch.staged_path, columns=["nik_encrypted"]).column(0).to_pylist()
    hashes = [r["nik_hash"] for r in rows]
    scope = subtree_q("region__code", batch.scope)
    elsewhere = RosterWorker.objects.filter(nik_hash__in=hashes).exclude(scope)
    _refuse_outside(elsewhere.values_list("nik_masked", flat=True), "NIK")
    dropped = kept = 0
    drop: list[int] = []
    if batch.mode == ImportBatch.Mode.REPLACE:
        keep = set(hashes)
        in_scope = RosterWorker.objects.filter(scope).values_list("pk", "nik_hash")
        gone = [pk for pk, digest_ in in_scope if bytes(digest_) not in keep]
        # A worker a sponsor paid for or who received a benefit stays: the ledger and the
        # benefit rest on them. Officers end a sponsorship on the pledge's page.
        evidence = set(Allocation.objects.values_list("worker_id", flat=True))
        evidence |= set(Benefit.objects.exclude(worker=None).values_list("worker_id", flat=True))
        drop = [pk for pk in gone if pk not in evidence]
        dropped, kept = len(drop), len(gone) - len(drop)
    before = changes.capture(RosterWorker.objects.filter(Q(nik_hash__in=hashes) | Q(pk__in=drop)))
    statuses = changes.capture(RosterStatus.objects.filter(worker__in=drop))
    for start in range(0, len(drop), 500):
        RosterWorker.objects.filter(pk__in=drop[start : start + 500]).delete()
    RosterWorker.objects.bulk_create(
        [
            RosterWorker(
                region_id=r["region"],
                name=r["name"],
                nik_encrypted=token,
                nik_hash=r["nik_hash"],
                nik_masked=r["nik_masked"],
                category=r["category"],
                extreme_poor=r["extreme_poor"],
                phone=r["phone"],
                desil=r.get("desil"),
                batch=batch,
            )
            for r, token in zip(rows, encrypted, strict=True)
        ],
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["nik_hash"],
        update_fields=[
            "region",
            "name",
            "nik_encrypted",
            "nik_masked",
            "category",
            "extreme_poor",
            "phone",
            "desil",
            "batch",
        ],
    )
    after = changes.capture(RosterWorker.objects.filter(nik_hash__in=hashes))
    changes.record(batch, RosterWorker, before, after)
    changes.record(batch, RosterStatus, statuses, {})
    _mark_replaced(batch)
    match_latest()
    if kept:
        batch.message = (
            f"Diterapkan: {len(rows)} pekerja ditambahkan atau diperbarui, {dropped} yang tidak"
            f" ada di berkas dihapus, {kept} tetap karena pernah dibiayai sponsor atau menerima"
            " manfaat."
        )


def apply_staff(batch: ImportBatch) -> None:
    """Add or update non-ASN staff by NIK, then match the latest month so the agency page shows
    the share covered at once.

    A full roster (the default) is per agency: for each agency in the file it drops that
    agency's staff within the uploader's region whom the file leaves out — except those with a
    recorded benefit, kept as its evidence. Agencies not in the file are left alone.
    ``--append`` only adds and updates.
    """
    table = pq.read_table(batch.staged_path)
    rows = table.drop_columns(["nik_encrypted"]).to_pylist()
    encrypted = table.column("nik_encrypted").to_pylist()
    parties = {r["party"] for r in rows}
    hashes = [r["nik_hash"] for r in rows]
    dropped = kept = 0
    drop: list[int] = []
    if batch.mode == ImportBatch.Mode.REPLACE:
        keep = {r["nik_hash"] for r in rows}
        # The uploader's region (a held batch may be confirmed by someone else); the agencies
        # in the file were checked against the uploader's own.
        in_scope = AgencyWorker.objects.filter(subtree_q("office__code", batch.scope))
        in_scope = in_scope.filter(party__in=parties)
        gone = [
            pk
            for pk, digest_ in in_scope.values_list("pk", "nik_hash")
            if bytes(digest_) not in keep
        ]
        evidence = set(Benefit.objects.exclude(staff=None).values_list("staff_id", flat=True))
        drop = [pk for pk in gone if pk not in evidence]
        dropped, kept = len(drop), len(gone) - len(drop)
    before = changes.capture(AgencyWorker.objects.filter(Q(nik_hash__in=hashes) | Q(pk__in=drop)))
    statuses = changes.capture(StaffStatus.objects.filter(worker__in=drop))
    for start in range(0, len(drop), 500):
        AgencyWorker.objects.filter(pk__in=drop[start : start + 500]).delete()
    AgencyWorker.objects.bulk_create(
        [
            AgencyWorker(
                party_id=r["party"],
                office_id=r["office"],
                name=r["name"],
                nik_encrypted=token,
                nik_hash=r["nik_hash"],
                nik_masked=r["nik_masked"],
                employment=r["employment"],
                funded_by=r["funded_by"],
                declared_income=r["declared_income"],
            )
            for r, token in zip(rows, encrypted, strict=True)
        ],
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["nik_hash"],
        update_fields=[
            "party",
            "office",
            "name",
            "nik_encrypted",
            "nik_masked",
            "employment",
            "funded_by",
            "declared_income",
        ],
    )
    after = changes.capture(AgencyWorker.objects.filter(nik_hash__in=hashes))
    changes.record(batch, AgencyWorker, before, after)
    changes.record(batch, StaffStatus, statuses, {})
    _mark_replaced_staff(batch, parties)
    staff.match_latest()
    batch.message = (
        f"Diterapkan: {len(rows)} pegawai ditambahkan atau diperbarui"
        + (f", {dropped} yang tidak ada di berkas dihapus" if dropped else "")
        + (f", {kept} tetap karena punya catatan manfaat" if kept else "")
        + "."
    )


def _mark_replaced_staff(batch: ImportBatch, parties: set[str]) -> None:
    """A full roster replaces the earlier batches of the same agencies (not other agencies')."""
    if batch.mode != ImportBatch.Mode.REPLACE:
        return
    earlier = ImportBatch.objects.filter(
        kind=batch.kind, scope=batch.scope, status=ImportBatch.Status.APPLIED
    ).exclude(pk=batch.pk)
    for old in earlier:
        try:
            theirs = set(pq.read_table(old.staged_path, columns=["party"]).column(0).to_pylist())
        except (OSError, ValueError, KeyError):
            continue  # its staged rows are gone: nothing to say it held the same agencies
        if theirs <= parties:
            ImportBatch.objects.filter(pk=old.pk).update(
                status=ImportBatch.Status.REPLACED, replaced_by=batch
            )


def apply_benefits(batch: ImportBatch) -> None:
    """Record each benefit through the service the *Catat manfaat* form uses, which links the
    sponsor whose allocation covered the worker on the payment day; ``source`` is ``import``.

    Benefits are facts: an import only adds (``--append`` is the same), and a benefit already
    recorded (same worker, programme, kind and day) is not recorded twice.
    """
    rows = pq.read_table(batch.staged_path).to_pylist()
    people = _people_in_scope([r["nik_hash"] for r in rows], batch.scope)
    recorded = recorded_benefits({person for person, _ in people.values()})
    ids = {"worker": [], "staff": []}
    for person, _ in people.values():
        name, pk = person.split(":")
        ids[name].append(int(pk))
    found = {
        "worker": RosterWorker.objects.in_bulk(ids["worker"]),
        "staff": AgencyWorker.objects.in_bulk(ids["staff"]),
    }
    added = skipped = 0
    created: dict[str, dict] = {}
    for r in rows:
        person, _ = people.get(r["nik_hash"], (None, None))
        if person is None or (person, r["programme"], r["kind"], r["paid_on"]) in recorded:
            skipped += 1  # left the roster, or recorded, since the file was checked
            continue
        name, pk = person.split(":")
        benefit = record_benefit(
            programme=r["programme"],
            kind=r["kind"],
            paid_on=r["paid_on"],
            amount=r["amount"],
            by=batch.username,
            worker=found["worker"][int(pk)] if name == "worker" else None,
            staff=found["staff"][int(pk)] if name == "staff" else None,
            source="import",
        )
        recorded.add((person, r["programme"], r["kind"], r["paid_on"]))
        created.update(changes.capture([benefit]))
        added += 1
    changes.record(batch, Benefit, {}, created)
    batch.message = (
        f"Diterapkan: {added} manfaat dicatat"
        + (
            f", {skipped} dilewati (sudah tercatat atau NIK tidak lagi ada di daftar)"
            if skipped
            else ""
        )
        + "."
    )


def _people_in_scope(hashes: list[bytes], scope: list[str]) -> dict[bytes, tuple[str, str]]:
    """As ``benefits_import.people_by_hash``, within the batch's scope (not the confirmer's)."""
    found: dict[bytes, tuple[str, str]] = {}
    ordered = sorted(set(hashes))
    sources = (
        ("staff", AgencyWorker.objects.filter(subtree_q("office__code", scope)), "office_id"),
        ("worker", RosterWorker.objects.filter(subtree_q("region__code", scope)), "region_id"),
    )
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        for name, rows, region in sources:  # roster workers last: they overwrite
            for pk, digest_, code in rows.filter(nik_hash__in=chunk).values_list(
                "pk", "nik_hash", region
            ):
                found[bytes(digest_)] = (f"{name}:{pk}", code)
    return found


def _mark_replaced(batch: ImportBatch) -> None:
    if batch.mode != ImportBatch.Mode.REPLACE:
        return
    ImportBatch.objects.filter(
        kind=batch.kind, period=batch.period, scope=batch.scope, status=ImportBatch.Status.APPLIED
    ).exclude(pk=batch.pk).update(status=ImportBatch.Status.REPLACED, replaced_by=batch)
