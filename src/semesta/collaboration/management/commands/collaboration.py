"""``semesta collaboration commitments|events|staff``: MoU commitment status, what outreach
events were followed by, and the non-ASN rosters matched again (operator's view: all of DKI)."""

from __future__ import annotations

import json
from datetime import date

from django.core.management import BaseCommand, CommandError

from semesta import periods
from semesta.access import acting_as
from semesta.collaboration import services, staff
from semesta.coverage.models import Snapshot
from semesta.formats import number


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Tanggal tidak valid: {text} (TTTT-BB-HH).") from exc


class Command(BaseCommand):
    help = "Komitmen nota kesepakatan, hasil kegiatan sosialisasi, pegawai non-ASN."

    def add_arguments(self, parser) -> None:
        parser.add_argument("what", choices=["commitments", "events", "staff"])
        parser.add_argument("region", nargs="?", default="31", help="Kode wilayah (bawaan: 31)")
        parser.add_argument("--from", dest="start", default="2024-01-01", help="TTTT-BB-HH")
        parser.add_argument("--to", dest="end", default=None, help="TTTT-BB-HH (bawaan: hari ini)")
        parser.add_argument("--on", default=None, help="Status pada tanggal TTTT-BB-HH")
        parser.add_argument("--period", help="Bulan TTTT-BB untuk staff (bawaan: terbaru)")
        parser.add_argument("--json", action="store_true", help="Cetak hasil sebagai JSON")
        parser.add_argument("--as-user", help="Atas nama pengguna ini (hanya wilayahnya)")

    def handle(self, *args, what: str, region: str, **options) -> None:
        try:
            self.who = acting_as(options.get("as_user"))
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        result = getattr(self, f"_{what}")(region, options)
        if options["json"]:
            self.stdout.write(json.dumps(result, default=str))

    def _commitments(self, region: str, options) -> dict:
        on = _day(options["on"]) if options["on"] else None
        result = services.commitments_status(region, self.who, on)
        if not options["json"]:
            for row in result["commitments"]:
                self.stdout.write(
                    f"{row['status_label']:<16} {row['party'][:40]:<40} "
                    f"{number(row['current'])} / {number(row['target'])}  {row['text'][:60]}"
                )
        return result

    def _events(self, region: str, options) -> dict:
        end = _day(options["end"]) if options["end"] else date.today()
        result = services.events_summary(region, _day(options["start"]), end, self.who)
        if not options["json"]:
            for row in result["rows"]:
                self.stdout.write(
                    f"{row['held_on']} {row['area']:<20} {row['title'][:50]:<50} "
                    f"30/60/90 hari: {row['registrations_30']}/{row['registrations_60']}/"
                    f"{row['registrations_90']}, di atas pembanding: {number(row['excess_90'])}"
                )
        return result

    def _staff(self, region: str, options) -> list[dict]:
        period = options["period"]
        try:
            month = periods.parse(period) if period else None
        except ValueError as exc:
            raise CommandError(f"Periode tidak valid: {period} (TTTT-BB).") from exc
        month = (
            month or Snapshot.objects.order_by("-period").values_list("period", flat=True).first()
        )
        if month is None or not Snapshot.objects.filter(period=month).exists():
            raise CommandError("Belum ada ekstrak peserta untuk bulan itu.")
        staff.match_month(month)
        rows = [r for r in staff.share_by_agency(self.who, month)]
        if not options["json"]:
            for r in rows:
                self.stdout.write(
                    f"{r['name'][:50]:<50} {number(r['covered'])} / {number(r['workers'])} "
                    f"terlindungi, iuran APBD Rp {number(r['monthly_due'])} sebulan"
                )
        return rows
