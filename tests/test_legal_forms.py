"""Officers record legal products and employers' responses to circulars in their own region."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from semesta.accounts.models import Membership, Role, User
from semesta.demo.legal import create_legal_products
from semesta.employers.models import Employer, SeResponse
from semesta.legal.models import LegalProduct
from semesta.regions.models import Level, Region

PDF = b"%PDF-1.4 surat edaran"


@pytest.fixture
def legal(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    create_legal_products()
    Region.objects.create(
        code="31.75.01.1001.001", name="RW 001", level=Level.RW, parent_id="31.75.01.1001"
    )
    Employer.objects.create(
        npp="100", name="PT Bank Matraman", kelurahan_id="31.75.01.1001",
        registered_on=date(2020, 1, 1),
    )  # fmt: skip
    return personas


def _product(**changes):
    fields = {
        "kind": "se",
        "number": "12/SE/2025",
        "year": "2025",
        "issued_on": "2025-05-02",
        "issuer": "Wali Kota Jakarta Timur",
        "region": "31.75",
        "subject": "Perlindungan pekerja rentan di setiap RW.",
        "based_on": LegalProduct.objects.get(number="15/2023").pk,
        "document": SimpleUploadedFile("se.pdf", PDF, "application/pdf"),
    }
    return fields | changes


def test_an_officer_records_a_circular_of_their_city_with_its_pdf(client, legal):
    client.force_login(legal["officer_b"])
    response = client.post("/produk-hukum/baru/", _product())
    created = LegalProduct.objects.get(number="12/SE/2025")
    assert response.status_code == 302 and response.url == f"/produk-hukum/{created.pk}/"
    assert created.region_id == "31.75" and created.recorded_by == "officer_b"
    assert client.get(f"/produk-hukum/{created.pk}/dokumen/").getvalue() == PDF
    region = client.get("/wilayah/31.75/").content.decode()
    assert "12/SE/2025" in region and "/produk-hukum/baru/?wilayah=31.75" in region


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"region": "31.73"}, "Wilayah 31.73 tidak ada di wilayah Anda."),
        ({"region": "31.75.01.1001.001"}, "Pilih provinsi, kota, kecamatan atau kelurahan."),
        (
            {"document": SimpleUploadedFile("se.pdf", b"PK\x03\x04 xlsx", "application/pdf")},
            "Berkas harus berupa PDF.",
        ),
        ({"issued_on": "2024-12-30"}, "Tanggal terbit tidak di tahun 2025."),
        ({"year": "202", "issued_on": ""}, "lebih besar dari atau sama dengan 1945"),
        ({"number": "e-0001/SE/2024", "year": "2024", "issued_on": "2024-03-01"}, "sudah tercatat"),
    ],
)
def test_it_refuses_a_product_outside_the_scope_or_with_a_bad_file(client, legal, changes, message):
    client.force_login(legal["officer_b"])
    before = LegalProduct.objects.count()
    response = client.post("/produk-hukum/baru/", _product(**changes))
    assert response.status_code == 200 and message in response.content.decode()
    assert LegalProduct.objects.count() == before


def test_sponsors_and_readers_do_not_record_legal_products(client, legal):
    reader = User.objects.create_user("pembaca", password="rahasia-123")
    Membership.objects.create(user=reader, role=Role.VIEWER, region_id="31")
    for user, region in ((legal["sponsor"], "31.73"), (reader, "31")):
        client.force_login(user)
        page = client.get(f"/wilayah/{region}/")
        assert page.status_code == 200 and "/produk-hukum/baru/" not in page.content.decode()
        assert client.get("/produk-hukum/baru/").status_code == 403
        assert client.post("/produk-hukum/baru/", _product()).status_code == 403
    assert not LegalProduct.objects.filter(number="12/SE/2025").exists()


def _answer(**changes):
    fields = {
        "circular": LegalProduct.objects.get(number="e-0001/SE/2024").pk,
        "responded_on": "2025-03-01",
        "action": "Membiayai iuran 50 pedagang pasar lewat CSR",
        "evidence": SimpleUploadedFile("bukti.pdf", PDF, "application/pdf"),
    }
    return fields | changes


def test_an_officer_records_a_response_then_its_piagam(client, legal):
    client.force_login(legal["officer_b"])
    page = client.get("/pemberi-kerja/100/").content.decode()
    form = page[page.index('id="respond"') :]
    assert "e-0001/SE/2024" in form and "6/2025" not in form  # Jakarta Barat's circular
    assert client.post("/pemberi-kerja/100/tanggapan/", _answer()).status_code == 302
    answer = SeResponse.objects.get(employer_id="100")
    assert answer.recognised_on is None and answer.recorded_by == "officer_b"

    later = _answer(recognised_on="2025-11-20")
    del later["evidence"]
    client.post("/pemberi-kerja/100/tanggapan/", later)
    answer = SeResponse.objects.get(employer_id="100")  # the same answer, updated
    assert answer.recognised_on == date(2025, 11, 20)
    assert answer.evidence.read() == PDF  # the evidence given first is kept
    page = client.get("/pemberi-kerja/100/").content.decode()
    assert "Membiayai iuran 50 pedagang" in page and "20 November 2025" in page


def test_it_refuses_a_response_to_a_circular_not_in_force_there(client, legal):
    client.force_login(legal["officer_b"])
    barat = LegalProduct.objects.get(number="6/2025").pk
    response = client.post("/pemberi-kerja/100/tanggapan/", _answer(circular=barat))
    assert response.status_code == 400 and not SeResponse.objects.exists()
    dated = client.post("/pemberi-kerja/100/tanggapan/", _answer(responded_on="2023-01-01"))
    assert "Tanggapan sebelum Surat Edaran terbit." in dated.content.decode()
    assert not SeResponse.objects.exists()


def test_only_officers_of_the_employers_region_record_its_responses(client, legal):
    client.force_login(legal["officer_a"])  # Jakarta Pusat
    assert client.post("/pemberi-kerja/100/tanggapan/", _answer()).status_code == 404
    client.force_login(legal["sponsor"])
    assert client.post("/pemberi-kerja/100/tanggapan/", _answer()).status_code == 403
    assert not SeResponse.objects.exists()
