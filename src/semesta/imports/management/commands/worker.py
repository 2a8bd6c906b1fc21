"""``semesta worker [--once]``: process received imports (when the web server runs without
its own worker); ``--once`` processes what waits, marks orphaned batches abandoned, and exits."""

import threading

from django.core.management import BaseCommand

from semesta.imports.worker import run_forever, run_until_idle


class Command(BaseCommand):
    help = "Proses antrean impor terus-menerus (Ctrl+C untuk berhenti)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="Proses impor yang menunggu sekali, tandai impor yang terhenti, lalu keluar",
        )

    def handle(self, *args, once: bool = False, **options) -> None:
        if once:
            count = run_until_idle()
            self.stdout.write(f"{count} impor diproses.")
            return
        self.stdout.write("Pekerja impor berjalan.")
        try:
            run_forever(threading.Event())
        except KeyboardInterrupt:
            self.stdout.write("Berhenti.")
