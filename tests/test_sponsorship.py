"""CSR sponsorship: allocation by rule, the ledger under the rules of each month, alerts, scope."""

from __future__ import annotations

from datetime import date

import pytest

from semesta.sponsorship import services
from semesta.sponsorship.models import Allocation, Pledge, Sponsor
from semesta.workers.models import RosterStatus, RosterWorker

KEL = "31.75.01.1004"
DEC = date(2025, 12, 1)


def worker(n: int, status: str, category: str = "other", poor: bool = False) -> RosterWorker:
    found = RosterWorker.objects.create(
        region_id=KEL,
        name=f"Pekerja {n}",
        nik_encrypted="-",
        nik_hash=bytes([n]) * 16,
        nik_masked=f"3175********{n:04d}",
        category=category,
        extreme_poor=poor,
    )
    RosterStatus.objects.create(worker=found, period=DEC, status=status)
    return found


@pytest.fixture
def pledge(personas):
    workers = {
        "covered": worker(1, "covered"),
        "never": worker(2, "not_covered", "driver"),
        "lapsed": worker(3, "lapsed", "trader"),
        "poor": worker(4, "not_covered", "trader", poor=True),
        "never2": worker(5, "not_covered"),
    }
    sponsor = Sponsor.objects.create(code="CSR-001", name="PT Peduli", kind="csr")
    sponsor.members.add(personas["sponsor"])
    found = Pledge.objects.create(
        sponsor=sponsor,
        name="Ojol dan pedagang Palmeriam",
        region_id="31.75.01",
        start=date(2026, 1, 1),
        months=6,
        budget=200_000,
        created_by="officer_b",
    )
    return found, workers


def test_it_allocates_extreme_poor_first_then_lapsed_then_never_covered(pledge, personas):
    found, workers = pledge
    assert services.allocate(found, personas["officer_b"], 3, found.start) == 3
    chosen = list(Allocation.objects.order_by("pk").values_list("worker_id", flat=True))
    assert chosen == [workers["poor"].pk, workers["lapsed"].pk, workers["never"].pk]
    # Covered people and those already sponsored are never taken again.
    assert services.allocate(found, personas["officer_b"], 10, found.start) == 1
    assert not Allocation.objects.filter(worker=workers["covered"]).exists()


def test_the_ledger_prices_each_month_under_its_rules(pledge, personas):
    found, workers = pledge
    for key in ("never", "lapsed"):  # a transport worker and a trader, CSR-funded
        Allocation.objects.create(
            pledge=found, worker=workers[key], start=found.start, by="uji", rule="manual"
        )
    RosterStatus.objects.create(
        worker=workers["never"], period=date(2026, 1, 1), status="covered", sponsor_code="CSR-001"
    )
    rows = {r["month"]: r for r in services.ledger(found)}
    # January–March: PP 50/2025 halves the transport worker only (8,400 + 16,800).
    assert rows["2026-01"]["due"] == 25_200 and rows["2026-01"]["without_relaxation"] == 33_600
    assert rows["2026-03"]["due"] == 25_200
    assert rows["2026-04"]["due"] == 16_800  # from April the trader too
    assert rows["2026-01"]["paid_workers"] == 1 and rows["2026-02"]["paid_workers"] is None
    assert rows["2026-06"]["budget_left"] == 200_000 - 3 * 25_200 - 3 * 16_800
    # After April, Rp 107,600 is left: six more months at April's Rp 16,800.
    assert services.months_of_cover_left(found, list(rows.values()), date(2026, 4, 10)) == 6


def test_it_warns_30_days_before_a_sponsored_workers_cover_ends(pledge):
    found, workers = pledge
    Allocation.objects.create(
        pledge=found, worker=workers["never"], start=found.start, by="uji", rule="manual"
    )
    ended = Allocation.objects.create(
        pledge=found,
        worker=workers["lapsed"],
        start=found.start,
        ended=date(2026, 2, 1),
        by="uji",
        rule="manual",
    )
    assert list(services.lapse_alerts(found, date(2026, 2, 10))) == [ended]  # ends 28 February
    assert [a.worker for a in services.lapse_alerts(found, date(2026, 6, 5))] == [workers["never"]]
    assert list(services.lapse_alerts(found, date(2026, 4, 1))) == []
    assert services.lapse_alert_count(found, date(2026, 6, 5)) == 1


