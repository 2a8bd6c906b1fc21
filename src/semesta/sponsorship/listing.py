"""A pledge's workers as a list: search, filters, sort, pages and exports of the filtered set.

Everything shown is what a sponsor may see: the masked NIK, where the worker lives (kelurahan,
RW), their category, when the cover started and ended and the latest month's match. Names and
phone numbers are never part of it. The web page, the CSV and the XLSX use one filtered query.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from semesta.access import subtree_q, within
from semesta.formats import XLSX_OPTIONS
from semesta.regions.models import Level, Region
from semesta.sponsorship.models import Allocation, Pledge
from semesta.workers.matching import latest_matched
from semesta.workers.models import Category, RosterStatus

PAGE_SIZE = 50
STATES = ("aktif", "berakhir")
SORTS = {
    "wilayah": ("worker__region_id", "worker__nik_masked", "pk"),
    "nik": ("worker__nik_masked", "pk"),
    "-nik": ("-worker__nik_masked", "-pk"),
    "sejak": ("start", "worker__region_id", "pk"),
    "-sejak": ("-start", "worker__region_id", "-pk"),
    "kategori": ("worker__category", "worker__region_id", "pk"),
}


@dataclass(frozen=True)
class Filters:
    """What the list is narrowed to, read from the query string (unknown values are ignored)."""

    q: str = ""
    kelurahan: str = ""
    rw: str = ""
    state: str = ""
    sort: str = "wilayah"

    @classmethod
    def from_params(cls, params, pledge: Pledge) -> Filters:
        within = _within(pledge)
        kelurahan = params.get("kelurahan", "").strip()
        rw = params.get("rw", "").strip()
        return cls(
            q=params.get("q", "").strip()[:40],
            kelurahan=kelurahan if within(kelurahan) and kelurahan.count(".") == 3 else "",
            rw=rw if within(rw) and rw.count(".") == 4 else "",
            state=params.get("status", "") if params.get("status", "") in STATES else "",
            sort=params.get("urut", "") if params.get("urut", "") in SORTS else "wilayah",
        )

    def as_detail(self) -> dict:
        """For the audit log: what was asked for (no personal data)."""
        return {k: v for k, v in self.__dict__.items() if v}


def _within(pledge: Pledge):
    return lambda code: bool(code) and within(code, pledge.region_id)


def _under(code: str) -> Q:
    return subtree_q("worker__region__code", [code])


def filtered(pledge: Pledge, filters: Filters) -> QuerySet:
    """The pledge's allocations narrowed by the filters, in the chosen order."""
    rows = Allocation.objects.filter(pledge=pledge)
    if filters.kelurahan:
        rows = rows.filter(_under(filters.kelurahan))
    if filters.rw:
        rows = rows.filter(_under(filters.rw))
    if filters.state == "aktif":
        rows = rows.filter(ended__isnull=True)
    elif filters.state == "berakhir":
        rows = rows.filter(ended__isnull=False)
    if filters.q:
        rows = rows.filter(_search(pledge, filters.q))
    return rows.order_by(*SORTS[filters.sort])


def _search(pledge: Pledge, text: str) -> Q:
    """Digits: the visible end of the masked NIK (or its start); words: a kelurahan's name."""
    digits = text.replace("*", "")
    if digits.isdigit():
        return Q(worker__nik_masked__endswith=digits[-4:]) | Q(
            worker__nik_masked__startswith=digits[:4]
        )
    codes = (
        Region.objects.subtree(pledge.region_id)
        .filter(level=Level.KELURAHAN, name__icontains=text)
        .values_list("code", flat=True)
    )
    query = Q(pk__in=[])
    for code in codes:
        query |= _under(code)
    return query


def kelurahan_of(code: str) -> str:
    return ".".join(code.split(".")[:4])


def rw_of(code: str) -> str:
    return ".".join(code.split(".")[:5]) if code.count(".") >= 4 else ""


