"""The shared worklist (pages, "N dari M", search, filters, sort, exports), on the events list."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from html import unescape

import pytest
from python_calamine import CalamineWorkbook

from semesta.accounts.models import AuditEvent
from semesta.collaboration.models import Event

URL = "/kolaborasi/kegiatan/"
TIMUR = "31.75.01.1001"  # Pisangan Baru, Jakarta Timur
TIMUR_2 = "31.75.02.1001"  # a kelurahan of another kecamatan of Jakarta Timur
PUSAT = "31.71.01.1001"  # Gambir, Jakarta Pusat
FORMULAS = ['=HYPERLINK("http://x","klik")', "+62 812", "-1+2", "@SUM(A1)", "\tTab", "\rCR"]


def _event(region: str, n: int, **fields) -> Event:
    values = {
        "held_on": date(2025, 1, 1) + timedelta(days=n),
        "region_id": region,
        "title": f"Sosialisasi {n:03d}",
        "organiser_name": "Kelurahan",
        "audience": "ojol" if n % 2 else "market",
        "attendance": n,
        "created_by": "t",
    }
    return Event(**{**values, **fields})


@pytest.fixture
def events(personas):
    rows = [_event(TIMUR, n) for n in range(100)]
    rows += [_event(TIMUR_2, n, title=f"Pasar {n:03d}") for n in range(100, 120)]
    rows += [_event(PUSAT, n, title=f"Gambir {n:03d}") for n in range(120, 130)]
    rows += [_event(TIMUR, 200 + i, title=t, audience="umkm") for i, t in enumerate(FORMULAS)]
    Event.objects.bulk_create(rows)
    return personas


def _page(client, user, query: str = "") -> str:
    client.force_login(user)
    answer = client.get(URL + query)
    assert answer.status_code == 200
    return unescape(answer.content.decode())


def _shown(page: str) -> str:
    return re.search(r'id="shown"[^>]*>([^<·]*)', page)[1].strip()


def _titles(page: str) -> list[str]:
    table = page.split('id="events"')[1].split("</table>")[0]
    return re.findall(r'/kolaborasi/kegiatan/\d+/">([^<]*)</a>', table)


def _csv(client, query: str) -> list[list[str]]:
    answer = client.get(URL + query)
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    body = b"".join(answer.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_it_says_which_rows_of_how_many_it_shows(client, events):
    officer = events["officer_b"]
    assert _shown(_page(client, officer)) == "Menampilkan 1–50 dari 126"
    assert _shown(_page(client, officer, "?halaman=3")) == "Menampilkan 101–126 dari 126"
    assert len(_titles(_page(client, officer, "?halaman=3"))) == 26
    assert "halaman 3 dari 3" in _page(client, officer, "?halaman=3")


def test_it_sorts_by_date_both_ways(client, events):
    newest = _titles(_page(client, events["officer_b"]))
    oldest = _titles(_page(client, events["officer_b"], "?urut=tanggal"))
    assert newest[0] == FORMULAS[-1] and oldest[0] == "Sosialisasi 000"


def test_filters_search_and_sort_are_kept_across_pages_and_in_the_exports(client, events):
    page = _page(client, events["officer_b"], "?sasaran=ojol&q=sosialisasi&urut=tanggal")
    assert _shown(page) == "Menampilkan 1–50 dari 50"
    page = _page(client, events["officer_b"], "?sasaran=market&urut=tanggal&wilayah=31.75")
    assert _shown(page) == "Menampilkan 1–50 dari 60"
    following = re.search(r'href="\?([^"]*)" rel="next"', page)[1]
    assert set(following.split("&")) == {
        "sasaran=market",
        "urut=tanggal",
        "wilayah=31.75",
        "halaman=2",
    }
    second = _page(client, events["officer_b"], "?" + following)
    assert _shown(second) == "Menampilkan 51–60 dari 60"
    assert re.search(r'href="\?([^"]*)" rel="prev"', second)[1].count("sasaran=market") == 1
    exports = re.findall(r'href="\?([^"]*ekspor=csv[^"]*)"', second)
    assert exports and "sasaran=market" in exports[0] and "halaman" not in exports[0]


def test_the_export_holds_exactly_the_filtered_rows_however_many_pages(client, events):
    client.force_login(events["officer_b"])
    rows = _csv(client, "?ekspor=csv&wilayah=31.75.02&dari=2025-04-15&sampai=2025-04-24")
    assert rows[0] == [
        "Tanggal",
        "Kegiatan",
        "Kode wilayah",
        "Wilayah",
        "Penyelenggara",
        "Sasaran",
        "Hadir",
    ]
    expected = Event.objects.filter(
        region_id=TIMUR_2, held_on__range=(date(2025, 4, 15), date(2025, 4, 24))
    ).order_by("-held_on", "-pk")
    assert [r[1] for r in rows[1:]] == [e.title for e in expected] and len(rows) == 11
    everything = _csv(client, "?ekspor=csv")
    assert len(everything) == 1 + 126  # every row of the set, not the 50 of a page


def test_formula_cells_are_neutralised_in_csv_and_xlsx(client, events):
    client.force_login(events["officer_b"])
    rows = _csv(client, "?ekspor=csv&sasaran=umkm&urut=tanggal")
    assert [r[1] for r in rows[1:]] == [f"'{t}" for t in FORMULAS]
    assert rows[1][6] == "200"  # numbers stay numbers
    answer = client.get(URL + "?ekspor=xlsx&sasaran=umkm&urut=tanggal")
    assert answer["Content-Disposition"] == 'attachment; filename="kegiatan-sosialisasi.xlsx"'
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(answer.streaming_content)))
    sheet = book.get_sheet_by_index(0).to_python()
    assert [r[1] for r in sheet[1:]] == [f"'{t}" for t in FORMULAS]
    assert sheet[1][6] == 200


def test_another_kotas_officer_never_sees_these_rows_on_a_page_or_in_an_export(client, events):
    page = _page(client, events["officer_a"])
    assert _shown(page) == "Menampilkan 1–10 dari 10"
    assert all(t.startswith("Gambir") for t in _titles(page))
    asked_for_timur = _page(client, events["officer_a"], "?wilayah=31.75")
    assert _shown(asked_for_timur) == "Menampilkan 1–10 dari 10"  # an unseen region is ignored
    assert '<option value="31.75"' not in asked_for_timur
    rows = _csv(client, "?ekspor=csv&wilayah=31.75")
    assert {r[2] for r in rows[1:]} == {PUSAT}
    answer = client.get(URL + "?ekspor=xlsx")
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(answer.streaming_content)))
    assert {r[2] for r in book.get_sheet_by_index(0).to_python()[1:]} == {PUSAT}


def test_someone_without_a_region_sees_no_rows(client, events):
    assert _shown(_page(client, events["nobody"])) == "Menampilkan 0 dari 0"
    assert _csv(client, "?ekspor=csv")[1:] == []


def test_every_export_is_audited_with_its_filters_and_row_count(client, events):
    client.force_login(events["officer_b"])
    _csv(client, "?ekspor=csv&sasaran=umkm")
    b"".join(client.get(URL + "?ekspor=xlsx&q=pasar").streaming_content)
    found = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).order_by("pk")
    assert [(a.username, a.object_type) for a in found] == [
        ("officer_b", "kegiatan-sosialisasi_csv"),
        ("officer_b", "kegiatan-sosialisasi_xlsx"),
    ]
    assert found[0].detail == {"sasaran": "umkm", "rows": len(FORMULAS)}
    assert found[1].detail == {"q": "pasar", "rows": 20}


def test_an_unknown_format_or_page_is_handled(client, events):
    page = _page(client, events["officer_b"], "?ekspor=pdf&halaman=99")
    assert _shown(page) == "Menampilkan 101–126 dari 126"  # the last page; no export


def test_the_table_scrolls_inside_its_box_on_a_phone(client, events):
    page = _page(client, events["officer_b"])
    assert '<div class="table-scroll"><table class="data" id="events">' in page
    assert 'class="inline-form worklist-filters"' in page
