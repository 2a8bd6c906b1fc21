"""Benchmark: importing a 2.2-million-row participant extract, Semesta against its floor.

Every contender reads the same cached CSV (``$SEMESTA_DATA_DIR/bench/extract.csv``, written
once by ``scripts/make_extract.py``), each in its own process so peak memory (max RSS, read from
``os.wait4``) belongs to that contender alone:

- Semesta: ``semesta import participants FILE --period 2025-07 --json`` in a fresh, already
  migrated data directory. Seconds are the whole process's wall time (interpreter start, Django
  setup, read, row checks, error report, snapshot write, preview, commit, coverage recompute).
- Floor: one Python process in which DuckDB reads the same CSV, runs the same row checks
  (16-digit NIK with a valid province and birth month, known kelurahan code, parseable date),
  hashes each NIK with a key (SHA-256, the same expression as Semesta's) and writes the accepted
  rows to Parquet (zstd); also the whole process's wall time. No importer can do less: it even
  reads its region list with DuckDB, since a first Arrow array would make pyarrow import pandas
  (installed by the bench extra; Semesta keeps pyarrow from doing so, see semesta.engine).
  Semesta and the floor run alternately, twice each; the best of each is compared (goal: at most
  2x) and Semesta must accept exactly the floor's rows.
- XLSX: the first 200,000 rows as a workbook read through calamine into Arrow (goal < 3 s), and
  imported by Semesta end to end.
- pandas ``read_csv`` + ``to_sql`` into SQLite, checking nothing: the quick script people write.
- django-import-export on a 50,000-row head (it is far too slow for the whole file), timing
  ``import_data`` only; compared by rows per second (goal: Semesta 200x or more).

Semesta's modules are compiled to bytecode once before the runs (``compileall``), as an
installed package is: with an editable install and ``PYTHONDONTWRITEBYTECODE`` set, as on these
machines, every start would otherwise compile Semesta's sources again (a tenth of a second or
more), a cost no deployment pays.

Baseline seconds other than the floor's are timed inside their child around the work alone.
Goals are reported as met or not met; only a crash makes the exit status non-zero. The machine
is shared: read the ratio from one run, where both sides met the same load.
"""

from __future__ import annotations

import csv
import importlib.util
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


def compile_semesta() -> None:
    """Bytecode for Semesta's modules, as an installed package has (see the module docstring)."""
    spec = importlib.util.find_spec("semesta")
    for folder in spec.submodule_search_locations if spec else []:
        subprocess.run([sys.executable, "-m", "compileall", "-q", folder], check=True)


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


def semesta(file: Path, tmp: Path, run_no: int = 0) -> dict:
    """Semesta's CLI import, end to end, into a fresh data directory migrated beforehand."""
    env = {"SEMESTA_DATA_DIR": str(tmp / f"semesta-{file.suffix[1:]}-{run_no}")}
    run([str(BIN / "semesta"), "migrate", "-v0"], env)
    cmd = [str(BIN / "semesta"), "import", "participants", str(file), "--period", PERIOD, "--json"]
    out, seconds, peak = run(cmd, env)
    batch = json.loads(out.strip().splitlines()[-1])
    note = (
        f"status {batch['status']}: {batch['rows_total']:,} total, "
        f"{batch['rows_accepted']:,} accepted, {batch['rows_rejected']:,} rejected"
    )
    return {
        "rows": batch["rows_total"],
        "accepted": batch["rows_accepted"],
        "seconds": seconds,
        "peak": peak,
        "note": note,
    }


def child(name: str, file: Path, tmp: Path, whole: bool = False) -> dict:
    """Run one baseline in its own process (this script with --child); add its peak memory.
    ``whole``: its seconds are the whole process's wall time, as Semesta's are."""
    env = {"SEMESTA_DATA_DIR": str(tmp / name), "BENCH_DJIE_DB": str(tmp / "djie.sqlite3")}
    cmd = [sys.executable, __file__, "--child", name, str(file), str(tmp)]
    out, seconds, peak = run(cmd, env)
    result = {**json.loads(out.strip().splitlines()[-1]), "peak": peak}
    if whole:
        result["seconds"] = seconds
    return result


