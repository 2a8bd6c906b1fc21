"""Reading an uploaded file into a table of text cells, whatever Excel or a script produced.

The type is decided by content, not by the file name: XLSX (a zip with a workbook), XLS (an
OLE2 compound file) or CSV (text, UTF-8 with or without BOM, else Windows-1252; comma, semicolon
or tab separated). Every data row keeps its row number as the user sees it in Excel (header = 1).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import mmap
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import python_calamine

from semesta.bulk import without_cycle_collection
from semesta.engine.store import connect

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CHUNK_ROWS = 200_000
BLANK_LINE_ENDS = (b"\n\n", b"\n\r\n", b"\r\r")  # Unix/Windows, and old Mac (CR only) ends
# Bytes Windows-1252 leaves undefined: a file holding one is neither UTF-8 nor Windows-1252.
CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
MAX_ZIP_RATIO = 200  # real XLSX members compress 5–30×; bombs far more


class FileProblem(Exception):
    """The file cannot be read at all (as opposed to rows with errors)."""

    def __init__(self, message_id: str, message_en: str) -> None:
        super().__init__(message_id)
        self.message_id, self.message_en = message_id, message_en

    def message(self, lang: str = "id") -> str:
        return self.message_en if lang.startswith("en") else self.message_id


@dataclass
class Sheet:
    """The cells of a file: text columns ``c0..cN`` and ``_row``.

    Either ``table`` (Arrow, cells trimmed, blanks as nulls) or, for a large CSV read by the
    engine (``read_file(..., engine=True)``), ``con``: a DuckDB connection holding the cells as
    the table ``sheet_cells``, exactly as written in the file (not trimmed; blank rows left
    out). ``cells()`` gives some rows, cleaned, either way; ``close()`` releases the engine.
    """

    format: str  # csv | xlsx | xls
    headers: list[str]
    table: pa.Table | None
    delimiter: str = ","
    encoding: str = "utf-8"
    numeric_cells: set[tuple[int, int]] = field(
        default_factory=set
    )  # (row, column) typed as numbers
    con: duckdb.DuckDBPyConnection | None = None

    def cells(self, rows: set[int]) -> pa.Table:
        """The cells of the given rows (``_row`` order), trimmed, blanks as nulls."""
        wanted = pa.table({"_row": pa.array(sorted(rows), pa.int64())})
        if self.table is not None:
            return self.table.filter(pc.is_in(self.table.column("_row"), wanted.column(0)))
        self.con.register("wanted_rows", wanted)
        found = self.con.sql(f"{self.rows_sql('wanted_rows')} ORDER BY _row").to_arrow_table()
        self.con.unregister("wanted_rows")
        names = [n for n in found.column_names if n != "_row"]
        arrays = {n: _blank_to_null(found.column(n)) for n in names}
        arrays["_row"] = found.column("_row")
        return pa.table(arrays)

    def rows_sql(self, wanted: str) -> str:
        """SQL for the engine's ``sheet_cells`` of the rows listed in the table ``wanted``
        (a ``_row`` column): found by row id where the engine read the file, not by a scan."""
        if self.con is not None and self.table is None:
            return (
                "SELECT rowid + 2 AS _row, * FROM sheet_records"
                f" WHERE rowid IN (SELECT _row - 2 FROM {wanted})"
            )
        return f"SELECT * FROM sheet_cells WHERE _row IN (SELECT _row FROM {wanted})"

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None


def read_file(path: Path, max_bytes: int, max_unzipped: int, engine: bool = False) -> Sheet:
    """Read a CSV, XLSX or XLS file; raises FileProblem with a reason users understand.

    With ``engine``, a plain UTF-8 CSV (the monthly extract) is read by DuckDB into a
    connection the checks then work in, without a copy through Python (``Sheet.con``)."""
    size = path.stat().st_size
    if size == 0:
        raise FileProblem("Berkas kosong.", "The file is empty.")
    if size > max_bytes:
        raise FileProblem(
            f"Berkas terlalu besar ({size:,} bita; batas {max_bytes:,} bita).".replace(",", "."),
            f"The file is too large ({size:,} bytes; limit {max_bytes:,} bytes).",
        )
    head = path.read_bytes()[:8192] if size < 8192 else _head(path)
    if head.startswith(XLSX_MAGIC):
        _check_zip(path, max_unzipped)
        return _read_workbook(path, "xlsx")
    if head.startswith(XLS_MAGIC):
        return _read_workbook(path, "xls")
    if b"\x00" in head:
        raise FileProblem(
            "Jenis berkas tidak dikenali: unggah CSV, XLSX atau XLS.",
            "Unrecognised file type: upload CSV, XLSX or XLS.",
        )
    return _read_csv(path, head, engine)


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(8192)


def _check_zip(path: Path, max_unzipped: int) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
    except zipfile.BadZipFile as exc:
        raise FileProblem("Berkas XLSX rusak.", "The XLSX file is damaged.") from exc
    if "xl/workbook.xml" not in names:
        raise FileProblem(
            "Berkas zip ini bukan buku kerja Excel.", "This zip file is not an Excel workbook."
        )
    total = sum(m.file_size for m in members)
    ratio = max((m.file_size / max(m.compress_size, 1) for m in members), default=0)
    if total > max_unzipped or ratio > MAX_ZIP_RATIO:
        raise FileProblem(
            "Berkas XLSX ditolak: isinya mengembang tidak wajar saat dibuka (zip bomb).",
            "XLSX refused: it expands abnormally when opened (zip bomb).",
        )


def _read_workbook(path: Path, fmt: str) -> Sheet:
    # Millions of cells become Python objects here, none of them in a reference cycle: the
    # cycle collector, left on, would walk them all again and again (a fifth of the read).
    with without_cycle_collection():
        try:
            workbook = python_calamine.load_workbook(str(path))
            rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except Exception as exc:  # calamine raises several types for unreadable workbooks
            raise FileProblem(
                f"Buku kerja {fmt.upper()} tidak dapat dibaca ({exc}).",
                f"The {fmt.upper()} workbook cannot be read ({exc}).",
            ) from exc
        if not rows:
            raise FileProblem("Lembar pertama kosong.", "The first sheet is empty.")
        headers = [_text(v) or "" for v in rows[0]]
        width = len(headers)
        body = [r if len(r) == width else (list(r) + [None] * width)[:width] for r in rows[1:]]
        # Each column a list: pyarrow converts a list of strings eight times faster than a
        # tuple (0.2 s against 1.7 s for the nine columns of 200,000 rows).
        columns = [[r[c] for r in body] for c in range(width)]
    numbers: set[tuple[int, int]] = set()
    arrays = {}
    for col, values in enumerate(columns):
        try:  # text cells (the usual): converted at once; Arrow refuses numbers and dates
            arrays[f"c{col}"] = _blank_to_null(pa.array(values, pa.string()))
            continue
        except pa.ArrowTypeError:
            pass
        for index, value in enumerate(values, start=2):
            if isinstance(value, int | float) and not isinstance(value, bool):
                numbers.add((index, col))
        arrays[f"c{col}"] = pa.array([_text(v) for v in values], pa.string())
    arrays["_row"] = pa.array(np.arange(2, len(body) + 2, dtype=np.int64))
    table = pa.table(arrays)
    blank = None
    for col in range(width):
        empty = pc.is_null(table.column(f"c{col}"))
        blank = empty if blank is None else pc.and_(blank, empty)
    if blank is not None:
        table = table.filter(pc.invert(blank))  # blank lines are not data rows
    return Sheet(fmt, headers, table, numeric_cells=numbers)


def _text(value) -> str | None:
    """A cell as the text a person would have typed."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e17 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value).replace("\x00", "").strip() or None


