"""Collaboration: MoU commitment progress (from data and from reports), agency scoping, the
outcome of outreach events on hand-made data, non-ASN staff matching and the APBD rule, and
benefit roll-ups per sponsor and region."""

from __future__ import annotations

import io
from datetime import date

import pytest
import python_calamine
from django.conf import settings as django_settings

from semesta.accounts.models import AuditEvent, Membership, Role, User
from semesta.collaboration import services, staff
from semesta.collaboration.benefits import benefits_rollup, by_sponsor, record_benefit
from semesta.collaboration.models import (
    AgencyWorker,
    Agreement,
    Commitment,
    CommitmentUpdate,
    Event,
    Party,
)
from semesta.collaboration.progress import BEHIND, DONE, LATE, NOT_REPORTED, ON_TRACK
from semesta.contributions import calculator
from semesta.coverage import services as coverage
from semesta.coverage.models import CoverageFact
from semesta.legal.models import LegalProduct
from semesta.nik import mask_nik, nik_hash
from semesta.regions.models import Level, Region
from semesta.sponsorship.models import Allocation, Pledge, Sponsor
from semesta.workers.models import Category, RosterStatus, RosterWorker
from tests import snapshots

TODAY = date(2025, 8, 1)
SIGNED = date(2024, 10, 23)
KEL = "31.75.01.1004"  # Palmeriam, Matraman, Jakarta Timur


def facts(code: str, segment: str, period: date, active: int, workforce: int | None = None):
    return CoverageFact.objects.create(
        period=period,
        region_code=code,
        parent_code=code.rpartition(".")[0],
        level=["province", "kota", "kecamatan", "kelurahan", "rw"][code.count(".")],
        segment=segment,
        active=active,
        registered=active,
        workforce=workforce,
    )


@pytest.fixture
def mou(db, personas):
    product = LegalProduct.objects.create(
        kind=LegalProduct.Kind.MOU,
        number="NK/UCJ/2024",
        year=2024,
        issued_on=SIGNED,
        issuer="Pemprov DKI Jakarta dan BPJS Ketenagakerjaan Kanwil DKI Jakarta",
        region_id="31",
        subject="Sinergi Universal Coverage Jamsostek",
    )
    agreement = Agreement.objects.create(product=product, title="Nota UCJ DKI", signed_on=SIGNED)
    parties = {
        code: Party.objects.create(code=code, name=name, kind=kind, region_id=region)
        for code, name, kind, region in (
            ("dishub", "Dinas Perhubungan", "dinas", "31"),
            ("dinsos", "Dinas Sosial", "dinas", "31"),
            ("pemkot-jaktim", "Pemkot Jakarta Timur", "kota", "31.75"),
        )
    }
    agreement.parties.set(parties.values())
    dinas = User.objects.create_user("petugas.dishub", password="rahasia-123")
    Membership.objects.create(user=dinas, role=Role.AGENCY_OFFICER, region_id="31")
    parties["dishub"].members.add(dinas)

    def commit(party, text, **kw):
        defaults = {"region_id": "31", "indicator": "reported", "target": 100}
        defaults.update(kw)
        return Commitment.objects.create(
            agreement=agreement, party=parties[party], text=text, **defaults
        )

    return {
        "personas": {**personas, "dinas": dinas},
        "parties": parties,
        "agreement": agreement,
        "commit": commit,
    }


# Commitments from linked indicators


def test_it_measures_a_segment_commitment_from_the_facts_since_the_mou(mou):
    facts("31.75", "BPU", date(2024, 10, 1), 100)
    facts("31.75", "BPU", date(2025, 4, 1), 150)  # on 1 May 2025, 144 were due: on track
    facts("31.75", "BPU", date(2025, 7, 1), 160)
    facts("31.75", "PU", date(2025, 7, 1), 9_999)  # another segment: not counted
    c = mou["commit"](
        "pemkot-jaktim",
        "BPU aktif Jakarta Timur",
        region_id="31.75",
        indicator="segment",
        segment="BPU",
        target=200,
        deadline=date(2025, 12, 31),
    )
    p = services.with_progress(Commitment.objects.filter(pk=c.pk), TODAY)[0].progress
    assert (p.baseline, p.current, p.measured) == (100, 160, date(2025, 7, 1))
    assert p.pct == 60.0
    # 282 of 434 days gone: the straight line expects 165 by now, so 160 is behind.
    assert p.status == BEHIND
    assert (
        services.with_progress(Commitment.objects.filter(pk=c.pk), date(2025, 5, 1))[
            0
        ].progress.status
        == ON_TRACK
    )


