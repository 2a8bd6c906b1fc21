"""``semesta coverage REGION --period YYYY-MM [--json]``: coverage of one region and month."""

from __future__ import annotations

import json

from django.core.management import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from semesta import periods
from semesta.access import SYSTEM
from semesta.accounts.models import User
from semesta.coverage.services import latest_period
from semesta.coverage.summary import NoCoverage, coverage_summary
from semesta.formats import number, percent


class Command(BaseCommand):
    help = "Cakupan kepesertaan (UCJ) satu wilayah pada satu bulan, dengan wilayah di bawahnya."

    def add_arguments(self, parser) -> None:
        parser.add_argument("region", help="Kode wilayah Kemendagri, mis. 31 atau 31.71")
        parser.add_argument("--period", help="Bulan TTTT-BB (bawaan: bulan terakhir)")
        parser.add_argument("--json", action="store_true", help="Keluaran satu objek JSON")
        parser.add_argument("--as-user", help="Batasi pada wilayah pengguna ini")

    def handle(
        self, *args, region: str, period: str | None, as_user: str | None, **options
    ) -> None:
        as_json = options["json"]
        principal = SYSTEM
        if as_user:
            principal = User.objects.filter(username=as_user, is_active=True).first()
            if principal is None:
                raise CommandError(f"Pengguna {as_user!r} tidak ditemukan.")
        try:
            month = periods.parse(period) if period else latest_period()
            if month is None:
                raise CommandError(
                    "Belum ada data cakupan. Jalankan `semesta demo` atau impor data."
                )
            summary = coverage_summary(principal, region, month)
        except (ValueError, NoCoverage) as exc:
            raise CommandError(str(exc)) from exc
        if as_json:
            self.stdout.write(_json_dumps(summary))
        else:
            _print_table(summary)


def _json_dumps(summary: dict) -> str:
    return json.dumps(summary, ensure_ascii=False, indent=2)


def _print_table(summary: dict) -> None:
    console = Console()
    region = summary["region"]
    console.print(f"[bold]{region['name']}[/bold] ({region['code']}) — periode {summary['period']}")
    console.print(
        f"Peserta aktif {number(summary['participants_active'])} dari "
        f"{number(summary['workforce'])} penduduk bekerja: "
        f"[bold]{percent(summary['coverage_pct'])}[/bold] "
        f"(terdaftar {number(summary['participants_registered'])})"
    )
    for name, seg in summary["segments"].items():
        console.print(
            f"  {name:<6} aktif {number(seg['participants_active']):>12}  "
            f"{percent(seg.get('coverage_pct'))}"
        )
    if summary.get("workforce_source"):
        console.print(f"  Penduduk bekerja: {summary['workforce_source']['note']}")
    category = summary.get("ucj_category")
    if category:
        rank = f", peringkat {category['rank']} dari {category['of']}" if "rank" in category else ""
        assumed = " (ambang diasumsikan)" if category["thresholds_assumed"] else ""
        console.print(f"Kategori UCJ: {category['label']}{rank}{assumed}")
    target = summary["target"]
    if target:
        _print_target(console, target)
    table = Table("Kode", "Wilayah", "Aktif", "Penduduk bekerja", "Cakupan", "Target", "Kekurangan")
    for child in summary["children"]:
        table.add_row(
            child["code"],
            child["name"],
            number(child["participants_active"]),
            number(child["workforce"]),
            percent(child["coverage_pct"]),
            number(child["target_count"]),
            number(child["gap"]),
        )
    console.print(table)


def _print_target(console: Console, target: dict) -> None:
    console.print(
        f"Target {number(target['target_count'])} peserta ({percent(target['target_pct'])}) "
        f"s.d. {target['deadline']}: kekurangan {number(target['gap'])}"
    )
    if target["required_per_month"] is not None:
        console.print(
            f"  Perlu tambahan bersih {number(target['required_per_month'])} per bulan "
            f"({target['months_left']} bulan tersisa); proyeksi tren: "
            f"{number(target['projected_at_deadline'])} "
            f"({percent(target['projected_pct_at_deadline'])})"
        )
    origin = "dialokasikan" if target["origin"] == "allocated" else "ditetapkan"
    console.print(f"  Sumber ({origin}): {target['source']}")
