"""Build the full-scale synthetic Jakarta through the same store and engine as real data."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import numpy as np
import pyarrow as pa
from django.conf import settings
from django.db import connection, transaction

from semesta import periods
from semesta.bulk import insert_rows, without_cycle_collection
from semesta.coverage import kemendagri
from semesta.coverage import services as coverage
from semesta.coverage.models import Workforce
from semesta.demo import calibration as cal
from semesta.demo import population as pop
from semesta.demo.accounts import create_demo_users
from semesta.demo.awards import create_award
from semesta.demo.businesses import create_businesses
from semesta.demo.circulars import create_responses
from semesta.demo.collaboration import create_collaboration
from semesta.demo.employers import SECTORS, employer_columns
from semesta.demo.geography import KOTA, build_geography, workforce_by_rw
from semesta.demo.legal import create_legal_products
from semesta.demo.programmes import create_programme
from semesta.demo.rosters import create_rosters
from semesta.demo.samples import participant_rows, write_samples
from semesta.demo.sponsorship import create_pledges
from semesta.employers.models import Employer
from semesta.engine.store import WrittenSnapshot, connect
from semesta.nik import NIK_HASH_SQL
from semesta.regions.models import BranchOffice, Level, Region
from semesta.regions.services import rw_code
from semesta.workers.matching import match_month

SNAPSHOT_SOURCE = "Demo: ekstrak peserta sintetis BPJS Ketenagakerjaan"
MATCHED_MONTHS = 3  # rosters matched against the last months, so lapses show
Report = Callable[[str], None]


def marker_path():
    return settings.DATA_DIR / "demo.json"


def is_built() -> bool:
    """Whether this data directory already holds the demo."""
    from semesta.coverage.models import Snapshot

    return marker_path().exists() and Snapshot.objects.exists()


def steps() -> int:
    """How many times ``build`` reports progress (for a progress bar)."""
    return 6


def build(report: Report = lambda label: None) -> dict:
    """Create regions below kelurahan, branches, workforce, targets, employers, snapshots, facts
    (see ``_build``), with Python's cycle collector paused: the millions of rows and facts made
    here form no cycle, and walking them over and over cost a sixth of the build's CPU."""
    with without_cycle_collection():
        return _build(report)


def _build(report: Report) -> dict:
    """Create regions below kelurahan, branches, workforce, targets, employers, snapshots, facts.

    The heavy work overlaps: DuckDB and Arrow (which release the GIL) write the snapshots, then
    compute the facts, in a background thread while this one does the database work that needs
    neither. Every random draw still happens in the same order, so the data is the same.
    """
    started = time.perf_counter()
    report = clock = StepClock(report)
    rng = np.random.default_rng(cal.SEED)
    report("Wilayah RW/RT, pemberi kerja, peserta")
    kelurahan = list(Region.objects.filter(level=Level.KELURAHAN).values_list("code", flat=True))
    geo = build_geography(kelurahan, rng)
    rw_workforce = {period: workforce_by_rw(geo, total) for period, total in cal.WORKFORCE.items()}
    employers = _draw_employers(geo, rw_workforce, rng)
    npps = employers["npp"]
    summary: dict = {}
    with ThreadPoolExecutor(max_workers=2) as background:
        # The database rows of what is drawn so far go in beside the people's draws.
        structure = background.submit(_create_structure, geo, rw_workforce, employers)
        months = pop.periods()
        kota_denominators = {year: _kota_sums(geo, wf) for year, wf in rw_workforce.items()}
        targets = pop.stratum_targets(months, kota_denominators)
        latest = rw_workforce[max(rw_workforce)]
        people, kel_effect = pop.make_people(geo, latest, targets, len(npps), rng)
        statuses = list(pop.monthly_status(people, kel_effect, targets, rng))
        summary["participants"] = len(people.nik)
        report("Hash NIK")
        hashes = _hash_niks(people.nik)
        report("Snapshot peserta; daftar pekerja rentan, registri usaha")
        writing = background.submit(_write_snapshots, people, hashes, geo, npps, months, statuses)
        structure.result()
        summary |= _without_snapshots(people, hashes, geo, rng)
        for written in writing.result():
            coverage.register_snapshot(written, SNAPSHOT_SOURCE)
        report("Menghitung cakupan; daftar, sponsor, contoh berkas, kolaborasi")

        def meanwhile() -> dict:
            done = _without_facts(people, geo, npps, months, statuses[-1][2], rng)
            return {**done, "collaboration": create_collaboration(people, hashes, geo, rng)}

        summary |= _facts(report, meanwhile)
    report("Penghargaan")
    summary["paritrana_2025_winners"] = create_award()  # from December's coverage facts
    clock.stop()
    summary = {
        "built_at": date.today().isoformat(),
        "seconds": round(time.perf_counter() - started, 1),
        **summary,
        "step_seconds": clock.seconds,
    }
    marker_path().write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return summary


