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
    """Yield (month index, registered mask, active mask) with exactly the target actives.

    A BPU who pays stays active until three consecutive months are unpaid, so a BPU run of
    active months lasts three months at least: who became active in the last two months stays
    active (``paid_months`` then dates their payments consistently).
    """
    propensity = rng.random(len(people.stratum)) + 0.3 * kel_effect[np.maximum(people.kelurahan, 0)]
    by_stratum = [
        np.flatnonzero(people.stratum == s) for s in range(targets.shape[1] * targets.shape[2])
    ]
    flat_targets = targets.reshape(len(targets), -1)
    bpu = people.segment == SEGMENTS.index("BPU")
    run = np.zeros(len(propensity), dtype=np.int16)  # active months in a row, up to last month
    for m in range(len(targets)):
        registered = people.registered_month <= m
        fresh = (people.registered_month >= m - 1) & registered
        score = propensity + 0.2 * rng.random(len(propensity)) + 0.6 * fresh
        locked = bpu & (run > 0) & (run < BPU_MIN_RUN)
        active = np.zeros(len(propensity), dtype=bool)
        for s, members in enumerate(by_stratum):
            eligible = members[registered[members]]
            want = int(flat_targets[m, s])
            if want >= len(eligible):
                raise ValueError(
                    f"stratum {s} month {m}: {want} active of {len(eligible)} registered"
                )
            must = eligible[locked[eligible]]
            free = eligible[~locked[eligible]]
            if len(must) > want:
                raise ValueError(f"stratum {s} month {m}: {len(must)} BPU paid up, {want} wanted")
            rest = want - len(must)
            top = np.argpartition(-score[free], rest - 1)[:rest] if rest else []
            active[must] = True
            active[free[top]] = True
        # Who was active in the first month may have paid long before: no run to finish.
        run = np.where(active, BPU_MIN_RUN if m == 0 else run + 1, 0).astype(np.int16)
        yield m, registered, active


BPU_MIN_RUN = 3  # the paid month and the two unpaid months a BPU stays active after it
NEVER = np.iinfo(np.int16).min


def paid_months(active: np.ndarray) -> np.ndarray:
    """For each month (rows) and BPU person (columns) of their monthly active masks, the index of
    the last month they paid for (``NEVER`` if none; negative: before the first month).

    Within a run of active months a person pays every month and stops paying two months before
    the run ends, so that under BPJS's rule (inactive after three unpaid months) the run is
    exactly what the snapshots show; a run still going at the end is paid up to date.
    """
    months, n = active.shape
    run_end = np.full(n, np.iinfo(np.int16).max, dtype=np.int16)  # open at the last month
    ends = np.empty(active.shape, dtype=np.int16)
    for m in range(months - 1, -1, -1):
        if m < months - 1:
            run_end = np.where(active[m + 1], run_end, m).astype(np.int16)
        ends[m] = run_end
    paid = np.empty(active.shape, dtype=np.int16)
    last = np.full(n, NEVER, dtype=np.int16)
    for m in range(months):
        now = np.minimum(m, ends[m].astype(np.int32) - (BPU_MIN_RUN - 1))
        last = np.where(active[m], now, last).astype(np.int16)
        paid[m] = last
    return paid


@dataclass
class Extra:
    """Second participations of people already drawn (a real extract has one row each):
    another employer's PU, or an old BPU registration that lapsed before the first month."""

    owner: np.ndarray  # index into People
    segment: np.ndarray
    employer: np.ndarray  # -1 none
    kelurahan: np.ndarray
    rw: np.ndarray
    registered_on: np.ndarray  # days since 1970-01-01
    paid_until: np.ndarray  # days since 1970-01-01; -1 = the owner's (second employer)
    follows: np.ndarray  # active whenever the owner is (second employer); else never


SECOND_EMPLOYER_SHARE = 0.03  # of PU participants: a second wage job
OLD_BPU_SHARE = 0.04  # of PU participants: an informal-work BPU registration left behind
MOVED_SHARE = 0.3  # of those old BPU registrations: an address they have since left


def extra_participations(people: People, geo: Geography, employers: int, rng) -> Extra:
    """Draw the second participations; none changes who is active or where they live.

    A second employer's participation is active exactly when the person's first is, at the same
    address; an old BPU registration was last paid before the first month (so it is inactive
    throughout) and is older than the person's PU registration, so the person's domicile stays
    that of the PU one (Semesta places a person at their latest registration).
    """
    pu = np.flatnonzero(people.segment == SEGMENTS.index("PU"))
    draw = rng.random(len(pu))
    second = pu[draw < SECOND_EMPLOYER_SHARE]
    first_month = np.datetime64(cal.FIRST_PERIOD, "M")
    month_end = (first_month + people.registered_month[second] + 1).astype("datetime64[D]")
    cap = (month_end - 1 - EPOCH).astype(np.int32)
    second_on = np.minimum(people.registered_on[second] + rng.integers(0, 365, len(second)), cap)
    other = (people.employer[second] + rng.integers(1, employers, len(second))) % employers

    lapsed_before = (first_month - 4 + 1).astype("datetime64[D]") - 1  # paid up to 2023-09
    floor = (np.datetime64("2010-01-01") - EPOCH).astype(np.int32)
    old = pu[(draw >= SECOND_EMPLOYER_SHARE) & (draw < SECOND_EMPLOYER_SHARE + OLD_BPU_SHARE)]
    latest = np.minimum(people.registered_on[old] - 1, (lapsed_before - EPOCH).astype(np.int32))
    old = old[latest - floor > 120]
    latest = latest[latest - floor > 120]
    old_on = floor + (rng.random(len(old)) * (latest - 90 - floor)).astype(np.int32)
    paid = np.minimum(old_on + rng.integers(30, 3 * 365, len(old)), latest).astype(np.int32)
    kelurahan, rw = people.kelurahan[old].copy(), people.rw[old].copy()
    moved = (rng.random(len(old)) < MOVED_SHARE) & (kelurahan >= 0)
    elsewhere = rng.integers(0, len(geo.rw_number), moved.sum())
    kelurahan[moved] = geo.rw_kelurahan[elsewhere]
    rw[moved] = geo.rw_number[elsewhere]

    return Extra(
        owner=np.concatenate([second, old]),
        segment=np.concatenate(
            [np.zeros(len(second), np.int8), np.full(len(old), SEGMENTS.index("BPU"), np.int8)]
        ),
        employer=np.concatenate([other, np.full(len(old), -1)]).astype(np.int32),
        kelurahan=np.concatenate([people.kelurahan[second], kelurahan]).astype(np.int32),
        rw=np.concatenate([people.rw[second], rw]).astype(np.int16),
        registered_on=np.concatenate([second_on, old_on]).astype(np.int32),
        paid_until=np.concatenate([np.full(len(second), -1), paid]).astype(np.int32),
        follows=np.concatenate([np.ones(len(second), bool), np.zeros(len(old), bool)]),
    )