def rows_of(allocations) -> list[dict]:
    """Display rows for some allocations (one page, or the export): masked data only."""
    latest = latest_matched()
    status = RosterStatus.objects.filter(worker=OuterRef("worker_id"), period=latest)
    items = list(
        allocations.annotate(match=Subquery(status.values("status")[:1])).values(
            "pk",
            "start",
            "ended",
            "ended_by",
            "ended_at",
            "by",
            "rule",
            "match",
            "worker__nik_masked",
            "worker__region_id",
            "worker__category",
        )
    )
    kelurahan = {kelurahan_of(i["worker__region_id"]) for i in items}
    names = dict(Region.objects.filter(code__in=kelurahan).values_list("code", "name"))
    categories = dict(Category.choices)
    matches = dict(RosterStatus.Status.choices)
    return [
        {
            "pk": i["pk"],
            "nik": i["worker__nik_masked"],
            "kelurahan": names.get(kelurahan_of(i["worker__region_id"]), ""),
            "kelurahan_code": kelurahan_of(i["worker__region_id"]),
            "rw": rw_of(i["worker__region_id"]).rsplit(".", 1)[-1]
            if rw_of(i["worker__region_id"])
            else "",
            "category": categories.get(i["worker__category"], i["worker__category"]),
            "start": i["start"],
            "ended": i["ended"],
            "ended_by": i["ended_by"],
            "ended_at": i["ended_at"],
            "by": i["by"],
            "rule": i["rule"],
            "match": i["match"] or "",
            "match_label": str(matches.get(i["match"], "")) if i["match"] else "",
        }
        for i in items
    ]


def kelurahan_choices(pledge: Pledge) -> list[tuple[str, str]]:
    """Kelurahan in the pledge's region, for the filter."""
    return list(
        Region.objects.subtree(pledge.region_id)
        .filter(level=Level.KELURAHAN)
        .order_by("name")
        .values_list("code", "name")
    )


def rw_choices(kelurahan: str) -> list[tuple[str, str]]:
    """The RWs of one kelurahan, for the filter once a kelurahan is chosen."""
    if not kelurahan:
        return []
    return list(
        Region.objects.filter(parent_id=kelurahan, level=Level.RW)
        .order_by("code")
        .values_list("code", "name")
    )


def _header() -> list[str]:
    return [
        "NIK",
        _("Kelurahan"),
        "RW",
        _("Kategori"),
        _("Sejak"),
        _("Berakhir"),
        _("Status kepesertaan"),
    ]


def _values(row: dict) -> list:
    return [
        row["nik"],
        row["kelurahan"],
        row["rw"],
        row["category"],
        f"{row['start']:%Y-%m}",
        f"{row['ended']:%Y-%m}" if row["ended"] else "",
        row["match_label"],
    ]


def export_rows(allocations, chunk: int = 2000):
    """Rows of the filtered set for an export, fetched a chunk at a time."""
    ids = list(allocations.values_list("pk", flat=True))
    order = {pk: n for n, pk in enumerate(ids)}
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        rows = rows_of(Allocation.objects.filter(pk__in=part))
        yield from sorted(rows, key=lambda r: order[r["pk"]])


def as_csv(allocations) -> bytes:
    """The filtered workers as CSV (UTF-8 with BOM so Excel reads it), NIKs masked."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_header())
    for row in export_rows(allocations):
        writer.writerow(_values(row))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(allocations) -> bytes:
    """The filtered workers as an XLSX workbook, NIKs masked."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {**XLSX_OPTIONS, "in_memory": True})
    sheet = book.add_worksheet(_("Pekerja"))
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, _header(), bold)
    n = 0
    for n, row in enumerate(export_rows(allocations), start=1):
        sheet.write_row(n, 0, _values(row))
    sheet.autofilter(0, 0, n, len(_header()) - 1)
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 24)
    book.close()
    return out.getvalue()
