"""``semesta export opendata --period YYYY-MM -o DIR``: open data for a portal such as CKAN."""

from __future__ import annotations

from pathlib import Path

from django.core.management import BaseCommand, CommandError

from semesta import periods
from semesta.coverage.models import CoverageFact
from semesta.opendata.export import write


class Command(BaseCommand):
    help = "Ekspor data terbuka bulanan (CSV, JSON, metadata) tanpa RW dan tanpa data pribadi."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        opendata = sub.add_parser("opendata", help="Cakupan per kota, kecamatan, kelurahan")
        opendata.add_argument("--period", required=True, help="Bulan TTTT-BB")
        opendata.add_argument("-o", "--output", required=True, help="Folder tujuan")

    def handle(self, *args, what: str, period: str, output: str, **options) -> None:
        try:
            month = periods.parse(period)
        except ValueError as exc:
            raise CommandError(f"Periode tidak valid: {period} (TTTT-BB).") from exc
        if not CoverageFact.objects.filter(period=month).exists():
            raise CommandError(f"Belum ada data cakupan untuk {period}.")
        for path in write(month, Path(output)):
            self.stdout.write(str(path))