FACT_MONTHS_PER_RUN = 6


def _facts(report: Report, meanwhile: Callable[[], dict]) -> dict:
    """Compute the months' coverage facts a few months per engine run, the runs one after
    another in a thread of their own while this one does ``meanwhile``, then write each run's
    facts as soon as it is done: writing overlaps the next run instead of following the last."""
    runs = coverage.runs_to_compute(FACT_MONTHS_PER_RUN)
    written = 0
    with ThreadPoolExecutor(max_workers=1) as engine:
        computing = [engine.submit(run) for _, run in runs]
        try:
            summary = meanwhile()
            report("Menulis fakta cakupan")
            for months, _ in runs:
                facts = computing.pop(0).result()
                coverage.write_facts(months, facts)
                written += len(facts)
        except BaseException:
            engine.shutdown(cancel_futures=True)
            raise
    coverage.reallocate()  # targets allocated below the set ones, from the facts just written
    return {**summary, "facts": written}


def _create_structure(geo, rw_workforce, employers) -> None:
    """RW and RT, branches, working residents, targets and employers, from this thread's own
    database connection (closed at the end), while the caller draws the people."""
    try:
        _create_rw_rt(geo)
        _create_branches()
        _create_workforce(geo, rw_workforce)
        _create_targets()
        _create_employers(geo, employers)
    finally:
        connection.close()


def _without_snapshots(people, hashes, geo, rng) -> dict:
    """What needs no snapshot: rosters, the programme, legal products, logins, the registry."""
    roster = create_rosters(people, hashes, geo, _hash_niks, rng)
    create_programme()
    create_legal_products()
    recognised = create_responses()
    logins = create_demo_users()
    # Its own random stream, so the registry never shifts any other demo figure.
    businesses = create_businesses(np.random.default_rng(cal.SEED + 18))
    return {
        "roster_workers": roster,
        "employers_recognised_se_jakarta_barat": recognised,
        "business_registry": businesses,
        "logins": logins,
    }


def _without_facts(people, geo, npps, months, active, rng) -> dict:
    """What needs the snapshots but no coverage fact: roster matches, the CSR pledge, samples."""
    for period in months[-MATCHED_MONTHS:]:
        match_month(periods.parse(period))
    sponsored = create_pledges()
    names = dict(Region.objects.filter(level=Level.KELURAHAN).values_list("code", "name"))
    rows = participant_rows(people, geo, npps, active, names, rng)
    samples = write_samples(rows, settings.DATA_DIR / "samples")
    return {"csr_sponsored_jakarta_pusat": sponsored, "samples": samples}


