"""A national month on both engines: ``python scripts/bench_national.py --rows N [--json]``.

Generates a synthetic national participant extract of N participations over all 83,762
desa/kelurahan of Indonesia, writes it as Parquet partitioned by province (``province=NN/``),
computes the month's coverage facts with DuckDB and with Spark (each in its own process, through
``semesta.engine.engines.get_engine``) and prints
``{"rows", "people", "facts", "duckdb_s", "spark_s", "peak_mib", "same"}``.

- Spread: no population or working-residents figure per province is shipped for all of
  Indonesia, so participations follow the number of desa/kelurahan of each province (a proxy),
  scaled per province by a fixed pseudo-random factor between 0.5 and 1.5 so provinces differ.
- Working residents per province: proportional to its number of desa/kelurahan, their total set
  so national coverage comes out at about 35.7 % (Kemendagri, April 2025: 35.68 %).
- 8 % of people hold two participations (two employers, or PU and BPU), each row carrying its
  NIK's number of participations as the store writes it; RW unknown (no RW layer outside DKI),
  so each kelurahan's participants sit in its unknown-RW bucket.
- ``duckdb_s`` and ``spark_s``: the engine's ``compute`` alone (Spark's includes starting its
  session); ``peak_mib``: the DuckDB process's peak resident memory. ``same``: both engines'
  facts are identical (compared by a digest of every fact).

``--engines duckdb`` runs DuckDB only (e.g. for 60 M rows); ``--dir`` keeps the extract.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import fields
from datetime import date
from decimal import Decimal
from operator import attrgetter
from pathlib import Path

PERIOD = "2025-07"
COVERAGE = 0.357
DOUBLE_SHARE = 8  # % of people with two participations
SEED = 20


def _regions():
    from semesta.engine.coverage import RegionRow
    from semesta.regions.national import national_rows

    return [RegionRow(code, parent, level) for code, _, level, parent in national_rows()]


def _province_factor(code: str) -> float:
    digest = hashlib.sha256(f"{SEED}:{code}".encode()).digest()
    return 0.5 + digest[0] / 255


def generate(rows: int, folder: Path) -> dict:
    """Write the extract under ``folder/period=YYYY-MM/province=NN/``; returns its figures."""
    import duckdb
    import numpy as np
    import pyarrow as pa

    villages = [(code, parent) for code, _, level, parent in _national() if level == "kelurahan"]
    province = np.array([code.split(".")[0] for code, _ in villages])
    weights = np.array([_province_factor(p) for p in province])
    people = round(rows / (1 + DOUBLE_SHARE / 100))
    counts = np.random.default_rng(SEED).multinomial(people, weights / weights.sum())
    table = pa.table(
        {"code": [c for c, _ in villages], "n": counts.astype(np.int64), "province": province}
    )
    target = folder / f"period={PERIOD}"
    with duckdb.connect() as con:
        con.execute("SET enable_progress_bar = false").fetchall()
        con.execute("SET preserve_insertion_order = false").fetchall()
        if os.environ.get("SEMESTA_DUCKDB_MEMORY_LIMIT"):
            con.execute("SET memory_limit = ?", [os.environ["SEMESTA_DUCKDB_MEMORY_LIMIT"]])
        con.register("villages", table)
        con.execute(f"SELECT setseed({SEED / 100})").fetchall()
        con.execute(f"""
            COPY (
            WITH people AS (
                SELECT row_number() OVER () AS person, code, province
                FROM villages, range(n)
            ), participations AS (
                SELECT person, code, province, 0 AS k FROM people
                UNION ALL
                SELECT person, code, province, 1 FROM people
                WHERE hash(person) % 100 < {DOUBLE_SHARE}
            )
            SELECT unhex(md5(person::VARCHAR)) AS nik_hash,
                   CASE WHEN u < 0.60 THEN 'PU' WHEN u < 0.90 THEN 'BPU'
                        WHEN u < 0.97 THEN 'JAKON' ELSE 'PMI' END AS segment,
                   CASE WHEN hash(person, k, 'status') % 100 < 80 THEN 'ACTIVE'
                        ELSE 'INACTIVE' END AS status,
                   'NPP' || (hash(person, k) % 2000000)::VARCHAR AS employer_npp,
                   code AS kelurahan_code,
                   CAST(NULL AS SMALLINT) AS rw,
                   CAST(NULL AS VARCHAR) AS sponsor_code,
                   DATE '2015-01-01' + CAST(hash(person, k, 'day') % 3800 AS INTEGER)
                       AS registered_on,
                   CAST(NULL AS DATE) AS paid_until,
                   CAST(CASE WHEN hash(person) % 100 < {DOUBLE_SHARE} THEN 2 ELSE 1 END
                        AS SMALLINT) AS participations,
                   province
            FROM (SELECT *, (hash(person, k, 'segment') % 1000) / 1000 AS u
                  FROM participations)
            ) TO '{target}' (FORMAT parquet, PARTITION_BY (province), COMPRESSION zstd,
                             ROW_GROUP_SIZE 500000)""").fetchall()
        written, active = con.execute(
            f"SELECT count(*), count(DISTINCT nik_hash) FILTER (WHERE status = 'ACTIVE')"
            f" FROM read_parquet('{target}/**/*.parquet')"
        ).fetchall()[0]
    return {"rows": written, "people": people, "active_people": active}


def _national():
    from semesta.regions.national import national_rows

    return national_rows()


def _inputs(active_people: int):
    from semesta.engine.coverage import TargetRow, WorkforceRow

    regions = _regions()
    desa: dict[str, int] = {}
    for region in regions:
        if region.level == "kelurahan":
            desa[region.code[:2]] = desa.get(region.code[:2], 0) + 1
    total = active_people / COVERAGE
    workforce = []
    for code, count in desa.items():
        value = round(total * count / sum(desa.values()))
        workforce += [
            WorkforceRow(code, "2025-01", "total", value),
            WorkforceRow(code, "2025-01", "formal", round(value * 0.4)),
            WorkforceRow(code, "2025-01", "informal", value - round(value * 0.4)),
        ]
    targets = [TargetRow(code, "pct", Decimal("52.15"), date(2025, 12, 31)) for code in desa]
    return regions, workforce, targets


def worker(engine_name: str, folder: Path, active_people: int) -> dict:
    """Compute the month with one engine (in this process); its time and a digest of the facts."""
    from semesta.engine.engines import get_engine

    regions, workforce, targets = _inputs(active_people)
    snapshot = folder / f"period={PERIOD}" / "**" / "*.parquet"
    started = time.perf_counter()
    facts = get_engine(engine_name).compute({PERIOD: snapshot}, regions, workforce, targets)
    seconds = time.perf_counter() - started
    digest = hashlib.sha256()
    values = attrgetter(*(f.name for f in fields(facts[0]))) if facts else None
    for fact in sorted(map(values, facts)):  # the tuples astuple gives, without deep copies
        digest.update(repr(fact).encode())
    national = _national_coverage(facts)
    return {
        "seconds": round(seconds, 1),
        "peak_mib": _peak_mib(),
        "facts": len(facts),
        "digest": digest.hexdigest(),
        **national,
    }


def _peak_mib() -> float:
    """This process's peak resident memory (MiB) since it started its program.

    Linux's ``VmHWM`` belongs to the process's own memory map; ``ru_maxrss`` does not do here:
    a child forked from the generator inherits its peak (9 GiB after writing 60 M rows)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _national_coverage(facts) -> dict:
    tops = [f for f in facts if f.level == "province" and f.segment == "ALL"]
    active = sum(f.active for f in tops)
    workforce = sum(f.workforce or 0 for f in tops)
    return {
        "provinces_with_facts": len(tops),
        "national_coverage_pct": round(100 * active / workforce, 2) if workforce else None,
    }