# The NIK hash as Semesta computes it (semesta.nik.NIK_HASH_SQL), with a fixed bench key.
NIK_HASH = "unhex(sha256($nik_key || encode({nik})))[1:16]"
BENCH_KEY = bytes(range(32))


def floor(file: Path, tmp: Path) -> dict:
    """DuckDB reads the CSV, checks each row, hashes the NIK and writes Parquet, in one query."""
    import duckdb

    provinces = ", ".join(f"('{p}')" for p in PROVINCES)
    con = duckdb.connect()
    # Straight from the region file: no Arrow table, whose first array would make pyarrow
    # import pandas (installed with the bench extra), work no importer needs.
    con.execute(
        "CREATE TABLE villages AS SELECT code FROM read_csv($path, all_varchar = true)",
        {"path": str(VILLAGES)},
    ).fetchall()
    out = tmp / "floor.parquet"
    sql = f"""
        COPY (
            WITH provinces(code) AS (VALUES {provinces}),
            raw AS (SELECT * FROM read_csv($file, all_varchar = true, delim = ';', header = true))
            SELECT {NIK_HASH.format(nik='raw."NIK"')} AS nik_hash, raw."Segmen" AS segment,
                raw."Status" AS status, raw."NPP" AS employer_npp,
                raw."Kode Kelurahan" AS kelurahan_code, CAST(raw."RW" AS SMALLINT) AS rw,
                raw."Sponsor" AS sponsor_code,
                CAST(strptime(raw."Tanggal Daftar", '%d/%m/%Y') AS DATE) AS registered_on
            FROM raw JOIN villages ON villages.code = raw."Kode Kelurahan"
            WHERE regexp_full_match(raw."NIK", '[0-9]{{16}}')
                AND substr(raw."NIK", 1, 2) IN (SELECT code FROM provinces)
                AND try_cast(substr(raw."NIK", 9, 2) AS INTEGER) BETWEEN 1 AND 12
                AND try_strptime(raw."Tanggal Daftar", '%d/%m/%Y') IS NOT NULL
        ) TO '{out}' (FORMAT parquet, COMPRESSION zstd)
    """
    started = time.perf_counter()
    con.execute(sql, {"file": str(file), "nik_key": BENCH_KEY}).fetchall()
    accepted = con.execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone()[0]
    seconds = time.perf_counter() - started
    # Rows in the file: counted by Semesta (counting them here would read the file twice).
    return {"rows": accepted, "accepted": accepted, "seconds": seconds, "note": ""}