def test_it_counts_covered_roster_workers_of_a_group_in_the_region(mou):
    rw = Region.objects.create(code=f"{KEL}.001", name="RW 001", level=Level.RW, parent_id=KEL)
    for n, (category, status) in enumerate(
        [
            ("driver", "covered"),
            ("driver", "covered"),
            ("driver", "not_covered"),
            ("trader", "covered"),
        ]
    ):
        w = RosterWorker.objects.create(
            region=rw,
            name=f"W{n}",
            nik_encrypted="-",
            nik_hash=bytes([n + 1]) * 16,
            nik_masked="x",
            category=category,
        )
        RosterStatus.objects.create(worker=w, period=date(2025, 7, 1), status=status)
    c = mou["commit"](
        "dishub",
        "Daftarkan ojol di Matraman",
        region_id="31.75.01",
        indicator="roster",
        category=Category.DRIVER,
        baseline=0,
        target=2,
        deadline=date(2025, 12, 31),
    )
    p = services.with_progress(Commitment.objects.filter(pk=c.pk), TODAY)[0].progress
    assert (p.current, p.status, p.pct) == (2, DONE, 100.0)


# Commitments from reports


def test_reported_commitments_take_the_last_report_and_one_past_its_deadline_is_late(mou):
    late = mou["commit"](
        "dinsos",
        "APBD untuk 5.000 pekerja rentan",
        target=5_000,
        baseline=0,
        deadline=date(2025, 3, 31),
    )
    done = mou["commit"](
        "dishub", "Data ojol berizin diserahkan", target=1, baseline=0, deadline=date(2025, 12, 31)
    )
    silent = mou["commit"]("dishub", "Sosialisasi di terminal", deadline=date(2025, 12, 31))
    for value, day in ((1_000, date(2024, 12, 1)), (3_000, date(2025, 6, 1))):
        CommitmentUpdate.objects.create(
            commitment=late, by="dinsos", value=value, at=f"{day}T10:00:00+07:00"
        )
    CommitmentUpdate.objects.create(
        commitment=done, by="petugas.dishub", value=1, at="2025-07-01T10:00:00+07:00"
    )
    status = services.commitments_status("31", today=TODAY)
    rows = {r["pk"]: r for r in status["commitments"]}
    assert (rows[late.pk]["current"], rows[late.pk]["pct"], rows[late.pk]["status"]) == (
        3_000,
        60.0,
        LATE,
    )
    assert rows[done.pk]["status"] == DONE
    assert rows[silent.pk]["status"] == NOT_REPORTED
    assert status["counts"] == {"done": 1, "on_track": 0, "behind": 0, "late": 1, "not_reported": 1}


def test_the_commitment_page_shows_the_history_of_reports(client, mou):
    c = mou["commit"]("dinsos", "APBD pekerja rentan", target=10, deadline=date(2025, 3, 31))
    CommitmentUpdate.objects.create(commitment=c, by="dinsos", value=4, note="Tahap 1 cair")
    client.force_login(mou["personas"]["admin"])
    page = client.get(f"/kolaborasi/komitmen/{c.pk}/").content.decode()
    assert "Tahap 1 cair" in page and "Terlambat" in page


# Scoping: a dinas officer sees and updates only their own agency's commitments


def test_a_dinas_officer_sees_and_updates_only_their_agency(client, mou):
    mine = mou["commit"]("dishub", "Ojol terdaftar", deadline=date(2026, 12, 31))
    theirs = mou["commit"]("dinsos", "APBD pekerja rentan", deadline=date(2026, 12, 31))
    dinas = mou["personas"]["dinas"]
    assert list(Commitment.objects.visible_to(dinas)) == [mine]
    client.force_login(dinas)
    assert "Nota UCJ DKI" in client.get("/kolaborasi/").content.decode()
    agreement = client.get(f"/kolaborasi/nota/{mou['agreement'].pk}/").content.decode()
    assert "Ojol terdaftar" in agreement and "APBD pekerja rentan" not in agreement
    assert client.get(f"/kolaborasi/komitmen/{theirs.pk}/").status_code == 404
    assert client.post(f"/kolaborasi/komitmen/{theirs.pk}/lapor/", {"note": "x"}).status_code == 404
    response = client.post(
        f"/kolaborasi/komitmen/{mine.pk}/lapor/", {"value": "40", "note": "Data Dishub"}
    )
    assert response.status_code == 302
    assert mine.updates.get().value == 40 and mine.updates.get().by == "petugas.dishub"
    assert not theirs.updates.exists()


