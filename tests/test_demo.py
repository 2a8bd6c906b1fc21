"""The full-scale demo, built once through the real CLI, reproduces the source articles."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import zipfile

import duckdb
import pytest

from semesta.nik import parse_nik

pytestmark = pytest.mark.slow


def semesta(env, *args) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "semesta.cli", *args], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def coverage(env, code: str, period: str) -> dict:
    return json.loads(semesta(env, "coverage", code, "--period", period, "--json"))


def test_it_shows_51_39_percent_and_2_123_056_participants_in_july_2025(demo_env):
    july = coverage(demo_env, "31", "2025-07")
    assert july["participants_active"] == 2_123_056
    assert july["coverage_pct"] == 51.39
    assert 4_100_000 <= july["workforce"] <= 4_400_000


def test_it_shows_october_2024_against_the_2_7_million_target(demo_env):
    october = coverage(demo_env, "31", "2024-10")
    assert round(october["coverage_pct"]) == 51
    assert 2_150_000 <= october["participants_active"] <= 2_250_000
    target = october["target"]
    assert (target["kind"], target["value"], target["declared_pct"]) == ("count", 2_700_000, 65.0)
    assert target["deadline"] == "2024-12-31"
    assert abs(target["gap"] - 470_000) <= 5_000
    assert 4_100_000 <= october["workforce"] <= 4_400_000


def test_it_shows_jakarta_pusat_2024_at_pu_70_and_bpu_51(demo_env):
    pusat = coverage(demo_env, "31.71", "2024-12")
    assert round(pusat["segments"]["PU"]["coverage_pct"]) == 70
    assert round(pusat["segments"]["BPU"]["coverage_pct"]) == 51


def test_it_has_115_446_employers_and_a_68_32_formal_split(demo_env):
    july = coverage(demo_env, "31", "2025-07")
    assert july["employers_registered"] == 115_446
    formal = july["segments"]["PU"]["workforce"] / july["workforce"]
    assert 0.66 <= formal <= 0.70


def test_it_has_every_kelurahan_and_the_jakarta_timur_rw_counts(demo_env):
    province = json.loads(semesta(demo_env, "regions", "31", "--json"))
    assert len(province["children"]) == 6
    assert province["counts"]["kelurahan"] == 267
    assert province["counts"]["rw"] == 2_741
    timur = json.loads(semesta(demo_env, "regions", "31.75", "--json"))
    rw = {c["name"]: c["counts"]["rw"] for c in timur["children"]}
    assert (rw["Matraman"], rw["Jatinegara"], rw["Pulogadung"]) == (62, 91, 95)


def test_it_gives_every_kelurahan_participants_and_keeps_unknown_domicile(demo_env):
    july = coverage(demo_env, "31", "2025-07")
    assert july["children"][-1]["code"] == "31.X"
    assert sum(c["participants_active"] for c in july["children"]) == 2_123_056
    matraman = coverage(demo_env, "31.75.01", "2025-07")
    assert all(c["participants_active"] > 0 for c in matraman["children"])


def test_it_has_monthly_churn_and_unique_hashed_niks(demo_env):
    base = f"{demo_env['SEMESTA_DATA_DIR']}/snapshots/participants"
    june, july = (f"{base}/period={p}/data.parquet" for p in ("2025-06", "2025-07"))
    con = duckdb.connect()
    lapsed, active_june, distinct, rows = con.execute(
        f"""
        SELECT
          (SELECT count(*) FROM read_parquet('{june}') j JOIN read_parquet('{july}') k
             USING (nik_hash) WHERE j.status = 'ACTIVE' AND k.status <> 'ACTIVE'),
          (SELECT count(*) FROM read_parquet('{june}') WHERE status = 'ACTIVE'),
          (SELECT count(DISTINCT nik_hash) FROM read_parquet('{july}')),
          (SELECT count(*) FROM read_parquet('{july}'))
        """
    ).fetchall()[0]
    assert 0.005 * active_june < lapsed < 0.10 * active_june
    # A row is a participation: some people have two (a second employer, an old BPU one),
    # never the same NIK, segment and NPP twice.
    assert 0.01 * distinct < rows - distinct < 0.10 * distinct
    repeated = con.execute(
        f"SELECT count(*) FROM (SELECT nik_hash, segment, employer_npp FROM read_parquet('{july}')"
        " GROUP BY ALL HAVING count(*) > 1)"
    ).fetchall()[0][0]
    assert repeated == 0


def test_it_keeps_rosters_of_over_60_000_vulnerable_workers_matched_monthly(demo_env):
    counts = json.loads(semesta(demo_env, "rosters", "--period", "2025-12", "--json"))
    assert counts["covered"] + counts["not_covered"] + counts["lapsed"] >= 60_000
    assert min(counts["covered"], counts["not_covered"], counts["lapsed"]) > 1_000


def test_it_covers_5_799_jakarta_pusat_workers_and_recognises_15_jakarta_barat_employers(
    demo_env,
):
    with open(f"{demo_env['SEMESTA_DATA_DIR']}/demo.json", encoding="utf-8") as handle:
        summary = json.load(handle)
    assert summary["csr_sponsored_jakarta_pusat"] == 5_799
    assert summary["employers_recognised_se_jakarta_barat"] == 15


def test_it_awards_17_employers_3_city_governments_and_3_kelurahan_in_paritrana_2025(demo_env):
    printed = json.loads(semesta(demo_env, "award", "score", "--cycle", "2025", "--json"))
    winners = {"employers": 0, "kota": 0, "kelurahan": 0}
    for category in printed["categories"]:
        key = category["kind"] if category["kind"] in winners else "employers"
        winners[key] += sum(r["winner"] for r in category["ranking"])
    assert winners == {"employers": 17, "kota": 3, "kelurahan": 3}
    assert [c["code"] for c in printed["categories"]].count("sektor-pertanian") == 1
    assert printed["cycle"]["basis"]["period_end"] == "2024-12"
    with open(f"{demo_env['SEMESTA_DATA_DIR']}/demo.json", encoding="utf-8") as handle:
        assert json.load(handle)["paritrana_2025_winners"] == winners


@pytest.mark.parametrize(
    ("code", "period", "title"),
    [
        ("31.75.01", "2025-Q4", "Kecamatan Matraman Triwulan IV 2025"),
        ("31.75", "2025-S2", "Semester II 2025"),
        ("31", "2025", "Tahun 2025"),
    ],
)
def test_it_renders_each_monev_report_with_the_engines_figures(
    demo_env, tmp_path, code, period, title
):
    import pypdfium2
    from python_calamine import CalamineWorkbook

    from semesta.formats import number

    pdf, xlsx = tmp_path / "monev.pdf", tmp_path / "monev.xlsx"
    for fmt, path in (("pdf", pdf), ("xlsx", xlsx)):
        semesta(demo_env, "report", "monev", "--region", code, "--period", period,
                "--format", fmt, "-o", str(path))  # fmt: skip
    engine = coverage(demo_env, code, "2025-12")
    document = pypdfium2.PdfDocument(pdf.read_bytes())
    pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    text = " ".join(" ".join(pages).split())
    assert title in " ".join(pages[0].split())
    assert f"Halaman {len(pages)} dari {len(pages)}" in text
    assert number(engine["participants_active"]) in text
    shots = os.environ.get("SEMESTA_SCREENSHOTS", str(tmp_path))
    for i in range(len(document)):
        document[i].render(scale=1).to_pil().save(f"{shots}/monev-{code}-{period}-{i + 1}.png")
    book = CalamineWorkbook.from_path(str(xlsx))
    summary = {r[0]: r[1] for r in book.get_sheet_by_name("Ringkasan").to_python()[3:]}
    assert summary["Peserta aktif"] == engine["participants_active"]
    assert summary["Cakupan (%)"] == pytest.approx(engine["coverage_pct"])
    children = book.get_sheet_by_name("Wilayah di bawahnya").to_python()[1:]
    assert {r[0]: r[2] for r in children} == {
        c["code"]: c["participants_active"] for c in engine["children"]
    }
    segments = {r[0]: r[1] for r in book.get_sheet_by_name("Segmen").to_python()[1:]}
    assert segments == {s: v["participants_active"] for s, v in engine["segments"].items()}
    with zipfile.ZipFile(xlsx) as archive:
        assert sum("charts/chart" in n for n in archive.namelist()) == 3


def test_it_writes_sample_import_files_with_valid_niks(demo_env):
    samples = f"{demo_env['SEMESTA_DATA_DIR']}/samples"
    with open(f"{samples}/contoh-peserta.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert 1_000 <= len(rows) <= 5_000
    for row in rows:
        parse_nik(row["NIK"])
    assert os.path.getsize(f"{samples}/contoh-peserta.xlsx") > 10_000


def test_it_reuses_the_built_demo_on_a_second_run(demo_env):
    assert "sudah dibangun" in semesta(demo_env, "demo", "--quiet")


def test_it_holds_the_dki_mou_with_17_dinas_events_non_asn_rosters_and_benefits(demo_env):
    with open(f"{demo_env['SEMESTA_DATA_DIR']}/demo.json", encoding="utf-8") as handle:
        made = json.load(handle)["collaboration"]
    assert made["dinas"] == 17 and made["events"] == 10 and made["benefits"] == 6
    status = json.loads(
        semesta(demo_env, "collaboration", "commitments", "31", "--on", "2026-01-15", "--json")
    )
    counts = status["counts"]
    assert counts["late"] == 1 and counts["done"] >= 1 and sum(counts.values()) == 21
    [late] = [c for c in status["commitments"] if c["status"] == "late"]
    assert late["target"] == 2_700_000 and late["current"] < 2_700_000  # the 470,000 gap
    events = json.loads(
        semesta(demo_env, "collaboration", "events", "31", "--from", "2025-01-01", "--json")
    )
    assert events["events"] == 10 and events["registrations_90"] > 0
    assert {g["kecamatan"][:5] for g in events["by_kecamatan"]} == {"31.73", "31.75"}
    staff = json.loads(semesta(demo_env, "collaboration", "staff", "--json"))
    assert [s["workers"] for s in staff] == [420, 180, 260]  # DLH, Dishub, Pemkot Jakpus
    assert all(0 < s["covered"] < s["workers"] for s in staff)


def test_it_lists_every_province_of_indonesia_at_the_top_of_the_tree(demo_env):
    top = json.loads(semesta_stdout(demo_env, "regions", "--json"))["children"]
    totals = {
        level: sum(region["counts"].get(level, 0) for region in top)
        for level in ("kota", "kecamatan", "kelurahan")
    }
    assert len(top) == 38 and all(region["level"] == "province" for region in top)
    assert totals["kota"] == 514
    assert 7_200 <= totals["kecamatan"] <= 8_000 and 83_000 <= totals["kelurahan"] <= 90_000


def test_spark_and_duckdb_print_the_same_facts_of_the_demos_july(demo_env):
    """The demo's July 2025 (2.85 million participations) through the CLI with each engine."""
    pytest.importorskip("pyspark")
    printed = {
        engine: json.loads(
            semesta_stdout(demo_env, "compute", "--period", "2025-07", "--engine", engine, "--json")
        )
        for engine in ("duckdb", "spark")
    }
    assert len(printed["duckdb"]["facts"]) > 300
    assert printed["spark"] == printed["duckdb"]
    province = next(f for f in printed["spark"]["facts"] if f["region_code"] == "31")
    assert (province["active"], province["coverage_pct"]) == (2_123_056, 51.39)


def semesta_stdout(env, *args) -> str:
    """What a command prints on standard output (Spark writes its own log on standard error)."""
    done = subprocess.run(
        [sys.executable, "-m", "semesta.cli", *args], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout
