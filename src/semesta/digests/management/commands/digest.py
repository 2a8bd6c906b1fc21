"""`semesta digest [--dry-run] [--force]`: the weekly e-mail digests to officers."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from semesta.digests import services

STATES = {
    "sent": "terkirim",
    "printed": "dicetak ke konsol (SEMESTA_EMAIL_HOST tidak disetel), tidak dicatat",
    "would_send": "akan dikirim",
    "skipped_week": "sudah dikirim minggu ini (--force untuk mengirim lagi)",
    "nothing": "tidak ada yang perlu dilaporkan, tidak dikirim",
    "failed": "GAGAL",
}


class Command(BaseCommand):
    help = (
        "Mengirim ringkasan mingguan kepada petugas (lapse baru, Monev jatuh tempo, impor "
        "ditahan), paling banyak sekali seminggu per orang."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Hanya tampilkan apa yang akan dikirim."
        )
        parser.add_argument(
            "--force", action="store_true", help="Kirim lagi walau sudah dikirim minggu ini."
        )

    def handle(self, *args, dry_run: bool = False, force: bool = False, **options):
        counts: dict[str, int] = {}
        for outcome in services.run(dry_run=dry_run, force=force):
            counts[outcome.state] = counts.get(outcome.state, 0) + 1
            user = outcome.user
            line = f"{user.username} <{user.email}>: {STATES[outcome.state]}"
            if outcome.subject:
                line += f"\n  subjek: {outcome.subject}"
            elif outcome.summary:
                line += f"\n  {outcome.summary}"
            if outcome.error:
                line += f"\n  galat: {outcome.error}"
            self.stdout.write(line)
        total = ", ".join(f"{STATES[s].split(' (')[0]} {n}" for s, n in counts.items())
        self.stdout.write(f"Penerima: {sum(counts.values())}" + (f" ({total})" if total else ""))
        if counts.get("failed"):
            raise CommandError(f"{counts['failed']} ringkasan gagal dikirim")
