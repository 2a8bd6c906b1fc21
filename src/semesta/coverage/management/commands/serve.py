"""``semesta serve``: the dashboard under gunicorn, with one import worker beside it.

Several single-threaded processes (``--workers``, default two per CPU core plus one) take
connections from one queue, so every core works and no request waits behind another while a
process sits idle (threads in one Python process would queue on its interpreter lock). The
import worker runs as its own ``semesta worker`` process, so only one takes queued batches and a
long import never slows the pages.
"""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings
from django.core.cache import cache
from django.core.management import BaseCommand
from gunicorn.app.base import BaseApplication


class Server(BaseApplication):
    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from semesta.wsgi import application

        return application


class Command(BaseCommand):
    help = "Jalankan server web Semesta (bawaan http://127.0.0.1:8000)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=int,
            default=settings.WEB_WORKERS,
            help="Proses web (bawaan SEMESTA_WEB_WORKERS atau 2 per inti CPU + 1)",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Jangan jalankan pekerja impor (pakai `semesta worker` terpisah)",
        )

    def handle(self, *args, host: str, port: int, workers: int, **options):
        # Cached pages were rendered by the code that ran before; this code may render them anew.
        cache.clear()
        worker = None
        if not options["no_worker"]:
            worker = subprocess.Popen(
                [sys.executable, "-c", "from semesta.cli import main; main()", "worker"],
                env={**os.environ},
            )
        self.stdout.write(f"Semesta berjalan di http://{host}:{port}/  (Ctrl+C untuk berhenti)")
        try:
            Server(
                {
                    "bind": f"{host}:{port}",
                    "workers": workers,
                    "worker_class": "sync",
                    "timeout": 300,  # a 500 MB upload over a slow office line
                    "graceful_timeout": 10,
                    "proc_name": "semesta",
                    "errorlog": "-",
                    "loglevel": "warning",
                }
            ).run()
        finally:
            if worker is not None:
                worker.terminate()  # it finishes the batch or report in hand, then exits
                try:
                    worker.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    # A batch cut short is never applied later: its lease runs out and the
                    # next worker marks it abandoned (docs/imports.md, States).
                    worker.kill()
                    worker.wait()
