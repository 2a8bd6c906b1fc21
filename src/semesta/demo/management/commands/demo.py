"""``semesta demo``: build the full-scale demo once, then print the logins."""

from __future__ import annotations

import json
import logging

from django.core.management import BaseCommand, call_command
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from semesta.demo import build as demo
from semesta.demo.accounts import DEMO_PASSWORD, PERSONAS
from semesta.regions.national import load_national


class Command(BaseCommand):
    help = "Bangun data demo Jakarta sintetis skala penuh (sekali), lalu tampilkan akun demo."
    # Django's system checks (0.65 s, URL and admin imports) run when the demo is served.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("--quiet", action="store_true", help="Tanpa bilah kemajuan.")

    def handle(self, *args, quiet: bool = False, **options) -> None:
        _quiet_font_subsetting()
        console = Console(stderr=True)
        call_command("migrate", verbosity=0, interactive=False)
        if demo.is_built():
            summary = json.loads(demo.marker_path().read_text(encoding="utf-8"))
            _forget_passwords(demo.marker_path(), summary)
            console.print(f"Demo sudah dibangun ({summary['built_at']}); memakai data yang ada.")
        else:
            summary = demo.build() if quiet else self._build(console)
            console.print(f"Demo selesai dibangun dalam {summary['seconds']} detik.")
            if options.get("verbosity", 1) >= 2:
                for label, seconds in summary["step_seconds"].items():
                    console.print(f"  {label:<36} {seconds:>6.1f} d")
        # After the build, which works on DKI's kelurahan: the rest of Indonesia (idempotent).
        added = load_national()
        if any(added.values()) and not quiet:  # --quiet: the logins and what to open only
            console.print(f"Wilayah nasional dimuat: {sum(added.values())} wilayah baru.")
        self._print_logins(console)

    def _build(self, console: Console) -> dict:
        columns = [TextColumn("{task.description:<36}"), BarColumn(), TimeElapsedColumn()]
        with Progress(*columns, console=console, transient=False) as progress:
            task = progress.add_task("Membangun demo", total=demo.steps())

            def report(label: str) -> None:
                progress.update(task, description=label, advance=1)

            summary = demo.build(report)
            progress.update(task, description="Selesai", completed=demo.steps())
        return summary

    def _print_logins(self, console: Console) -> None:
        console.print(f"\nAkun demo (kata sandi untuk semua: [bold]{DEMO_PASSWORD}[/bold]):")
        for username, full_name, *_ in PERSONAS:
            console.print(f"  {username:<20} {full_name}")
        console.print(
            "\nBuka http://127.0.0.1:8000/ setelah `semesta serve` berjalan"
            " (`make demo` menjalankannya)."
        )


def _quiet_font_subsetting() -> None:
    """WeasyPrint embeds fonts through fontTools, which logs a warning for every font table it
    cannot subset: noise, not a problem. Errors still show."""
    for name in ("fontTools", "weasyprint.fonts"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _forget_passwords(path, summary: dict) -> None:
    """Rewrite a ``demo.json`` from before passwords were kept off disk, without them."""
    logins = summary.get("logins") or []
    if any("password" in login for login in logins):
        summary["logins"] = [{k: v for k, v in x.items() if k != "password"} for x in logins]
        path.write_text(json.dumps(summary, indent=2), encoding="utf-8")
