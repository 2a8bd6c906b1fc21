"""Business registry imports, matching against employers, the inspectors' worklist."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from semesta.access import (
    BRANCH_OFFICER,
    CHANGE,
    PROVINCE_ADMIN,
    SYSTEM,
    can,
    in_subtrees,
    principal_of,
    restrict,
    subtree_q,
)
from semesta.businesses import matching
from semesta.businesses.models import SIZE_RANK, WORKED, Business, EmployerKey, Size, Status
from semesta.employers.models import Employer
from semesta.imports.checks import map_columns
from semesta.imports.kinds import Column, Kind
from semesta.imports.messages import render as shared_render
from semesta.imports.reading import read_file
from semesta.imports.resolve import RegionIndex, choice, whole_number
from semesta.regions.models import Level, Region

# Business registries are province data (DPMPTSP/OSS) that BPJS and the province bring in.
IMPORTING_ROLES = frozenset({PROVINCE_ADMIN, BRANCH_OFFICER})
SIZES = {
    "mikro": Size.MICRO,
    "micro": Size.MICRO,
    "usaha mikro": Size.MICRO,
    "kecil": Size.SMALL,
    "small": Size.SMALL,
    "usaha kecil": Size.SMALL,
    "menengah": Size.MEDIUM,
    "medium": Size.MEDIUM,
    "usaha menengah": Size.MEDIUM,
    "besar": Size.LARGE,
    "large": Size.LARGE,
    "usaha besar": Size.LARGE,
}
REGISTRY = Kind(
    "businesses",
    "Daftar usaha (NIB/OSS) untuk mencari pemberi kerja belum terdaftar",
    (
        Column("nib", "NIB", ("Nomor Induk Berusaha", "No NIB"), help="13 digit."),
        Column("name", "Nama Usaha", ("Nama Perusahaan", "Nama Pelaku Usaha", "Nama")),
        Column("address", "Alamat", ("Alamat Usaha", "Alamat Lokasi"), required=False),
        Column("kbli", "KBLI", ("Kode KBLI",), required=False, help="5 digit."),
        Column(
            "kelurahan",
            "Kode Kelurahan",
            ("Kelurahan", "Desa/Kelurahan", "Nama Kelurahan", "Kode Wilayah Kelurahan"),
        ),
        Column(
            "size", "Skala Usaha", ("Skala", "Ukuran Usaha"), help="Mikro, kecil, menengah, besar."
        ),
        Column(
            "workers", "Jumlah Tenaga Kerja", ("Tenaga Kerja", "Jumlah Pekerja"), required=False
        ),
        Column("npwp", "NPWP", ("NPWP Usaha",), required=False),
    ),
    needs_period=False,
)


@dataclass
class Outcome:
    """What an import did: accepted + rejected = total, with each rejection's row and column."""

    file: str
    total: int = 0
    accepted: int = 0
    rejected: int = 0
    created: int = 0
    updated: int = 0
    problems: list[dict] = field(default_factory=list)
    matched: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return self.__dict__


MESSAGES = {
    "nib_invalid": (
        "NIB harus 13 digit (tertulis: {value})",
        "The NIB must have 13 digits (written: {value})",
    ),
    "nib_repeated": (
        "NIB ini sudah ada di baris {first} berkas ini",
        "This NIB is already on row {first} of this file",
    ),
    "kbli_invalid": (
        "KBLI harus 5 digit (tertulis: {value})",
        "The KBLI code must have 5 digits (written: {value})",
    ),
    "business_elsewhere": (
        "Kelurahan {value} di luar wilayah Anda; baris ini tidak disimpan",
        "Kelurahan {value} is outside your region; this row is not kept",
    ),
    "business_nib_elsewhere": (
        "NIB {value} sudah tercatat untuk usaha di wilayah lain; usaha itu tidak dipindahkan",
        "NIB {value} is already recorded for a business in another region; it is not moved",
    ),
}


def render(code: str, lang: str = "id", /, **fields) -> str:
    """A row message in the user's language (shared import messages for the common checks)."""
    if code not in MESSAGES:
        return shared_render(code, lang, **fields)
    template = MESSAGES[code][1 if lang.startswith("en") else 0]
    return template.format(**fields)


def may_import(who) -> bool:
    """Whether ``who`` may bring in a business registry (province admin, BPJS branch)."""
    return bool(principal_of(who).roots(CHANGE, IMPORTING_ROLES)) or who is SYSTEM


