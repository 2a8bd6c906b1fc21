"""``semesta worker``: process queued imports (when the web server runs without its own)."""

import threading

from django.core.management import BaseCommand

from semesta.imports.worker import run_forever


class Command(BaseCommand):
    help = "Proses antrean impor terus-menerus (Ctrl+C untuk berhenti)."

    def handle(self, *args, **options) -> None:
        self.stdout.write("Pekerja impor berjalan.")
        try:
            run_forever(threading.Event())
        except KeyboardInterrupt:
            self.stdout.write("Berhenti.")
