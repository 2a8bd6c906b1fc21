"""'N per RW' programmes: attainment per RW, kecamatan and city; the Monev calendar; scoping."""

from __future__ import annotations

from datetime import date

import pytest

from semesta.programmes.attainment import attainment, monev_schedule
from semesta.programmes.models import Monev, Programme
from semesta.regions.models import Level, Region
from semesta.workers.models import RosterStatus, RosterWorker

JULY = date(2025, 7, 1)
RWS = {  # RW: (covered, lapsed) roster workers
    "31.75.01.1001.001": (3, 0),
    "31.75.01.1001.002": (2, 1),
    "31.75.01.1002.001": (1, 2),
    "31.75.02.1001.001": (0, 0),
}


@pytest.fixture
def programme(personas):
    n = 0
    for code, (covered, lapsed) in RWS.items():
        rw = Region.objects.create(
            code=code, name=f"RW {code[-3:]}", level=Level.RW, parent_id=code[:-4]
        )
        for status, count in (("covered", covered), ("lapsed", lapsed)):
            for _ in range(count):
                n += 1
                worker = RosterWorker.objects.create(
                    region=rw, name=f"P{n}", nik_encrypted="-", nik_hash=bytes([n]) * 16
                )
                RosterStatus.objects.create(worker=worker, period=JULY, status=status)
    found = Programme.objects.create(
        name="1 RW 2 pekerja",
        owner_id="31.75",
        target_per_rw=2,
        aim_pct=50,
        start=date(2025, 1, 1),
        kecamatan_rhythm="quarter",
        kota_rhythm="semester",
        source="uji",
    )
    found.kecamatan.set(["31.75.01", "31.75.02"])
    return found


def test_it_counts_covered_roster_workers_per_rw_kecamatan_and_city(programme, personas):
    figures = attainment(personas["officer_b"], programme, JULY)
    by_rw = {r["code"]: (r["covered"], r["at_target"]) for r in figures["rws"]}
    assert by_rw == {
        "31.75.01.1001.001": (3, True),
        "31.75.01.1001.002": (2, True),
        "31.75.01.1002.001": (1, False),
        "31.75.02.1001.001": (0, False),
    }
    matraman, pulogadung = figures["kecamatan"]
    assert (matraman.rw_at_target, matraman.rw_total, matraman.share_pct) == (2, 3, 66.67)
    assert matraman.aim_met and not pulogadung.aim_met
    total = figures["total"]
    assert (total.rw_at_target, total.rw_total, total.covered, total.target) == (2, 4, 6, 8)
    assert total.share_pct == 50.0 and total.aim_met  # exactly the aim counts as met


def test_a_kecamatan_officer_sees_only_their_kecamatan(programme, personas):
    from semesta.accounts.models import Membership, Role, User

    camat = User.objects.create_user("matraman", password="rahasia-123")
    Membership.objects.create(user=camat, role=Role.KECAMATAN_OFFICER, region_id="31.75.01")
    figures = attainment(camat, programme, JULY)
    assert [k.code for k in figures["kecamatan"]] == ["31.75.01"]
    assert figures["total"].rw_total == 3
    assert Programme.objects.visible_to(personas["officer_a"]).count() == 0  # Jakarta Pusat
    schedule = monev_schedule(camat, programme, date(2025, 8, 15))
    assert {d.region.code for d in schedule} == {"31.75.01"}  # not the city's semester Monev


def test_the_monev_calendar_says_done_due_and_overdue(programme, personas):
    Monev.objects.create(
        programme=programme,
        region_id="31.75.01",
        period="2025-Q1",
        held_on=date(2025, 4, 20),
        recorded_by="uji",
    )
    on_time = {
        (d.region.code, d.period): d.status
        for d in monev_schedule(personas["officer_b"], programme, date(2025, 7, 10))
    }
    assert on_time == {
        ("31.75.01", "2025-Q1"): "done",
        ("31.75.01", "2025-Q2"): "due",
        ("31.75.02", "2025-Q1"): "overdue",
        ("31.75.02", "2025-Q2"): "due",
        ("31.75", "2025-S1"): "due",
    }
    later = monev_schedule(personas["officer_b"], programme, date(2025, 8, 15))
    assert {(d.region.code, d.period): d.status for d in later}[("31.75", "2025-S1")] == "overdue"


def test_officers_record_a_monev_on_the_programme_page(client, programme, personas):
    client.force_login(personas["officer_b"])
    page = client.get(f"/program/{programme.pk}/?kecamatan=31.75.01").content.decode()
    assert 'id="rw_at_target">2 / 4<' in page and "31.75.01.1001.001" in page
    response = client.post(
        f"/program/{programme.pk}/monev/",
        {"region": "31.75.02", "period": "2025-Q1", "held_on": "2025-04-28"},
    )
    assert response.status_code == 302
    assert Monev.objects.get(region_id="31.75.02", period="2025-Q1").recorded_by == "officer_b"
    client.force_login(personas["officer_a"])
    assert client.get(f"/program/{programme.pk}/").status_code == 404


