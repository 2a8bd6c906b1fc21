"""The employer registry pages: filters, participants from the latest extract, scope, evidence."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.base import ContentFile

from semesta.coverage import services as coverage
from semesta.demo.legal import create_legal_products
from semesta.employers.models import Employer, SeResponse
from semesta.legal.models import LegalProduct
from tests.snapshots import row, write


@pytest.fixture
def registry(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    create_legal_products()
    for npp, name, kelurahan, sector, size, pds in (
        ("100", "PT Bank Matraman", "31.75.01.1001", "Jasa keuangan", "large", False),
        ("200", "CV Toko Jaya", "31.75.01.1002", "Perdagangan eceran", "micro_small", True),
        ("300", "PT Pabrik Pusat", "31.71.01.1001", "Industri pengolahan", "medium", False),
    ):
        Employer.objects.create(
            npp=npp, name=name, kelurahan_id=kelurahan, sector=sector, size=size,
            registered_on=date(2020, 1, 1), pds_wages=pds,
        )  # fmt: skip
    response = SeResponse.objects.create(
        employer_id="100", circular=LegalProduct.objects.get(number="e-0001/SE/2024"),
        responded_on=date(2025, 3, 1), action="Membiayai iuran 50 pedagang",
    )  # fmt: skip
    response.evidence.save("bukti.pdf", ContentFile(b"%PDF-bukti"))
    rows = row("31.75.01.1001", 1, n=3) + row("31.75.01.1001", 1, active=False, n=1)
    for r in rows:
        r["employer_npp"] = "100"
    coverage.register_snapshot(write(coverage.store(), "2025-07", rows), "uji")
    return personas


def test_an_officer_lists_their_regions_employers_with_participants(client, registry):
    client.force_login(registry["officer_b"])  # Jakarta Timur
    page = client.get("/pemberi-kerja/").content.decode()
    table = page[page.index('id="employers"') :]
    assert "PT Bank Matraman" in table and "CV Toko Jaya" in table
    assert "PT Pabrik Pusat" not in table  # Jakarta Pusat's
    assert "Keuangan" in table and "Perdagangan dan jasa" in table
    assert '<td class="num">3</td><td class="num">4</td>' in table  # active, registered


def test_the_filters_narrow_by_sector_group_size_pds_and_name(client, registry):
    client.force_login(registry["admin"])

    def npps(query: str) -> set[str]:
        page = client.get(f"/pemberi-kerja/?{query}").content.decode()
        return {n for n in ("100", "200", "300") if f'/pemberi-kerja/{n}/"' in page}

    assert npps("") == {"100", "200", "300"}
    assert npps("kelompok=keuangan") == {"100"}
    assert npps("kelompok=industri") == {"300"}
    assert npps("ukuran=micro_small") == {"200"}
    assert npps("pds=1") == {"200"}
    assert npps("q=pabrik") == {"300"} and npps("q=200") == {"200"}


def test_an_employer_page_shows_participants_flags_responses_and_evidence(client, registry):
    client.force_login(registry["officer_b"])
    page = client.get("/pemberi-kerja/100/").content.decode()
    assert "3 aktif dari 4 terdaftar (Juli 2025)" in page
    assert "Membiayai iuran 50 pedagang" in page and "kelompok Paritrana: Keuangan" in page
    evidence = SeResponse.objects.get().pk
    download = client.get(f"/pemberi-kerja/100/tanggapan/{evidence}/bukti/")
    assert b"".join(download.streaming_content) == b"%PDF-bukti"


def test_other_regions_and_sponsors_cannot_see_an_employer(client, registry):
    client.force_login(registry["officer_a"])  # Jakarta Pusat
    assert client.get("/pemberi-kerja/100/").status_code == 404
    evidence = SeResponse.objects.get().pk
    assert client.get(f"/pemberi-kerja/100/tanggapan/{evidence}/bukti/").status_code == 404
    client.force_login(registry["sponsor"])
    assert client.get("/pemberi-kerja/").status_code == 403
    assert client.get("/pemberi-kerja/100/").status_code == 403


def test_the_list_says_n_of_m_and_exports_the_filtered_set_audited(client, registry):
    import csv
    import io

    from semesta.accounts.models import AuditEvent

    Employer.objects.create(
        npp="400", name="=HYPERLINK(\"http://x\")", kelurahan_id="31.75.01.1001",
        registered_on=date(2020, 1, 1),
    )  # fmt: skip
    client.force_login(registry["officer_b"])
    page = client.get("/pemberi-kerja/?ukuran=micro_small").content.decode()
    assert "Menampilkan 1–2 dari 2" in page
    answer = client.get("/pemberi-kerja/?ukuran=micro_small&format=csv")
    assert answer["Content-Disposition"] == 'attachment; filename="pemberi-kerja.csv"'
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["200", "400"]  # not Jakarta Pusat's, not the large one
    assert rows[2][1].startswith("'=")  # a formula is written as text
    event = AuditEvent.objects.get(action="export", object_type="employers")
    assert event.detail["rows"] == 2 and event.detail["ukuran"] == "micro_small"
    xlsx = client.get("/pemberi-kerja/?format=xlsx")
    assert xlsx.content[:2] == b"PK"