def test_officers_see_commitments_of_their_region_only(client, mou):
    mou["commit"]("pemkot-jaktim", "Jaktim", region_id="31.75", deadline=date(2026, 1, 1))
    mou["commit"]("dinsos", "Provinsi", deadline=date(2026, 1, 1))
    p = mou["personas"]
    assert [c.text for c in Commitment.objects.visible_to(p["officer_b"])] == ["Jaktim"]
    assert list(Commitment.objects.visible_to(p["officer_a"])) == []
    assert list(Commitment.objects.visible_to(p["nobody"])) == []
    assert Commitment.objects.visible_to(p["admin"]).count() == 2
    c = Commitment.objects.get(text="Jaktim")
    client.force_login(p["officer_a"])
    assert client.get(f"/kolaborasi/komitmen/{c.pk}/").status_code == 404
    client.force_login(p["sponsor"])  # sees nothing of Jakarta Timur, may not report
    assert client.post(f"/kolaborasi/komitmen/{c.pk}/lapor/", {"note": "x"}).status_code == 404
    client.force_login(p["officer_b"])
    assert client.post(f"/kolaborasi/komitmen/{c.pk}/lapor/", {"note": "x"}).status_code == 302


# Outreach events: the outcome comparison on hand-made data with a known answer


@pytest.fixture
def store(db, settings, tmp_path):
    settings.SNAPSHOT_DIR = tmp_path / "snapshots"
    settings.IMPORT_DIR = tmp_path / "imports"
    return tmp_path


def registered(kelurahan, rw, day, n, segment="BPU"):
    rows = snapshots.row(kelurahan, rw, segment, n=n)
    for r in rows:
        r["registered_on"] = day
    return rows


@pytest.fixture
def outreach(store, personas):
    """Palmeriam's RWs 001–006 with known workforce; an ojol event in RW 001 on 10 March 2025.

    RW 002–004 are comparable (1,000–2,000 workers), RW 005 is too small, RW 006 had its own
    event a month later. The July 2025 extract holds the registrations.
    """
    for n, workforce in enumerate([1000, 1000, 2000, 1000, 10, 1000], start=1):
        code = f"{KEL}.{n:03d}"
        Region.objects.create(code=code, name=f"RW {n:03d}", level=Level.RW, parent_id=KEL)
        facts(code, "ALL", date(2025, 3, 1), 0, workforce)
    event = Event.objects.create(
        held_on=date(2025, 3, 10),
        region_id=f"{KEL}.001",
        title="Sosialisasi ojol",
        organiser_name="Kelurahan Palmeriam",
        audience="ojol",
        attendance=40,
        created_by="t",
    )
    Event.objects.create(
        held_on=date(2025, 4, 10),
        region_id=f"{KEL}.006",
        title="Sosialisasi pasar",
        organiser_name="Kelurahan Palmeriam",
        audience="market",
        attendance=25,
        created_by="t",
    )
    rows = [
        *registered(KEL, 1, date(2025, 3, 9), 9),  # the day before: not counted
        *registered(KEL, 1, date(2025, 3, 10), 4),  # on the day
        *registered(KEL, 1, date(2025, 4, 8), 8),  # day 30 (the last of the first window)
        *registered(KEL, 1, date(2025, 3, 20), 7, segment="PU"),  # not the audience's segment
        *registered(KEL, 1, date(2025, 4, 24), 5),  # day 46
        *registered(KEL, 1, date(2025, 5, 29), 2),  # day 81
        *registered(KEL, 1, date(2025, 6, 8), 6),  # day 91: after the last window
        *registered(KEL, 2, date(2025, 3, 15), 3),
        *registered(KEL, 3, date(2025, 3, 15), 4),
        *registered(KEL, 5, date(2025, 3, 15), 50),  # too small to compare
        *registered(KEL, 6, date(2025, 4, 15), 30),  # had its own event
    ]
    coverage.register_snapshot(snapshots.write(coverage.store(), "2025-07", rows), "uji")
    return event


