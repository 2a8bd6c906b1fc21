"""Lists the way every list in Semesta works: paginated on the server, "N dari M", search,
filters, sort, and an export of the whole filtered set as CSV or XLSX (issue 17, part 2).

A view builds one ``Worklist`` from a scoped queryset; the worklist applies the access core
itself (``restrict(..., "view")`` for the page, ``"export"`` for downloads), so no caller can
forget it, and nothing is cut silently: the page says which rows of how many it shows, and the
export holds every row of the filtered set::

    wl = Worklist(request, Event.objects.all(), columns=[Column("held_on", _("Tanggal"))],
                  filters=[RegionFilter(), DateRange("held_on")], search=["title"],
                  sorts={"-tanggal": ("-held_on", "-pk"), "tanggal": ("held_on", "pk")})
    if wl.export_format:
        return wl.export()
    render(request, "x.html", {"wl": wl})  # {% include "worklist/filters.html" %} etc.

Query parameters (Indonesian, shared by every list): ``q`` search, ``urut`` sort, ``halaman``
page, ``ekspor`` csv or xlsx, plus each filter's own.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpResponse, QueryDict, StreamingHttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from semesta.access import EXPORT, VIEW, can, restrict, subtree_q
from semesta.formats import XLSX_OPTIONS, number, safe_cell, safe_row

FORMATS = ("csv", "xlsx")
PAGE, SEARCH, SORT, EXPORT_PARAM = "halaman", "q", "urut", "ekspor"
SEARCH_MAX = 100
CHUNK = 2000


@dataclass(frozen=True)
class Column:
    """One column of the list and of its exports: ``key`` is an attribute path (``region.name``)
    unless ``value`` computes the cell from the row."""

    key: str
    label: str
    value: Callable[[Any], Any] | None = None

    def of(self, row) -> Any:
        if self.value is not None:
            return self.value(row)
        try:
            return attrgetter(self.key)(row)
        except AttributeError:
            return None


class Filter:
    """A narrowing of the list read from the query string; unknown values are ignored."""

    params: tuple[str, ...] = ()
    label = ""
    template = "worklist/filter_select.html"

    def clean(self, params, user) -> dict[str, str]:
        raise NotImplementedError

    def apply(self, queryset: QuerySet, values: dict[str, str]) -> QuerySet:
        raise NotImplementedError


class Choice(Filter):
    """One value of a field out of fixed choices (e.g. an audience)."""

    def __init__(self, param: str, label: str, field: str, choices: Iterable[tuple[str, str]]):
        self.params, self.label, self.field = (param,), label, field
        self.choices = list(choices)

    def clean(self, params, user) -> dict[str, str]:
        value = params.get(self.params[0], "")
        return {self.params[0]: value if value in {c for c, _ in self.choices} else ""}

    def apply(self, queryset, values):
        value = values[self.params[0]]
        return queryset.filter(**{self.field: value}) if value else queryset

    def options(self, user) -> list[tuple[str, str]]:
        return self.choices


class RegionFilter(Filter):
    """A region and everything below it, by Kemendagri code; only regions the user may see.

    The select offers the kota, kecamatan and kelurahan in the user's scope; any other visible
    code (an RW) typed in the address works too.
    """

    LEVELS = ("kota", "kecamatan", "kelurahan")
    MOST = 600  # options in the list at most

    def __init__(self, param: str = "wilayah", label: str = "", field: str = "region__code"):
        self.params, self.label, self.field = (param,), label or _("Wilayah"), field

    def clean(self, params, user) -> dict[str, str]:
        code = params.get(self.params[0], "").strip()[:40]
        return {self.params[0]: code if code and can(user, VIEW, code) else ""}

    def apply(self, queryset, values):
        code = values[self.params[0]]
        return queryset.filter(subtree_q(self.field, [code])) if code else queryset

    def options(self, user) -> list[tuple[str, str]]:
        """The finest levels whose regions stay a readable list (a national reader gets the
        provinces and kab/kota, not 91,000 villages); finer codes still work in the address."""
        from semesta.regions.models import Region

        visible = Region.objects.visible_to(user)
        for levels in (self.LEVELS, ("kota", "kecamatan"), ("province", "kota")):
            if visible.filter(level__in=levels).count() <= self.MOST:
                break
        rows = visible.filter(level__in=levels).order_by("code")
        indent = {level: "\u00a0\u00a0" * depth for depth, level in enumerate(levels)}
        return [
            (code, f"{indent[level]}{name}")
            for code, name, level in rows.values_list("code", "name", "level")[: self.MOST]
        ]


class DateRange(Filter):
    """From and to dates (inclusive) on a date field: ``dari`` and ``sampai``."""

    template = "worklist/filter_dates.html"

    def __init__(self, field: str, label: str = "", start: str = "dari", end: str = "sampai"):
        self.params, self.label, self.field = (start, end), label or _("Tanggal"), field

    def clean(self, params, user) -> dict[str, str]:
        found = {}
        for param in self.params:
            try:
                found[param] = date.fromisoformat(params.get(param, "")).isoformat()
            except ValueError:
                found[param] = ""
        return found

    def apply(self, queryset, values):
        start, end = (values[p] for p in self.params)
        if start:
            queryset = queryset.filter(**{f"{self.field}__gte": start})
        if end:
            queryset = queryset.filter(**{f"{self.field}__lte": end})
        return queryset


@dataclass
class BoundFilter:
    """A filter with its current values, for the filters partial."""

    filter: Filter
    values: dict[str, str]
    options: list[tuple[str, str]] = field(default_factory=list)

    @property
    def param(self) -> str:
        return self.filter.params[0]

    @property
    def value(self) -> str:
        return self.values[self.param]


class Worklist:
    """One page of a scoped, filtered, searched and sorted list, and its exports."""

    def __init__(
        self,
        request,
        queryset: QuerySet,
        *,
        columns: list[Column],
        filters: Iterable[Filter] = (),
        search: Iterable[str] = (),
        sorts: dict[str, tuple[str, ...]] | None = None,
        sort_labels: dict[str, str] | None = None,
        per_page: int = 50,
        name: str = "daftar",
        region_code: str = "",
    ):
        self.request, self.user = request, request.user
        self.columns, self.search_fields = columns, list(search)
        self.sorts = sorts or {"": ("pk",)}
        self.sort_labels = sort_labels or {}
        self.name, self.region_code = name, region_code
        params = request.GET
        self.filters = [BoundFilter(f, f.clean(params, self.user)) for f in filters]
        self.q = params.get(SEARCH, "").strip()[:SEARCH_MAX]
        sort = params.get(SORT, "")
        self.sort = sort if sort in self.sorts else next(iter(self.sorts))
        fmt = params.get(EXPORT_PARAM, "")
        self.export_format = fmt if fmt in FORMATS else ""
        self._base = queryset
        self.filtered = self._narrow(self.scoped(VIEW))
        self.page = Paginator(self.filtered, per_page).get_page(params.get(PAGE))

    def scoped(self, action: str) -> QuerySet:
        """The rows the user may take ``action`` on, before filters. A list whose rule is wider
        than its model's (e.g. one's own uploads too) overrides this, still through the core."""
        return restrict(self._base, self.user, action)

    def search_query(self, text: str) -> Q:
        """What the search box matches: any search field containing the text. A list whose
        fields are not all visible to everyone (names) overrides this."""
        query = Q()
        for name in self.search_fields:
            query |= Q(**{f"{name}__icontains": text})
        return query

    def _narrow(self, rows: QuerySet) -> QuerySet:
        for bound in self.filters:
            rows = bound.filter.apply(rows, bound.values)
        if self.q and self.search_fields:
            rows = rows.filter(self.search_query(self.q))
        return rows.order_by(*self.sorts[self.sort])

    # What the page shows

    @property
    def rows(self) -> list:
        return list(self.page.object_list)

    @property
    def display_rows(self) -> list[list]:
        """The page's cells column by column (for ``worklist/table.html``)."""
        return [[c.of(row) for c in self.columns] for row in self.rows]

    @property
    def total(self) -> int:
        return self.page.paginator.count

    @property
    def narrowed(self) -> bool:
        """Whether a search or filter is in force (to tell 'none match' from 'none yet')."""
        return bool(self.q or self.active_filters())

    @property
    def shown_text(self) -> str:
        """``Menampilkan 51–100 dari 1.234``."""
        if not self.total:
            return _("Menampilkan 0 dari 0")
        return _("Menampilkan %(first)s–%(last)s dari %(total)s") % {
            "first": number(self.page.start_index()),
            "last": number(self.page.end_index()),
            "total": number(self.total),
        }

    def active_filters(self) -> dict[str, str]:
        found = {k: v for b in self.filters for k, v in b.values.items() if v}
        return found

    def state(self) -> dict[str, str]:
        """The search, filters and sort in force (what every link keeps)."""
        found = self.active_filters()
        if self.q:
            found[SEARCH] = self.q
        if self.sort != next(iter(self.sorts)):
            found[SORT] = self.sort
        return found

    def querystring(self, **changes) -> str:
        """The current state as a query string, with some parameters changed (None removes)."""
        from urllib.parse import urlencode

        values = {**self.state(), **changes}
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})

    def page_url(self, number: int) -> str:
        return "?" + self.querystring(**{PAGE: number if number > 1 else None})

    @property
    def previous_url(self) -> str:
        return self.page_url(self.page.previous_page_number()) if self.page.has_previous() else ""

    @property
    def next_url(self) -> str:
        return self.page_url(self.page.next_page_number()) if self.page.has_next() else ""

    def sort_url(self, key: str) -> str:
        return "?" + self.querystring(**{SORT: key})

    @property
    def next_sort_url(self) -> str:
        """The link a sortable column header follows: the next sort in the cycle."""
        keys = list(self.sorts)
        return self.sort_url(keys[(keys.index(self.sort) + 1) % len(keys)])

    @property
    def sort_options(self) -> list[tuple[str, str, bool]]:
        return [(k, self.sort_labels.get(k, k), k == self.sort) for k in self.sorts]

    @property
    def export_urls(self) -> list[tuple[str, str]]:
        return [(fmt.upper(), "?" + self.querystring(**{EXPORT_PARAM: fmt})) for fmt in FORMATS]

    @property
    def bound_filters(self) -> list[BoundFilter]:
        for bound in self.filters:
            if hasattr(bound.filter, "options") and not bound.options:
                bound.options = bound.filter.options(self.user)
        return self.filters

    # Exports

    def export(self, fmt: str | None = None):
        """The whole filtered set as a streamed CSV or XLSX download, recorded in the audit log.

        Rows are read again through ``restrict(..., "export")``; every text cell is neutralised
        against formula injection.
        """
        from semesta.accounts.audit import record
        from semesta.accounts.models import AuditEvent

        fmt = fmt or self.export_format
        if fmt not in FORMATS:
            raise Http404
        rows = self._narrow(self.scoped(EXPORT))
        record(
            self.user,
            AuditEvent.Action.EXPORT,
            region_code=self.region_code or self.active_filters().get("wilayah", ""),
            obj_type=f"{self.name}_{fmt}",
            detail={**self.state(), "rows": rows.count()},
            request=self.request,
        )
        filename = f"{slugify(self.name) or 'daftar'}.{fmt}"
        if fmt == "csv":
            response = StreamingHttpResponse(self._csv(rows), content_type="text/csv")
        else:
            response = FileResponse(
                self._xlsx(rows),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def header(self) -> list[str]:
        return [str(c.label) for c in self.columns]

    def values(self, row) -> list:
        return [safe_cell(c.of(row)) for c in self.columns]

    def _each(self, rows: QuerySet) -> Iterator:
        return rows.iterator(chunk_size=CHUNK)

    def _csv(self, rows: QuerySet) -> Iterator[str]:
        """CSV lines, UTF-8 with a BOM so Excel reads it, written a row at a time."""

        class Line:
            def write(self, text: str) -> str:
                return text

        writer = csv.writer(Line())
        yield "\ufeff" + writer.writerow(safe_row(self.header()))
        for row in self._each(rows):
            yield writer.writerow(self.values(row))

    def _xlsx(self, rows: QuerySet):
        """An XLSX workbook written row by row to a private temporary file, then streamed."""
        import xlsxwriter

        handle, path = tempfile.mkstemp(suffix=".xlsx", dir=settings.DATA_DIR)
        os.close(handle)
        try:
            book = xlsxwriter.Workbook(path, {**XLSX_OPTIONS, "constant_memory": True})
            sheet = book.add_worksheet(self.name[:31] or "daftar")
            sheet.write_row(0, 0, self.header(), book.add_format({"bold": True}))
            n = 0
            for n, row in enumerate(self._each(rows), start=1):
                sheet.write_row(n, 0, self.values(row))
            sheet.autofilter(0, 0, max(n, 1), len(self.columns) - 1)
            book.close()
            return open(path, "rb")  # FileResponse closes it
        finally:
            os.unlink(path)  # the open handle keeps the data until the response is sent


class Pages:
    """A page of a list not built on ``Worklist`` (its rows join figures from the snapshot
    store), with what ``worklist/pager.html`` and "N dari M" need; the query's filters are kept
    across pages."""

    def __init__(self, params: QueryDict, rows: Any, per_page: int) -> None:
        self.page = Paginator(rows, per_page).get_page(params.get(PAGE))
        kept = params.copy()
        for name in (PAGE, "format", EXPORT_PARAM):
            kept.pop(name, None)
        self.query = kept.urlencode()

    def shown_text(self) -> str:
        """``Menampilkan 51–100 dari 1.234``."""
        return _("Menampilkan %(first)s–%(last)s dari %(total)s") % {
            "first": number(self.page.start_index()),
            "last": number(self.page.end_index()),
            "total": number(self.page.paginator.count),
        }

    def _url(self, number: int) -> str:
        return f"?{self.query}{'&' if self.query else ''}{PAGE}={number}"

    @property
    def previous_url(self) -> str:
        return self._url(self.page.previous_page_number()) if self.page.has_previous() else ""

    @property
    def next_url(self) -> str:
        return self._url(self.page.next_page_number()) if self.page.has_next() else ""


def table_download(filename: str, header, rows) -> HttpResponse:
    """Plain rows as a CSV (UTF-8 with a BOM) or XLSX download, by the file name's extension;
    every text cell neutralised, numbers kept as numbers. For lists whose rows are not one
    queryset (a page joins figures from the snapshot store)."""
    import io

    import xlsxwriter

    if filename.endswith(".csv"):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(safe_row(header))
        writer.writerows(safe_row(row) for row in rows)
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv")
    else:
        out = io.BytesIO()
        book = xlsxwriter.Workbook(out, {**XLSX_OPTIONS, "in_memory": True})
        sheet = book.add_worksheet("daftar")
        sheet.write_row(0, 0, safe_row(header), book.add_format({"bold": True}))
        n = 0
        for n, row in enumerate(rows, start=1):
            sheet.write_row(n, 0, safe_row(row))
        sheet.autofilter(0, 0, max(n, 1), len(header) - 1)
        book.close()
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
