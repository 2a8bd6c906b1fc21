"""Benchmark: importing a 2.2-million-row participant extract, Semesta against three baselines.

All four contenders read the same cached CSV (``$SEMESTA_DATA_DIR/bench/extract.csv``, written
once by ``scripts/make_extract.py``), each in its own process so peak memory (max RSS, read from
``os.wait4``) belongs to that contender alone:

- Semesta: ``semesta import participants FILE --period 2025-07 --json`` in a fresh, already
  migrated data directory. Seconds are the whole process's wall time (interpreter start, Django
  setup, read, per-row checks, error report, snapshot write, commit): the conservative choice.
- Floor: DuckDB's own ``read_csv`` plus comparable checks (NIK digits, province, birth month,
  date, DKI kelurahan code) in one query that only counts. No importer can beat this by much,
  so Semesta's goal is within 3x of it.
- pandas: ``read_csv`` + ``to_sql`` into SQLite, checking nothing: the quick script people write.
- django-import-export on a 50,000-row head (it is far too slow for the whole file), timing
  ``import_data`` only; compared by rows per second.

Baseline seconds are timed inside their child around the work alone (imports and setup excluded).
Goals are reported as met or not met; only a crash makes the exit status non-zero.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
PERIOD = "2025-07"
ROWS = 2_200_000
DJIE_ROWS = 50_000
XLSX_ROWS = 200_000
PROVINCES = [*range(11, 20), 21, *range(31, 37), 51, 52, 53, *range(61, 66), *range(71, 77)]
PROVINCES += [81, 82, *range(91, 98)]
VILLAGES = HERE.parent / "src/semesta/data/wilayah/villages_dki.csv"
FIELDS = [
    *("nik", "nama", "segmen", "status", "npp"),
    *("kode_kelurahan", "rw", "sponsor", "tanggal_daftar"),
]
GIB = 1024**3


def run(cmd: list[str], env: dict | None = None) -> tuple[str, float, int]:
    """Run a command; return its stdout, wall seconds and peak RSS in bytes (its own)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, env={**os.environ, **(env or {})})
    out = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stdout.close()
    if proc.returncode not in (0, 2):  # 2: `semesta import --json` reporting a failed batch
        raise subprocess.CalledProcessError(proc.returncode, cmd, out)
    return out, seconds, usage.ru_maxrss * 1024