def test_the_event_outcome_compares_registrations_per_1000_with_comparable_rws(outreach):
    outcome = services.event_outcome(outreach)
    assert outcome["area"] == f"{KEL}.001" and outcome["segments"] == ["BPU"]
    assert outcome["workforce"] == 1000
    assert outcome["peers"] == [f"{KEL}.002", f"{KEL}.003", f"{KEL}.004"]
    windows = {w["days"]: w for w in outcome["windows"]}
    # 12 in 30 days per 1,000 against 7 per 4,000 in the comparable RWs (1.75 per 1,000).
    assert windows[30]["registrations"] == 12 and windows[30]["peer_registrations"] == 7
    assert windows[30]["rate"] == 12.0 and windows[30]["peer_rate"] == 1.75
    assert windows[30]["difference"] == pytest.approx(10.25) and windows[30]["excess"] == 10
    assert windows[60]["registrations"] == 17 and windows[60]["excess"] == 15
    assert windows[90]["registrations"] == 19 and windows[90]["difference"] == pytest.approx(17.25)
    assert all(w["complete"] for w in outcome["windows"])


def test_an_rt_event_counts_for_its_rw_and_windows_after_the_extract_are_not_complete(outreach):
    rt = Region.objects.create(
        code=f"{KEL}.001.002", name="RT 002", level=Level.RT, parent_id=f"{KEL}.001"
    )
    event = Event.objects.create(
        held_on=date(2025, 7, 1),
        region=rt,
        title="RT",
        organiser_name="RT 002",
        audience="cadres",
        attendance=12,
        created_by="t",
    )
    outcome = services.event_outcome(event)
    assert outcome["area"] == f"{KEL}.001"
    assert [w["complete"] for w in outcome["windows"]] == [True, False, False]


def test_events_summary_totals_by_organiser_and_kecamatan(outreach, personas):
    summary = services.events_summary("31.75", date(2025, 1, 1), date(2025, 12, 31))
    assert summary["events"] == 2 and summary["attendance"] == 65
    first = summary["rows"][0]
    assert (first["registrations_30"], first["registrations_90"], first["excess_90"]) == (
        12,
        19,
        17,
    )
    assert summary["by_kecamatan"][0]["kecamatan"] == "31.75.01"
    assert summary["by_organiser"][0]["events"] == 2
    assert services.events_summary("31.71", date(2025, 1, 1), date(2025, 12, 31))["events"] == 0
    outside = services.events_summary(
        "31.75", date(2025, 1, 1), date(2025, 12, 31), personas["officer_a"]
    )
    assert outside["events"] == 0


def test_the_event_page_is_for_its_region_only(client, outreach, personas):
    client.force_login(personas["officer_b"])
    page = client.get(f"/kolaborasi/kegiatan/{outreach.pk}/").content.decode()
    assert 'id="registrations-30">12<' in page
    assert "RW 002" in page and "RW 005" not in page.split("Wilayah sebanding")[-1]
    client.force_login(personas["officer_a"])
    assert client.get(f"/kolaborasi/kegiatan/{outreach.pk}/").status_code == 404
    assert client.get("/kolaborasi/kegiatan/baru/").status_code == 200
    response = client.post(
        "/kolaborasi/kegiatan/baru/",
        {
            "held_on": "2025-08-01",
            "region": f"{KEL}.001",
            "title": "x",
            "organiser_name": "y",
            "audience": "ojol",
            "attendance": "3",
        },
    )
    assert response.status_code == 200 and "tidak ada di wilayah Anda" in response.content.decode()
    client.force_login(personas["sponsor"])
    assert client.get("/kolaborasi/kegiatan/baru/").status_code == 403


# Non-ASN staff: matched like the rosters; APBD-funded cover gets no PP 50/2025 discount


def _nik(n: int) -> str:
    return f"31750112039{n:05d}"


