"""``semesta award {cycles,close,score} …``: the Paritrana Award from the command line."""

from __future__ import annotations

import json

from django.core.management import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from semesta.awards import services
from semesta.awards.criteria import label
from semesta.awards.models import Cycle
from semesta.awards.templatetags.paritrana import decimal


class Command(BaseCommand):
    help = "Paritrana Award: daftar siklus, tutup (bekukan indikator) dan skor/peringkat."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("cycles", help="Daftar siklus penghargaan")
        for name, text in (
            ("close", "Tutup siklus: hitung dan bekukan indikator setiap kandidat"),
            ("score", "Skor dan peringkat setiap kategori dari nilai yang dibekukan"),
        ):
            command = sub.add_parser(name, help=text)
            command.add_argument("--cycle", type=int, required=True, help="Tahun penghargaan")
            command.add_argument("--region", help="Kode wilayah siklus (bila lebih dari satu)")
            command.add_argument("--json", action="store_true", help="Keluaran satu objek JSON")
        sub.choices["score"].add_argument("--category", help="Hanya kategori ini (kode)")

    def handle(self, *args, action: str, **options) -> None:
        if action == "cycles":
            return self._cycles()
        try:
            cycle = services.find_cycle(options["cycle"], options.get("region"))
            if action == "close":
                return self._close(cycle, options["json"])
            return self._score(cycle, options.get("category"), options["json"])
        except services.AwardError as exc:
            raise CommandError(str(exc)) from exc

    def _cycles(self) -> None:
        table = Table("Tahun", "Wilayah", "Nama", "Tahun dinilai", "Status", "Kandidat")
        for cycle in Cycle.objects.all():
            count = sum(c.candidates.count() for c in cycle.categories.all())
            table.add_row(
                str(cycle.year),
                cycle.region_id,
                cycle.name,
                str(cycle.assessed_year),
                cycle.get_status_display(),
                str(count),
            )
        Console().print(table)

    def _close(self, cycle: Cycle, as_json: bool) -> None:
        count = services.close(cycle)
        cycle.refresh_from_db()
        if as_json:
            self.stdout.write(json.dumps({"cycle": cycle.year, "candidates": count, **cycle.basis}))
            return
        self.stdout.write(
            f"{cycle.name} ditutup: indikator {count} kandidat dibekukan "
            f"(periode {cycle.basis['period_start']}–{cycle.basis['period_end']})."
        )

    def _score(self, cycle: Cycle, category: str | None, as_json: bool) -> None:
        rankings = services.score(cycle)
        if category:
            rankings = [r for r in rankings if r.category.code == category]
            if not rankings:
                raise CommandError(f"Kategori {category} tidak ada di {cycle.name}.")
        if as_json:
            self.stdout.write(json.dumps(services.as_json(cycle, rankings), ensure_ascii=False))
            return
        console = Console(width=max(Console().width, 140))
        for ranking in rankings:
            criteria = list(ranking.weights)
            table = Table(
                "#",
                "Kode",
                "Nama",
                "Skor",
                *(f"{c} ({decimal(w, 0)})" for c, w in ranking.weights.items()),
                title=ranking.category.title,
                caption="; ".join(f"{c}: {label(c)}" for c in criteria),
            )
            for s in ranking.scored:
                marker = "★ " if s.winner else ""
                table.add_row(
                    f"{marker}{s.rank}",
                    s.code,
                    s.name,
                    decimal(s.total, 2),
                    *(decimal(s.points(c), 2) for c in criteria),
                )
            console.print(table)
