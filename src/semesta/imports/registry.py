"""The import kinds as plug-ins: what a kind declares, and the registry that everything reads.

A kind is one module in ``semesta/imports/kinds/`` that calls ``register(Kind(...))``: its
columns, who may import it, the columns that identify a row, the column naming its region, and
its behaviour (row checks, staging, the scope rule, preview, applier, what to recompute after a
revert). The CLI, the upload form, the API, the docs page (``column_table``) and the shared test
suite (``tests/test_import_kinds_contract.py``) read ``all()``; the import services call
``get(batch.kind)`` and never name a kind.

Behaviour is named by dotted path (``"semesta.imports.apply.apply_roster"``) and imported on
first use: the applier of a kind may live beside the models of the app that owns its rows, and
the list of kinds stays cheap to read (``semesta import --help``, the upload form).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Column:
    key: str  # canonical name used in code
    label: str  # the Indonesian header Semesta writes and documents
    synonyms: tuple[str, ...] = ()
    required: bool = True
    help: str = ""
    example: str = ""  # a value its kind's checks accept: the sample row of the shared tests


@dataclass(frozen=True)
class Kind:
    """One kind of import file. Only ``key``, ``label`` and ``columns`` are needed to read a
    file (``businesses`` reads its register so); a registered kind declares the rest."""

    key: str
    label: str
    columns: tuple[Column, ...]
    needs_period: bool = True  # one file per month; a later batch of the month rests on it
    order: int = 0  # where it stands in lists (form, CLI help, docs)
    roles: tuple[str, ...] = ()  # ``Role`` values that may import it
    keys: tuple[str, ...] = ()  # the columns that identify a row (what a later file replaces)
    region: str | None = None  # the column naming the row's region, checked against the scope
    read_in_engine: bool = False  # the file is read and checked inside the engine (DuckDB)
    requires: tuple[str, ...] = ()  # kinds whose rows its rows name (benefits: a roster worker)
    # Behaviour, by dotted path; see the module docstring for the signatures.
    check: str = ""  # (sheet, mapping, principal, today) -> Checked
    stage: str = "semesta.imports.apply.stage_rows"  # (batch, checked, path) -> None
    elsewhere: str = ""  # (accepted, scope) -> {row: (code, fields)}: keys owned outside scope
    preview: str = ""  # (batch, accepted_niks) -> preview dict
    apply: str = ""  # (batch) -> None, inside the batch's transaction and scope
    after_revert: str = ""  # (batch) -> None: recompute what rests on the restored rows

    def example(self) -> dict[str, str]:
        """A row its checks accept, by column label (the sample file of the shared tests)."""
        return {c.label: c.example for c in self.columns}

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def run(self, step: str, *args: Any) -> Any:
        """Call one of the kind's behaviours (``check``, ``stage``, ...); a step it does not
        declare does nothing and returns None."""
        path = getattr(self, step)
        return _function(path)(*args) if path else None


BEHAVIOUR = ("check", "stage", "elsewhere", "preview", "apply", "after_revert")
REQUIRED = ("check", "stage", "preview", "apply")
_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add a kind (called once by its module); returns it so the module can name it."""
    missing = [name for name in (*REQUIRED, "roles", "keys") if not getattr(kind, name)]
    if missing:
        raise ValueError(f"import kind {kind.key!r} does not declare {', '.join(missing)}")
    known = {c.key for c in kind.columns}
    unknown = [k for k in (*kind.keys, kind.region) if k is not None and k not in known]
    if unknown:
        raise ValueError(f"import kind {kind.key!r}: {', '.join(unknown)} are not its columns")
    if kind.key in _KINDS and _KINDS[kind.key] != kind:
        raise ValueError(f"import kind {kind.key!r} is registered twice")
    _KINDS[kind.key] = kind
    return kind


def all() -> list[Kind]:
    """Every registered kind, in its ``order``."""
    _load()
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.key))


def keys() -> list[str]:
    """The registered kinds' keys, in order."""
    return [kind.key for kind in all()]


def known(key: str) -> bool:
    """Whether ``key`` is a registered kind."""
    _load()
    return key in _KINDS


def get(key: str) -> Kind:
    """The registered kind ``key``; KeyError for an unknown one."""
    _load()
    return _KINDS[key]


def _load() -> None:
    # Importing the package imports every kind module in it, which registers itself.
    importlib.import_module("semesta.imports.kinds")


_FUNCTIONS: dict[str, Callable[..., Any]] = {}


def _function(path: str) -> Callable[..., Any]:
    if path not in _FUNCTIONS:
        _FUNCTIONS[path] = import_string(path)
    return _FUNCTIONS[path]


def normalise_header(text: str) -> str:
    """``No. KTP`` → ``noktp``: how headers and names are compared."""
    return re.sub(r"[^a-z0-9]", "", str(text).lower())


def header_index(kind: Kind) -> dict[str, str]:
    """Normalised header → column key, for every label and synonym of a kind."""
    index = {}
    for column in kind.columns:
        for name in (column.label, column.key, *column.synonyms):
            index[normalise_header(name)] = column.key
    return index


def column_table(kind: Kind) -> str:
    """The kind's section heading and column table as docs/imports.md shows them."""
    lines = [
        f"## `{kind.key}`: {kind.label}",
        "",
        "| column | also accepted | required | notes |",
        "|---|---|---|---|",
    ]
    for c in kind.columns:
        lines.append(
            f"| {c.label} | {', '.join(c.synonyms)} | {'yes' if c.required else 'no'} | {c.help} |"
        )
    return "\n".join(lines) + "\n"


# Columns several kinds share.
NIK = Column(
    "nik",
    "NIK",
    ("No KTP", "Nomor KTP", "Nomor Induk Kependudukan", "No NIK", "NIK KTP"),
    help="16 digit; simpan sebagai teks di Excel agar digit terakhir tidak hilang.",
    example="3175011203900001",
)
KELURAHAN = Column(
    "kelurahan",
    "Kode Kelurahan",
    ("Kelurahan", "Kode Kel", "Desa/Kelurahan", "Nama Kelurahan", "Kode Wilayah Kelurahan"),
    help="Kode Kemendagri (31.75.01.1004) atau nama kelurahan.",
    example="31.75.01.1004",
)
KECAMATAN = Column(
    "kecamatan",
    "Kecamatan",
    ("Nama Kecamatan", "Kode Kecamatan"),
    required=False,
    help="Opsional; membantu bila nama kelurahan ada di lebih dari satu kecamatan.",
)
