"""Reverting an applied batch restores exactly the state before it, and is refused while a
later batch rests on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from semesta.access import SYSTEM
from semesta.accounts.models import AuditEvent
from semesta.coverage.models import CoverageFact, Snapshot
from semesta.imports.models import ImportBatch
from semesta.imports.revert import RevertRefused, revert
from semesta.imports.services import run_import
from semesta.regions.services import set_rw_layer
from semesta.workers.models import RosterWorker

FIXTURES = Path(__file__).parent / "fixtures"
PARTICIPANTS = "NIK;Segmen;Status;Kelurahan;Tanggal Daftar\n"
ROSTER = "NIK,Nama,Kelurahan,RW,Kategori,Telepon\n"


@pytest.fixture
def store(db, settings, tmp_path):
    settings.SNAPSHOT_DIR = tmp_path / "snapshots"
    settings.IMPORT_DIR = tmp_path / "imports"
    set_rw_layer("31.75.01.1004", [2, 2])
    return tmp_path


def facts() -> list[tuple]:
    return sorted(
        CoverageFact.objects.values_list("period", "region_code", "segment", "registered", "active")
    )


def snapshot_state() -> list[tuple]:
    return list(Snapshot.objects.values_list("pk", "period", "path", "rows", "sha256", "batch_id"))


def roster_state() -> list[dict]:
    return list(RosterWorker.objects.order_by("pk").values())


def write(tmp_path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reverting_a_participants_batch_restores_the_previous_snapshot_and_facts(store, tmp_path):
    first = run_import(SYSTEM, "participants", FIXTURES / "peserta-cp1252.csv", period="2025-07")
    snapshot_before, facts_before = snapshot_state(), facts()
    smaller = write(
        tmp_path, "juli.csv", PARTICIPANTS + "3175011203900009;BPU;AKTIF;Palmeriam;01/01/2024\n"
    )
    second = run_import(SYSTEM, "participants", smaller, period="2025-07")
    assert second.preview["removed"] == 2 and second.preview["added"] == 1
    assert facts() != facts_before
    with pytest.raises(RevertRefused, match="Digantikan impor lebih baru"):
        revert(first, SYSTEM)
    call_command("batch", str(second.pk), "--revert")
    assert snapshot_state() == snapshot_before and facts() == facts_before
    assert Path(Snapshot.objects.get().path).exists()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("applied", "reverted")
    assert AuditEvent.objects.filter(
        object_type="import_batch_revert", object_id=str(second.pk), username="system"
    ).exists()
    revert(first, SYSTEM)  # now the newest: the month goes back to having no snapshot
    assert not Snapshot.objects.exists() and not CoverageFact.objects.exists()


def test_reverting_a_roster_batch_restores_every_row_exactly(store, tmp_path, personas):
    first = run_import(
        personas["officer_b"],
        "roster",
        write(tmp_path, "a.csv", ROSTER
              + "3175011203900001,Siti,Palmeriam,1,Kader PKK,0812-3456-7890\n"
              + "3175015203900002,Budi,Palmeriam,2,Ojol,\n"
              + "3175011203900003,Cici,Palmeriam,1,Pedagang,\n"),
    )  # fmt: skip
    assert first.status == "applied"
    before = roster_state()
    second = run_import(
        personas["officer_b"],
        "roster",
        write(tmp_path, "b.csv", ROSTER
              + "3175011203900001,Siti Aminah,Palmeriam,2,Kader PKK,\n"
              + "3175011203900004,Dedi,Palmeriam,1,Nelayan,\n"),
    )  # fmt: skip
    assert (second.preview["added"], second.preview["changed"], second.preview["removed"]) == (
        1,
        1,
        2,
    )
    assert {w["name"] for w in roster_state()} == {"Siti Aminah", "Dedi"}
    revert(second, personas["officer_b"])
    assert roster_state() == before
    first.refresh_from_db()
    assert first.status == "applied"


def test_a_revert_is_refused_when_a_later_batch_changed_the_same_rows(store, tmp_path, personas):
    officer = personas["officer_b"]
    first = run_import(
        officer,
        "roster",
        write(tmp_path, "a.csv", ROSTER + "3175011203900001,Siti,Palmeriam,1,,\n"),
    )
    later = write(tmp_path, "b.csv", ROSTER + "3175011203900001,Siti A,Palmeriam,1,,\n")
    run_import(officer, "roster", later, mode="append")
    with pytest.raises(CommandError, match="yang lebih baru mengubah data yang sama"):
        call_command("batch", str(first.pk), "--revert")
    assert RosterWorker.objects.get().name == "Siti A"


def test_a_revert_is_refused_for_a_batch_that_is_not_applied(store, tmp_path):
    held = run_import(SYSTEM, "participants", FIXTURES / "peserta-kesalahan.csv", period="2025-07")
    assert held.status == ImportBatch.Status.HELD
    with pytest.raises(RevertRefused, match="Hanya impor yang diterapkan"):
        revert(held, SYSTEM)
