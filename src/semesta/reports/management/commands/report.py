"""``semesta report monev --region 31.75.01 --period 2025-Q4 --format pdf -o out.pdf``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from django.core.management import BaseCommand, CommandError

from semesta.access import VIEW, acting_as, can
from semesta.errors import UserError
from semesta.regions.models import Region
from semesta.reports.models import Report
from semesta.reports.services import build, build_due, due, verify


class Command(BaseCommand):
    help = "Laporan Monev: buat (PDF/XLSX), buat yang terjadwal, atau periksa ulang."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        monev = sub.add_parser("monev", help="Buat laporan Monev satu wilayah dan periode")
        monev.add_argument("--region", required=True, help="Kode provinsi, kota atau kecamatan")
        monev.add_argument("--period", required=True, help="2025-Q4, 2025-S2 atau 2025")
        monev.add_argument("--format", choices=("pdf", "xlsx"), default="pdf")
        monev.add_argument("-o", "--output", required=True, help="Berkas tujuan")
        monev.add_argument("--lang", choices=("id", "en"), default="id")
        monev.add_argument("--as-user", help="Buat atas nama pengguna ini (hanya wilayahnya)")
        scheduled = sub.add_parser("due", help="Buat laporan terjadwal yang jatuh tempo")
        scheduled.add_argument("--list", action="store_true", help="Hanya tampilkan")
        check = sub.add_parser("verify", help="Hitung ulang angka laporan dan bandingkan")
        check.add_argument("id", type=int)

    def handle(self, *args, what: str, **options) -> None:
        try:
            getattr(self, f"_{what}")(**options)
        except UserError as problem:
            raise CommandError(problem.message(options.get("lang") or "id")) from problem

    def _monev(self, region: str, period: str, format: str, output: str, lang: str, **opts) -> None:
        try:
            who = acting_as(opts.get("as_user"))
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        place = Region.objects.filter(code=region).first()
        if place is None or not can(who, VIEW, region):
            raise CommandError(f"Wilayah tidak dikenal atau di luar wilayah Anda: {region}")
        by = getattr(who, "username", "system")
        report = build(place, period, by=by, trigger=Report.Trigger.CLI, language=lang)
        stored = report.pdf if format == "pdf" else report.xlsx
        with stored.open("rb") as source, Path(output).open("wb") as target:
            shutil.copyfileobj(source, target)
        pages = f", {report.pdf_pages} halaman" if format == "pdf" else ""
        self.stdout.write(f"{output}: laporan #{report.pk}{pages}, sidik {report.data_digest[:12]}")

    def _due(self, list: bool, **_) -> None:
        if list:
            for region, period in due():
                self.stdout.write(f"{region.code}\t{period.label}\t{region.name}")
            return
        self.stdout.write(f"{build_due()} laporan terjadwal dibuat.")

    def _verify(self, id: int, **_) -> None:
        report = Report.objects.filter(pk=id).select_related("region").first()
        if report is None:
            raise CommandError(f"Laporan #{id} tidak ada.")
        result = verify(report)
        self.stdout.write(json.dumps(result, indent=2))
        if not result["identical"]:
            raise CommandError("Angka laporan berbeda dari data saat ini.")
