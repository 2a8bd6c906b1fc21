"""``semesta batch ID [--confirm [--yes] | --discard | --revert] [--json]``: show an import
with its preview, apply a held one after its preview, drop it, or revert an applied one."""

from __future__ import annotations

import json

from django.core.management import BaseCommand, CommandError

from semesta.access import SYSTEM
from semesta.imports.models import ImportBatch
from semesta.imports.revert import RevertRefused, revert
from semesta.imports.services import batch_json, confirm, discard

ACTION_LABELS = {"added": "ditambah", "changed": "diubah", "removed": "dihapus/dinonaktifkan"}


class Command(BaseCommand):
    help = (
        "Tampilkan satu impor dan pratinjaunya; --confirm menerapkan impor yang ditahan,"
        " --discard membatalkannya, --revert membatalkan penerapan impor yang diterapkan."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("batch_id", type=int)
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--confirm", action="store_true", help="Terapkan impor yang ditahan")
        action.add_argument("--discard", action="store_true", help="Batalkan impor yang ditahan")
        action.add_argument(
            "--revert",
            action="store_true",
            help="Kembalikan data seperti sebelum impor yang diterapkan ini",
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Dengan --confirm atau --revert: jangan tampilkan pratinjau lebih dulu",
        )
        parser.add_argument("--json", action="store_true", help="Keluaran satu objek JSON")

    def handle(self, *args, batch_id: int, **options) -> None:
        batch = ImportBatch.objects.visible_to(SYSTEM).filter(pk=batch_id).first()
        if batch is None:
            raise CommandError(f"Impor #{batch_id} tidak ditemukan.")
        if options["confirm"] or options["discard"]:
            if batch.status != ImportBatch.Status.HELD:
                raise CommandError(
                    f"Impor #{batch_id} tidak sedang ditahan ({batch.get_status_display()})."
                )
            if options["confirm"] and not options["yes"] and not options["json"]:
                self._preview(batch)  # what is about to happen, printed before it happens
            batch = confirm(batch, SYSTEM) if options["confirm"] else discard(batch, SYSTEM)
        elif options["revert"]:
            try:
                batch = revert(batch, SYSTEM)
            except RevertRefused as refused:
                raise CommandError(str(refused)) from refused
        elif not options["json"]:
            self._preview(batch)
        if options["json"]:
            data = batch_json(batch)
            data["preview"] = batch.preview
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        else:
            self.stdout.write(f"Impor #{batch.pk}: {batch.get_status_display()} — {batch.message}")
            if batch.status == ImportBatch.Status.HELD:
                self.stdout.write(
                    f"Periksa pratinjau di atas, lalu jalankan `semesta batch {batch.pk}"
                    " --confirm` untuk menerapkan atau `--discard` untuk membatalkan."
                )

    def _preview(self, batch: ImportBatch) -> None:
        for line in preview_lines(batch):
            self.stdout.write(line)


def preview_lines(batch: ImportBatch) -> list[str]:
    """The batch's preview as the CLI prints it: totals, per kota and kelurahan, a sample."""
    shown = batch.preview
    if not shown:
        return []
    lines = [
        f"Pratinjau impor #{batch.pk} (wilayah {', '.join(batch.scope)}, diunggah oleh"
        f" {batch.username}): {shown['added']} ditambah, {shown['changed']} diubah,"
        f" {shown['removed']} dihapus/dinonaktifkan"
    ]
    for level, title in (("kota", "Per kota"), ("kelurahan", "Per kelurahan")):
        if shown.get(level):
            lines.append(f"  {title}:")
        for row in shown.get(level, [])[:30]:
            lines.append(
                f"    {row['code'] or '-'} {row['name']}: +{row['added']} ~{row['changed']}"
                f" -{row['removed']}"
            )
    if shown.get("sample"):
        lines.append("  Contoh:")
    for item in shown.get("sample", []):
        lines.append(
            f"    {ACTION_LABELS[item['action']]}: {item['key']} ({item['region'] or '-'})"
        )
    return lines
