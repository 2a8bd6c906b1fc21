"""Building, scheduling and checking Monev reports."""

from __future__ import annotations

import logging
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from semesta.coverage.services import latest_period, provinces_with_figures
from semesta.errors import UserError
from semesta.regions.models import Level, Region
from semesta.reports import render
from semesta.reports.gather import digest, gather, sources
from semesta.reports.models import Report
from semesta.reports.periods import RHYTHM, Period, latest_closed, parse

log = logging.getLogger(__name__)
LEVELS = (Level.PROVINCE, Level.KOTA, Level.KECAMATAN)


class NotReportable(UserError):
    """Monev reports are made for the province, a kota or a kecamatan."""

    def __init__(self, region: Region):
        super().__init__(
            f"Laporan Monev dibuat untuk provinsi, kota atau kecamatan, bukan {region}.",
            f"Monev reports are made for the province, a kota or a kecamatan, not {region}.",
        )


def build(
    region: Region,
    period: Period | str,
    by: str,
    trigger: str = Report.Trigger.DEMAND,
    language: str = "id",
    as_of: date | None = None,
) -> Report:
    """Gather the figures, render PDF and XLSX, and keep them with their sources."""
    if region.level not in LEVELS:
        raise NotReportable(region)
    period = parse(period) if isinstance(period, str) else period
    as_of = as_of or timezone.localdate()
    with translation.override(language):
        data, charts = gather(region, period, as_of)
        used = {**sources(region, period), "as_of": as_of.isoformat()}
        figures = digest(data)
        pdf, pages = render.pdf(data, charts, period, used, figures)
        xlsx = render.xlsx(data, period)
    name = f"monev-{region.code}-{period.label}"
    with transaction.atomic():
        report = Report.objects.create(
            region=region,
            period=period.label,
            trigger=trigger,
            built_by=by,
            language=language,
            sources=used,
            data_digest=figures,
            pdf_pages=pages,
        )
        report.pdf.save(f"{name}-{report.pk}.pdf", ContentFile(pdf), save=False)
        report.xlsx.save(f"{name}-{report.pk}.xlsx", ContentFile(xlsx), save=False)
        report.save(update_fields=["pdf", "xlsx"])
    return report


def verify(report: Report) -> dict:
    """Gather the report's figures again, as of its day: same digest, same snapshots?"""
    period = parse(report.period)
    as_of = date.fromisoformat(report.sources["as_of"])
    with translation.override(report.language):
        data, _charts = gather(report.region, period, as_of)
    now = sources(report.region, period)
    return {
        "identical": digest(data) == report.data_digest,
        "snapshots_unchanged": now["snapshots"] == report.sources["snapshots"],
        "digest": digest(data),
    }


def due(last_month: date | None = None) -> list[tuple[Region, Period]]:
    """The reports the calendar calls for and nobody has built on schedule yet.

    Only the newest closed period of each rhythm counts (a new installation does not back-fill
    years of history): the latest quarter for each kecamatan, semester for each kota, year for
    the province. A period is closed once its last month's participant extract is imported.
    """
    last_month = last_month or latest_period()
    if last_month is None:
        return []
    # Only provinces with figures: with the whole country loaded, the others have none.
    provinces = provinces_with_figures()
    wanted = []
    for level, kind in RHYTHM.items():
        period = latest_closed(kind, last_month)
        done = set(
            Report.objects.filter(
                trigger=Report.Trigger.SCHEDULE, period=period.label, region__level=level
            ).values_list("region_id", flat=True)
        )
        regions = Region.objects.filter(level=level).exclude(code__in=done).order_by("code")
        wanted += [(r, period) for r in regions if r.code.split(".")[0] in provinces]
    return wanted


def build_due() -> int:
    """Build every scheduled report that is due; returns how many were built."""
    failed: set[tuple[str, str]] = set()
    built = 0
    while build_one_due(skip=failed):
        built += 1
    return built


def build_one_due(skip: set[tuple[str, str]]) -> bool:
    """Build the first due report not in ``skip``; a failure is added to ``skip`` and logged."""
    for region, period in due():
        if (region.code, period.label) in skip:
            continue
        try:
            build(region, period, by="jadwal", trigger=Report.Trigger.SCHEDULE)
            return True
        except UserError as problem:  # e.g. no figures for this region yet
            log.warning("scheduled Monev report %s %s: %s", region.code, period.label, problem)
            skip.add((region.code, period.label))
        except Exception:  # one region's failure must not stop the others
            log.exception("scheduled Monev report %s %s failed", region.code, period.label)
            skip.add((region.code, period.label))
    return False
