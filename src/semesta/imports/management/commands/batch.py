"""``semesta batch ID [--confirm | --discard] [--json]``: show, confirm or drop an import."""

from __future__ import annotations

import json

from django.core.management import BaseCommand, CommandError

from semesta.imports.models import ImportBatch
from semesta.imports.services import batch_json, confirm, discard
from semesta.scoping import SYSTEM


class Command(BaseCommand):
    help = (
        "Tampilkan satu impor; --confirm menerapkan impor yang ditahan, --discard membatalkannya."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("batch_id", type=int)
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--confirm", action="store_true", help="Terapkan impor yang ditahan")
        action.add_argument("--discard", action="store_true", help="Batalkan impor yang ditahan")
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
            batch = confirm(batch, SYSTEM) if options["confirm"] else discard(batch, SYSTEM)
        if options["json"]:
            self.stdout.write(json.dumps(batch_json(batch), ensure_ascii=False))
        else:
            self.stdout.write(f"Impor #{batch.pk}: {batch.get_status_display()} — {batch.message}")