def import_registry(path: Path, who, source: str, lang: str = "id") -> Outcome:
    """Check every row of a registry file, keep the good ones in ``who``'s region, re-match.

    A row is rejected, with its row, column and reason, when a value is missing or wrong, when
    its kelurahan is outside the importer's region, or when its NIB already belongs to a
    business of a region the importer cannot change (it is never moved).
    """
    principal = principal_of(who)
    outcome = Outcome(Path(path).name)
    sheet = read_file(Path(path), settings.IMPORT_MAX_BYTES, settings.IMPORT_MAX_UNZIPPED)
    columns = map_columns(REGISTRY, sheet.headers)
    rows = sheet.table.to_pylist()
    outcome.total = len(rows)
    index = RegionIndex(list(Region.objects.values_list("code", "name", "level", "parent_id")))
    roots = principal.roots(CHANGE, IMPORTING_ROLES) if who is not SYSTEM else ["31"]
    existing = dict(Business.objects.values_list("nib", "kelurahan_id"))
    size_of, count = choice(SIZES, "Skala Usaha"), whole_number("Jumlah Tenaga Kerja")
    good: dict[str, dict] = {}
    for row in rows:
        cells = {k: (row.get(f"c{i}") or "").strip() for k, i in columns.index.items()}
        errors = _check(cells, index, size_of, count, roots, existing, good, lang)
        if errors:
            outcome.rejected += 1
            outcome.problems += [{"row": row["_row"], **e} for e in errors]
        else:
            good[cells["nib"]] = {**cells, "row": row["_row"]}
    outcome.accepted = len(good)
    with transaction.atomic():
        outcome.created, outcome.updated = _save(good, source)
        outcome.matched = rematch(roots)
    return outcome


def _check(cells, index, size_of, count, roots, existing, good, lang) -> list[dict]:
    errors = []

    def problem(column: str, code: str, **fields) -> None:
        label = REGISTRY.column(column).label
        errors.append({"column": label, "message": render(code, lang, column=label, **fields)})

    nib = cells.get("nib", "")
    if not (nib.isdigit() and len(nib) == 13):
        problem("nib", "nib_invalid", value=nib[:20])
    elif nib in good:
        problem("nib", "nib_repeated", first=good[nib]["row"])
    if not cells.get("name"):
        problem("name", "required")
    kbli = cells.get("kbli", "")
    if kbli and not (kbli.isdigit() and len(kbli) == 5):
        problem("kbli", "kbli_invalid", value=kbli[:20])
    place = index.resolve(cells.get("kelurahan", ""), "Kode Kelurahan", {Level.KELURAHAN})
    if place.error:
        errors.append(
            {
                "column": "Kode Kelurahan",
                "message": render(place.error, lang, **(place.fields or {})),
            }
        )
    else:
        cells["kelurahan"] = place.value
        if not in_subtrees(place.value, roots):
            problem("kelurahan", "business_elsewhere", value=place.value)
        elif nib in existing and not in_subtrees(existing[nib], roots):
            problem("nib", "business_nib_elsewhere", value=nib)
    size = size_of(cells.get("size", ""))
    if size.error:
        errors.append({"column": "Skala Usaha", "message": render(size.error, lang, **size.fields)})
    else:
        cells["size"] = size.value
    if cells.get("workers"):
        workers = count(cells["workers"])
        if workers.error:
            errors.append(
                {
                    "column": "Jumlah Tenaga Kerja",
                    "message": render(workers.error, lang, **workers.fields),
                }
            )
        else:
            cells["workers"] = workers.value
    return errors


def _save(good: dict[str, dict], source: str) -> tuple[int, int]:
    known = set(Business.objects.filter(nib__in=list(good)).values_list("nib", flat=True))
    fresh, changed = [], []
    for nib, c in good.items():
        business = Business(
            nib=nib,
            npwp=c.get("npwp", ""),
            name=c["name"],
            name_key=matching.name_key(c["name"]),
            address=c.get("address", ""),
            kbli=c.get("kbli", ""),
            kelurahan_id=c["kelurahan"],
            size=c["size"],
            size_rank=SIZE_RANK[c["size"]],
            workers=c.get("workers") or None,
            source=source,
            status=Status.PROBABLE,
        )
        (changed if nib in known else fresh).append(business)
    Business.objects.bulk_create(fresh, batch_size=5000)
    if changed:
        ids = dict(
            Business.objects.filter(nib__in=[b.nib for b in changed]).values_list("nib", "pk")
        )
        for b in changed:
            b.pk = ids[b.nib]
        fields = ["npwp", "name", "name_key", "address", "kbli", "kelurahan_id", "size"]
        fields += ["size_rank", "workers", "source"]
        Business.objects.bulk_update(changed, fields, batch_size=5000)
    return len(fresh), len(changed)


