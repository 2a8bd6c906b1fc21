"""Region pages: figures, target outlook, map and children, downloads; one's own region only."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
import python_calamine

from semesta.accounts.models import AuditEvent
from semesta.coverage.models import Target
from tests.facts import fact

MONTHS = [date(2025, m, 1) for m in range(1, 8)]


@pytest.fixture
def months(personas):
    """Seven months for DKI, Jakarta Pusat and Jakarta Timur, growing by 1,000 a month in DKI."""
    for i, month in enumerate(MONTHS):
        dki = 2_117_056 + 1_000 * i
        fact("31", dki, 4_131_200, month, dki + 10, target_count=2_726_592, gap=2_726_592 - dki)
        fact("31.71", 262_993, 395_697, month, 263_003)
        fact("31.75", 600_000 + i, 1_200_000, month, 600_010 + i)
    Target.objects.create(
        region_id="31", kind="pct", value=66, deadline=date(2025, 12, 31), source="Kemendagri 2025"
    )
    return personas


def test_it_shows_a_regions_figures_outlook_map_and_children(client, months):
    client.force_login(months["admin"])
    page = client.get("/wilayah/31/?periode=2025-07").content.decode()
    assert "2.123.056" in page and "51,39 %" in page and "Juli 2025" in page
    assert "31 Desember 2025" in page and "603.536" in page  # target date and gap
    assert "120.708" in page  # ceil(603,536 / 5 months) net additions a month
    assert "target tidak tercapai dengan laju ini" not in page  # 1,000 more a month: it is, late
    assert '<svg class="map"' in page and 'href="/wilayah/31.75/?periode=2025-07"' in page
    trend = page[page.index('<figure class="chart" id="trend">') :]
    assert trend.index("<svg") < trend.index("</figure>")


def test_it_charts_the_trend_with_the_target_and_the_projection_to_the_deadline(months):
    from semesta.coverage import charts
    from semesta.coverage.region import region_page

    page = region_page(months["admin"], "31", date(2025, 7, 1))
    spec = charts.trend_spec(page["series"], "2025-07", page["outlook"], page["summary"]["target"])
    rows = {(r["series"], r["period"]): r["pct"] for r in spec["data"]["values"]}
    assert rows[("Cakupan", "2025-01")] == 51.25 and rows[("Cakupan", "2025-07")] == 51.39
    assert rows[("Target", "2025-07")] == 66.0 and rows[("Target", "2025-12")] == 66.0
    # 1,000 more a month for 5 months: 2,128,056 of 4,131,200 at the deadline.
    assert rows[("Proyeksi", "2025-07")] == 51.39 and rows[("Proyeksi", "2025-12")] == 51.51
    assert charts.svg(spec).startswith("<svg")


def test_it_sorts_the_children_by_any_column_both_ways(client, months):
    client.force_login(months["admin"])

    def order(query):
        page = client.get(f"/wilayah/31/?periode=2025-07&{query}").content.decode()
        body = page[page.index('<table class="data" id="children">') :]
        return sorted(("31.71", "31.75"), key=body.index)

    assert order("urut=cakupan&arah=turun") == ["31.71", "31.75"]
    assert order("urut=cakupan&arah=naik") == ["31.75", "31.71"]
    assert order("urut=aktif&arah=turun") == ["31.75", "31.71"]
    assert order("urut=tidak-ada") == ["31.71", "31.75"]  # unknown column: by code


def test_it_colours_the_map_by_the_gap_to_the_target(client, months):
    client.force_login(months["admin"])
    page = client.get("/wilayah/31/?periode=2025-07&peta=selisih").content.decode()
    # DKI's 66 % target: Jakarta Timur at 50 % is 16 points below, Jakarta Pusat has reached it.
    assert 'fill="#e6550d"><title>Kota Administrasi Jakarta Timur: 50,00 %, 16,00 poin' in page
    assert 'fill="#41ab5d"><title>Kota Administrasi Jakarta Pusat: 66,46 %, target tercapai' in page


def test_it_keeps_other_kota_pages_out_of_reach(client, months):
    client.force_login(months["officer_a"])
    assert client.get("/wilayah/31.71/?periode=2025-07").status_code == 200
    for url in ("/wilayah/31.75/", "/wilayah/31/", "/wilayah/31.75/anak.csv?periode=2025-07"):
        assert client.get(url).status_code == 404, url


def test_it_says_when_a_month_has_no_data_yet(client, months):
    client.force_login(months["admin"])
    page = client.get("/wilayah/31/?periode=2023-01").content.decode()
    assert "Belum ada data cakupan untuk wilayah ini pada Januari 2023" in page


def test_it_downloads_the_children_as_csv_xlsx_and_json_and_audits_it(client, months):
    client.force_login(months["admin"])
    body = client.get("/wilayah/31/anak.csv?periode=2025-07").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][:3] == ["Kode", "Wilayah", "Peserta aktif"]
    assert rows[1][0] == "31.71" and rows[1][5] == "66,46"
    assert rows[0][-3:] == ["Target (peserta)", "Target (%)", "Kekurangan dari target"]
    data = json.loads(client.get("/wilayah/31/anak.json?periode=2025-07").content)
    assert [c["code"] for c in data["children"]] == ["31.71", "31.75"]
    xlsx = client.get("/wilayah/31/anak.xlsx?periode=2025-07").content
    sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(xlsx)).get_sheet_by_index(0)
    assert sheet.to_python()[1][:2] == ["31.71", "Kota Administrasi Jakarta Pusat"]
    assert AuditEvent.objects.filter(action="export", object_type="coverage_children").count() == 3


def test_it_charts_segments_with_coverage_only_where_there_is_a_workforce():
    from semesta.coverage import charts

    summary = {
        "segments": {
            "PU": {"participants_active": 1_234_567, "coverage_pct": 69.79},
            "JAKON": {"participants_active": 98_765},
            "PMI": {"participants_active": 0},
        }
    }
    rows = charts.segments_spec(summary)["data"]["values"]
    assert [(r["segment"], r["label"]) for r in rows] == [
        ("Penerima Upah (PU)", "1.234.567 · cakupan 69,79 %"),
        ("Jasa konstruksi (Jakon)", "98.765"),
    ]
