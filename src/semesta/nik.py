"""NIK (Nomor Induk Kependudukan) parsing, building, masking, hashing and encryption.

A NIK has 16 digits: province (2) + kota/kabupaten (2) + kecamatan (2) + birth date
DDMMYY (women add 40 to the day) + serial (4, from 0001). There is no checksum.

The region part records where the NIK was first issued. Regions have been split and
renamed since, so an unknown kota or kecamatan code is only a warning; an unknown
province code is an error. This module has no Django dependency.
"""

from __future__ import annotations

import calendar
import csv
import datetime
import hashlib
import io
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from cryptography.fernet import Fernet, InvalidToken

NIK_LENGTH = 16
_DIGITS = frozenset("0123456789")
_FEMALE_OFFSET = 40

_ERRORS: dict[str, tuple[str, str]] = {
    "empty": ("NIK kosong", "NIK is empty"),
    "not_digits": (
        "NIK hanya boleh berisi angka (karakter ke-{pos} bukan angka)",
        "NIK must contain only digits (character {pos} is not a digit)",
    ),
    "wrong_length": (
        "NIK harus 16 digit angka (ditemukan {found} digit)",
        "NIK must be 16 digits (found {found} digits)",
    ),
    "unknown_province": ("Kode provinsi {code} tidak dikenal", "Unknown province code {code}"),
    "bad_month": (
        "Bulan lahir {mm} tidak valid (harus 01–12)",
        "Birth month {mm} is not valid (must be 01–12)",
    ),
    "bad_day": (
        "Tanggal lahir {dd} tidak valid untuk bulan {mm} (01–31, perempuan 41–71)",
        "Birth day {dd} is not valid for month {mm} (01–31, women 41–71)",
    ),
    "zero_serial": ("Nomor urut NIK tidak boleh 0000", "NIK serial number must not be 0000"),
}

_WARNINGS: dict[str, tuple[str, str]] = {
    "unknown_kota": (
        "Kode kota/kabupaten {code} tidak dikenal (mungkin sudah dimekarkan atau diganti)",
        "Unknown kota/kabupaten code {code} (it may have been split or renamed)",
    ),
    "unknown_kecamatan": (
        "Kode kecamatan {code} tidak dikenal (mungkin sudah dimekarkan atau diganti)",
        "Unknown kecamatan code {code} (it may have been split or renamed)",
    ),
}


def _pick(texts: tuple[str, str], lang: str) -> str:
    """Return the English text for ``en``/``en-*``, the Indonesian text otherwise."""
    return texts[1] if lang.lower().startswith("en") else texts[0]


class NikError(ValueError):
    """An invalid NIK. ``code`` is a stable machine code; ``str(err)`` is Indonesian."""

    def __init__(self, code: str, message_id: str, message_en: str) -> None:
        super().__init__(code, message_id, message_en)
        self.code = code
        self._texts = (message_id, message_en)

    @classmethod
    def build(cls, code: str, /, **params: object) -> NikError:
        """Create the error for ``code``, filling its message templates with ``params``."""
        id_template, en_template = _ERRORS[code]
        return cls(code, id_template.format(**params), en_template.format(**params))

    def message(self, lang: str = "id") -> str:
        """The message in ``lang`` ("id" or "en"; anything else falls back to Indonesian)."""
        return _pick(self._texts, lang)

    def __str__(self) -> str:
        return self._texts[0]


@dataclass(frozen=True)
class NikWarning:
    """Something odd about a NIK that still leaves it valid (e.g. an outdated region code)."""

    code: str
    region_code: str

    def message(self, lang: str = "id") -> str:
        """The message in ``lang`` ("id" or "en"; anything else falls back to Indonesian)."""
        return _pick(_WARNINGS[self.code], lang).format(code=self.region_code)


@dataclass(frozen=True)
class Nik:
    """A parsed, valid NIK. ``value`` is left out of ``repr`` so it does not leak into logs."""

    value: str = field(repr=False)
    province_code: str
    kota_code: str
    kecamatan_code: str
    birth_day: int
    birth_month: int
    birth_yy: int
    sex: str
    serial: int
    warnings: tuple[NikWarning, ...] = ()

    @property
    def issued_in_dki(self) -> bool:
        """Whether the NIK was first issued in DKI Jakarta (province 31)."""
        return self.province_code == "31"

    def birth_date(self, reference_year: int) -> datetime.date:
        """Birth date with the century chosen so the person is not born after ``reference_year``.

        Raises ValueError for 29 February when the resolved year is not a leap year (1900).
        """
        century = reference_year - reference_year % 100
        year = century + self.birth_yy
        if self.birth_yy > reference_year % 100:
            year -= 100
        return datetime.date(year, self.birth_month, self.birth_day)


@lru_cache(maxsize=8)  # three reference files
def _known_codes(filename: str) -> frozenset[str]:
    """The ``code`` column of one reference CSV under ``semesta/data/wilayah``."""
    path = resources.files("semesta").joinpath("data").joinpath("wilayah").joinpath(filename)
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    return frozenset(row["code"] for row in reader)


def _check_characters(value: str) -> None:
    if not value:
        raise NikError.build("empty")
    for pos, char in enumerate(value, start=1):
        if char not in _DIGITS:
            raise NikError.build("not_digits", pos=pos)
    if len(value) != NIK_LENGTH:
        raise NikError.build("wrong_length", found=len(value))


def _max_day(month: int, yy: int) -> int:
    # Lenient on 29 Feb: any YY divisible by 4 (including 00) could be a leap year.
    return 29 if month == 2 and yy % 4 == 0 else calendar.monthrange(2001, month)[1]