class StepClock:
    """Passes each step to ``report`` and keeps how long every step took (``demo -v 2``)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.seconds: dict[str, float] = {}
        self._label: str | None = None
        self._since = time.perf_counter()

    def __call__(self, label: str) -> None:
        self.stop()
        self._label, self._since = label, time.perf_counter()
        self.report(label)

    def stop(self) -> None:
        if self._label is not None:
            self.seconds[self._label] = round(time.perf_counter() - self._since, 1)
            self._label = None


def _hash_niks(niks: np.ndarray) -> pa.ChunkedArray:
    """Keyed hashes of the NIKs (int64 digits), computed in DuckDB, in the same order."""
    with connect() as con:
        con.register("niks", pa.table({"n": niks}))
        sql = NIK_HASH_SQL.format(nik="lpad(CAST(n AS VARCHAR), 16, '0')")
        result = con.sql(
            f"SELECT {sql} AS h FROM niks", params={"nik_key": bytes.fromhex(settings.NIK_HASH_KEY)}
        ).to_arrow_table()
    return result.column("h")


@transaction.atomic
def _create_rw_rt(geo) -> None:
    rws, rts = [], []
    for i, number in enumerate(geo.rw_number):
        kel = geo.kelurahan[geo.rw_kelurahan[i]]
        code = rw_code(kel, int(number))
        rws.append(Region(code=code, name=f"RW {number:03d}", level=Level.RW, parent_id=kel))
        rts += [
            Region(code=f"{code}.{rt:03d}", name=f"RT {rt:03d}", level=Level.RT, parent_id=code)
            for rt in range(1, int(geo.rt_count[i]) + 1)
        ]
    Region.objects.bulk_create(rws, batch_size=5000)
    Region.objects.bulk_create(rts, batch_size=5000)


def _create_branches() -> None:
    for kota, names in cal.BRANCHES.items():
        kecamatan = list(Region.objects.filter(level=Level.KECAMATAN, parent_id=kota))
        for i, name in enumerate(names):
            branch, _ = BranchOffice.objects.get_or_create(
                code=name.lower().replace(" ", "-"), defaults={"name": f"Cabang {name}"}
            )
            branch.kecamatan.add(*kecamatan[i :: len(names)])


def _create_workforce(geo, by_year: dict[str, dict[str, np.ndarray]]) -> None:
    """Working residents per RW (``by_year``: ``workforce_by_rw``'s figures per period), and
    the kelurahan, kota and province figures they add up to.

    Every level carries its own figure with the source and method of the demo's estimate, so
    pages show where a figure comes from; the sums are exact, so coverage is the same as if
    only the RWs had figures.
    """
    rows = []
    for period, total in cal.WORKFORCE.items():
        figures = by_year[period]
        month = periods.parse(period)
        year = int(period[:4])
        rw_codes = [
            rw_code(geo.kelurahan[geo.rw_kelurahan[i]], int(number))
            for i, number in enumerate(geo.rw_number)
        ]
        levels = [(rw_codes, {k: v.tolist() for k, v in figures.items()}, "rw")]
        kelurahan = {
            kind: np.bincount(geo.rw_kelurahan, weights=v, minlength=len(geo.kelurahan))
            for kind, v in figures.items()
        }
        levels.append(
            (
                geo.kelurahan,
                {k: v.astype(np.int64).tolist() for k, v in kelurahan.items()},
                "kelurahan",
            )
        )
        kota = _kota_sums(geo, figures)
        levels.append((KOTA, {k: [kota[c][k] for c in KOTA] for k in figures}, "kota"))
        province = {k: [int(v.sum())] for k, v in figures.items()}
        levels.append(([cal.PROVINCE], province, "province"))
        for codes, values, level in levels:
            source, method = cal.WORKFORCE_PROVENANCE[level]
            rows += [
                Workforce(
                    region_id=code,
                    period=month,
                    kind=kind,
                    value=int(values[kind][i]),
                    source=source.format(year=year, total=f"{total:,}".replace(",", ".")),
                    method=method,
                    year=year,
                )
                for i, code in enumerate(codes)
                for kind in ("total", "formal", "informal")
            ]
    Workforce.objects.bulk_create(rows, batch_size=5000)


def _kota_sums(geo, figures) -> dict[str, dict[str, int]]:
    kota_of_rw = geo.kota_of[geo.rw_kelurahan]
    return {
        kota: {kind: int(values[kota_of_rw == k].sum()) for kind, values in figures.items()}
        for k, kota in enumerate(KOTA)
    }


def _create_targets() -> None:
    """Kemendagri's DKI targets from the data file (2024: 2.7 million; 2025: 2.8 million)."""
    kemendagri.load_targets(cal.PROVINCE)


def _draw_employers(geo, rw_workforce, rng) -> dict[str, np.ndarray]:
    """The employers' columns, spread over kelurahan by their formal workforce."""
    latest = rw_workforce[max(rw_workforce)]["formal"]
    weights = np.bincount(geo.rw_kelurahan, weights=latest, minlength=len(geo.kelurahan))
    return employer_columns(cal.EMPLOYERS, weights, rng)


def _create_employers(geo, columns: dict[str, np.ndarray]) -> None:
    branch_of = {
        kec: branch
        for branch, kec in BranchOffice.kecamatan.through.objects.values_list(
            "branchoffice_id", "region_id"
        )
    }
    fields = ["npp", "name", "kelurahan", "branch", "sector", "size", "registered_on", "active"]
    fields += ["pds_workers", "pds_wages", "pds_programmes"]
    kelurahan = [geo.kelurahan[i] for i in columns["kelurahan"]]
    rows = (
        (
            npp,
            name,
            kel,
            branch_of.get(kel.rsplit(".", 1)[0]),
            SECTORS[sector],
            size,
            registered.item(),
            True,
            # A few registered only part of their workers, wages or programmes (PDS).
            i % 37 == 0,
            i % 53 == 0,
            i % 97 == 0,
        )
        for i, (npp, name, kel, sector, size, registered) in enumerate(
            zip(
                columns["npp"].tolist(),
                columns["name"].tolist(),
                kelurahan,
                columns["sector"].tolist(),
                columns["size"].tolist(),
                columns["registered_on"],
                strict=True,
            )
        )
    )
    insert_rows(Employer, fields, rows)


def _write_snapshots(people, hashes, geo, npps, months, statuses) -> list[WrittenSnapshot]:
    """Write one snapshot file per month (``statuses``: ``pop.monthly_status``'s months); the
    caller registers them. Touches no database, so it may run in another thread.

    Every person has one participation, and some a second one (``pop.extra_participations``)
    that changes neither who is active nor where they live, so the figures stay calibrated.
    """
    bpu = np.flatnonzero(people.segment == pop.SEGMENTS.index("BPU"))
    bpu_paid = pop.paid_months(np.stack([active[bpu] for _, _, active in statuses]))
    extra = pop.extra_participations(people, geo, len(npps), np.random.default_rng([cal.SEED, 18]))
    static = {
        "nik_hash": hashes,
        "segment": _dictionary(people.segment, pop.SEGMENTS),
        "employer_npp": _dictionary(people.employer, npps.tolist()),
        "kelurahan_code": _dictionary(people.kelurahan, geo.kelurahan),
        "rw": pa.array(people.rw, mask=people.rw == 0, type=pa.int16()),
        "sponsor_code": _dictionary(people.sponsor, pop.SPONSORS),
        "registered_on": pa.array(people.registered_on, type=pa.int32()).cast(pa.date32()),
    }
    extra_static = {
        "nik_hash": hashes.take(pa.array(extra.owner)),
        "segment": _dictionary(extra.segment, pop.SEGMENTS),
        "employer_npp": _dictionary(extra.employer, npps.tolist()),
        "kelurahan_code": _dictionary(extra.kelurahan, geo.kelurahan),
        "rw": pa.array(extra.rw, mask=extra.rw == 0, type=pa.int16()),
        "sponsor_code": _dictionary(np.full(len(extra.owner), -1), pop.SPONSORS),
        "registered_on": pa.array(extra.registered_on, type=pa.int32()).cast(pa.date32()),
    }
    # Only the people with a second participation can have several rows: the store need not
    # group every row to find them.
    several = pa.table({"nik_hash": hashes.take(pa.array(np.unique(extra.owner)))})
    last_paid = np.full(len(people.nik), -1, dtype=np.int32)
    store = coverage.store()
    # Parquet encoding is the slow part: two writer threads while this one draws next months.
    with connect() as con, ThreadPoolExecutor(max_workers=2) as writers:
        pending = []
        for m, registered, active in statuses:
            last_paid[active] = _month_end(m)
            paid = last_paid.copy()
            paid[bpu] = np.where(bpu_paid[m] == pop.NEVER, -1, _month_end(bpu_paid[m]))
            # Everyone, with who is registered yet: DuckDB filters while it writes, so the
            # static columns are shared by every month instead of copied.
            table = pa.table(
                {
                    **static,
                    "status": _dictionary(active.astype(np.int8), ["INACTIVE", "ACTIVE"]),
                    "paid_until": pa.array(paid, mask=paid < 0).cast(pa.date32()),
                    "registered": registered,
                }
            )
            extra_active = extra.follows & active[extra.owner]
            extra_paid = np.where(extra.follows, paid[extra.owner], extra.paid_until)
            extra_rows = pa.table(
                {
                    **extra_static,
                    "status": _dictionary(extra_active.astype(np.int8), ["INACTIVE", "ACTIVE"]),
                    "paid_until": pa.array(extra_paid, mask=extra_paid < 0).cast(pa.date32()),
                    "registered": registered[extra.owner],
                }
            )
            table = pa.concat_tables([table, extra_rows])
            if len(pending) >= 3:
                pending[-3].result()  # bounds the months held in memory
            pending.append(
                writers.submit(_write_month, con.cursor(), store, months[m], table, several)
            )
        return [future.result() for future in pending]


def _month_end(index):
    """Days since 1970-01-01 of the last day of month ``index`` (0 = the first demo month)."""
    following = np.datetime64(cal.FIRST_PERIOD, "M") + np.asarray(index, dtype=np.int64) + 1
    return (following.astype("datetime64[D]") - 1 - pop.EPOCH).astype(np.int32)


def _write_month(cursor, store, period: str, table: pa.Table, several: pa.Table):
    with cursor:
        cursor.register("month_rows", table)
        cursor.register("several", several)
        sql = "SELECT * EXCLUDE (registered) FROM month_rows WHERE registered"
        return store.write(cursor, period, sql, several="several")


def _dictionary(indices: np.ndarray, values) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(
        pa.array(indices.astype(np.int32), mask=indices < 0), pa.array(list(values), pa.string())
    )
