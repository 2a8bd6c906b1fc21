"""``semesta businesses import FILE`` and ``semesta businesses match``: the business registry."""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError

from semesta.access import SYSTEM
from semesta.businesses import services
from semesta.imports.reading import FileProblem


class Command(BaseCommand):
    help = "Daftar usaha (NIB): impor dan cocokkan dengan pemberi kerja terdaftar."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="Impor berkas daftar usaha (CSV/XLSX/XLS)")
        load.add_argument("file", type=Path)
        load.add_argument("--source", default="", help="Asal data, mis. OSS DPMPTSP 2025")
        load.add_argument("--as-user", help="Impor atas nama pengguna ini (wilayahnya)")
        load.add_argument("--json", action="store_true", help="Keluaran satu objek JSON")
        match = sub.add_parser("match", help="Cocokkan ulang semua usaha dengan pemberi kerja")
        match.add_argument("--json", action="store_true", help="Keluaran satu objek JSON")

    def handle(self, *args, action: str, **options) -> None:
        if action == "match":
            result = services.rematch(["31"])
            self._out(result, options["json"])
            return
        who = SYSTEM
        if options.get("as_user"):
            who = get_user_model().objects.filter(username=options["as_user"], is_active=True)
            who = who.first()
            if who is None:
                raise CommandError(f"Pengguna {options['as_user']!r} tidak ditemukan.")
        if not services.may_import(who):
            raise CommandError("Peran pengguna ini tidak mengimpor daftar usaha.")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        try:
            outcome = services.import_registry(path, who, options["source"] or path.name)
        except FileProblem as problem:
            raise CommandError(f"{path.name}: {problem.message()}") from problem
        self._out(outcome.as_dict(), options["json"])

    def _out(self, result: dict, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        for key, value in result.items():
            if key != "problems":
                self.stdout.write(f"{key}: {value}")
        for p in result.get("problems", [])[:20]:
            self.stdout.write(f"  baris {p['row']}, kolom {p['column']}: {p['message']}")
        shown = len(result.get("problems", []))
        if shown > 20:
            self.stdout.write(f"  … 20 dari {shown} masalah ditampilkan; --json untuk semuanya.")
