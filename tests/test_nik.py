"""Tests for semesta.nik: parsing, building, masking, hashing and encrypting NIKs."""

from __future__ import annotations

import csv
import datetime
import io
import pickle
from importlib import resources

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from semesta.nik import (
    Nik,
    NikError,
    NikWarning,
    decrypt_nik,
    encrypt_nik,
    make_nik,
    mask_nik,
    new_encryption_key,
    nik_hash,
    nik_hash_hex,
    parse_nik,
)

ASCII_DIGITS = "0123456789"


def _district_codes() -> list[str]:
    path = resources.files("semesta").joinpath("data").joinpath("wilayah")
    text = path.joinpath("districts.csv").read_text(encoding="utf-8")
    return sorted(row["code"] for row in csv.DictReader(io.StringIO(text)))


DISTRICTS = _district_codes()
sixteen_digits = st.text(alphabet=ASCII_DIGITS, min_size=16, max_size=16)
hash_keys = st.binary(min_size=16, max_size=64)


def _error_code(raw: str) -> str:
    with pytest.raises(NikError) as info:
        parse_nik(raw)
    return info.value.code


# --- concrete cases -------------------------------------------------------------------------


def test_it_parses_a_valid_male_nik_from_matraman() -> None:
    nik = parse_nik("3175011203900001")
    assert nik.value == "3175011203900001"
    assert (nik.province_code, nik.kota_code, nik.kecamatan_code) == ("31", "31.75", "31.75.01")
    assert (nik.birth_day, nik.birth_month, nik.birth_yy) == (12, 3, 90)
    assert nik.sex == "M"
    assert nik.serial == 1
    assert nik.warnings == ()
    assert nik.issued_in_dki


def test_it_reads_a_day_above_40_as_a_woman_born_on_day_minus_40() -> None:
    nik = parse_nik("3175015203900012")
    assert (nik.birth_day, nik.birth_month, nik.sex, nik.serial) == (12, 3, "F", 12)


def test_it_accepts_day_71_as_a_woman_born_on_the_31st() -> None:
    assert parse_nik("3175017101900001").birth_day == 31


def test_it_rejects_an_unknown_province_as_an_error() -> None:
    with pytest.raises(NikError) as info:
        parse_nik("9975011203900001")
    assert info.value.code == "unknown_province"
    assert str(info.value) == "Kode provinsi 99 tidak dikenal"
    assert info.value.message("en") == "Unknown province code 99"


def test_it_only_warns_about_an_unknown_kecamatan_in_a_known_kota() -> None:
    nik = parse_nik("3175990101900001")
    assert nik.kecamatan_code == "31.75.99"
    assert [w.code for w in nik.warnings] == ["unknown_kecamatan"]
    assert "31.75.99" in nik.warnings[0].message()
    assert nik.warnings[0].message("en").startswith("Unknown kecamatan code 31.75.99")


def test_it_only_warns_about_an_unknown_kota_in_a_known_province() -> None:
    nik = parse_nik("3199010101900001")
    assert nik.warnings == (NikWarning("unknown_kota", "31.99"),)
    assert nik.warnings[0].message("id").startswith("Kode kota/kabupaten 31.99 tidak dikenal")


def test_it_rejects_15_digits_with_an_indonesian_message() -> None:
    with pytest.raises(NikError) as info:
        parse_nik("317501120390001")
    assert info.value.code == "wrong_length"
    assert str(info.value) == "NIK harus 16 digit angka (ditemukan 15 digit)"
    assert info.value.message("id") == "NIK harus 16 digit angka (ditemukan 15 digit)"
    assert info.value.message("en") == "NIK must be 16 digits (found 15 digits)"


def test_it_rejects_letters_even_when_the_length_is_16() -> None:
    assert _error_code("31750112039A0001") == "not_digits"


def test_it_rejects_separators_instead_of_stripping_them() -> None:
    assert _error_code("3175-0112-0390-0001") == "not_digits"
    assert _error_code("3175 0112 0390 0001") == "not_digits"