def test_the_programme_page_compares_the_exact_plan_with_the_rule_order(
    client, programme, personas
):
    for n, rw in enumerate(["31.75.01.1002.001", "31.75.02.1001.001", "31.75.02.1001.001"]):
        worker = RosterWorker.objects.create(
            region_id=rw, name=f"Baru {n}", nik_encrypted="-", nik_hash=bytes([100 + n]) * 16
        )
        RosterStatus.objects.create(worker=worker, period=JULY, status="not_covered")
    client.force_login(personas["officer_b"])
    # A worker costs 126,000 over 2026 with CSR funds (3 × 16,800, then PP 50/2025: 9 × 8,400),
    # so Rp 260,000 pays two. The rule order takes the two who lapsed (Matraman); the exact plan
    # takes Pulogadung's two newcomers, so its only RW reaches the target and so does its aim.
    page = client.post(
        f"/program/{programme.pk}/rencana/",
        {"anggaran": "260.000", "mulai": "2026-01", "lama": "12"},
        follow=True,
    )
    planned = page.context["plan"]
    assert (planned["greedy"]["cost"], planned["greedy"]["kecamatan_at_aim"]) == (252_000, 1)
    assert planned["optimal"]["kecamatan_at_aim"] == 2 and planned["optimal"]["rw_at_target"] == 3
    assert "Rencana optimal" in page.content.decode()


def test_it_shows_a_kelurahan_officer_the_programme_of_their_kecamatan_with_their_rws(
    programme, client
):
    from semesta.accounts.models import Membership, Role, User

    officer = User.objects.create_user("petugas_kel", password="rahasia-123")
    Membership.objects.create(user=officer, role=Role.KELURAHAN_OFFICER, region_id="31.75.01.1001")
    assert list(Programme.objects.visible_to(officer)) == [programme]
    figures = attainment(officer, programme, JULY)
    assert [r["code"] for r in figures["rws"]] == ["31.75.01.1001.001", "31.75.01.1001.002"]
    client.force_login(officer)
    page = client.get(f"/program/{programme.pk}/")
    assert page.status_code == 200
    assert "31.75.01.1002.001" not in page.content.decode()


def test_it_keeps_the_programme_from_an_officer_of_another_kecamatan(programme, client):
    from semesta.accounts.models import Membership, Role, User

    officer = User.objects.create_user("petugas_lain", password="rahasia-123")
    Membership.objects.create(user=officer, role=Role.KECAMATAN_OFFICER, region_id="31.75.03")
    assert not Programme.objects.visible_to(officer).exists()
    client.force_login(officer)
    assert client.get(f"/program/{programme.pk}/").status_code == 404


@pytest.fixture
def region_facts(programme):
    from tests.facts import fact

    for code in ("31", "31.75", "31.75.01", "31.75.01.1001", "31.75.01.1001.001"):
        fact(code, 5, 20, registered=10)


def test_a_kelurahan_page_shows_each_rw_of_the_programme_against_its_target(
    programme, region_facts, client, personas
):
    client.force_login(personas["officer_b"])
    page = client.get("/wilayah/31.75.01.1001/?periode=2025-07").content.decode()
    assert "Program RW di wilayah ini" in page and "1 RW 2 pekerja" in page
    assert "2 dari 2 RW mencapai target" in page
    assert "3 / 2" in page and "2 / 2" in page  # RW 001 and 002 of Kayu Manis
    assert "/wilayah/31.75.01.1001.001/pekerja-rentan/" in page
    assert "31.75.01.1002.001" not in page  # another kelurahan's RW


def test_a_kecamatan_page_rolls_the_programme_up_with_its_monev_rhythm(
    programme, region_facts, client, personas
):
    client.force_login(personas["officer_b"])
    page = client.get("/wilayah/31.75.01/?periode=2025-07").content.decode()
    assert "2 dari 3 RW mencapai target" in page
    assert "6 dari 6 pekerja rentan terlindungi" in page
    assert "triwulan per kecamatan, semester per kota" in page
    assert 'id="program-rws-' not in page  # RW rows on kelurahan and RW pages only


def test_the_programme_panel_stays_off_another_kotas_pages(programme, client, personas):
    from tests.facts import fact

    fact("31.71", 5, 20, registered=10)
    client.force_login(personas["officer_a"])
    page = client.get("/wilayah/31.71/?periode=2025-07").content.decode()
    assert "Program RW di wilayah ini" not in page
