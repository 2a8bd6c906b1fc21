"""``semesta plan PROGRAMME --budget RP [--start YYYY-MM] [--months N] [--time-limit S]``."""

from __future__ import annotations

import json

from django.core.management import BaseCommand, CommandError

from semesta import periods
from semesta.access import SYSTEM
from semesta.formats import number
from semesta.programmes.models import Programme
from semesta.programmes.plans import TIME_LIMIT, plan


class Command(BaseCommand):
    help = "Rencanakan anggaran sponsor untuk program RW: rencana optimal dan urutan aturan."

    def add_arguments(self, parser) -> None:
        parser.add_argument("programme", type=int, help="Nomor program")
        parser.add_argument("--budget", type=int, required=True, help="Anggaran (Rp)")
        parser.add_argument("--start", default="2026-01", help="Bulan pertama TTTT-BB")
        parser.add_argument("--months", type=int, default=12, help="Lama tanggungan (bulan)")
        parser.add_argument(
            "--time-limit",
            type=float,
            default=TIME_LIMIT,
            help="Batas waktu hitung rencana optimal (detik); lalu rencana terbaik yang ditemukan",
        )
        parser.add_argument("--json", action="store_true", help="Cetak hasil sebagai JSON")

    def handle(self, *args, programme: int, budget: int, start: str, months: int, **options):
        found = Programme.objects.filter(pk=programme).first()
        if found is None:
            raise CommandError(f"Program {programme} tidak ada.")
        try:
            first = periods.parse(start)
        except ValueError as exc:
            raise CommandError(f"Bulan tidak valid: {start} (TTTT-BB).") from exc
        if budget < 0 or not 1 <= months <= 36 or not options["time_limit"] > 0:
            raise CommandError("Anggaran tidak boleh negatif, lama 1–36 bulan, batas waktu > 0.")
        result = plan(SYSTEM, found, budget, first, months, time_limit=options["time_limit"])
        if options["json"]:
            self.stdout.write(json.dumps({k: v for k, v in result.items() if k != "optimal_rws"}))
            return
        self.stdout.write(
            f"{found.name}: anggaran Rp {number(budget)}, {months} bulan dari {start}"
        )
        for label, key in (("Kini", "now"), ("Urutan aturan", "greedy"), ("Optimal", "optimal")):
            p = result[key]
            self.stdout.write(
                f"  {label:<14} {number(p['workers']):>7} pekerja  Rp {number(p['cost']):>15}"
                f"  RW mencapai target {p['rw_at_target']:>4}"
                f"  kecamatan mencapai sasaran {p['kecamatan_at_aim']}"
                f"  miskin ekstrem {number(p['extreme_poor'])}"
            )
        if result["timed_out"]:
            self.stdout.write(
                f"Waktu hitung habis ({options['time_limit']:g} detik): rencana optimal di atas "
                "adalah yang terbaik yang ditemukan, belum terbukti optimal."
            )
