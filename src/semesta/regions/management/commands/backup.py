"""``semesta backup ARCHIVE [--keys KEYFILE]``: archive the data, and export the keys apart."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.db import connection

from semesta.backup import BackupError, create_archive, export_keys, is_postgres


class Command(BaseCommand):
    help = (
        "Cadangkan basis data dan direktori data ke satu arsip (checksum SHA-256, jalur relatif, "
        "tanpa rahasia); --keys mengekspor kunci NIK ke berkas terpisah (mode 0600)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", nargs="?", help="Berkas arsip, mis. semesta-2025-07.tar.gz")
        parser.add_argument("--keys", metavar="KEYFILE", help="Ekspor kunci ke berkas ini")

    def handle(self, *args, archive: str | None, keys: str | None, **options) -> None:
        if not archive and not keys:
            raise CommandError("Sebutkan berkas arsip, atau --keys BERKAS untuk kuncinya.")
        database = settings.DATABASES["default"]
        try:
            if archive:
                live = None
                if not is_postgres(database):
                    connection.ensure_connection()
                    live = connection.connection
                done = create_archive(Path(archive), settings.DATA_DIR, database, live)
                self.stdout.write(
                    f"Arsip {done.path}: basis data {done.database} dan {done.files - 1} berkas "
                    f"({done.bytes:,} bita sebelum dimampatkan).".replace(",", ".")
                )
            if keys:
                written = export_keys(
                    Path(keys),
                    {
                        "SEMESTA_NIK_HASH_KEY": settings.NIK_HASH_KEY,
                        "SEMESTA_NIK_ENCRYPTION_KEY": settings.NIK_ENCRYPTION_KEY,
                        "SEMESTA_SECRET_KEY": settings.SECRET_KEY,
                    },
                )
                self.stdout.write(
                    f"Kunci diekspor ke {written} (mode 0600). Simpan terpisah dari arsip."
                )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
