"""Where the synthetic Jakarta's people live: workforce per kelurahan and RW, the RW/RT layer."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources

import numpy as np

from semesta.demo import calibration as cal


def allocate(total: int, weights) -> np.ndarray:
    """Split a whole number in proportion to weights, exactly (largest remainder)."""
    weights = np.asarray(weights, dtype=float)
    exact = total * weights / weights.sum()
    base = np.floor(exact).astype(np.int64)
    short = total - int(base.sum())
    if short:
        order = np.argsort(-(exact - base), kind="stable")
        base[order[:short]] += 1
    return base


@dataclass
class Geography:
    kelurahan: list[str]  # codes, sorted
    kota_of: np.ndarray  # index into KOTA per kelurahan
    population: np.ndarray  # 2010 census per kelurahan
    rw_count: np.ndarray  # RWs per kelurahan
    rw_kelurahan: np.ndarray  # kelurahan index per RW (RWs in code order)
    rw_number: np.ndarray  # 1-based RW number within its kelurahan
    rt_count: np.ndarray  # RTs per RW


KOTA = sorted(cal.FORMAL_SHARE)


def census_population() -> dict[str, int]:
    text = (
        resources.files("semesta.data")
        .joinpath("population/dki_penduduk_kelurahan_sp2010.csv")
        .read_text("utf-8")
    )
    return {
        r["kemendagri_kode"]: int(r["penduduk_2010"]) for r in csv.DictReader(io.StringIO(text))
    }


def kota_population_2025() -> dict[str, int]:
    text = (
        resources.files("semesta.data")
        .joinpath("population/dki_kabkota_penduduk_luas_2025.csv")
        .read_text("utf-8")
    )
    return {r["kode"]: int(r["penduduk_total"]) for r in csv.DictReader(io.StringIO(text))}


def build_geography(kelurahan_codes: list[str], rng: np.random.Generator) -> Geography:
    """RW counts follow population, with the three Jakarta Timur kecamatan fixed by the seed."""
    codes = sorted(kelurahan_codes)
    census = census_population()
    population = np.array([census[c] for c in codes], dtype=np.int64)
    kecamatan = np.array([c.rsplit(".", 1)[0] for c in codes])
    kota_of = np.array([KOTA.index(c[:5]) for c in codes])
    rw_count = np.zeros(len(codes), dtype=np.int64)
    fixed = np.isin(kecamatan, list(cal.RW_FIXED))
    for kec, total in cal.RW_FIXED.items():
        rw_count[kecamatan == kec] = _with_minimum(total, population[kecamatan == kec])
    free_total = cal.RW_TOTAL - sum(cal.RW_FIXED.values())
    rw_count[~fixed] = _with_minimum(free_total, population[~fixed])
    rw_kelurahan = np.repeat(np.arange(len(codes)), rw_count)
    starts = np.cumsum(rw_count) - rw_count
    rw_number = np.arange(len(rw_kelurahan)) - starts[rw_kelurahan] + 1
    rt_count = allocate(cal.RT_TOTAL, rng.uniform(0.6, 1.4, len(rw_kelurahan)))
    rt_count = np.maximum(rt_count, 1)
    return Geography(codes, kota_of, population, rw_count, rw_kelurahan, rw_number, rt_count)


def _with_minimum(total: int, weights: np.ndarray) -> np.ndarray:
    floor = np.full(len(weights), cal.MIN_RW_PER_KELURAHAN, dtype=np.int64)
    return floor + allocate(total - int(floor.sum()), weights)


def workforce_by_rw(geo: Geography, total: int) -> dict[str, np.ndarray]:
    """Working residents per RW (total, formal, informal), exact at every level.

    Kota shares follow the 2025 Dukcapil population, kelurahan shares the 2010 census; each RW
    keeps the same relative size from year to year.
    """
    rng = np.random.default_rng(cal.SEED + 1)
    kota_pop = kota_population_2025()
    kota_total = allocate(total, [kota_pop[k] for k in KOTA])
    kel_total = np.zeros(len(geo.kelurahan), dtype=np.int64)
    for k in range(len(KOTA)):
        members = geo.kota_of == k
        kel_total[members] = allocate(int(kota_total[k]), geo.population[members])
    rw_weights = rng.uniform(0.7, 1.3, len(geo.rw_kelurahan))
    rw_total = np.zeros(len(geo.rw_kelurahan), dtype=np.int64)
    for i in range(len(geo.kelurahan)):
        members = geo.rw_kelurahan == i
        rw_total[members] = allocate(int(kel_total[i]), rw_weights[members])
    share = np.array([cal.FORMAL_SHARE[KOTA[k]] for k in geo.kota_of])[geo.rw_kelurahan]
    formal = np.round(rw_total * share).astype(np.int64)
    return {"total": rw_total, "formal": formal, "informal": rw_total - formal}
