"""``semesta compute --period YYYY-MM [--engine duckdb|spark] [--json]``: a month's coverage
facts computed afresh by one engine, printed and not written (to compare engines, or to check
a recomputation before it is made)."""

from __future__ import annotations

import json
import sys
import time

from django.core.management import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from semesta import periods
from semesta.coverage.models import Snapshot
from semesta.coverage.services import FACT_FIELDS, engine_inputs
from semesta.engine.engines import NAMES, get_engine
from semesta.engine.store import location
from semesta.formats import number, percent

FIELDS = [f for f in FACT_FIELDS if f != "period"]  # a month is printed once, above them


class Command(BaseCommand):
    help = (
        "Hitung fakta cakupan satu bulan dengan satu mesin (DuckDB atau Spark) dan tampilkan "
        "tanpa menyimpannya."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--period", required=True, help="Bulan TTTT-BB, mis. 2025-07")
        parser.add_argument(
            "--engine", choices=NAMES, help="Mesin hitung (bawaan: SEMESTA_ENGINE atau duckdb)"
        )
        parser.add_argument("--json", action="store_true", help="Keluaran satu objek JSON")

    def handle(self, *args, period: str, engine: str | None, **options) -> None:
        try:
            month = periods.label(periods.parse(period))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        stored = {periods.label(s.period): location(s.path) for s in Snapshot.objects.all()}
        if month not in stored:
            raise CommandError(f"Tidak ada ekstrak peserta untuk {month}.")
        chosen = get_engine(engine)
        started = time.perf_counter()
        regions, workforce, targets = engine_inputs()
        facts = chosen.compute({month: stored[month]}, regions, workforce, targets, stored)
        rows = sorted((_row(f) for f in facts), key=lambda r: (r["region_code"], r["segment"]))
        seconds = time.perf_counter() - started
        print(f"{chosen.name}: {len(rows)} fakta dalam {seconds:.1f} detik", file=sys.stderr)
        if options["json"]:
            self.stdout.write(json.dumps({"period": month, "facts": rows}, ensure_ascii=False))
            return
        _print_table(rows)


def _row(fact) -> dict:
    row = {name: getattr(fact, name) for name in FIELDS}
    if row["coverage_pct"] is not None:
        row["coverage_pct"] = float(row["coverage_pct"])
    return row


def _print_table(rows: list[dict]) -> None:
    table = Table("Kode", "Tingkat", "Segmen", "Terdaftar", "Aktif", "Penduduk bekerja", "Cakupan")
    for row in rows:
        if row["level"] in ("province", "kota"):
            table.add_row(
                row["region_code"],
                row["level"],
                row["segment"],
                number(row["registered"]),
                number(row["active"]),
                number(row["workforce"]),
                percent(row["coverage_pct"]),
            )
    Console().print(table)
    Console().print(f"{len(rows)} fakta (semua tingkat; tabel ini provinsi dan kota saja).")
