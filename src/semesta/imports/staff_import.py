"""Checking a roster of an agency's non-ASN staff (PJLP, contract staff, partners).

Each row names the agency (party) and the office region; a dinas officer may import only their
own agency's staff, other officers only offices within their region. A NIK already on the
non-ASN roster of an agency or region the uploader cannot see is rejected, so an import never
moves someone else's worker.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

import pyarrow as pa
from django.conf import settings

from semesta.access import bound_parties, covers
from semesta.collaboration.models import AgencyWorker, Employment, Party
from semesta.contributions.calculator import InputError, bpu
from semesta.imports import resolve
from semesta.imports.checks import Checked, Mapping, Problem, canonical_table
from semesta.imports.reading import Sheet
from semesta.imports.roster_import import _nik as check_nik
from semesta.nik import NikError, nik_hash, parse_nik
from semesta.regions.models import Level, Region

SCHEMA = pa.schema(
    [
        ("_row", pa.int64()),
        ("nik", pa.string()),
        ("name", pa.string()),
        ("party", pa.string()),
        ("office", pa.string()),
        ("employment", pa.string()),
        ("funded_by", pa.string()),
        ("declared_income", pa.int64()),
    ]
)
REQUIRED = ("party", "office", "nik", "name", "employment")
OFFICE_LEVELS = {Level.KOTA, Level.KECAMATAN, Level.KELURAHAN}
EMPLOYMENT_CHOICES = ", ".join(str(e.label) for e in Employment)
DEFAULT_INCOME = 1_000_000


@dataclass
class _Context:
    principal: object
    label: object
    parties: dict[str, str]  # normalised code or name → code
    allowed: list[str] | None  # the agency officer's parties; None: bound by region only
    regions: resolve.RegionIndex
    elsewhere: set[bytes]  # NIK hashes on non-ASN rosters the uploader cannot see
    hash_key: bytes
    employments: object
    funders: object
    income: object
    month: str
    seen: dict[str, int]


def check_staff(sheet: Sheet, mapping: Mapping, principal, today: dt.date) -> Checked:
    """Each row: a known agency the uploader may import for, an office in scope, a valid NIK
    (once in the file, not on another agency's roster out of reach), a name and an employment
    type; the funder and declared income, when given, must be ones the calculator prices."""
    table = canonical_table(sheet, mapping)
    label = mapping.headers.get
    key = bytes.fromhex(settings.NIK_HASH_KEY)
    parties: dict[str, str] = {}
    for code, name in Party.objects.values_list("code", "name"):
        parties[resolve.normalise_header(name)] = code
        parties[resolve.normalise_header(code)] = code
    regions = Region.objects.filter(level__in=OFFICE_LEVELS)
    context = _Context(
        principal=principal,
        label=label,
        parties=parties,
        allowed=bound_parties(principal),
        regions=resolve.RegionIndex(
            list(regions.values_list("code", "name", "level", "parent_id"))
        ),
        elsewhere=_out_of_reach(table.column("nik").to_pylist(), principal, key),
        hash_key=key,
        employments=resolve.choice(
            resolve.EMPLOYMENTS, label("employment") or "Jenis Pegawai", EMPLOYMENT_CHOICES
        ),
        funders=resolve.choice(
            resolve.FUNDERS, label("funded_by") or "Sumber Dana", resolve.FUNDER_CHOICES
        ),
        income=resolve.rupiah(label("declared_income") or "Penghasilan"),
        month=f"{today:%Y-%m}",
        seen={},
    )
    accepted, problems = [], []
    for record in table.to_pylist():
        found, row = _check_row(record, context)
        problems += found
        if row is not None:
            accepted.append(row)
    return Checked(table.num_rows, pa.Table.from_pylist(accepted, SCHEMA), problems)


def _out_of_reach(raw_niks: list[str | None], principal, key: bytes) -> set[bytes]:
    """Hashes of the file's NIKs that sit on a non-ASN roster the uploader may not change."""
    hashes = set()
    for raw in raw_niks:
        try:
            hashes.add(nik_hash(parse_nik(raw or "").value, key))
        except NikError:
            continue
    found: set[bytes] = set()
    visible = AgencyWorker.objects.visible_to(principal)
    ordered = sorted(hashes)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        existing = {
            bytes(h)
            for h in AgencyWorker.objects.filter(nik_hash__in=chunk).values_list(
                "nik_hash", flat=True
            )
        }
        mine = {
            bytes(h) for h in visible.filter(nik_hash__in=chunk).values_list("nik_hash", flat=True)
        }
        found |= existing - mine
    return found


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
    nik = check_nik(record.get("nik"), ctx.seen, add)
    if nik and nik_hash(nik, ctx.hash_key) in ctx.elsewhere:
        add("nik", "staff_elsewhere")
    party = _party(record.get("party"), ctx, add)
    office = _office(record, ctx, add)
    employment = ctx.employments(record["employment"]) if record.get("employment") else None
    funder = (
        ctx.funders(record["funded_by"]) if record.get("funded_by") else resolve.Resolved("apbd")
    )
    income = (
        ctx.income(record["declared_income"])
        if record.get("declared_income")
        else resolve.Resolved(DEFAULT_INCOME)
    )
    for key, result in (
        ("employment", employment),
        ("funded_by", funder),
        ("declared_income", income),
    ):
        if result is not None and result.error:
            add(key, result)
    if income.error is None and funder.error is None:
        _priceable(record, income.value, funder.value, ctx, add)
    if found:
        return found, None
    ctx.seen[nik] = row
    return found, {
        "_row": row,
        "nik": nik,
        "name": record["name"][:150],
        "party": party,
        "office": office,
        "employment": employment.value,
        "funded_by": funder.value,
        "declared_income": income.value,
    }


def _party(raw: str | None, ctx: _Context, add) -> str | None:
    if not raw:
        return None
    code = ctx.parties.get(resolve.normalise_header(raw))
    if code is None:
        fields = {"value": raw}
        close = difflib.get_close_matches(
            resolve.normalise_header(raw), ctx.parties, n=3, cutoff=0.75
        )
        if close:
            names = ", ".join(sorted({ctx.parties[c] for c in close}))
            fields |= {
                "suggestions": f"; mungkin maksud Anda: {names}",
                "suggestions_en": f"; did you mean: {names}",
            }
        add("party", "party_unknown", fields)
        return None
    if ctx.allowed is not None and code not in ctx.allowed:
        add("party", "party_out_of_scope", {"value": f"{raw} ({code})"})
        return None
    return code


def _office(record: dict, ctx: _Context, add) -> str | None:
    if not record.get("office"):
        return None
    within = None
    if record.get("kecamatan"):
        within = ctx.regions.resolve(record["kecamatan"], "Kecamatan", {Level.KECAMATAN}).value
    result = ctx.regions.resolve(record["office"], ctx.label("office"), OFFICE_LEVELS, within)
    if result.error:
        add("office", result)
        return None
    if not covers(ctx.principal, result.value):
        add("office", "out_of_scope", {"value": f"{record['office']} ({result.value})"})
        return None
    return result.value


def _priceable(record: dict, income: int, funder: str, ctx: _Context, add) -> None:
    """The declared income must be one the contribution rules price (the agency page does)."""
    try:
        bpu(income, ctx.month, "other", funder)
    except InputError as error:
        key = "declared_income"
        value = record.get(key) or f"{income:,}".replace(",", ".")
        add(
            key,
            "income_range",
            {"value": value, "message": error.message_id, "message_en": error.message_en},
        )