def _read_csv(path: Path, head: bytes, engine: bool = False) -> Sheet:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        encoding = "cp1252"  # Excel on Windows saves "CSV" as Windows-1252
    if engine and encoding == "utf-8-sig" and _line_feed_ends(head):
        try:
            sheet = _engine_csv(path, head)
            if sheet is not None:
                return sheet
        except duckdb.Error:
            pass  # not UTF-8 after all, ragged rows, stray quotes: the readers below cope
    if not _has_blank_lines(path):
        try:
            return _arrow_csv(path, head, encoding)
        except (pa.ArrowInvalid, UnicodeDecodeError, csv.Error) as exc:
            if encoding.startswith("utf") and "utf8" in str(exc).lower().replace("-", ""):
                encoding = "cp1252"
            # Ragged rows and other oddities: the careful reader below copes with them.
    try:
        return _parse_csv(path, head, encoding)
    except UnicodeDecodeError:
        pass
    try:
        return _parse_csv(path, head, "cp1252")
    except UnicodeDecodeError as exc:
        raise _undecodable(path) from exc


def _undecodable(path: Path) -> FileProblem:
    """The file is neither UTF-8 nor Windows-1252: say where, rather than guess the characters."""
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        found = [at for byte in CP1252_UNDEFINED if (at := data.find(byte)) >= 0]
        at = min(found) if found else 0
        line = data[:at].count(b"\n") or data[:at].count(b"\r")
        byte = data[at] if found else 0
    return FileProblem(
        f"Berkas {path.name} tidak dapat dibaca: bita 0x{byte:02X} di baris {line + 1} bukan "
        'teks UTF-8 maupun Windows-1252. Simpan ulang dari Excel sebagai "CSV UTF-8" lalu '
        "unggah lagi.",
        f"The file {path.name} cannot be read: byte 0x{byte:02X} on line {line + 1} is neither "
        'UTF-8 nor Windows-1252 text. Save it again from Excel as "CSV UTF-8" and upload it again.',
    )


