"""The synthetic participants: who is registered, where they live, and who is active each month.

Monthly active counts per kota and segment are fixed first (calibration.py), then the people who
fill them are chosen by a persistent propensity plus monthly noise, so each month has realistic
churn (lapses and re-activations) while the totals hit the calibrated figures exactly.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources

import numpy as np

from semesta.demo import calibration as cal
from semesta.demo.geography import KOTA, Geography, allocate

SEGMENTS = ["PU", "BPU", "JAKON", "PMI"]
DENOMINATOR = {"PU": "formal", "BPU": "informal", "JAKON": "total", "PMI": "total"}
SPONSORS = ["APBD-DKI", "BAZNAS", *[f"CSR-{i:03d}" for i in range(1, 41)]]
EPOCH = np.datetime64("1970-01-01", "D")


def periods() -> list[str]:
    start = np.datetime64(cal.FIRST_PERIOD, "M")
    count = int(np.datetime64(cal.LAST_PERIOD, "M") - start) + 1
    return [str(start + i) for i in range(count)]


def province_active(months: list[str]) -> np.ndarray:
    """Active participants per month, through the calibration points (linear in between)."""
    known = sorted(cal.ACTIVE)
    x = [months.index(p) for p in known]
    values = np.interp(np.arange(len(months)), x, [cal.ACTIVE[p] for p in known])
    values = np.round(values).astype(np.int64)
    for period, value in cal.ACTIVE.items():
        values[months.index(period)] = value
    return values


def workforce_year(period: str) -> str:
    return max(p for p in cal.WORKFORCE if p <= period)


def stratum_targets(months, kota_denominators) -> np.ndarray:
    """Active count per month × kota × segment, summing exactly to the provincial figure."""
    totals = province_active(months)
    targets = np.zeros((len(months), len(KOTA), len(SEGMENTS)), dtype=np.int64)
    for m, period in enumerate(months):
        denominators = kota_denominators[workforce_year(period)]
        raw = np.zeros((len(KOTA), len(SEGMENTS)))
        fixed = np.zeros_like(raw, dtype=bool)
        for k, kota in enumerate(KOTA):
            rates = cal.FIXED_RATES.get(kota) or cal.BASE_RATES[kota]
            for s, segment in enumerate(SEGMENTS):
                share = {"JAKON": cal.JAKON_SHARE, "PMI": cal.PMI_SHARE}.get(segment)
                rate = share if share is not None else rates[segment]
                raw[k, s] = rate * denominators[kota][DENOMINATOR[segment]]
            fixed[k] = kota in cal.FIXED_RATES
        targets[m][fixed] = np.round(raw[fixed]).astype(np.int64)
        rest = int(totals[m] - targets[m][fixed].sum())
        targets[m][~fixed] = allocate(rest, raw[~fixed])
    return targets


@dataclass
class People:
    """Everyone ever registered, one entry per person (arrays of equal length)."""

    stratum: np.ndarray  # kota index × 4 + segment index
    segment: np.ndarray
    kelurahan: np.ndarray  # index into Geography.kelurahan, -1 unknown
    rw: np.ndarray  # RW number, 0 unknown
    registered_month: np.ndarray  # index into periods(); 0 also for earlier registrations
    registered_on: np.ndarray  # days since 1970-01-01
    sponsor: np.ndarray  # index into SPONSORS, -1 none
    employer: np.ndarray  # index into the employer list, -1 none
    nik: np.ndarray  # 16-digit NIKs as int64


def registered_pool(targets: np.ndarray) -> np.ndarray:
    """Cumulative registrations per month and stratum: enough that ~12 % are inactive."""
    flat = targets.reshape(len(targets), -1)
    needed = np.ceil(np.maximum.accumulate(flat, axis=0) / 0.88).astype(np.int64)
    growth = np.ceil(flat[0] * 0.004).astype(np.int64)
    return needed + np.arange(len(flat))[:, None] * growth[None, :]


def make_people(
    geo: Geography, rw_workforce, targets, employers: int, rng
) -> tuple[People, np.ndarray]:
    """Draw every registered person with a domicile, registration date, sponsor and employer."""
    pool = registered_pool(targets)
    kel_effect = np.clip(rng.normal(0, 0.15, len(geo.kelurahan)), -0.25, 0.25)
    parts = []
    for stratum in range(pool.shape[1]):
        k, s = divmod(stratum, len(SEGMENTS))
        parts.append(_stratum_people(geo, rw_workforce, kel_effect, pool[:, stratum], k, s, rng))
    people = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    people["employer"] = np.where(
        people["segment"] == 0, _employer_draws(len(people["segment"]), employers, rng), -1
    )
    people["nik"] = make_niks(geo, people["kelurahan"], rng)
    return People(**people), kel_effect


def _stratum_people(geo, rw_workforce, kel_effect, cumulative, k, s, rng) -> dict:
    n = int(cumulative[-1])
    in_kota = np.flatnonzero(geo.kota_of[geo.rw_kelurahan] == k)
    weights = rw_workforce[DENOMINATOR[SEGMENTS[s]]][in_kota] * np.exp(
        kel_effect[geo.rw_kelurahan[in_kota]]
    )
    rw_index = in_kota[rng.choice(len(in_kota), size=n, p=weights / weights.sum())]
    kelurahan = geo.rw_kelurahan[rw_index].astype(np.int32)
    rw = geo.rw_number[rw_index].astype(np.int16)
    rw[rng.random(n) < 0.01] = 0
    unknown = rng.random(n) < 0.003
    kelurahan[unknown], rw[unknown] = -1, 0
    month = np.searchsorted(cumulative, np.arange(n), side="right").astype(np.int16)
    registered_on = _registration_days(month, rng)
    sponsor = np.full(n, -1, dtype=np.int16)
    if SEGMENTS[s] == "BPU":
        draw = rng.random(n)
        sponsor[draw < 0.06] = 0
        sponsor[(draw >= 0.06) & (draw < 0.07)] = 1
        csr = (draw >= 0.07) & (draw < 0.10)
        sponsor[csr] = rng.integers(2, len(SPONSORS), csr.sum())
    return {
        "stratum": np.full(n, k * len(SEGMENTS) + s, dtype=np.int16),
        "segment": np.full(n, s, dtype=np.int8),
        "kelurahan": kelurahan,
        "rw": rw,
        "registered_month": month,
        "registered_on": registered_on,
        "sponsor": sponsor,
    }


def _registration_days(month: np.ndarray, rng) -> np.ndarray:
    first = (np.datetime64(cal.FIRST_PERIOD, "M") + month).astype("datetime64[D]")
    days = (first - EPOCH).astype(np.int32) + rng.integers(0, 28, len(month))
    earlier = (month == 0) & (rng.random(len(month)) < 0.97)
    start = (np.datetime64("2010-01-01") - EPOCH).astype(np.int32)
    end = (np.datetime64(cal.FIRST_PERIOD + "-01") - EPOCH).astype(np.int32)
    days[earlier] = rng.integers(start, end, earlier.sum())
    return days


def _employer_draws(n: int, employers: int, rng) -> np.ndarray:
    weights = 1.0 / np.power(np.arange(employers) + 8.0, 1.05)
    return rng.choice(employers, size=n, p=weights / weights.sum()).astype(np.int32)


def _district_prefixes() -> tuple[np.ndarray, np.ndarray]:
    text = resources.files("semesta.data").joinpath("wilayah/districts.csv").read_text("utf-8")
    codes = [r["code"] for r in csv.DictReader(io.StringIO(text))]
    outside = [c for c in codes if c[:2] in {"32", "33", "35", "36", "12", "13", "18"}]
    as_int = lambda cs: np.array([int(c.replace(".", "")) for c in cs], dtype=np.int64)  # noqa: E731
    return as_int([c for c in codes if c.startswith("31.")]), as_int(outside)


def make_niks(geo: Geography, kelurahan: np.ndarray, rng) -> np.ndarray:
    """Valid, unique NIKs: issued mostly where people live, date of birth and sex consistent."""
    n = len(kelurahan)
    dki, outside = _district_prefixes()
    home = np.array([int(c[:8].replace(".", "")) for c in geo.kelurahan], dtype=np.int64)
    prefix = np.where(
        kelurahan >= 0, home[np.maximum(kelurahan, 0)], dki[rng.integers(0, len(dki), n)]
    )
    draw = rng.random(n)
    prefix = np.where(draw < 0.12, dki[rng.integers(0, len(dki), n)], prefix)
    prefix = np.where(draw > 0.92, outside[rng.integers(0, len(outside), n)], prefix)
    day = rng.integers(1, 29, n) + np.where(rng.random(n) < 0.45, 40, 0)
    month = rng.integers(1, 13, n)
    year = rng.integers(1965, 2007, n) % 100
    key = prefix * 1_000_000 + day * 10_000 + month * 100 + year
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_key)) + 1]
    group_start = np.repeat(starts, np.diff(np.r_[starts, n]))
    serial = np.empty(n, dtype=np.int64)
    serial[order] = np.arange(n) - group_start + 1
    return key * 10_000 + serial


def monthly_status(people: People, kel_effect, targets: np.ndarray, rng):
    """Yield (month index, registered mask, active mask) with exactly the target actives."""
    propensity = rng.random(len(people.stratum)) + 0.3 * kel_effect[np.maximum(people.kelurahan, 0)]
    by_stratum = [
        np.flatnonzero(people.stratum == s) for s in range(targets.shape[1] * targets.shape[2])
    ]
    flat_targets = targets.reshape(len(targets), -1)
    for m in range(len(targets)):
        registered = people.registered_month <= m
        fresh = (people.registered_month >= m - 1) & registered
        score = propensity + 0.2 * rng.random(len(propensity)) + 0.6 * fresh
        active = np.zeros(len(propensity), dtype=bool)
        for s, members in enumerate(by_stratum):
            eligible = members[registered[members]]
            want = int(flat_targets[m, s])
            if want >= len(eligible):
                raise ValueError(
                    f"stratum {s} month {m}: {want} active of {len(eligible)} registered"
                )
            top = np.argpartition(-score[eligible], want - 1)[:want] if want else []
            active[eligible[top]] = True
        yield m, registered, active
