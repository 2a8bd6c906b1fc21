"""Legal products: a region's page lists its own, those of the regions above, national ones."""

from __future__ import annotations

from django.core.files.base import ContentFile

from semesta.demo.legal import create_legal_products
from semesta.legal.models import LegalProduct
from tests.facts import fact


def test_a_region_page_lists_the_chain_that_applies_to_it(client, personas):
    create_legal_products()
    fact("31.75", 600, 1_200)
    client.force_login(personas["officer_b"])
    page = client.get("/wilayah/31.75/?periode=2025-07").content.decode()
    listed = page[page.index('id="legal"') :]
    for number in ("2/2021", "842.2/5193/SJ", "15/2023", "e-0001/SE/2024", "e-0009/2024"):
        assert number in listed, number
    assert "6/2025" not in listed  # Jakarta Barat's circulars are not Jakarta Timur's
    pergub = LegalProduct.objects.get(number="15/2023")
    assert pergub.based_on.number == "842.2/5193/SJ"
    assert list(pergub.followed_by.values_list("number", flat=True)) == [
        "e-0001/SE/2024",
        "e-0009/2024",
        "6/2025",
        "7/2025",
    ]


def test_its_document_downloads_for_logged_in_users_only(client, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    product = LegalProduct.objects.create(
        kind="pergub", number="15/2023", year=2023, issuer="Gubernur", region_id="31", subject="-"
    )
    product.document.save("pergub-15-2023.pdf", ContentFile(b"%PDF-1.4 uji"))
    url = f"/produk-hukum/{product.pk}/dokumen/"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(personas["officer_a"])
    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.4 uji"


def test_employers_responses_to_a_circular_are_shown_within_ones_region(client, personas):
    from datetime import date

    from semesta.employers.models import Employer, SeResponse

    create_legal_products()
    circular = LegalProduct.objects.get(number="6/2025")
    for npp, kelurahan, recognised in (
        ("1", "31.73.01.1001", date(2025, 8, 18)),
        ("2", "31.73.02.1001", None),
        ("3", "31.75.01.1001", None),  # an employer in Jakarta Timur
    ):
        employer = Employer.objects.create(
            npp=npp, name=f"PT {npp}", kelurahan_id=kelurahan, registered_on=date(2020, 1, 1)
        )
        SeResponse.objects.create(
            employer=employer,
            circular=circular,
            responded_on=date(2025, 5, 2),
            action="CSR",
            recognised_on=recognised,
        )
    client.force_login(personas["admin"])
    page = client.get(f"/produk-hukum/{circular.pk}/").content.decode()
    assert "3 pemberi kerja di wilayah Anda menanggapi; 1 menerima piagam" in page
    client.force_login(personas["officer_b"])  # Jakarta Timur sees its own employer only
    page = client.get(f"/produk-hukum/{circular.pk}/").content.decode()
    assert "PT 3" in page and "PT 1" not in page
