"""Importing the employer list: upsert by NPP, retire the ones a full list leaves out."""

from __future__ import annotations

from pathlib import Path

from semesta.employers.models import Employer
from semesta.imports.services import confirm, run_import
from semesta.regions.models import BranchOffice

FILE = Path(__file__).parent / "fixtures" / "pemberi-kerja.csv"


def test_it_imports_employers_and_explains_the_bad_rows(db, settings, tmp_path, personas):
    settings.IMPORT_DIR = tmp_path
    BranchOffice.objects.filter(code="rawamangun").update(name="Cabang Rawamangun")
    batch = run_import(personas["branch"], "employers", FILE)
    assert batch.status == "held"  # 60 % rejected: an officer decides
    confirm(batch, personas["branch"])
    assert (batch.rows_total, batch.rows_accepted, batch.rows_rejected) == (5, 2, 3)
    assert [(p["row"], p["column"], p["id"]) for p in batch.first_problems] == [
        (4, "NPP", "NPP 10000001 sudah ada di baris 2"),
        (5, "Nama Perusahaan", "Nama Perusahaan wajib diisi"),
        (
            6,
            "Kelurahan",
            "Wilayah Gambir (31.71.01.1001) di luar wilayah Anda; baris ini tidak diimpor",
        ),
        (6, "Skala", "Skala 'Gigantis' tidak dikenal; pilihan: Mikro/kecil, Menengah, Besar"),
    ]
    maju = Employer.objects.get(npp="10000001")
    assert (maju.kelurahan_id, maju.size, maju.branch_id, maju.active) == (
        "31.75.01.1004",
        "large",
        "rawamangun",
        True,
    )


def test_it_updates_by_npp_and_retires_employers_missing_from_a_full_list(
    db, settings, tmp_path, personas
):
    settings.IMPORT_DIR = tmp_path
    Employer.objects.create(
        npp="10000002", name="CV Lama", kelurahan_id="31.75.01.1002", registered_on="2010-01-01"
    )
    Employer.objects.create(
        npp="99", name="PT Tutup", kelurahan_id="31.75.01.1003", registered_on="2010-01-01"
    )
    Employer.objects.create(
        npp="77", name="PT Pusat", kelurahan_id="31.71.01.1001", registered_on="2010-01-01"
    )
    confirm(run_import(personas["branch"], "employers", FILE), personas["branch"])
    assert Employer.objects.get(npp="10000002").name == "CV Sinar"
    assert not Employer.objects.get(npp="99").active  # in Jakarta Timur, not in the new list
    assert Employer.objects.get(npp="77").active  # another kota: untouched
