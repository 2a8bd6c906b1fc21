"""Unregistered-employer discovery: a business registry matched against registered employers."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command

from semesta.accounts.models import AuditEvent
from semesta.businesses import matching, services
from semesta.businesses.models import Business, EmployerKey, Status
from semesta.employers.models import Employer

PALMERIAM, KAYU_MANIS = "31.75.01.1004", "31.75.01.1001"
GAMBIR = "31.71.01.1001"
GAMBIR_ROW = "9999999999999;Toko Gambir;;;31.71.01.1001;kecil;;\n"
HEADER = "NIB;Nama Usaha;Alamat;KBLI;Kode Kelurahan;Skala Usaha;Jumlah Tenaga Kerja;NPWP\n"


def _employer(npp: str, name: str, kelurahan: str) -> Employer:
    return Employer.objects.create(
        npp=npp, name=name, kelurahan_id=kelurahan, registered_on=date(2020, 1, 1)
    )


@pytest.fixture
def employers(db):
    found = {
        "by_nib": _employer("10000001", "PT Sinar Abadi", PALMERIAM),
        "by_name": _employer("10000002", "CV. Maju-Jaya", PALMERIAM),
        "fuzzy": _employer("10000003", "PT Karya Lestari Sentosa", KAYU_MANIS),
        "elsewhere": _employer("10000004", "PT Toko Sebelah", GAMBIR),
    }
    EmployerKey.objects.create(employer=found["by_nib"], nib="1111111111111")
    return found


def _file(tmp_path, rows: str):
    path = tmp_path / "usaha.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


ROWS = (
    "1111111111111;Sinar Abadi Cabang Matraman;Jl. A 1;47111;31.75.01.1004;kecil;12;\n"
    "2222222222222;MAJU JAYA, CV;Jl. B 2;56101;Palmeriam;mikro;3;\n"
    "3333333333333;Karya Lestari Sentausa;Jl. C 3;10710;31.75.01.1001;menengah;80;\n"
    "4444444444444;Bengkel Las Pak Ujang;Jl. D 4;33121;31.75.01.1004;mikro;4;\n"
    "5555555555555;Pabrik Roti Harum;Jl. E 5;10710;31.75.01.1001;besar;250;\n"
)


def test_it_normalises_names_without_case_punctuation_or_legal_form():
    assert matching.name_key("PT. Maju-Jaya, Tbk") == "maju jaya"
    assert matching.name_key("CV Maju Jaya") == matching.name_key("MAJU JAYA, CV")


def test_it_matches_by_nib_then_name_then_fuzzily_and_leaves_the_rest_as_leads(
    employers, tmp_path, system
):
    outcome = services.import_registry(_file(tmp_path, ROWS), system, "uji")
    assert outcome.total == 5 and outcome.accepted == 5 and outcome.rejected == 0
    found = {b.nib: (b.status, b.employer_id, b.match_method) for b in Business.objects.all()}
    assert found == {
        "1111111111111": (Status.REGISTERED, "10000001", "nib"),
        "2222222222222": (Status.REGISTERED, "10000002", "name"),
        "3333333333333": (Status.REGISTERED, "10000003", "fuzzy"),
        "4444444444444": (Status.PROBABLE, None, ""),
        "5555555555555": (Status.PROBABLE, None, ""),
    }


@pytest.fixture
def system():
    from semesta.access import SYSTEM

    return SYSTEM


def test_it_rejects_bad_rows_naming_row_and_column_and_keeps_the_good_ones(
    employers, tmp_path, system
):
    rows = (
        "123;Usaha Pendek;;;31.75.01.1004;mikro;;\n"
        "6666666666666;;;;31.75.01.1004;mikro;;\n"
        "7777777777777;Warung Kopi;;4711;Palmeriamm;raksasa;;\n"
        "8888888888888;Usaha Baik;;;31.75.01.1004;kecil;5;\n"
    )
    outcome = services.import_registry(_file(tmp_path, rows), system, "uji")
    assert (outcome.total, outcome.accepted, outcome.rejected) == (4, 1, 3)
    by_row = {}
    for p in outcome.problems:
        by_row.setdefault(p["row"], []).append((p["column"], p["message"]))
    assert by_row[2] == [("NIB", "NIB harus 13 digit (tertulis: 123)")]
    assert by_row[3][0][0] == "Nama Usaha"
    columns = [c for c, _ in by_row[4]]
    assert columns == ["KBLI", "Kode Kelurahan", "Skala Usaha"]
    assert "Palmeriam" in by_row[4][1][1]  # a suggestion for the misspelt kelurahan
    assert list(Business.objects.values_list("nib", flat=True)) == ["8888888888888"]


def test_a_branch_officer_imports_only_inside_their_kecamatan_and_moves_nothing(
    employers, tmp_path, personas, system
):
    services.import_registry(
        _file(tmp_path, "9999999999999;Toko Gambir;;;31.71.01.1001;kecil;;\n"), system, "uji"
    )
    rows = (
        "9999999999999;Toko Gambir Pindah;;;31.75.01.1004;kecil;;\n"
        "1212121212121;Usaha Menteng;;;31.71.06.1001;mikro;;\n"
        "1313131313131;Usaha Matraman;;;31.75.01.1004;mikro;;\n"
    )
    outcome = services.import_registry(_file(tmp_path, rows), personas["branch"], "uji")
    assert (outcome.accepted, outcome.rejected) == (1, 2)
    assert [p["column"] for p in outcome.problems] == ["NIB", "Kode Kelurahan"]
    gambir = Business.objects.get(nib="9999999999999")
    assert (gambir.name, gambir.kelurahan_id) == ("Toko Gambir", "31.71.01.1001")


def test_the_worklist_is_scoped_paginated_filtered_and_exported(
    employers, tmp_path, client, personas, system
):
    services.import_registry(_file(tmp_path, ROWS), system, "uji")
    services.import_registry(
        _file(tmp_path, "9999999999999;Toko Gambir;;;31.71.01.1001;kecil;;\n"), system, "uji"
    )
    client.force_login(personas["officer_b"])
    page = client.get("/usaha/?status=probable")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Menampilkan 1–2 dari 2 usaha." in text
    assert text.index("Pabrik Roti Harum") < text.index("Bengkel Las Pak Ujang")  # largest first
    assert "Toko Gambir" not in text
    export = client.get("/usaha/?status=probable&format=csv")
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert [r[0] for r in rows[1:]] == ["5555555555555", "4444444444444"]
    assert export["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action="export", object_type="businesses").exists()


def test_sponsors_and_other_kota_cannot_see_or_change_a_business(
    employers, tmp_path, client, personas, system
):
    services.import_registry(_file(tmp_path, ROWS), system, "uji")
    client.force_login(personas["sponsor"])
    assert client.get("/usaha/").status_code == 404
    client.force_login(personas["officer_a"])
    assert "Bengkel Las" not in client.get("/usaha/").content.decode()
    answer = client.post("/usaha/4444444444444/status/", {"status": "not_liable"})
    assert answer.status_code == 404
    assert Business.objects.get(nib="4444444444444").status == Status.PROBABLE


def test_an_officer_records_a_visit_and_rematching_keeps_it(
    employers, tmp_path, client, personas, system
):
    services.import_registry(_file(tmp_path, ROWS), system, "uji")
    client.force_login(personas["officer_b"])
    answer = client.post("/usaha/4444444444444/status/", {"status": "visited", "catatan": "tutup"})
    assert answer.status_code == 302
    call_command("businesses", "match")
    found = Business.objects.get(nib="4444444444444")
    assert (found.status, found.status_by) == (Status.VISITED, "officer_b")


def test_the_demo_registry_lists_every_employer_and_the_unregistered_as_leads(employers):
    import numpy as np

    from semesta.demo.businesses import create_businesses

    result = create_businesses(np.random.default_rng(7), total=40)
    assert result["businesses"] == 40
    assert Business.objects.filter(status=Status.REGISTERED).count() == 4 == result["matched"]
    assert Business.objects.filter(status=Status.PROBABLE).count() == 36
    # Matched as they were written: the registry's own rematch finds the same and changes none.
    before = list(Business.objects.values_list("nib", "status", "employer", "match_method"))
    assert services.rematch(["31"]) == result
    after = list(Business.objects.values_list("nib", "status", "employer", "match_method"))
    assert after == before