def test_a_sponsor_sees_its_own_pledges_masked_and_nothing_of_others(client, pledge, personas):
    found, _ = pledge
    services.allocate(found, personas["officer_b"], 2, found.start)
    other = Pledge.objects.create(
        sponsor=Sponsor.objects.create(code="CSR-002", name="PT Lain", kind="csr"),
        name="Lain",
        region_id="31.75.01",
        start=date(2026, 1, 1),
        months=3,
        budget=1,
        created_by="uji",
    )
    client.force_login(personas["sponsor"])
    page = client.get(f"/sponsor/{found.pk}/").content.decode()
    assert "3175********0004" in page and "Pekerja 4" not in page
    assert client.get(f"/sponsor/{other.pk}/").status_code == 404
    assert "PT Lain" not in client.get("/sponsor/").content.decode()
    assert client.post(f"/sponsor/{found.pk}/alokasi/", {"count": 1}).status_code == 403


def test_officers_of_the_region_allocate_from_the_page(client, pledge, personas):
    found, _ = pledge
    client.force_login(personas["officer_b"])
    assert client.post(f"/sponsor/{found.pk}/alokasi/", {"count": 2}).status_code == 302
    assert Allocation.objects.filter(pledge=found, rule="rule").count() == 2
    client.force_login(personas["officer_a"])
    assert client.get(f"/sponsor/{found.pk}/").status_code == 404


def test_the_sponsor_statement_is_an_xlsx_with_masked_niks_and_audited(client, pledge, personas):
    import io

    import python_calamine

    from semesta.accounts.models import AuditEvent

    found, _ = pledge
    services.allocate(found, personas["officer_b"], 2, found.start)
    client.force_login(personas["sponsor"])
    response = client.get(f"/sponsor/{found.pk}/pernyataan.xlsx")
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["Ringkasan", "Buku iuran", "Pekerja", "Manfaat"]
    workers = book.get_sheet_by_name("Pekerja").to_python()
    assert [row[0] for row in workers[1:]] == ["3175********0004", "3175********0003"]
    ledger = book.get_sheet_by_name("Buku iuran").to_python()
    assert ledger[1][:3] == ["2026-01", 2.0, 33_600.0]  # two traders, not yet discounted
    assert AuditEvent.objects.filter(object_type="pledge_statement").count() == 1


def test_the_sponsor_statement_pdf_has_the_ledger_and_workers_per_kelurahan(
    client, pledge, personas, settings, tmp_path
):
    import os

    import pypdfium2

    found, _ = pledge
    services.allocate(found, personas["officer_b"], 2, found.start)
    client.force_login(personas["sponsor"])
    response = client.get(f"/sponsor/{found.pk}/pernyataan.pdf")
    assert response["Content-Type"] == "application/pdf"
    document = pypdfium2.PdfDocument(response.content)
    pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    text = " ".join(" ".join(pages).split())
    assert "PT Peduli" in pages[0] and "Rp 200.000" in pages[0]
    assert "Januari 2026 2 Rp 33.600" in text  # two traders, not yet discounted
    assert "Palmeriam Matraman 2" in text and "3175" not in text  # counts, no NIKs
    shots = os.environ.get("SEMESTA_SCREENSHOTS", str(tmp_path))
    document[1].render(scale=1).to_pil().save(f"{shots}/sponsor-statement-2.png")
    client.force_login(personas["officer_a"])  # Jakarta Pusat: not this pledge's region
    assert client.get(f"/sponsor/{found.pk}/pernyataan.pdf").status_code == 404


def test_an_officer_takes_a_worker_off_the_pledge_paid_through_this_month(client, pledge, personas):
    found, _ = pledge
    services.allocate(found, personas["officer_b"], 2, found.start)
    chosen = found.allocations.order_by("pk").first()
    url = f"/sponsor/{found.pk}/akhiri/{chosen.pk}/"
    client.force_login(personas["sponsor"])
    assert client.post(url, {"konfirmasi": "ya"}).status_code == 403  # sponsors do not change
    client.force_login(personas["officer_a"])
    assert client.post(url, {"konfirmasi": "ya"}).status_code == 404  # another kota's officer
    client.force_login(personas["officer_b"])
    page = client.post(url, {"konfirmasi": "ya"}, follow=True).content.decode()
    chosen.refresh_from_db()
    # Today is after the pledge's months, so the last month paid is its last, June 2026.
    assert (chosen.ended, chosen.ended_by) == (date(2026, 6, 1), "officer_b")
    assert chosen.ended_at is not None
    assert "iuran dibayar sampai Juni 2026" in page
    assert client.post(url, {"konfirmasi": "ya"}).status_code == 404  # already ended


