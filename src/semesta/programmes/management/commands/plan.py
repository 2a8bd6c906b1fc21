"""``semesta plan PROGRAMME --budget RP [--start YYYY-MM] [--months N] [--json]``."""

from __future__ import annotations

import json

from django.core.management import BaseCommand, CommandError

from semesta.coverage.services import period_date
from semesta.formats import number
from semesta.programmes.models import Programme
from semesta.programmes.plans import plan
from semesta.scoping import SYSTEM


class Command(BaseCommand):
    help = "Rencanakan anggaran sponsor untuk program RW: rencana optimal dan urutan aturan."

    def add_arguments(self, parser) -> None:
        parser.add_argument("programme", type=int, help="Nomor program")
        parser.add_argument("--budget", type=int, required=True, help="Anggaran (Rp)")
        parser.add_argument("--start", default="2026-01", help="Bulan pertama TTTT-BB")
        parser.add_argument("--months", type=int, default=12, help="Lama tanggungan (bulan)")
        parser.add_argument("--json", action="store_true", help="Cetak hasil sebagai JSON")

    def handle(self, *args, programme: int, budget: int, start: str, months: int, **options):
        found = Programme.objects.filter(pk=programme).first()
        if found is None:
            raise CommandError(f"Program {programme} tidak ada.")
        try:
            first = period_date(start)
        except ValueError as exc:
            raise CommandError(f"Bulan tidak valid: {start} (TTTT-BB).") from exc
        result = plan(SYSTEM, found, budget, first, months)
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
