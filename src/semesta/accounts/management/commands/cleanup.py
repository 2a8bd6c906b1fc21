"""``semesta cleanup [--days N] [--dry-run]``: remove temporary files past their retention."""

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from semesta.cleanup import run


class Command(BaseCommand):
    help = (
        "Hapus berkas sementara (berkas impor, laporan kesalahan, lampiran kegiatan) yang lebih "
        "tua dari masa simpan, dan tutup izin berkas di direktori data."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days", type=int, default=None, help="Masa simpan dalam hari (bawaan: 90)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Hanya tampilkan yang akan dihapus."
        )

    def handle(self, *args, days, dry_run: bool, **options) -> None:
        days = settings.RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days harus paling sedikit 1.")
        result = run(days, dry_run=dry_run)
        verb = "Akan dihapus" if dry_run else "Dihapus"
        for path in result.deleted:
            self.stdout.write(f"{verb}: {path}")
        self.stdout.write(
            f"{len(result.deleted)} berkas lebih tua dari {days} hari "
            f"{'akan dihapus' if dry_run else 'dihapus'}; {result.kept_records} berkas arsip "
            f"disimpan; izin {result.permissions_fixed} berkas/folder ditutup."
        )