def test_non_asn_staff_are_matched_monthly_and_shared_per_agency(store, mou):
    key = bytes.fromhex(django_settings.NIK_HASH_KEY)
    dishub = mou["parties"]["dishub"]
    for n in range(1, 5):
        AgencyWorker.objects.create(
            party=dishub,
            office_id=KEL,
            name=f"PJLP {n}",
            nik_encrypted="-",
            nik_hash=nik_hash(_nik(n), key),
            nik_masked=mask_nik(_nik(n)),
            employment="pjlp",
        )
    rows = []
    for n, active in ((1, True), (2, True), (3, False)):
        row = snapshots.row(KEL, 1, "BPU", active=active)[0]
        row["nik_hash"] = nik_hash(_nik(n), key)
        rows.append(row)
    coverage.register_snapshot(snapshots.write(coverage.store(), "2026-04", rows), "uji")
    coverage.register_snapshot(snapshots.write(coverage.store(), "2026-05", rows), "uji")
    staff.match_month(date(2026, 4, 1))  # an earlier month must not count twice
    assert staff.match_month(date(2026, 5, 1)) == {"covered": 2, "not_covered": 2, "lapsed": 0}
    [share] = staff.share_by_agency(mou["personas"]["admin"])
    assert (share["workers"], share["covered"], share["pct"]) == (4, 2, 50.0)
    assert share["monthly_due"] == 4 * 16_800  # full rate: APBD gets no PP 50/2025 discount
    assert staff.share_by_agency(mou["personas"]["officer_a"]) == []
    c = mou["commit"](
        "dishub",
        "PJLP Dishub terlindungi",
        region_id="31",
        indicator="staff",
        baseline=0,
        target=4,
        deadline=date(2026, 12, 31),
    )
    p = services.with_progress(Commitment.objects.filter(pk=c.pk), date(2026, 6, 1))[0].progress
    assert (p.current, p.pct) == (2, 50.0)


def test_apbd_funded_cover_pays_the_full_rate_in_the_pp_50_2025_months(db):
    worker = AgencyWorker(funded_by="apbd", declared_income=1_000_000)
    assert staff.monthly_cost(worker, "2026-05") == (16_800, 16_800)
    worker.funded_by = "apbn"
    assert staff.monthly_cost(worker, "2026-05") == (16_800, 16_800)
    # The same cover paid by company CSR is halved (Rp 8,400) in those months.
    assert calculator.bpu(1_000_000, "2026-05", "other", "csr").totals["total"] == 8_400
    assert calculator.bpu(1_000_000, "2025-05", "other", "apbd").totals["total"] == 16_800


# Benefits: linked to the roster and the sponsor; rolled up per sponsor and region


@pytest.fixture
def benefits(db, personas):
    rw = Region.objects.create(code=f"{KEL}.001", name="RW 001", level=Level.RW, parent_id=KEL)
    sponsor = Sponsor.objects.create(code="csr-1", name="PT Peduli", kind="csr")
    sponsor.members.add(personas["sponsor"])
    pledge = Pledge.objects.create(
        sponsor=sponsor,
        name="Ojol 2025",
        region_id=KEL,
        start=date(2025, 1, 1),
        months=12,
        budget=10_000_000,
        created_by="t",
    )
    workers = [
        RosterWorker.objects.create(
            region=rw,
            name=f"Warga {n}",
            nik_encrypted="-",
            nik_hash=bytes([n]) * 16,
            nik_masked=f"3175********{n:04d}",
        )
        for n in (1, 2, 3)
    ]
    for w in workers[:2]:
        Allocation.objects.create(
            pledge=pledge, worker=w, start=date(2025, 1, 1), by="t", rule="rule"
        )
    record_benefit(
        programme="JKM",
        kind="death",
        paid_on=date(2025, 5, 2),
        amount=42_000_000,
        by="t",
        worker=workers[0],
    )
    record_benefit(
        programme="JKK",
        kind="accident",
        paid_on=date(2025, 6, 9),
        amount=7_500_000,
        by="t",
        worker=workers[1],
    )
    record_benefit(
        programme="JKK",
        kind="accident",
        paid_on=date(2025, 6, 9),
        amount=2_500_000,
        by="t",
        worker=workers[2],
    )  # not sponsored
    return {"pledge": pledge, "sponsor": sponsor, "workers": workers}


def test_benefits_are_linked_to_the_sponsor_and_rolled_up_per_region_and_sponsor(
    benefits, personas
):
    rollup = benefits_rollup("31.75", personas["admin"])
    assert (rollup["count"], rollup["amount"]) == (3, 52_000_000)
    assert [(g["programme"], g["count"], g["amount"]) for g in rollup["by_programme"]] == [
        ("JKK", 2, 10_000_000),
        ("JKM", 1, 42_000_000),
    ]
    assert benefits_rollup("31.71", personas["admin"])["count"] == 0
    assert benefits_rollup("31.75", personas["officer_a"])["count"] == 0
    assert [(r["sponsor__name"], r["programme"], r["count"]) for r in by_sponsor()] == [
        ("PT Peduli", "JKK", 1),
        ("PT Peduli", "JKM", 1),
    ]


