"""``semesta rosters [--period YYYY-MM] [--json]``: match the rosters against a month again."""

from __future__ import annotations

import json

from django.core.management import BaseCommand, CommandError

from semesta import periods
from semesta.coverage.models import Snapshot
from semesta.formats import number
from semesta.workers.matching import match_month


class Command(BaseCommand):
    help = "Cocokkan daftar pekerja rentan dengan ekstrak peserta satu bulan (bawaan: terbaru)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--period", help="Bulan TTTT-BB (bawaan: ekstrak terbaru)")
        parser.add_argument("--json", action="store_true", help="Cetak hasil sebagai JSON")

    def handle(self, *args, period: str | None, **options) -> None:
        try:
            month = periods.parse(period) if period else None
        except ValueError as exc:
            raise CommandError(f"Periode tidak valid: {period} (TTTT-BB).") from exc
        month = (
            month or Snapshot.objects.order_by("-period").values_list("period", flat=True).first()
        )
        if month is None or not Snapshot.objects.filter(period=month).exists():
            raise CommandError("Belum ada ekstrak peserta untuk bulan itu.")
        counts = match_month(month)
        if options["json"]:
            self.stdout.write(json.dumps({"period": f"{month:%Y-%m}", **counts}))
            return
        self.stdout.write(
            f"{month:%Y-%m}: {number(counts['covered'])} terlindungi, "
            f"{number(counts['not_covered'])} belum terlindungi, "
            f"{number(counts['lapsed'])} berhenti"
        )
