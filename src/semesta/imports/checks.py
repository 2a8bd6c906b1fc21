"""Row-level validation: every row ends up accepted or rejected with its reasons, none lost.

Participants files are checked in DuckDB (millions of rows; participants.py); closed lists,
regions and dates are resolved once per distinct value in Python (resolve.py) and joined back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from semesta.imports.kinds import Kind, header_index, normalise_header
from semesta.imports.messages import WARNINGS
from semesta.imports.reading import FileProblem, Sheet


@dataclass
class Problem:
    row: int
    column: str | None  # the header as written in the file; None for the whole row
    code: str
    fields: dict

    @property
    def warning(self) -> bool:
        return self.code in WARNINGS


@dataclass
class Checked:
    total: int
    accepted: pa.Table  # canonical columns and _row
    problems: list[Problem] = field(default_factory=list)  # all errors; warnings may be examples
    warned: int | None = None  # imported rows with warnings, when ``problems`` holds only examples

    @property
    def accepted_count(self) -> int:
        return self.accepted.num_rows

    def first_niks(self, count: int) -> list[str]:
        """The NIKs of the first accepted rows (a preview shows a few, masked)."""
        if "nik" not in self.accepted.column_names:
            return []
        return self.accepted.column("nik").slice(0, count).to_pylist()

    @property
    def rejected_rows(self) -> set[int]:
        return {p.row for p in self.problems if not p.warning}

    @property
    def reported(self) -> list[Problem]:
        """Errors, and warnings of the rows that were imported (others' warnings are moot)."""
        rejected = self.rejected_rows
        return [p for p in self.problems if not p.warning or p.row not in rejected]

    @property
    def warned_count(self) -> int:
        if self.warned is not None:
            return self.warned
        rejected = self.rejected_rows
        return len({p.row for p in self.problems if p.warning and p.row not in rejected})


@dataclass(frozen=True)
class Mapping:
    """Which file column (index and header) holds each of the kind's columns."""

    index: dict[str, int]
    headers: dict[str, str]
    ignored: list[str]


def map_columns(kind: Kind, headers: list[str], saved: dict[str, str] | None = None) -> Mapping:
    """Match the file's headers to the kind's columns (saved mapping first, then names)."""
    known = header_index(kind)
    saved_index = {normalise_header(k): v for k, v in (saved or {}).items()}
    labels = {normalise_header(c.label): c.key for c in kind.columns}
    index: dict[str, int] = {}
    ignored = []
    # Exact labels first, so "Kode Kelurahan" beats a second column merely named "Kelurahan".
    order = sorted(range(len(headers)), key=lambda i: normalise_header(headers[i]) not in labels)
    for i in order:
        norm = normalise_header(headers[i])
        key = saved_index.get(norm) or known.get(norm)
        if key and key not in index:
            index[key] = i
        elif headers[i]:
            ignored.append(headers[i])
    missing = [c for c in kind.columns if c.required and c.key not in index]
    if missing:
        names_id = ", ".join(f"{c.label} (atau {', '.join(c.synonyms[:2])})" for c in missing)
        names_en = ", ".join(c.label for c in missing)
        raise FileProblem(
            f"Kolom wajib tidak ditemukan: {names_id}. Kolom di berkas: {', '.join(headers)}",
            f"Required columns not found: {names_en}. Columns in the file: {', '.join(headers)}",
        )
    return Mapping(index, {k: headers[i] for k, i in index.items()}, ignored)


def canonical_table(sheet: Sheet, mapping: Mapping) -> pa.Table:
    """The sheet with its mapped columns renamed to the kind's keys (others dropped)."""
    arrays = {key: sheet.table.column(f"c{i}") for key, i in mapping.index.items()}
    arrays["_row"] = sheet.table.column("_row")
    return pa.table(arrays)
