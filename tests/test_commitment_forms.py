"""Officers record who signed an MoU and add each party's commitments in their own region."""

from __future__ import annotations

from datetime import date

import pytest

from semesta.accounts.models import Membership, Role, User
from semesta.collaboration.models import Agreement, Commitment, Party
from semesta.coverage.models import CoverageFact
from semesta.legal.models import LegalProduct

SIGNED = date(2024, 10, 23)


@pytest.fixture
def nota(db, personas):
    product = LegalProduct.objects.create(
        kind=LegalProduct.Kind.MOU, number="NK/UCJ/2024", year=2024, issued_on=SIGNED,
        issuer="Pemprov DKI Jakarta dan BPJS Ketenagakerjaan", region_id="31",
        subject="Sinergi Universal Coverage Jamsostek",
    )  # fmt: skip
    for code, name, kind, region in (
        ("dishub", "Dinas Perhubungan", "dinas", "31"),
        ("pemkot-jaktim", "Pemkot Jakarta Timur", "kota", "31.75"),
        ("pemkot-jakpus", "Pemkot Jakarta Pusat", "kota", "31.71"),
    ):
        Party.objects.create(code=code, name=name, kind=kind, region_id=region)
    return product


def _sign(client, product, parties=("dishub", "pemkot-jaktim")):
    return client.post(
        f"/kolaborasi/nota/baru/{product.pk}/",
        {"title": "Nota UCJ DKI", "signed_on": "2024-10-23", "parties": list(parties)},
    )


def test_the_province_records_the_parties_of_an_mou_from_its_legal_product(client, nota, personas):
    client.force_login(personas["admin"])
    assert "/kolaborasi/nota/baru/" in client.get(f"/produk-hukum/{nota.pk}/").content.decode()
    form = client.get(f"/kolaborasi/nota/baru/{nota.pk}/").content.decode()
    assert 'type="date" name="signed_on" value="2024-10-23"' in form  # the picker shows it
    response = _sign(client, nota)
    agreement = Agreement.objects.get(product=nota)
    assert response.url == f"/kolaborasi/nota/{agreement.pk}/"
    assert {p.code for p in agreement.parties.all()} == {"dishub", "pemkot-jaktim"}
    page = client.get(f"/produk-hukum/{nota.pk}/").content.decode()
    assert f"/kolaborasi/nota/{agreement.pk}/" in page and "/kolaborasi/nota/baru/" not in page
    assert _sign(client, nota).url == f"/kolaborasi/nota/{agreement.pk}/"  # not twice
    assert Agreement.objects.count() == 1


def test_a_city_officer_cannot_record_the_province_mou(client, nota, personas):
    client.force_login(personas["officer_b"])
    page = client.get(f"/produk-hukum/{nota.pk}/")
    assert page.status_code == 200 and "/kolaborasi/nota/baru/" not in page.content.decode()
    assert _sign(client, nota).status_code == 403
    assert not Agreement.objects.exists()


def _commit(**changes):
    fields = {
        "party": "pemkot-jaktim",
        "region": "31.75",
        "text": "Mendaftarkan 5.000 pekerja rentan lewat APBD",
        "indicator": "segment",
        "segment": "BPU",
        "unit": "pekerja",
        "target": "5000",
        "deadline": "2025-12-31",
    }
    return fields | changes


@pytest.fixture
def agreement(client, nota, personas):
    client.force_login(personas["admin"])
    _sign(client, nota)
    return Agreement.objects.get()


def test_a_city_officer_adds_a_commitment_in_their_city(client, agreement, personas):
    client.force_login(personas["officer_b"])
    page = client.get(f"/kolaborasi/nota/{agreement.pk}/").content.decode()
    form = page[page.index('id="add-commitment"') :]
    assert "Pemkot Jakarta Timur" in form and "Pemkot Jakarta Pusat" not in form  # not a party
    response = client.post(f"/kolaborasi/nota/{agreement.pk}/komitmen/", _commit(category="driver"))
    created = Commitment.objects.get()
    assert response.url == f"/kolaborasi/komitmen/{created.pk}/"
    assert (created.region_id, created.segment, created.target) == ("31.75", "BPU", 5000)
    assert created.category == ""  # only roster commitments count a group
    assert "Mendaftarkan 5.000 pekerja rentan" in client.get(response.url).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"region": "31.71"}, "Wilayah 31.71 tidak ada di wilayah Anda."),
        ({"segment": ""}, "Pilih segmen yang diukur."),
        ({"deadline": "2024-01-31"}, "Batas waktu harus sesudah nota ditandatangani."),
        ({"party": "pemkot-jakpus"}, "Masukkan pilihan yang valid"),
        ({"target": "0"}, "lebih besar dari atau sama dengan 1"),
    ],
)
def test_it_refuses_a_commitment_outside_the_scope_or_badly_measured(
    client, agreement, personas, changes, message
):
    client.force_login(personas["officer_b"])
    response = client.post(f"/kolaborasi/nota/{agreement.pk}/komitmen/", _commit(**changes))
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Commitment.objects.exists()


def test_it_refuses_a_target_the_region_had_already_reached_when_the_mou_was_signed(
    client, agreement, personas
):
    for period, active in ((date(2024, 10, 1), 124_433), (date(2025, 7, 1), 118_589)):
        CoverageFact.objects.create(
            period=period, region_code="31.75", parent_code="31", level="kota",
            segment="BPU", active=active, registered=active,
        )  # fmt: skip
    client.force_login(personas["officer_b"])
    url = f"/kolaborasi/nota/{agreement.pk}/komitmen/"
    response = client.post(url, _commit(target="2000"))  # meant as "2,000 more"
    assert response.status_code == 400 and "capaian awal sudah 124.433" in response.content.decode()
    assert not Commitment.objects.exists()
    assert client.post(url, _commit(target="126433")).status_code == 302
    assert Commitment.objects.get().target == 126_433


def test_agency_officers_sponsors_and_readers_do_not_add_commitments(client, agreement, personas):
    dinas = User.objects.create_user("petugas.dishub", password="rahasia-123")
    Membership.objects.create(user=dinas, role=Role.AGENCY_OFFICER, region_id="31")
    Party.objects.get(code="dishub").members.add(dinas)
    reader = User.objects.create_user("pembaca", password="rahasia-123")
    Membership.objects.create(user=reader, role=Role.VIEWER, region_id="31")
    for user in (dinas, personas["sponsor"], reader):
        client.force_login(user)
        page = client.get(f"/kolaborasi/nota/{agreement.pk}/")
        assert page.status_code == 200 and 'id="add-commitment"' not in page.content.decode()
        url = f"/kolaborasi/nota/{agreement.pk}/komitmen/"
        assert client.post(url, _commit(party="dishub", region="31")).status_code == 403
    assert not Commitment.objects.exists()
