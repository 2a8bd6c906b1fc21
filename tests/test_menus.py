"""The menu offers each role what it may do, and every link it offers opens for that person."""

from __future__ import annotations

import pytest

from semesta.access import scope_roots
from semesta.accounts.models import Membership, Role, User
from semesta.collaboration.models import Party
from semesta.menus import ENTRIES, allowed_keys, menu_for
from tests.html_page import Page


@pytest.fixture
def everyone(personas):
    lurah = User.objects.create_user("lurah", password="rahasia-123")
    Membership.objects.create(user=lurah, role=Role.KELURAHAN_OFFICER, region_id="31.75.01.1004")
    reader = User.objects.create_user("pembaca", password="rahasia-123")
    Membership.objects.create(user=reader, role=Role.VIEWER, region_id="31")
    dinas = User.objects.create_user("petugas.dishub", password="rahasia-123")
    Membership.objects.create(user=dinas, role=Role.AGENCY_OFFICER, region_id="31")
    party = Party.objects.create(
        code="dishub", name="Dinas Perhubungan", kind="dinas", region_id="31"
    )
    party.members.add(dinas)
    return {**personas, "lurah": lurah, "reader": reader, "dinas": dinas}


def labels(client, user) -> list[str]:
    client.force_login(user)
    page = Page(client.get("/program/").content)
    return [a.text for a in page.find("a", within="menu-utama")]


def test_it_offers_a_kota_officer_imports_look_up_and_reports_but_not_the_audit(client, everyone):
    shown = labels(client, everyone["officer_a"])
    assert {"Impor data", "Cari peserta", "Pemberi kerja", "Laporan Monev"} <= set(shown)
    assert "Audit" not in shown and "Janji sponsor saya" not in shown


def test_it_offers_a_sponsor_their_pledges_and_no_officer_work(client, everyone):
    shown = labels(client, everyone["sponsor"])
    assert "Janji sponsor saya" in shown
    for officer_only in ("Impor data", "Cari peserta", "Pemberi kerja", "Laporan Monev", "Audit"):
        assert officer_only not in shown


def test_it_offers_a_dinas_officer_their_staff_worklist_and_its_import(client, everyone):
    shown = labels(client, everyone["dinas"])
    assert "Pegawai non-ASN dinas saya" in shown and "Impor data" in shown
    assert "Cari peserta" not in shown and "Janji sponsor saya" not in shown


def test_it_offers_a_reader_nothing_to_import_or_look_up(client, everyone):
    shown = labels(client, everyone["reader"])
    assert "Impor data" not in shown and "Cari peserta" not in shown
    assert "Ringkasan" in shown and "Pemberi kerja" in shown


def test_it_offers_the_audit_to_the_province_admin(client, everyone):
    assert "Audit" in labels(client, everyone["admin"])


def test_it_links_a_kelurahan_officer_to_their_own_kelurahan(client, everyone):
    client.force_login(everyone["lurah"])
    page = Page(client.get("/").content)
    mine = page.find("a", within="menu-utama", href="/wilayah/31.75.01.1004/")
    assert [a.text for a in mine] == ["Wilayah saya"]


def test_it_marks_the_current_section(client, everyone):
    client.force_login(everyone["officer_a"])
    page = Page(client.get("/pemberi-kerja/").content)
    current = page.find("a", within="menu-utama", aria_current="page")
    assert [a.attrs["href"] for a in current] == ["/pemberi-kerja/"]


@pytest.mark.parametrize(
    "who", ["admin", "officer_a", "branch", "sponsor", "nobody", "lurah", "reader", "dinas"]
)
def test_every_link_offered_opens_for_that_person(client, everyone, who):
    user = everyone[who]
    client.force_login(user)
    links = menu_for(user)
    assert links, who
    for link in links:
        assert client.get(link["url"]).status_code == 200, (who, link["url"])


def test_pages_left_out_of_the_menu_refuse_the_person(client, everyone):
    refused = {"imports": "/impor/", "lookup": "/peserta/cari/", "audit": "/akun/audit/"}
    for who in ("sponsor", "reader", "officer_a"):
        user = everyone[who]
        client.force_login(user)
        shown = {link["key"] for link in menu_for(user)}
        for key, url in refused.items():
            if key in shown:
                continue
            status = client.post(url) if key == "imports" else client.get(url)
            assert status.status_code == 403, (who, url)


def test_the_anonymous_get_no_menu(client, db):
    page = Page(client.get("/akun/masuk/").content)
    assert page.find("nav") == [] and page.find("a", class_="skip-link")


def test_every_menu_entry_names_a_real_page():
    from django.urls import NoReverseMatch, reverse

    for entry in ENTRIES:
        try:
            reverse(entry.url_name)
        except NoReverseMatch:
            assert entry.url_name == "coverage:region"


@pytest.mark.parametrize(
    "who", ["admin", "officer_a", "branch", "sponsor", "nobody", "lurah", "reader", "dinas"]
)
def test_the_roles_read_once_answer_as_the_database_does(everyone, who):
    user = everyone[who]
    assert allowed_keys(user) == [e.key for e in ENTRIES if e.allowed(user)]


def test_the_menu_costs_one_query(everyone, django_assert_num_queries):
    user = everyone["officer_a"]
    scope_roots(user)  # every page has asked already
    with django_assert_num_queries(1):
        allowed_keys(user)