def _run_worker(engine_name: str, folder: Path, active_people: int) -> tuple[dict, float]:
    """Run one engine in a child process; its result and its peak resident memory (MiB)."""
    args = [sys.executable, __file__, "--worker", engine_name, "--dir", str(folder)]
    args += ["--active-people", str(active_people)]
    child = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    out = child.stdout.read()
    _, status, _ = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{engine_name} failed (exit {child.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    return result, result["peak_mib"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--engines", default="duckdb,spark")
    parser.add_argument("--dir", help="Where the extract is written (kept); default a temp dir")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--active-people", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, Path(args.dir), args.active_people)))
        return
    folder = Path(args.dir or tempfile.mkdtemp(prefix="semesta-national-"))
    try:
        started = time.perf_counter()
        made = generate(args.rows, folder)
        generated_s = round(time.perf_counter() - started, 1)
        results, peaks = {}, {}
        for name in args.engines.split(","):
            results[name], peaks[name] = _run_worker(name, folder, made["active_people"])
    finally:
        if not args.dir:
            shutil.rmtree(folder, ignore_errors=True)
    digests = {r["digest"] for r in results.values()}
    first = next(iter(results.values()))
    summary = {
        "rows": made["rows"],
        "people": made["people"],
        "facts": first["facts"],
        "provinces_with_facts": first["provinces_with_facts"],
        "national_coverage_pct": first["national_coverage_pct"],
        "generate_s": generated_s,
        "duckdb_s": results.get("duckdb", {}).get("seconds"),
        "spark_s": results.get("spark", {}).get("seconds"),
        "peak_mib": round(peaks["duckdb"]) if "duckdb" in peaks else None,
        "same": len(digests) == 1 if len(results) > 1 else None,
    }
    if args.json:
        print(json.dumps(summary))
    else:
        for key, value in summary.items():
            print(f"{key:>22}: {value}")


if __name__ == "__main__":
    main()