def read_xlsx(file: Path, tmp: Path) -> dict:
    """The 200,000-row workbook read through calamine into Arrow, as an upload is read."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "semesta.settings")
    import django

    django.setup()
    from semesta.imports.reading import read_file

    started = time.perf_counter()
    sheet = read_file(file, 10**10, 10**10)
    seconds = time.perf_counter() - started
    return {"rows": sheet.table.num_rows, "seconds": seconds, "note": "calamine into Arrow"}


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


BASELINES = {
    "floor": floor,
    "xlsx_read": read_xlsx,
    "pandas": pandas_sqlite,
    "djie": django_import_export,
}


def report(results: dict[str, dict], runs: dict[str, list[dict]]) -> None:
    """The side-by-side table, then each goal's ratio and verdict."""
    labels = {
        "semesta": "Semesta (semesta import, whole process)",
        "floor": "Floor (DuckDB read+check+hash+Parquet)",
        "xlsx_read": "200,000-row XLSX: calamine into Arrow",
        "xlsx": "Semesta, 200,000-row XLSX, whole import",
        "pandas": "pandas read_csv + to_sql (SQLite)",
        "djie": "django-import-export import_data",
    }
    print(f"\n{'contender':<44}{'rows':>12}{'seconds':>10}{'rows/s':>12}{'peak MiB':>10}")
    for key, r in results.items():
        r["rate"] = r["rows"] / r["seconds"]
        print(
            f"{labels[key]:<44}{r['rows']:>12,}{r['seconds']:>10.2f}{r['rate']:>12,.0f}"
            f"{r['peak'] / 2**20:>10,.0f}"
        )
    print()
    for key in ("semesta", "floor"):
        shown = ", ".join(f"{r['seconds']:.2f} s / {r['peak'] / 2**20:,.0f} MiB" for r in runs[key])
        print(f"  {key} runs (alternating): {shown}")
    for key, r in results.items():
        print(f"  {key}: {r['note']}")
    s, f, p, d, x, xr = (
        results[k] for k in ("semesta", "floor", "pandas", "djie", "xlsx", "xlsx_read")
    )
    time_vs_floor = s["seconds"] / f["seconds"]
    pandas_vs_time = p["seconds"] / s["seconds"]
    rate_vs_djie = s["rate"] / d["rate"]
    peak = max(r["peak"] for r in runs["semesta"]) / GIB
    same = all(r["accepted"] == f["accepted"] for r in runs["semesta"])
    goals = [
        ("Semesta time / floor time (best)", f"{time_vs_floor:.2f}x", "<= 2x", time_vs_floor <= 2),
        ("Semesta rows accepted = floor's", f"{s['accepted']:,}", f"{f['accepted']:,}", same),
        ("Semesta peak memory", f"{peak:.2f} GiB", "< 1 GiB", peak < 1),
        ("Semesta rows/s / d-i-e rows/s", f"{rate_vs_djie:.0f}x", ">= 200x", rate_vs_djie >= 200),
        ("pandas time / Semesta time", f"{pandas_vs_time:.2f}x", "> 1x", pandas_vs_time > 1),
        ("200,000-row XLSX into Arrow", f"{xr['seconds']:.1f} s", "< 3 s", xr["seconds"] < 3),
        ("200,000-row XLSX import", f"{x['seconds']:.1f} s", "< 30 s", x["seconds"] < 30),
    ]
    print("\nratios")
    for label, shown, goal, met in goals:
        print(f"  {label:<34}{shown:>12}   goal {goal:<11}{'met' if met else 'NOT met'}")


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        name, file, tmp = sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])
        print(json.dumps(BASELINES[name](file, tmp)))
        return 0
    data_dir = Path(os.environ.get("SEMESTA_DATA_DIR", "var")).resolve()
    file = extract_file(data_dir)
    compile_semesta()
    print(f"extract: {file} ({file.stat().st_size / 2**20:,.0f} MiB)", flush=True)
    runs: dict[str, list[dict]] = {"semesta": [], "floor": []}
    results = {}
    with tempfile.TemporaryDirectory(prefix="semesta-bench-") as tmp:
        for attempt in range(2):  # alternately, so both sides meet the same load
            print(f"floor, run {attempt + 1} ...", flush=True)
            runs["floor"].append(child("floor", file, Path(tmp), whole=True))
            print(f"Semesta import, run {attempt + 1} ...", flush=True)
            runs["semesta"].append(semesta(file, Path(tmp), attempt))
        for key in runs:
            results[key] = min(runs[key], key=lambda r: r["seconds"])
        total = results["semesta"]["rows"]
        results["floor"]["rows"] = total
        accepted = results["floor"]["accepted"]
        results["floor"]["note"] = f"{accepted:,} accepted, {total - accepted:,} rejected"
        workbook = xlsx_file(data_dir, file)
        print("XLSX into Arrow ...", flush=True)
        results["xlsx_read"] = child("xlsx_read", workbook, Path(tmp))
        print("Semesta XLSX import ...", flush=True)
        results["xlsx"] = semesta(workbook, Path(tmp))
        for key, label in [("pandas", "pandas"), ("djie", "d-i-e")]:
            print(f"{label} ...", flush=True)
            results[key] = child(key, file, Path(tmp))
    report(results, runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