def rematch(roots: list[str]) -> dict:
    """Match the businesses of these regions against their employers; keep officers' statuses."""
    businesses = Business.objects.filter(subtree_q("kelurahan__code", roots))
    employers = Employer.objects.filter(subtree_q("kelurahan__code", roots))
    keys = dict(
        (npp, (nib, npwp))
        for npp, nib, npwp in EmployerKey.objects.filter(employer__in=employers).values_list(
            "employer_id", "nib", "npwp"
        )
    )
    found = matching.match(
        [
            matching.Party(str(pk), key, kel, nib, npwp)
            for pk, key, kel, nib, npwp in businesses.values_list(
                "pk", "name_key", "kelurahan_id", "nib", "npwp"
            )
        ],
        [
            matching.Party(npp, matching.name_key(name), kel, *keys.get(npp, ("", "")))
            for npp, name, kel in employers.values_list("npp", "name", "kelurahan_id")
        ],
    )
    by_business = {int(m.business): m for m in found}
    changes, total = [], 0
    for pk, *old in businesses.values_list(
        "pk", "status", "employer_id", "match_method", "match_score"
    ):
        total += 1
        new = match_columns(by_business.get(pk))
        if old[0] in WORKED:
            new = (old[0], *new[1:])  # an officer's finding stays
        if list(new) != old:
            changes.append((pk, *new))
    _write_matches(changes)
    return match_summary(total, found)


_PROBABLE, _REGISTERED = Status.PROBABLE.value, Status.REGISTERED.value


def match_columns(found: matching.Match | None) -> tuple[str, str | None, str, int | None]:
    """A business's status, employer, match method and score from its match, if any."""
    if found is None:
        return _PROBABLE, None, "", None
    return _REGISTERED, found.employer, found.method, found.score


def match_summary(businesses: int, found: list[matching.Match]) -> dict:
    methods: dict[str, int] = {}
    for m in found:
        methods[m.method] = methods.get(m.method, 0) + 1
    return {"businesses": businesses, "matched": len(found), "by_method": methods}


def _write_matches(changes: list[tuple]) -> None:
    """Write many rows' match results at once: a temporary table and one UPDATE … FROM."""
    if not changes:
        return
    table = Business._meta.db_table
    # One transaction: under autocommit SQLite would commit after every inserted row.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE business_match (id bigint PRIMARY KEY, status varchar(16),"
            " employer varchar(16), method varchar(12), score smallint)"
        )
        try:
            cursor.executemany("INSERT INTO business_match VALUES (%s, %s, %s, %s, %s)", changes)
            cursor.execute(
                f"UPDATE {table} SET status = m.status, employer_id = m.employer,"
                " match_method = m.method, match_score = m.score"
                f" FROM business_match AS m WHERE {table}.id = m.id"
            )
        finally:
            cursor.execute("DROP TABLE business_match")


def worklist(who, filters: dict) -> tuple:
    """The businesses ``who`` may see, filtered and sorted as asked (largest first)."""
    rows = restrict(Business.objects.select_related("kelurahan"), who)
    if filters.get("wilayah"):
        rows = rows.filter(subtree_q("kelurahan__code", [filters["wilayah"]]))
    if filters.get("status"):
        rows = rows.filter(status=filters["status"])
    if filters.get("ukuran"):
        rows = rows.filter(size=filters["ukuran"])
    if filters.get("kbli"):
        rows = rows.filter(kbli__startswith=filters["kbli"][:5])
    if filters.get("q"):
        q = filters["q"].strip()
        rows = rows.filter(name__icontains=q) | rows.filter(nib=q)
    order = {
        "nama": ["name", "nib"],
        "wilayah": ["kelurahan_id", "-size_rank", "nib"],
        "ukuran": ["-size_rank", "-workers", "nib"],
    }.get(filters.get("urut") or "ukuran", ["-size_rank", "-workers", "nib"])
    return rows.order_by(*order)


def set_status(business: Business, who, status: str, note: str) -> Business:
    """An officer records a visit's outcome; refused outside their region."""
    if not can(who, CHANGE, business.kelurahan_id) or status not in Status.values:
        raise PermissionError
    business.status, business.status_note = status, note[:300]
    business.status_by = getattr(who, "username", "system")
    business.status_at = timezone.now()
    business.save(update_fields=["status", "status_note", "status_by", "status_at"])
    return business


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