def test_it_rejects_non_ascii_digits() -> None:
    assert _error_code("317501120390000١") == "not_digits"


def test_it_rejects_an_empty_or_blank_string() -> None:
    assert _error_code("") == "empty"
    assert _error_code("   \n") == "empty"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("3175011213900001", "bad_month"),  # month 13
        ("3175011200900001", "bad_month"),  # month 00
        ("3175013203900001", "bad_day"),  # day 32
        ("3175013104900001", "bad_day"),  # 31 April
        ("3175017104900001", "bad_day"),  # 31 April for a woman (71)
        ("3175010003900001", "bad_day"),  # day 00
        ("3175014003900001", "bad_day"),  # day 40 is neither a man's nor a woman's day
        ("3175017203900001", "bad_day"),  # day 72
        ("3175013002920001", "bad_day"),  # 30 February
        ("3175012902910001", "bad_day"),  # 29 February in a year that is never leap
        ("3175011203900000", "zero_serial"),
    ],
)
def test_it_rejects_impossible_dates_and_a_zero_serial(raw: str, code: str) -> None:
    assert _error_code(raw) == code


@pytest.mark.parametrize("raw", ["3175012902920001", "3175012902000001", "3175016902040001"])
def test_it_accepts_29_february_whenever_the_year_could_be_leap(raw: str) -> None:
    assert parse_nik(raw).birth_day == 29


def test_it_gives_english_messages_for_every_error() -> None:
    with pytest.raises(NikError) as info:
        parse_nik("3175013104900001")
    assert info.value.message("en") == "Birth day 31 is not valid for month 04 (01–31, women 41–71)"
    assert info.value.message("en-us").startswith("Birth day")
    assert info.value.message("fr") == str(info.value)


def test_it_strips_surrounding_whitespace() -> None:
    assert parse_nik("  3175011203900001\n\t").value == "3175011203900001"


def test_it_resolves_the_century_so_nobody_is_born_after_the_reference_year() -> None:
    assert parse_nik("3175011203900001").birth_date(2025) == datetime.date(1990, 3, 12)
    assert parse_nik("3175011203050001").birth_date(2025) == datetime.date(2005, 3, 12)
    assert parse_nik("3175011203250001").birth_date(2025) == datetime.date(2025, 3, 12)
    assert parse_nik("3175011203260001").birth_date(2025) == datetime.date(1926, 3, 12)


def test_it_knows_a_nik_issued_outside_dki() -> None:
    assert not parse_nik("3273011203900001").issued_in_dki


def test_it_keeps_the_full_nik_out_of_the_repr() -> None:
    assert "3175011203900001" not in repr(parse_nik("3175011203900001"))


def test_it_survives_pickling_a_nik_error() -> None:
    with pytest.raises(NikError) as info:
        parse_nik("123")
    copy = pickle.loads(pickle.dumps(info.value))
    assert (copy.code, str(copy), copy.message("en")) == (
        "wrong_length",
        str(info.value),
        info.value.message("en"),
    )


def test_it_builds_a_nik_from_dotted_or_plain_kecamatan_codes() -> None:
    birth = datetime.date(1990, 3, 12)
    assert make_nik("31.75.01", birth, "M", 1) == "3175011203900001"
    assert make_nik("317501", birth, "f", 12) == "3175015203900012"


@pytest.mark.parametrize(
    ("kecamatan", "sex", "serial"),
    [("31.75", "M", 1), ("31.75.0x", "M", 1), ("31.75.01", "X", 1), ("31.75.01", "M", 0)],
)
def test_it_refuses_to_build_from_bad_parts(kecamatan: str, sex: str, serial: int) -> None:
    with pytest.raises(ValueError):
        make_nik(kecamatan, datetime.date(1990, 3, 12), sex, serial)


def test_it_masks_all_but_the_first_and_last_four_digits() -> None:
    assert mask_nik("3175011203900012") == "3175********0012"


def test_it_masks_all_but_the_last_two_characters_of_anything_else() -> None:
    assert mask_nik("12345") == "***45"
    assert mask_nik("") == ""