def _parse_day(dd: str, mm: str, yy: int) -> tuple[int, str]:
    month, raw_day = int(mm), int(dd)
    if not 1 <= month <= 12:
        raise NikError.build("bad_month", mm=mm)
    day = raw_day - _FEMALE_OFFSET if raw_day > _FEMALE_OFFSET else raw_day
    if not 1 <= day <= _max_day(month, yy):
        raise NikError.build("bad_day", dd=dd, mm=mm)
    return day, "F" if raw_day > _FEMALE_OFFSET else "M"


def _region_warnings(kota: str, kecamatan: str) -> tuple[NikWarning, ...]:
    # Only the most specific problem: an unknown kota implies an unknown kecamatan.
    if kota not in _known_codes("regencies.csv"):
        return (NikWarning("unknown_kota", kota),)
    if kecamatan not in _known_codes("districts.csv"):
        return (NikWarning("unknown_kecamatan", kecamatan),)
    return ()


def parse_nik(raw: str) -> Nik:
    """Parse and validate a NIK (surrounding whitespace is ignored); raise NikError if invalid."""
    value = raw.strip()
    _check_characters(value)
    province, kota = value[:2], f"{value[:2]}.{value[2:4]}"
    kecamatan = f"{kota}.{value[4:6]}"
    if province not in _known_codes("provinces.csv"):
        raise NikError.build("unknown_province", code=province)
    yy = int(value[10:12])
    day, sex = _parse_day(value[6:8], value[8:10], yy)
    serial = int(value[12:])
    if serial == 0:
        raise NikError.build("zero_serial")
    warnings = _region_warnings(kota, kecamatan)
    return Nik(value, province, kota, kecamatan, day, int(value[8:10]), yy, sex, serial, warnings)


def make_nik(kecamatan_code: str, birth: datetime.date, sex: str, serial: int) -> str:
    """Build the NIK string for a kecamatan ("31.71.01" or "317101"), birth date, sex and serial.

    ``sex`` is "M" or "F" (case-insensitive); ``serial`` is 1..9999. Raises ValueError otherwise.
    The result is not checked against the reference codes; use ``parse_nik`` for that.
    """
    region = kecamatan_code.replace(".", "")
    if len(region) != 6 or not set(region) <= _DIGITS:
        raise ValueError(f"kecamatan code must have 6 digits, got {kecamatan_code!r}")
    if sex.upper() not in ("M", "F"):
        raise ValueError(f"sex must be 'M' or 'F', got {sex!r}")
    if not 1 <= serial <= 9999:
        raise ValueError(f"serial must be between 1 and 9999, got {serial}")
    day = birth.day + (_FEMALE_OFFSET if sex.upper() == "F" else 0)
    return f"{region}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def mask_nik(nik: str) -> str:
    """Mask a NIK for display: "3175********0012". Never raises.

    A 16-character value keeps its first and last 4 characters; anything else keeps
    only its last 2 characters. The length is always preserved.
    """
    text = "" if nik is None else str(nik)
    if len(text) == NIK_LENGTH:
        return f"{text[:4]}{'*' * 8}{text[-4:]}"
    return "*" * max(len(text) - 2, 0) + text[-2:]


def _check_hash_key(key: bytes) -> None:
    if not isinstance(key, bytes | bytearray) or not 16 <= len(key) <= 64:
        raise ValueError("NIK hash key must be 16 to 64 bytes")


def nik_hash(nik: str, key: bytes) -> bytes:
    """Keyed hash of the NIK for matching without storing it: SHA-256(key ‖ NIK), 16 bytes.

    NIKs have a fixed length, so the key-prefix construction is a sound keyed hash here, and it
    is one SHA-256 block, cheap enough to compute in DuckDB for millions of rows
    (``NIK_HASH_SQL``), which must give the same bytes.
    """
    _check_hash_key(key)
    return hashlib.sha256(bytes(key) + nik.encode("ascii")).digest()[:16]


# ``nik_hash`` in DuckDB SQL, for a VARCHAR expression ``{nik}`` and the key bound as $nik_key.
NIK_HASH_SQL = "unhex(sha256($nik_key || encode({nik})))[1:16]"


def nik_hash_hex(nik: str, key: bytes) -> str:
    """``nik_hash`` as 32 lowercase hexadecimal characters."""
    return nik_hash(nik, key).hex()


def new_encryption_key() -> bytes:
    """A fresh Fernet key (urlsafe base64 of 32 random bytes) for ``encrypt_nik``."""
    return Fernet.generate_key()


def encrypt_nik(nik: str, key: bytes) -> str:
    """Encrypt a NIK with a Fernet key; the token is ASCII text and differs on every call."""
    return Fernet(key).encrypt(nik.encode("ascii")).decode("ascii")


def encrypt_niks(niks: list[str], key: bytes) -> list[str]:
    """``encrypt_nik`` for many NIKs with one cipher (a roster of tens of thousands)."""
    fernet = Fernet(key)
    return [fernet.encrypt(nik.encode("ascii")).decode("ascii") for nik in niks]


def decrypt_nik(token: str, key: bytes) -> str:
    """Decrypt a token from ``encrypt_nik``; raise ValueError for a wrong key or bad token."""
    fernet = Fernet(key)  # a malformed key raises its own ValueError
    try:
        return fernet.decrypt(token).decode("ascii")
    except (InvalidToken, ValueError) as err:
        raise ValueError("cannot decrypt NIK: wrong key or corrupted token") from err
