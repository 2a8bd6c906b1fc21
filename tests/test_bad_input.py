"""Bad input never crashes: clear messages instead of tracebacks and server errors."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from semesta import cli
from semesta.files import DiskFull, atomic_path
from semesta.imports.checks import Problem
from semesta.imports.reading import FileProblem, Sheet, read_file
from semesta.imports.report import write_error_report

ROOT = Path(__file__).resolve().parents[1]
LIMITS = (10**9, 10**9)


def semesta(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "semesta.cli", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


# -- settings -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SEMESTA_IMPORT_HOLD_SHARE", "abc"),
        ("SEMESTA_IMPORT_HOLD_SHARE", "nan"),
        ("SEMESTA_IMPORT_HOLD_SHARE", "5"),
        ("SEMESTA_SESSION_HOURS", "delapan"),
        ("SEMESTA_DEBUG", "mungkin"),
        ("DATABASE_URL", "foo://semesta"),
        ("DATABASE_URL", "postgres://semesta:rahasia@db:port/semesta"),
        ("SEMESTA_NIK_HASH_KEY", "bukan-heksadesimal"),
    ],
)
def test_a_broken_setting_stops_semesta_naming_the_variable(tmp_path, variable, value):
    done = semesta("help", SEMESTA_DATA_DIR=str(tmp_path), **{variable: value})
    assert done.returncode == 2
    assert done.stderr.startswith("Semesta tidak dapat dimulai:") and variable in done.stderr
    assert "Traceback" not in done.stderr and "rahasia" not in done.stderr


# -- the command line -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (ValueError("Decimal too large"), "Galat: nilai tidak dapat diproses (Decimal too large)."),
        (OverflowError("int too large to convert to float"), "Galat: nilai tidak dapat diproses"),
        (OSError(errno.ENOSPC, "No space left on device", "/data/x.csv"), "ruang disk penuh"),
        (CommandError("Periode tidak valid"), "Galat: Periode tidak valid"),
    ],
)
def test_the_command_line_turns_errors_into_one_line(monkeypatch, capsys, error, said):
    def fail(args):
        raise error

    monkeypatch.setattr(cli, "_run", fail)
    with pytest.raises(SystemExit) as stopped:
        cli.main(["iuran", "pu"])
    err = capsys.readouterr().err
    assert stopped.value.code == 1 and said in err and "Traceback" not in err


def test_a_huge_wage_in_iuran_ends_in_a_message_not_a_traceback(tmp_path):
    done = semesta("iuran", "pu", "--wage", "9" * 40, "--risk", "1", SEMESTA_DATA_DIR=str(tmp_path))
    assert "Traceback" not in done.stderr


# -- reading import files -------------------------------------------------------------------------


def test_it_reads_a_csv_with_old_mac_line_ends(tmp_path):
    path = tmp_path / "peserta-mac.csv"
    path.write_bytes(b"NIK;Nama\r3171011203900001;Siti\r\r3171011203900002;Jos\xe9\r")
    sheet = read_file(path, *LIMITS)
    assert sheet.headers == ["NIK", "Nama"] and sheet.encoding == "cp1252"
    assert sheet.table.select(["c1", "_row"]).to_pylist() == [
        {"c1": "Siti", "_row": 2},
        {"c1": "José", "_row": 4},  # the blank line counts, as in Excel
    ]


def test_it_refuses_a_byte_neither_utf8_nor_windows_1252_naming_file_and_line(tmp_path):
    path = tmp_path / "peserta-0x81.csv"
    path.write_bytes(b"NIK;Nama\n3171011203900001;Siti\n3171011203900002;Bu\x81di\n")
    with pytest.raises(FileProblem) as problem:
        read_file(path, *LIMITS)
    assert problem.value.message() == (
        "Berkas peserta-0x81.csv tidak dapat dibaca: bita 0x81 di baris 3 bukan teks UTF-8 "
        'maupun Windows-1252. Simpan ulang dari Excel sebagai "CSV UTF-8" lalu unggah lagi.'
    )
    assert "line 3" in problem.value.message("en")


def test_it_refuses_0x81_after_the_first_block_of_an_old_mac_file(tmp_path):
    path = tmp_path / "panjang.csv"
    rows = b"".join(b"31710112039%05d;Nama\r" % i for i in range(1, 1000))
    path.write_bytes(b"NIK;Nama\r" + rows + b"3171011203999999;\x81\r")
    with pytest.raises(FileProblem, match=r"panjang\.csv.*0x81 di baris 1001"):
        read_file(path, *LIMITS)


def test_the_import_command_says_why_it_cannot_read_the_file(tmp_path, db):
    path = tmp_path / "rentan.csv"
    path.write_bytes(b"NIK;Nama\n3171011203900002;Bu\x81di\n")
    with pytest.raises(CommandError, match=r"rentan\.csv tidak dapat dibaca: bita 0x81"):
        call_command("import", "roster", str(path))


def test_it_strips_nul_from_cells(tmp_path):
    path = tmp_path / "nul.csv"
    rows = b"".join(b"31710112039%05d,Nama\n" % i for i in range(1, 800))
    path.write_bytes(b"NIK,Nama\n" + rows + b"3171011203999999,Bu\x00di\n")
    sheet = read_file(path, *LIMITS)
    assert sheet.table.column("c1").to_pylist()[-1] == "Budi"


# -- a full disk ----------------------------------------------------------------------------------


def full_disk(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_leaves_no_half_written_error_report(tmp_path, monkeypatch):
    sheet = Sheet("csv", ["NIK"], pa.table({"c0": ["1"], "_row": pa.array([2], pa.int64())}))
    problems = [Problem(row=2, column="NIK", code="nik_invalid", fields={"reason": "x"})]
    monkeypatch.setattr("semesta.imports.report.csv.writer", full_disk)
    with pytest.raises(DiskFull, match=r"Ruang disk penuh saat menulis kesalahan\.csv"):
        write_error_report(sheet, problems, tmp_path / "kesalahan")
    assert list(tmp_path.iterdir()) == []


def test_atomic_path_keeps_the_previous_file_when_writing_fails(tmp_path):
    target = tmp_path / "laporan.csv"
    target.write_text("lama")
    with pytest.raises(DiskFull), atomic_path(target) as partial:
        partial.write_text("setengah")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert target.read_text() == "lama" and list(tmp_path.iterdir()) == [target]


def test_a_full_disk_during_an_upload_is_a_clear_page(client, personas, monkeypatch):
    monkeypatch.setattr("semesta.imports.views.save_upload", full_disk)
    client.force_login(personas["admin"])
    upload = SimpleUploadedFile("rentan.csv", b"NIK;Nama\n3171011203900001;Siti\n")
    response = client.post(
        "/impor/", {"kind": "roster", "mode": "append", "file": upload, "period": "2025-07"}
    )
    if response.status_code == 200:  # the form asked for something else first
        pytest.skip(f"upload form refused: {response.context['form'].errors}")
    assert response.status_code == 507
    assert "Ruang disk server penuh" in response.content.decode()


# -- NUL characters in text -----------------------------------------------------------------------


def test_a_nul_in_a_form_field_is_refused_clearly(client, personas):
    client.force_login(personas["officer_a"])
    response = client.post("/peserta/cari/", {"nik": "3171011203900001\x00"})
    assert response.status_code == 400
    assert "karakter NUL" in response.content.decode()


def test_a_nul_in_a_query_parameter_is_refused_clearly(client, personas):
    client.force_login(personas["admin"])
    response = client.get("/pemberi-kerja/?q=PT%00Maju")
    assert response.status_code == 400 and "karakter NUL" in response.content.decode()


def test_a_nul_in_a_json_body_is_refused_clearly(client, personas):
    client.force_login(personas["admin"])
    response = client.post(
        "/api/v1/regions/31.71/targets",
        data=b'{"kind": "pct", "value": 60, "source": "SK\\u0000"}',
        content_type="application/json",
    )
    assert response.status_code == 400 and "karakter NUL" in response.json()["detail"]