def _has_blank_lines(path: Path) -> bool:
    """Whether the file has empty lines (they count as rows in Excel's numbering)."""
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        # A byte search per line-end pattern rather than one regular expression over the
        # whole file: a third of the time on a 200 MB extract.
        return any(data.find(end) >= 0 for end in BLANK_LINE_ENDS)


def _has_quotes(path: Path) -> bool:
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return data.find(b'"') >= 0


def _arrow_csv(path: Path, head: bytes, encoding: str) -> Sheet:
    """The fast reader (multi-threaded) for files whose records map one-to-one to rows."""
    text = head.decode(encoding, errors="replace").lstrip("\ufeff")
    delimiter = sniff_delimiter(text.splitlines()[0] if text else "")
    lines = io.StringIO(text, newline=None)  # any line ends: CR LF, LF or (old Mac) CR
    headers = [h.strip() for h in next(csv.reader(lines, delimiter=delimiter), [])]
    names = [f"c{i}" for i in range(len(headers))]
    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(
            column_names=names,
            skip_rows=1,
            encoding="utf8" if encoding.startswith("utf") else encoding,
        ),
        # Line breaks inside values need quotes; without any quote the reader may split the file
        # into blocks and parse them in parallel.
        parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=_has_quotes(path)),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=True
        ),
    )
    arrays = {name: _blank_to_null(table.column(name)) for name in names}
    arrays["_row"] = pa.array(np.arange(2, table.num_rows + 2, dtype=np.int64))
    sheet = pa.table(arrays)
    blank = None
    for name in names:
        empty = pc.is_null(sheet.column(name))
        blank = empty if blank is None else pc.and_(blank, empty)
    if blank is not None:
        sheet = sheet.filter(pc.invert(blank))
    return Sheet("csv", headers, sheet, delimiter=delimiter, encoding=encoding.replace("-sig", ""))


def _line_feed_ends(head: bytes) -> bool:
    """Whether lines end with LF or CR LF (old Mac files end them with CR alone)."""
    first = head.find(b"\n")
    return first >= 0 and b"\r" not in head[:first].rstrip(b"\r")


# A cell is blank when nothing but whitespace (or NUL) is in it; see _blank_to_null.
BLANK_CELL_RE = r"[\s\pZ\x00\x0b\x85]*"
# The code points BLANK_CELL_RE's class matches: a cell that starts with none of them is filled,
# which settles nearly every cell without the regular expression.
BLANK_STARTS = (0, 9, 10, 11, 12, 13, 32, 133, 160, 5760, *range(8192, 8203), 8232, 8233)
BLANK_STARTS += (8239, 8287, 12288)


def _blank_sql(cell: str) -> str:
    """SQL: whether a cell holds nothing but whitespace (the first character usually tells)."""
    starts = ", ".join(map(str, BLANK_STARTS))
    return (
        f"({cell} IS NULL OR (ord({cell}) IN ({starts})"
        f" AND regexp_full_match({cell}, '{BLANK_CELL_RE}')))"
    )


