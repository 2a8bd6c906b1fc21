"""``semesta worker [--once]``: process received imports (when the web server runs without
its own worker); ``--once`` processes what waits, marks orphaned batches abandoned, and exits."""

import contextlib
import signal
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
        stop = threading.Event()

        def finish(signum: int, frame: object) -> None:
            """Ctrl+C or SIGTERM: stop once the batch or report in hand is done (a second one
            stops at once). Setting a flag, not raising: DuckDB reports a KeyboardInterrupt
            raised inside a query as an error, and a report build would log it and go on."""
            if stop.is_set():
                raise KeyboardInterrupt
            stop.set()

        signal.signal(signal.SIGINT, finish)
        signal.signal(signal.SIGTERM, finish)
        self.stdout.write("Pekerja impor berjalan.")
        with contextlib.suppress(KeyboardInterrupt):  # a second Ctrl+C
            run_forever(stop)
        self.stdout.write("Berhenti.")