@pytest.mark.parametrize("size", [0, 15, 65])
def test_it_refuses_hash_keys_outside_16_to_64_bytes(size: int) -> None:
    with pytest.raises(ValueError):
        nik_hash("3175011203900001", b"k" * size)


def test_it_refuses_to_decrypt_with_the_wrong_key() -> None:
    token = encrypt_nik("3175011203900001", new_encryption_key())
    with pytest.raises(ValueError, match="wrong key"):
        decrypt_nik(token, new_encryption_key())


def test_it_refuses_to_decrypt_garbage() -> None:
    with pytest.raises(ValueError, match="corrupted token"):
        decrypt_nik("not-a-token", new_encryption_key())


# --- properties -------------------------------------------------------------------------------


@given(
    kecamatan=st.sampled_from(DISTRICTS),
    birth=st.dates(datetime.date(1940, 1, 1), datetime.date(2010, 12, 31)),
    sex=st.sampled_from(["M", "F"]),
    serial=st.integers(1, 9999),
)
def test_it_round_trips_every_field_through_make_and_parse(
    kecamatan: str, birth: datetime.date, sex: str, serial: int
) -> None:
    nik = parse_nik(make_nik(kecamatan, birth, sex, serial))
    assert isinstance(nik, Nik)
    assert nik.kecamatan_code == kecamatan
    assert nik.kota_code == kecamatan[:5]
    assert nik.province_code == kecamatan[:2]
    assert (nik.birth_day, nik.birth_month, nik.birth_yy) == (
        birth.day,
        birth.month,
        birth.year % 100,
    )
    assert nik.birth_date(reference_year=2039) == birth
    assert (nik.sex, nik.serial, nik.warnings) == (sex, serial, ())
    assert nik.issued_in_dki == kecamatan.startswith("31.")


@given(st.from_regex(r"[0-9]{0,15}|[0-9]{17,40}", fullmatch=True))
def test_it_raises_nik_error_for_any_digit_string_of_the_wrong_length(raw: str) -> None:
    with pytest.raises(NikError):
        parse_nik(raw)


@given(digits=sixteen_digits, position=st.integers(1, 14), char=st.characters())
def test_it_raises_nik_error_when_any_inner_character_is_not_a_digit(
    digits: str, position: int, char: str
) -> None:
    assume(char not in ASCII_DIGITS)
    with pytest.raises(NikError) as info:
        parse_nik(digits[:position] + char + digits[position + 1 :])
    assert info.value.code == "not_digits"


@given(st.text())
def test_it_raises_only_nik_error_for_arbitrary_text(raw: str) -> None:
    try:
        parse_nik(raw)
    except NikError as err:
        assert err.message("id") and err.message("en")


@given(sixteen_digits)
def test_it_never_reveals_the_middle_eight_digits(nik: str) -> None:
    masked = mask_nik(nik)
    assert len(masked) == 16
    assert masked[4:12] == "********"
    assert (masked[:4], masked[12:]) == (nik[:4], nik[12:])


@given(st.text())
def test_it_masks_any_text_without_raising_and_keeps_its_length(raw: str) -> None:
    masked = mask_nik(raw)
    assert len(masked) == len(raw)
    hidden = masked[4:12] if len(raw) == 16 else masked[:-2]
    assert set(hidden) <= {"*"}


@given(nik=sixteen_digits, key=hash_keys, other_key=hash_keys)
def test_it_hashes_deterministically_and_per_key(nik: str, key: bytes, other_key: bytes) -> None:
    digest = nik_hash(nik, key)
    assert digest == nik_hash(nik, key)
    assert len(digest) == 16
    assert nik_hash_hex(nik, key) == digest.hex()
    if other_key != key:
        assert nik_hash(nik, other_key) != digest


@given(sixteen_digits)
def test_it_round_trips_encryption_without_the_token_containing_the_nik(nik: str) -> None:
    key = new_encryption_key()
    token = encrypt_nik(nik, key)
    assert nik not in token
    assert decrypt_nik(token, key) == nik