def _engine_csv(path: Path, head: bytes) -> Sheet | None:
    """DuckDB's parallel reader into the table ``sheet_cells`` of a connection the checks use.

    Cells stay as written (the checks trim the few that need it); the row number is the
    record's line, as the other readers give it. Any file DuckDB finds irregular raises
    ``duckdb.Error``, and one with blank lines (or line breaks inside quotes) gives None: the
    readers that number every line then take over.
    """
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    delimiter = sniff_delimiter(text.splitlines()[0] if text else "")
    lines = io.StringIO(text, newline=None)
    headers = [h.strip() for h in next(csv.reader(lines, delimiter=delimiter), [])]
    if not headers:
        raise duckdb.InvalidInputException("no header")
    names = [f"c{i}" for i in range(len(headers))]
    columns = ", ".join(f"'{n}': 'VARCHAR'" for n in names)
    counting = _LineCount(path)  # beside the engine's read, which leaves the interpreter free
    con = connect()
    try:
        # Records are stored in file order (insertion order is kept), so a record's row id is
        # its place in the file: no numbering window, which would read the file on one thread.
        con.execute(
            f"""CREATE TABLE sheet_records AS SELECT * FROM read_csv(
                    $path, header = false, skip = 1, delim = $delim, quote = '"', escape = '"',
                    columns = {{{columns}}}, auto_detect = false, strict_mode = true,
                    null_padding = false, encoding = 'utf-8')""",
            {"path": str(path), "delim": delimiter},
        ).fetchall()
        records = con.execute("SELECT count(*) FROM sheet_records").fetchall()[0][0]
        # DuckDB skips empty lines, which Excel numbers as rows: the last record must sit on
        # the file's last line, or there were some (or line breaks inside quotes) and the
        # readers that number every line take over.
        if records + 1 != counting.result():
            con.close()
            return None
        # Blank records are not data rows; deleting them leaves the others' row ids as they
        # are. Only a record whose first cell is blank may be one: that column alone is read
        # to find out whether any is (reading every column costs a tenth of the whole read).
        first_blank = f"SELECT count(*) FROM sheet_records WHERE {_blank_sql(names[0])}"
        if con.execute(first_blank).fetchall()[0][0]:
            blank = " AND ".join(_blank_sql(n) for n in names)
            con.execute(f"DELETE FROM sheet_records WHERE {blank}").fetchall()
        con.execute(
            "CREATE VIEW sheet_cells AS SELECT rowid + 2 AS _row, * FROM sheet_records"
        ).fetchall()
    except BaseException:
        con.close()
        raise
    finally:
        counting.wait()
    return Sheet("csv", headers, None, delimiter=delimiter, encoding="utf-8", con=con)


class _LineCount:
    """``_line_count`` of a file in a thread of its own; ``result()`` waits for it."""

    def __init__(self, path: Path) -> None:
        self._count: list[int] = []
        self._thread = threading.Thread(target=lambda: self._count.append(_line_count(path)))
        self._thread.start()

    def wait(self) -> None:
        self._thread.join()

    def result(self) -> int:
        self.wait()
        if not self._count:
            raise OSError("the lines of the file could not be counted")  # why: on stderr
        return self._count[0]


def _line_count(path: Path) -> int:
    """Lines in the file (a last line without a line end counts)."""
    count, last = 0, b""
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 24), b""):
            count += block.count(b"\n")  # a byte count: memory speed, unlike a search
            last = block
    return count + (0 if last.endswith(b"\n") else 1)


def _blank_to_null(values):
    # PostgreSQL refuses NUL in text; no one means one in a cell.
    trimmed = pc.utf8_trim_whitespace(pc.replace_substring(values, "\x00", ""))
    return pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)


def sniff_delimiter(first_line: str) -> str:
    """Semicolon when Indonesian Excel wrote the file, else comma or tab: the most frequent."""
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _parse_csv(path: Path, head: bytes, encoding: str) -> Sheet:
    """Parse with the csv module so row numbers match what Excel shows, blank lines included."""
    first_line = head.decode(encoding, errors="replace").lstrip("\ufeff").splitlines()[0:1]
    delimiter = sniff_delimiter(first_line[0] if first_line else "")
    batches, chunk, row_numbers = [], [], []
    with path.open("r", encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            headers = [h.strip() for h in next(reader, [])]
            for number, record in enumerate(reader, start=2):
                if not any(cell.strip() for cell in record):
                    continue  # a blank line is not a data row
                chunk.append(record)
                row_numbers.append(number)
                if len(chunk) == CHUNK_ROWS:
                    batches.append(_batch(chunk, row_numbers, len(headers)))
                    chunk, row_numbers = [], []
        except csv.Error as exc:
            raise FileProblem(
                f"Berkas CSV tidak dapat dibaca di baris {reader.line_num}: {exc}",
                f"The CSV file cannot be read at line {reader.line_num}: {exc}",
            ) from exc
    if not headers:
        raise FileProblem("Berkas tidak berisi baris.", "The file has no rows.")
    batches.append(_batch(chunk, row_numbers, len(headers)))
    table = pa.Table.from_batches(batches).combine_chunks()
    return Sheet("csv", headers, table, delimiter=delimiter, encoding=encoding.replace("-sig", ""))


def _batch(records: list[list[str]], rows: list[int], width: int) -> pa.RecordBatch:
    columns = (
        list(zip(*[(r + [""] * width)[:width] for r in records], strict=True)) if records else []
    )
    arrays = {}
    for i in range(width):
        arrays[f"c{i}"] = _blank_to_null(pa.array(columns[i] if columns else [], pa.string()))
    arrays["_row"] = pa.array(rows, pa.int64())
    return pa.RecordBatch.from_pydict(arrays)


def _csv_problem(exc: Exception) -> FileProblem:
    return FileProblem(
        f"Berkas CSV tidak dapat dibaca: {str(exc).splitlines()[0]}",
        f"The CSV file cannot be read: {str(exc).splitlines()[0]}",
    )