def extract_file(data_dir: Path) -> Path:
    """The cached extract, generated on first use (needs a migrated database for regions)."""
    path = data_dir / "bench/extract.csv"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        print(f"generating {ROWS:,} rows into {path} (once) ...", flush=True)
        env = {"SEMESTA_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "semesta.settings"}
        run([str(BIN / "semesta"), "migrate", "-v0"], env)
        partial = path.with_suffix(".partial")
        run([sys.executable, str(HERE / "make_extract.py"), str(partial), str(ROWS)], env)
        partial.rename(path)
    return path


def xlsx_file(data_dir: Path, extract: Path) -> Path:
    """The first 200,000 rows of the extract as an XLSX (cached), NIKs stored as text."""
    import xlsxwriter

    path = data_dir / "bench/extract-200k.xlsx"
    if not path.exists():
        book = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_numbers": False})
        sheet = book.add_worksheet()
        with extract.open(encoding="utf-8-sig", newline="") as handle:
            for r, row in enumerate(csv.reader(handle, delimiter=";")):
                if r > XLSX_ROWS:
                    break
                for c, value in enumerate(row):
                    sheet.write_string(r, c, value)
        book.close()
    return path


def semesta(file: Path, tmp: Path) -> dict:
    """Semesta's CLI import, end to end, into a fresh data directory migrated beforehand."""
    env = {"SEMESTA_DATA_DIR": str(tmp / f"semesta-{file.suffix[1:]}")}
    run([str(BIN / "semesta"), "migrate", "-v0"], env)
    cmd = [str(BIN / "semesta"), "import", "participants", str(file), "--period", PERIOD, "--json"]
    out, seconds, peak = run(cmd, env)
    batch = json.loads(out.strip().splitlines()[-1])
    note = (
        f"status {batch['status']}: {batch['rows_total']:,} total, "
        f"{batch['rows_accepted']:,} accepted, {batch['rows_rejected']:,} rejected"
    )
    return {"rows": batch["rows_total"], "seconds": seconds, "peak": peak, "note": note}


def child(name: str, file: Path, tmp: Path) -> dict:
    """Run one baseline in its own process (this script with --child); add its peak memory."""
    env = {"SEMESTA_DATA_DIR": str(tmp / name), "BENCH_DJIE_DB": str(tmp / "djie.sqlite3")}
    cmd = [sys.executable, __file__, "--child", name, str(file), str(tmp)]
    out, _, peak = run(cmd, env)
    return {**json.loads(out.strip().splitlines()[-1]), "peak": peak}


def floor(file: Path, tmp: Path) -> dict:
    """DuckDB reads the CSV and runs the checks in one counting query."""
    import duckdb
    import pyarrow as pa

    with VILLAGES.open(encoding="utf-8") as handle:
        codes = [row["code"] for row in csv.DictReader(handle)]
    provinces = ", ".join(f"('{p}')" for p in PROVINCES)
    con = duckdb.connect()
    con.register("villages", pa.table({"code": codes}))
    sql = f"""
        WITH provinces(code) AS (VALUES {provinces}),
        raw AS (SELECT * FROM read_csv(?, all_varchar = true, delim = ';', header = true)),
        checked AS (
            SELECT coalesce(
                regexp_full_match(raw."NIK", '[0-9]{{16}}')
                AND substr(raw."NIK", 1, 2) IN (SELECT code FROM provinces)
                AND try_cast(substr(raw."NIK", 9, 2) AS INTEGER) BETWEEN 1 AND 12
                AND try_strptime(raw."Tanggal Daftar", '%d/%m/%Y') IS NOT NULL
                AND villages.code IS NOT NULL, false) AS ok
            FROM raw LEFT JOIN villages ON villages.code = raw."Kode Kelurahan"
        )
        SELECT count(*), count(*) FILTER (WHERE ok), count(*) FILTER (WHERE NOT ok) FROM checked
    """
    started = time.perf_counter()
    total, accepted, rejected = con.execute(sql, [str(file)]).fetchone()
    seconds = time.perf_counter() - started
    note = f"{total:,} total, {accepted:,} accepted, {rejected:,} rejected"
    return {"rows": total, "seconds": seconds, "note": note}


def pandas_sqlite(file: Path, tmp: Path) -> dict:
    """pandas reads every column as text and writes it to SQLite, checking nothing."""
    import sqlite3

    import pandas as pd

    con = sqlite3.connect(tmp / "pandas.sqlite3")
    started = time.perf_counter()
    frame = pd.read_csv(file, sep=";", dtype=str)
    frame.to_sql("participants", con, index=False, chunksize=100_000)
    con.commit()
    seconds = time.perf_counter() - started
    con.close()
    return {"rows": len(frame), "seconds": seconds, "note": "no checks"}


def django_import_export(file: Path, tmp: Path) -> dict:
    """django-import-export's ModelResource.import_data on the first 50,000 rows."""
    from itertools import islice

    os.environ["DJANGO_SETTINGS_MODULE"] = "benchapp.settings"
    import django

    django.setup()
    import tablib
    from benchapp.models import ParticipantRow
    from django.core.management import call_command
    from import_export import resources

    call_command("migrate", run_syncdb=True, verbosity=0)
    with file.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(islice(csv.reader(handle, delimiter=";"), 1, DJIE_ROWS + 1))
    dataset = tablib.Dataset(*rows, headers=FIELDS)

    class ParticipantResource(resources.ModelResource):
        class Meta:
            model = ParticipantRow
            fields = ["id", *FIELDS]  # "id" absent from the file: every row is new

    started = time.perf_counter()
    result = ParticipantResource().import_data(dataset, dry_run=False, raise_errors=False)
    seconds = time.perf_counter() - started
    saved = ParticipantRow.objects.count()
    note = f"{saved:,} saved, {result.totals.get('error', 0):,} errors, no checks"
    return {"rows": len(dataset), "seconds": seconds, "note": note}


BASELINES = {"floor": floor, "pandas": pandas_sqlite, "djie": django_import_export}


def report(results: dict[str, dict]) -> None:
    """The side-by-side table, then each goal's ratio and verdict."""
    labels = {
        "semesta": "Semesta (semesta import, whole process)",
        "xlsx": "Semesta, 200,000-row XLSX",
        "floor": "Floor (DuckDB read_csv + checks)",
        "pandas": "pandas read_csv + to_sql (SQLite)",
        "djie": "django-import-export import_data",
    }
    print(f"\n{'contender':<42}{'rows':>12}{'seconds':>10}{'rows/s':>12}{'peak MiB':>10}")
    for key, r in results.items():
        r["rate"] = r["rows"] / r["seconds"]
        print(
            f"{labels[key]:<42}{r['rows']:>12,}{r['seconds']:>10.2f}{r['rate']:>12,.0f}"
            f"{r['peak'] / 2**20:>10,.0f}"
        )
    print()
    for key, r in results.items():
        print(f"  {key}: {r['note']}")
    s, f, p, d, x = (results[k] for k in ("semesta", "floor", "pandas", "djie", "xlsx"))
    time_vs_floor = s["seconds"] / f["seconds"]
    pandas_vs_time = p["seconds"] / s["seconds"]
    rate_vs_djie = s["rate"] / d["rate"]
    peak = s["peak"] / GIB
    goals = [
        ("Semesta time / floor time", f"{time_vs_floor:.2f}x", "<= 3x", time_vs_floor <= 3),
        ("pandas time / Semesta time", f"{pandas_vs_time:.2f}x", "> 1x", pandas_vs_time > 1),
        ("Semesta rows/s / d-i-e rows/s", f"{rate_vs_djie:.0f}x", ">= 100x", rate_vs_djie >= 100),
        ("Semesta peak memory", f"{peak:.2f} GiB", "< 2 GiB", peak < 2),
        ("200,000-row XLSX import", f"{x['seconds']:.1f} s", "< 30 s", x["seconds"] < 30),
    ]
    print("\nratios")
    for label, shown, goal, met in goals:
        print(f"  {label:<32}{shown:>10}   goal {goal:<9}{'met' if met else 'NOT met'}")


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        name, file, tmp = sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])
        print(json.dumps(BASELINES[name](file, tmp)))
        return 0
    data_dir = Path(os.environ.get("SEMESTA_DATA_DIR", "var")).resolve()
    file = extract_file(data_dir)
    print(f"extract: {file} ({file.stat().st_size / 2**20:,.0f} MiB)", flush=True)
    results = {}
    with tempfile.TemporaryDirectory(prefix="semesta-bench-") as tmp:
        print("Semesta import ...", flush=True)
        results["semesta"] = semesta(file, Path(tmp))
        print("Semesta XLSX import ...", flush=True)
        results["xlsx"] = semesta(xlsx_file(data_dir, file), Path(tmp))
        for key, label in [("floor", "floor"), ("pandas", "pandas"), ("djie", "d-i-e")]:
            print(f"{label} ...", flush=True)
            results[key] = child(key, file, Path(tmp))
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
