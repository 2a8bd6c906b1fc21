"""Imports act inside the batch's recorded scope, whoever confirms; rows whose key belongs to
another region are rejected, never moved; a preview comes before every confirmation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from semesta.accounts.models import AuditEvent, Membership, Role, User
from semesta.employers.models import Employer
from semesta.imports.models import ImportBatch
from semesta.imports.services import importable_kinds, run_import
from semesta.nik import mask_nik, nik_hash
from semesta.regions.services import set_rw_layer
from semesta.workers.models import RosterWorker

PALMERIAM = "31.75.01.1004"
HEADER = "NIK,Nama,Kelurahan,RW,Kategori\n"


def on_roster(nik: str, region: str, name: str) -> RosterWorker:
    return RosterWorker.objects.create(
        region_id=region,
        name=name,
        nik_encrypted="-",
        nik_hash=nik_hash(nik, bytes.fromhex(django_settings.NIK_HASH_KEY)),
        nik_masked=mask_nik(nik),
    )


def roster_state() -> list[tuple]:
    return sorted(
        RosterWorker.objects.values_list("pk", "region_id", "name", "nik_masked", "category")
    )


@pytest.fixture
def kelurahan(db, settings, tmp_path, personas):
    settings.IMPORT_DIR = tmp_path / "imports"
    settings.SNAPSHOT_DIR = tmp_path / "snapshots"
    set_rw_layer(PALMERIAM, [3, 2])
    set_rw_layer("31.71.01.1001", [2])
    officer = User.objects.create_user("petugas.palmeriam", password="rahasia-123")
    Membership.objects.create(user=officer, role=Role.KELURAHAN_OFFICER, region_id=PALMERIAM)
    return {**personas, "palmeriam": officer}


def roster_file(tmp_path, body: str):
    path = tmp_path / "palmeriam.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_it_confirms_a_held_roster_as_the_system_within_the_uploaders_kelurahan(
    kelurahan, tmp_path, capsys
):
    outside = [
        on_roster("3171011203900011", "31.71.01.1001.001", "Gambir Satu"),
        on_roster("3175011203900012", "31.75.01.1003", "Kayu Manis Satu"),
    ]
    left_out = on_roster("3175011203900013", f"{PALMERIAM}.002", "Tidak Di Berkas")
    before_outside = [
        w for w in roster_state() if w[0] in {o.pk for o in outside}
    ]  # fmt: skip
    path = roster_file(
        tmp_path,
        "3175011203900001,Siti,Palmeriam,1,Kader PKK\n"
        "3175015203900002,Budi,Palmeriam,2,Ojol\n"
        "12345,Rusak,Palmeriam,1,\n",
    )
    call_command("import", "roster", str(path), "--as-user", "petugas.palmeriam")
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.scope, batch.rows_rejected) == ("held", [PALMERIAM], 1)
    capsys.readouterr()
    call_command("batch", str(batch.pk))  # the preview, per region, NIKs masked
    shown = capsys.readouterr().out
    assert "2 ditambah, 0 diubah, 1 dihapus/dinonaktifkan" in shown
    assert f"{PALMERIAM} Palmeriam: +2 ~0 -1" in shown
    assert "3175********0001" in shown and "3175011203900001" not in shown
    call_command("batch", str(batch.pk), "--confirm")
    batch.refresh_from_db()
    assert (batch.status, batch.decided_by) == ("applied", "system")
    assert [w for w in roster_state() if w[0] in {o.pk for o in outside}] == before_outside
    assert not RosterWorker.objects.filter(pk=left_out.pk).exists()
    assert set(RosterWorker.objects.filter(region__code__startswith=PALMERIAM).values_list(
        "name", flat=True)) == {"Siti", "Budi"}  # fmt: skip
    confirmed = AuditEvent.objects.filter(object_type="import_batch", detail__status="applied")
    assert confirmed.get().username == "system"


def test_it_rejects_a_roster_row_whose_nik_is_on_another_kelurahans_roster(kelurahan, tmp_path):
    gambir = on_roster("3175011203900001", "31.71.01.1001.001", "Siti di Gambir")
    path = roster_file(
        tmp_path,
        "3175011203900001,Siti,Palmeriam,1,Kader PKK\n3175015203900002,Budi,Palmeriam,2,Ojol\n",
    )
    batch = run_import(kelurahan["palmeriam"], "roster", path, mode="append")
    assert (batch.rows_total, batch.rows_accepted, batch.rows_rejected) == (2, 1, 1)
    assert [(p["row"], p["column"], p["id"]) for p in batch.first_problems] == [
        (
            2,
            "NIK",
            "NIK 3175********0001 sudah ada di daftar pekerja rentan Gambir (31.71.01.1001),"
            " di luar wilayah Anda; baris ini tidak diimpor (pekerja itu tidak dipindahkan)",
        )
    ]
    gambir_now = RosterWorker.objects.get(pk=gambir.pk)
    assert (gambir_now.region_id, gambir_now.name) == ("31.71.01.1001.001", "Siti di Gambir")


def employers_file(tmp_path):
    path = tmp_path / "pemberi-kerja.csv"
    path.write_text(
        "NPP;Nama Perusahaan;Kelurahan;Tgl Daftar;Status\n"
        "10000001;PT Maju Jaya;Palmeriam;01/02/2015;AKTIF\n"
        "10000004;PT Raksasa Baru;Palmeriam;01/01/2020;TIDAK AKTIF\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def pusat_employer(kelurahan):
    return Employer.objects.create(
        npp="10000004", name="PT Raksasa", kelurahan_id="31.71.01.1001",
        registered_on=dt.date(2010, 1, 1), active=True,
    )  # fmt: skip


def employer_state(npp: str) -> tuple:
    found = Employer.objects.get(npp=npp)
    return (found.kelurahan_id, found.active, found.name)


def test_a_kelurahan_officer_may_not_import_employers_and_nothing_changes(
    kelurahan, pusat_employer, tmp_path
):
    assert importable_kinds(kelurahan["palmeriam"]) == ["roster", "staff", "benefits"]
    with pytest.raises(CommandError, match="Peran Anda tidak dapat mengimpor"):
        call_command(
            "import", "employers", str(employers_file(tmp_path)), "--append",
            "--as-user", "petugas.palmeriam",
        )  # fmt: skip
    assert employer_state("10000004") == ("31.71.01.1001", True, "PT Raksasa")
    assert not ImportBatch.objects.exists()


def test_an_employer_registered_in_another_kota_is_rejected_not_moved(
    kelurahan, pusat_employer, tmp_path, capsys
):
    call_command(
        "import", "employers", str(employers_file(tmp_path)), "--append", "--as-user", "branch",
        "--json",
    )  # fmt: skip
    batch = ImportBatch.objects.get()
    assert (batch.rows_total, batch.rows_accepted, batch.rows_rejected) == (2, 1, 1)
    assert [(p["row"], p["column"], p["id"]) for p in batch.first_problems] == [
        (
            3,
            "NPP",
            "NPP 10000004 terdaftar di Gambir (31.71.01.1001), di luar wilayah Anda; baris ini"
            " tidak diimpor (data pemberi kerja itu tidak dipindahkan atau diubah)",
        )
    ]
    if batch.status == "held":
        call_command("batch", str(batch.pk), "--confirm", "--yes")
    assert employer_state("10000004") == ("31.71.01.1001", True, "PT Raksasa")
    assert employer_state("10000001") == (PALMERIAM, True, "PT Maju Jaya")


def test_the_web_confirmation_needs_the_preview_box_ticked(kelurahan, tmp_path, client):
    on_roster("3175011203900013", f"{PALMERIAM}.002", "Tidak Di Berkas")
    path = roster_file(tmp_path, "3175011203900001,Siti,Palmeriam,1,Kader PKK\n")
    batch = run_import(kelurahan["palmeriam"], "roster", path, yes=False)
    assert batch.status == "held" and batch.preview["removed"] == 1  # a full file that removes
    client.force_login(kelurahan["admin"])
    page = client.get(f"/impor/{batch.pk}/").content.decode()
    assert "Pratinjau" in page and "3175********0013" in page and 'name="reviewed"' in page
    client.post(f"/impor/{batch.pk}/keputusan/", {"decision": "confirm"})
    batch.refresh_from_db()
    assert batch.status == "held"
    client.post(f"/impor/{batch.pk}/keputusan/", {"decision": "confirm", "reviewed": "yes"})
    batch.refresh_from_db()
    assert (batch.status, batch.decided_by) == ("applied", "admin")
    assert list(RosterWorker.objects.values_list("name", flat=True)) == ["Siti"]


def test_a_kota_officer_cannot_confirm_a_participants_batch(kelurahan, client):
    batch = ImportBatch.objects.create(
        kind="participants", status="held", username="branch", region_code="31.75",
        scope=["31.75.01"], file_name="x.csv", file_sha256="0",
    )  # fmt: skip
    client.force_login(kelurahan["officer_b"])
    response = client.post(
        f"/impor/{batch.pk}/keputusan/", {"decision": "confirm", "reviewed": "yes"}
    )
    assert response.status_code == 403