def test_akhiri_asks_for_confirmation_before_ending(client, pledge, personas):
    found, _ = pledge
    services.allocate(found, personas["officer_b"], 1, found.start)
    chosen = found.allocations.get()
    url = f"/sponsor/{found.pk}/akhiri/{chosen.pk}/"
    client.force_login(personas["officer_b"])
    detail = client.get(f"/sponsor/{found.pk}/").content.decode()
    assert f'href="{url}"' in detail  # a link to the confirmation, not a one-click form
    for response in (client.get(url), client.post(url)):  # no "konfirmasi": asks, changes nothing
        assert response.status_code == 200
        assert "Akhiri tanggungan?" in response.content.decode()
        assert 'name="konfirmasi" value="ya"' in response.content.decode()
    chosen.refresh_from_db()
    assert chosen.ended is None


def test_an_ending_can_be_undone_the_same_month(client, pledge, personas):
    from semesta.accounts.models import AuditEvent

    found, _ = pledge
    services.allocate(found, personas["officer_b"], 1, found.start)
    chosen = found.allocations.get()
    client.force_login(personas["officer_b"])
    client.post(f"/sponsor/{found.pk}/akhiri/{chosen.pk}/", {"konfirmasi": "ya"})
    page = client.get(f"/sponsor/{found.pk}/").content.decode()
    undo = f"/sponsor/{found.pk}/urungkan/{chosen.pk}/"
    assert f'action="{undo}"' in page and "Urungkan" in page
    assert 'id="undo"' in page  # offered beside the message that the cover ended
    client.force_login(personas["sponsor"])
    assert client.post(undo).status_code == 403
    client.force_login(personas["officer_b"])
    page = client.post(undo, follow=True).content.decode()
    chosen.refresh_from_db()
    assert (chosen.ended, chosen.ended_by, chosen.ended_at) == (None, "", None)
    assert "diurungkan" in page
    kinds = set(AuditEvent.objects.values_list("object_type", flat=True))
    assert {"allocation_end", "allocation_undo", "pledge_workers"} <= kinds


def test_an_ending_from_an_earlier_month_cannot_be_undone(client, pledge, personas):
    from datetime import timedelta

    from django.utils import timezone

    found, _ = pledge
    services.allocate(found, personas["officer_b"], 1, found.start)
    chosen = found.allocations.get()
    chosen.ended, chosen.ended_by = date(2026, 1, 1), "officer_b"
    chosen.ended_at = timezone.now() - timedelta(days=40)
    chosen.save()
    client.force_login(personas["officer_b"])
    page = client.post(f"/sponsor/{found.pk}/urungkan/{chosen.pk}/", follow=True)
    chosen.refresh_from_db()
    assert chosen.ended == date(2026, 1, 1)
    assert "Tidak dapat diurungkan" in page.content.decode()


def test_the_public_recognition_list_names_sponsors_and_counts_only(client, pledge, personas):
    found, _ = pledge
    services.allocate(found, personas["officer_b"], 3, found.start)
    page = client.get("/sponsor/penghargaan/").content.decode()  # no login
    assert "PT Peduli" in page and ">3<" in page
    assert "3175" not in page and "Pekerja 4" not in page


def test_ticked_workers_sent_twice_are_allocated_once_and_the_second_answer_says_so(
    pledge, personas, client
):
    """A double tap or a browser resending the form: the second finds the workers on the
    pledge already, allocates no one again and says so instead of only "0 allocated"."""
    found, workers = pledge
    client.force_login(personas["officer_b"])
    url = f"/wilayah/{KEL}/pekerja-rentan/alokasi/"
    ticked = {"pledge": found.pk, "worker": [workers["never"].pk, workers["poor"].pk]}
    first = client.post(url, ticked, follow=True)
    assert "2 pekerja dialokasikan" in first.content.decode()
    second = client.post(url, ticked, follow=True).content.decode()
    assert "0 pekerja dialokasikan" in second
    assert "2 pekerja yang dicentang sudah ditanggung janji ini." in second
    assert Allocation.objects.filter(pledge=found).count() == 2
