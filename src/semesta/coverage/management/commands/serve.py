"""``semesta serve``: serve the dashboard with waitress (a production WSGI server)."""

from __future__ import annotations

from django.core.management import BaseCommand
from waitress import serve

from semesta.imports.worker import start_in_background
from semesta.wsgi import application


class Command(BaseCommand):
    help = "Jalankan server web Semesta (bawaan http://127.0.0.1:8000)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Jangan jalankan pekerja impor di proses ini (pakai `semesta worker`)",
        )

    def handle(self, *args, host: str, port: int, threads: int, **options) -> None:
        if not options["no_worker"]:
            start_in_background()
        self.stdout.write(f"Semesta berjalan di http://{host}:{port}/  (Ctrl+C untuk berhenti)")
        serve(application, host=host, port=port, threads=threads, ident="Semesta")