def test_the_sponsor_statement_and_page_show_the_benefits_masked(client, benefits, personas):
    client.force_login(personas["sponsor"])
    pk = benefits["pledge"].pk
    page = client.get(f"/sponsor/{pk}/").content.decode()
    assert "Rp 42.000.000" in page and "Warga" not in page.split("benefit-rollup")[1][:2000]
    xlsx = client.get(f"/sponsor/{pk}/pernyataan.xlsx").content
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(xlsx))
    sheet = book.get_sheet_by_name("Manfaat").to_python()
    assert sheet[1][:4] == ["JKK", "Perawatan kecelakaan kerja", 1, 7_500_000]
    assert sheet[3][:4] == ["Jumlah", "", 2, 49_500_000]
    text = str(sheet)
    assert "3175********0001" in text and "Warga" not in text and "0003" not in text


def test_region_pages_show_benefit_counts_without_names(client, benefits, personas):
    from tests.facts import fact

    fact(KEL, 10, 100)
    client.force_login(personas["officer_b"])
    page = client.get(f"/wilayah/{KEL}/?periode=2025-07").content.decode()
    assert "3 kasus, Rp 52.000.000" in page and "Warga" not in page and "3175****" not in page


def test_the_benefits_list_is_for_officers_masked_and_audited(client, benefits, personas):
    client.force_login(personas["officer_b"])
    page = client.get("/kolaborasi/manfaat/").content.decode()
    assert "3175********0001" in page and "Warga" not in page
    assert AuditEvent.objects.filter(object_type="benefits", username="officer_b").exists()
    client.force_login(personas["sponsor"])
    page = client.get("/kolaborasi/manfaat/").content.decode()
    assert "3175********" not in page
    client.force_login(personas["officer_a"])
    assert "3175********" not in client.get("/kolaborasi/manfaat/").content.decode()


def test_an_officer_records_a_benefit_by_nik(client, store, personas):
    key = bytes.fromhex(django_settings.NIK_HASH_KEY)
    rw = Region.objects.create(code=f"{KEL}.001", name="RW 001", level=Level.RW, parent_id=KEL)
    worker = RosterWorker.objects.create(
        region=rw,
        name="Ani",
        nik_encrypted="-",
        nik_hash=nik_hash(_nik(7), key),
        nik_masked=mask_nik(_nik(7)),
    )
    form = {
        "nik": _nik(7),
        "programme": "JKK",
        "kind": "accident",
        "paid_on": "2025-07-01",
        "amount": "1500000",
    }
    client.force_login(personas["officer_a"])  # not their region: the NIK is not found
    client.post("/kolaborasi/manfaat/catat/", form)
    assert not worker.benefits.exists()
    client.force_login(personas["officer_b"])
    assert client.post("/kolaborasi/manfaat/catat/", form).status_code == 302
    assert worker.benefits.get().amount == 1_500_000


def test_the_pages_answer_and_list_pages_stay_flat(client, mou, django_assert_max_num_queries):
    for n in range(12):
        mou["commit"]("dishub", f"Komitmen {n}", deadline=date(2026, 1, 1))
    client.force_login(mou["personas"]["admin"])
    for url in (
        "/kolaborasi/",
        "/kolaborasi/kegiatan/",
        "/kolaborasi/non-asn/",
        "/kolaborasi/manfaat/",
        "/kolaborasi/pihak/dishub/",
    ):
        assert client.get(url).status_code == 200, url
    with django_assert_max_num_queries(14):
        client.get(f"/kolaborasi/nota/{mou['agreement'].pk}/")


def test_an_events_outcome_is_kept_with_the_event_and_read_back_when_the_cache_is_empty(outreach):
    from django.core.cache import cache

    first = services.event_outcome(outreach)
    stored = Event.objects.get(pk=outreach.pk)
    assert stored.outcome_key and stored.outcome["windows"] == first["windows"]
    cache.clear()
    again = services.event_outcome(stored)
    assert again == first  # dates included, read back from the row without the engine
    Event.objects.create(
        held_on=date(2025, 5, 1), region_id=f"{KEL}.004", title="Baru", audience="ojol",
        created_by="t",
    )  # fmt: skip
    cache.clear()
    services.event_outcome(stored)  # a new event nearby changes the comparison: computed again
    assert Event.objects.get(pk=outreach.pk).outcome_key != stored.outcome_key
