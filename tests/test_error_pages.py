"""Refused, missing and failed pages are Semesta's own: they say why and where to go next."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from semesta import errors
from semesta import urls as site_urls
from tests.html_page import Page


def boom(request):
    raise RuntimeError("deliberate failure")


def fine(request):
    return HttpResponse("ok")


# A URL map for the 500 test: one page that fails, handled by the site's handler.
urlpatterns = [path("gagal/", boom), path("baik/", fine)]
handler500 = site_urls.handler500


def soup(response) -> Page:
    return Page(response.content)


def test_it_explains_a_refusal_with_the_persons_role_and_region(client, personas):
    client.force_login(personas["officer_a"])
    response = client.get("/akun/audit/")
    page = soup(response)
    assert response.status_code == 403
    assert page.text_of("h1") == "Akses ditolak"
    assert "Petugas kota/kabupaten" in page.text_of("main")
    assert page.find("a", within="isi", href="/wilayah/31.71/")
    assert page.find("link", href__end="site.css") and page.find("a", class_="skip-link")
    assert page.find("a", within="menu-utama")  # the site's own page, menu included


def test_it_says_a_region_outside_ones_own_is_not_found_and_links_home(client, personas):
    client.force_login(personas["officer_a"])
    response = client.get("/wilayah/31.75/")
    page = soup(response)
    assert response.status_code == 404
    assert page.text_of("h1") == "Halaman tidak ditemukan"
    assert "di luar wilayah" in page.text_of("main")
    assert page.find("a", within="isi", href="/wilayah/31.71/")


def test_it_offers_the_anonymous_the_login_on_a_missing_page(client, db):
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert soup(response).find("a", within="isi", href="/akun/masuk/")


def test_it_speaks_english_on_request(client, personas):
    client.cookies["django_language"] = "en"
    client.force_login(personas["officer_a"])
    assert "Access refused" in client.get("/akun/audit/").content.decode()


def test_the_500_page_renders_without_the_database(rf):
    # No db fixture: any query raises here (pytest-django blocks database access).
    response = errors.server_error(rf.get("/wilayah/31/"))
    page = soup(response)
    assert response.status_code == 500
    assert page.text_of("h1") == "Terjadi kesalahan di server"
    assert page.find("link", href__end="site.css") and page.find("a", href="/")


def test_an_unhandled_error_gets_the_500_page(settings, db):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    response = client.get("/gagal/")
    assert response.status_code == 500
    assert "Terjadi kesalahan di server" in response.content.decode()


def test_the_site_uses_its_own_handlers():
    assert site_urls.handler403 == "semesta.errors.permission_denied"
    assert site_urls.handler404 == "semesta.errors.page_not_found"
    assert site_urls.handler500 == "semesta.errors.server_error"


@pytest.mark.parametrize("logged_in", [False, True])
def test_a_form_sent_without_its_security_token_gets_a_plain_explanation(personas, logged_in):
    client = Client(enforce_csrf_checks=True)
    if logged_in:
        client.force_login(personas["officer_a"])
    response = client.post("/akun/masuk/", {"username": "x", "password": "y"})
    page = soup(response)
    assert response.status_code == 403
    assert page.text_of("h1") == "Formulir tidak dapat dikirim"
    assert "muat ulang" in page.text_of("main")
