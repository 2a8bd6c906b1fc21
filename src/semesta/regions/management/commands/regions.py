"""``semesta regions [CODE] [--json] [--national]``: a region's children with counts of what
lies below; ``--national`` first loads every region of Indonesia (idempotent)."""

from __future__ import annotations

import json

from django.core.management import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from semesta.access import SYSTEM
from semesta.regions.models import LEVEL_ORDER, Region
from semesta.regions.national import load_national
from semesta.regions.services import children_with_counts


class Command(BaseCommand):
    help = "Daftar wilayah di bawah satu wilayah (bawaan: tingkat teratas), dengan jumlahnya."

    def add_arguments(self, parser) -> None:
        parser.add_argument("code", nargs="?", help="Kode wilayah Kemendagri, mis. 31.75")
        parser.add_argument("--json", action="store_true", help="Keluaran satu objek JSON")
        parser.add_argument(
            "--national",
            action="store_true",
            help="Muat dulu seluruh wilayah Indonesia (38 provinsi); yang sudah ada tidak diubah",
        )

    def handle(self, *args, code: str | None, **options) -> None:
        if options["national"]:
            added = load_national()
            if not options["json"]:
                Console(stderr=True).print(
                    "Wilayah nasional dimuat: "
                    + ", ".join(f"{level} +{n}" for level, n in added.items())
                )
        try:
            listing = children_with_counts(SYSTEM, code)
        except Region.DoesNotExist as exc:
            raise CommandError(f"Wilayah {code} tidak ditemukan.") from exc
        if options["json"]:
            self.stdout.write(json.dumps(listing, ensure_ascii=False, indent=2))
            return
        levels = [lv for lv in LEVEL_ORDER if any(lv in c["counts"] for c in listing["children"])]
        table = Table("Kode", "Nama", "Tingkat", *levels)
        for child in listing["children"]:
            counts = [str(child["counts"].get(lv, 0)) for lv in levels]
            table.add_row(child["code"], child["name"], child["level"], *counts)
        Console().print(table)
