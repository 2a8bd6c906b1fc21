"""``semesta restore ARCHIVE --keys KEYFILE [--force]``: rebuild a data directory and database."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import BaseCommand, CommandError
from django.db import connection

from semesta.backup import (
    BackupError,
    is_postgres,
    read_keys,
    relocate_paths,
    restore_archive,
)


class Command(BaseCommand):
    help = (
        "Pulihkan direktori data dan basis data dari arsip `semesta backup` dengan kuncinya; "
        "memeriksa checksum dan menolak menimpa data yang ada kecuali --force."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", help="Arsip dari `semesta backup`")
        parser.add_argument(
            "--keys", metavar="KEYFILE", help="Berkas kunci dari `semesta backup --keys`"
        )
        parser.add_argument(
            "--force", action="store_true", help="Timpa direktori data dan basis data yang berisi"
        )

    def handle(self, *args, archive: str, keys: str | None, force: bool, **options) -> None:
        database = settings.DATABASES["default"]
        try:
            found = read_keys(Path(keys)) if keys else self._keys_in_use()
            live = None
            if not is_postgres(database):
                connection.ensure_connection()
                live = connection.connection
            else:
                connection.close()  # pg_restore drops and recreates the tables
            done = restore_archive(
                Path(archive), found, settings.DATA_DIR, database, force=force, connection=live
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        relocate_paths(done["source_data_dir"], settings.DATA_DIR)
        cache.clear()
        self.stdout.write(
            f"Dipulihkan: basis data {done['database']} dan {done['files']} berkas dari arsip "
            f"{done['created_at']} ke {settings.DATA_DIR}."
        )

    def _keys_in_use(self) -> dict[str, str]:
        keys = {
            "SEMESTA_NIK_HASH_KEY": settings.NIK_HASH_KEY,
            "SEMESTA_NIK_ENCRYPTION_KEY": settings.NIK_ENCRYPTION_KEY,
        }
        if not all(keys.values()):
            raise CommandError("Sebutkan --keys BERKAS-KUNCI (dari `semesta backup --keys`).")
        return keys
