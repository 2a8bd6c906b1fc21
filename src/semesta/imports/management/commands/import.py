"""``semesta import KIND FILE``: import a CSV/XLSX/XLS file with row-level validation."""

from __future__ import annotations

import json
import sys
import textwrap
from argparse import RawDescriptionHelpFormatter
from pathlib import Path

from django.core.management import BaseCommand, CommandError

from semesta.access import SYSTEM
from semesta.accounts.models import User
from semesta.imports import registry
from semesta.imports.models import ImportBatch
from semesta.imports.reading import FileProblem
from semesta.imports.services import batch_json, run_import, save_mapping


class Command(BaseCommand):
    help = "Impor berkas CSV/XLSX/XLS (peserta, penduduk bekerja, dll.), diperiksa per baris."
    # Django's system checks import every view and URL module (a second or more): a data
    # command has no use for them; `semesta check` and the server still run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.formatter_class = RawDescriptionHelpFormatter
        parser.epilog = columns_help()
        parser.add_argument("kind", choices=sorted(registry.keys()), help="Jenis data")
        parser.add_argument("file", type=Path, help="Berkas CSV, XLSX atau XLS")
        parser.add_argument("--period", help="Periode data TTTT-BB, mis. 2025-07")
        parser.add_argument(
            "--append",
            action="store_true",
            help="Tambahan/perbaikan: tambahkan ke data periode, jangan ganti",
        )
        parser.add_argument("--source", help="Nama sumber dengan pemetaan kolom tersimpan")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="KOLOM=kunci",
            help="Simpan pemetaan kolom untuk --source, mis. 'No Peserta KTP=nik'",
        )
        parser.add_argument("--as-user", help="Impor atas nama pengguna ini (wilayahnya berlaku)")
        parser.add_argument("--lang", default="id", choices=["id", "en"], help="Bahasa pesan")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Terapkan berkas lengkap yang menghapus data tanpa menahannya untuk konfirmasi",
        )
        parser.add_argument("--json", action="store_true", help="Keluaran satu objek JSON")

    def handle(self, *args, **options) -> None:
        principal = self._principal(options["as_user"])
        if options["map"]:
            self._save_mapping(options["source"], options["kind"], options["map"])
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        try:
            batch = self._run(principal, path, options)
        except FileProblem as problem:
            raise CommandError(problem.message(options["lang"])) from problem
        if options["json"]:
            data = batch_json(batch)
            data["preview"] = batch.preview
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        else:
            self._print(batch)
        if batch.status == ImportBatch.Status.FAILED:
            if not options["json"]:
                raise CommandError(batch.message)
            sys.exit(2)

    def _run(self, principal, path: Path, options) -> ImportBatch:
        kwargs = {
            "period": options["period"],
            "source": options["source"],
            "lang": options["lang"],
            "mode": ImportBatch.Mode.APPEND if options["append"] else ImportBatch.Mode.REPLACE,
            "yes": options["yes"],
        }
        if options["json"]:
            return run_import(principal, options["kind"], path, **kwargs)
        from rich.console import Console  # here: scripts asking for --json need no progress bar
        from rich.progress import BarColumn, Progress, TextColumn

        columns = [TextColumn("{task.description:<28}"), BarColumn()]
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("Impor", total=100)
            return run_import(
                principal,
                options["kind"],
                path,
                progress=lambda pct, label: bar.update(task, completed=pct, description=label),
                **kwargs,
            )

    def _principal(self, username: str | None):
        if not username:
            return SYSTEM
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Pengguna {username!r} tidak ditemukan.")
        return user

    def _save_mapping(self, source: str | None, kind: str, pairs: list[str]) -> None:
        if not source:
            raise CommandError("--map memerlukan --source (nama sumber untuk menyimpan pemetaan).")
        columns = {}
        for pair in pairs:
            header, _, key = pair.rpartition("=")
            if not header or key not in {c.key for c in registry.get(kind).columns}:
                raise CommandError(f"Pemetaan {pair!r} tidak valid: tulis 'Judul Kolom=kunci'.")
            columns[header] = key
        save_mapping(source, kind, columns)

    def _print(self, batch: ImportBatch) -> None:
        from rich.console import Console

        console = Console()
        console.print(
            f"Impor #{batch.pk} ({batch.kind}, {batch.file_name}): "
            f"[bold]{batch.get_status_display()}[/bold]"
        )
        console.print(
            f"  {batch.rows_total} baris: {batch.rows_accepted} diterima, "
            f"{batch.rows_rejected} ditolak, {batch.rows_warned} dengan peringatan"
        )
        for problem in batch.first_problems[:10]:
            console.print(f"  baris {problem['row']}, kolom {problem['column']}: {problem['id']}")
        if batch.error_report:
            console.print(f"  Laporan kesalahan: {batch.error_report}")
        console.print(f"  {batch.message}")
        if batch.status == ImportBatch.Status.HELD:
            # Imported here: the batch command pulls in the revert machinery (half a second).
            from semesta.imports.management.commands.batch import preview_lines

            for line in preview_lines(batch):
                console.print(line, markup=False, highlight=False)
            console.print(
                f"  Terapkan dengan `semesta batch {batch.pk} --confirm`"
                f" atau batalkan dengan `semesta batch {batch.pk} --discard`."
            )


def columns_help() -> str:
    """Each kind and its columns (``*`` required), for ``semesta import --help``."""
    lines = ["Jenis data dan kolomnya (* wajib; sinonim: docs/imports.md):"]
    for kind in registry.all():
        period = "dengan --period" if kind.needs_period else "tanpa periode"
        lines.append(f"  {kind.key}: {kind.label} ({period})")
        names = [f"{c.label}{'*' if c.required else ''} ({c.key})" for c in kind.columns]
        lines.append(
            textwrap.fill(", ".join(names), 96, initial_indent=" " * 4, subsequent_indent=" " * 4)
        )
    return "\n".join(lines)
