"""Row and cell problems, in Bahasa Indonesia first and English, with stable codes."""

from __future__ import annotations

# code → (Indonesian, English); templates take the fields of the problem as parameters.
MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("{column} wajib diisi", "{column} is required"),
    "nik_scientific": (
        "NIK {value} dirusak Excel (notasi ilmiah): simpan kolom NIK sebagai teks lalu ekspor ulang",
        "NIK {value} was damaged by Excel (scientific notation): store the NIK column as text and export again",
    ),
    "nik_excel_number": (
        "NIK {value} disimpan Excel sebagai angka sehingga digit terakhirnya hilang: format kolom NIK sebagai teks",
        "NIK {value} was stored by Excel as a number, so its last digit was lost: format the NIK column as text",
    ),
    "nik_excel_rounded": (
        "NIK {value} berakhir dengan 0000: tampaknya digit terakhir dibulatkan Excel; periksa NIK aslinya",
        "NIK {value} ends in 0000: Excel seems to have rounded its last digits; check the original NIK",
    ),
    "nik_not_digits": (
        "NIK {value} hanya boleh berisi angka",
        "NIK {value} must contain digits only",
    ),
    "nik_length": (
        "NIK harus 16 digit (ditemukan {length} digit)",
        "NIK must be 16 digits (found {length})",
    ),
    "nik_province": ("Kode provinsi NIK {code} tidak dikenal", "Unknown NIK province code {code}"),
    "nik_month": (
        "Bulan lahir pada NIK ({code}) tidak valid",
        "The birth month in the NIK ({code}) is not valid",
    ),
    "nik_day": (
        "Tanggal lahir pada NIK ({code}) tidak valid",
        "The birth day in the NIK ({code}) is not valid",
    ),
    "nik_serial": ("Nomor urut NIK tidak boleh 0000", "The NIK serial must not be 0000"),
    "nik_duplicate": (
        "NIK sama dengan baris {first_row} (duplikat dalam berkas)",
        "Same NIK as row {first_row} (duplicate within the file)",
    ),
    "participation_duplicate": (
        "Baris {row} sama dengan baris {first_row}: NIK, segmen ({segment}) dan NPP ({npp})"
        " yang sama (kepesertaan ganda dalam berkas)",
        "Row {row} repeats row {first_row}: the same NIK, segment ({segment}) and NPP ({npp})"
        " (the same participation twice in the file)",
    ),
    "choice": (
        "{column} {value!r} tidak dikenal; pilihan: {choices}",
        "Unknown {column} {value!r}; choose: {choices}",
    ),
    "region_unknown": (
        "{column} {value!r} tidak ditemukan{suggestions}",
        "{column} {value!r} not found{suggestions_en}",
    ),
    "region_ambiguous": (
        "{column} {value!r} ada lebih dari satu: {candidates}; tulis kodenya",
        "{column} {value!r} is ambiguous: {candidates}; give its code",
    ),
    "region_level": (
        "{column}: {value!r} adalah {found}, bukan {level}",
        "{column}: {value!r} is a {found}, not a {level}",
    ),
    "out_of_scope": (
        "Wilayah {value} di luar wilayah Anda; baris ini tidak diimpor",
        "Region {value} is outside your region; this row was not imported",
    ),
    "domicile_unplaced": (
        "Kelurahan domisili kosong: baris tidak dapat dipastikan berada di wilayah Anda",
        "Domicile kelurahan is empty: the row cannot be placed within your region",
    ),
    "nik_invalid": ("{message}", "{message_en}"),
    # The number is personal data: the message never repeats it (the row and column say where).
    "phone": (
        "Nomor telepon tidak valid: tulis nomor ponsel Indonesia (mis. 0812-3456-7890)",
        "Invalid phone number: give an Indonesian mobile number (e.g. 0812-3456-7890)",
    ),
    "desil": (
        "{column} {value!r} tidak valid: isi desil DTSEN 1–10 (1 = 10 % termiskin) atau kosongkan",
        "{column} {value!r} is not valid: give the DTSEN decile 1–10 (1 = poorest 10 %) or leave it empty",
    ),
    "rw_missing": (
        "RW {value} tidak terdaftar di kelurahan {kelurahan}",
        "RW {value} is not registered in kelurahan {kelurahan}",
    ),
    "rt_missing": (
        "RT {value} tidak terdaftar di RW ini",
        "RT {value} is not registered in this RW",
    ),
    "date": (
        "{column} {value!r} bukan tanggal (gunakan dd/mm/yyyy atau yyyy-mm-dd)",
        "{column} {value!r} is not a date (use dd/mm/yyyy or yyyy-mm-dd)",
    ),
    "date_future": ("{column} {value} di masa depan", "{column} {value} is in the future"),
    "rw_number": (
        "RW {value!r} bukan nomor RW (1–999)",
        "RW {value!r} is not an RW number (1–999)",
    ),
    "number": (
        "{column} {value!r} bukan bilangan bulat tak negatif",
        "{column} {value!r} is not a whole number ≥ 0",
    ),
    "duplicate_key": (
        "{column} {value} sudah ada di baris {first_row}",
        "{column} {value} already appears in row {first_row}",
    ),
    "money": (
        "{column} {value!r} bukan jumlah rupiah lebih dari 0 (mis. 42.000.000)",
        "{column} {value!r} is not an amount of rupiah above 0 (e.g. 42.000.000)",
    ),
    "income_range": ("{column} {value}: {message}", "{column} {value}: {message_en}"),
    "party_unknown": (
        "{column} {value!r} tidak terdaftar sebagai instansi{suggestions}",
        "{column} {value!r} is not a registered agency{suggestions_en}",
    ),
    "party_out_of_scope": (
        "Instansi {value} bukan instansi Anda; baris ini tidak diimpor",
        "Agency {value} is not your agency; this row was not imported",
    ),
    "staff_elsewhere": (
        "NIK ini sudah terdaftar sebagai pegawai non-ASN instansi atau wilayah di luar wewenang Anda",
        "This NIK is already on the non-ASN roster of an agency or region outside your authority",
    ),
    "not_on_roster": (
        "NIK ini tidak ada di daftar pekerja rentan atau pegawai non-ASN wilayah Anda; "
        "daftarkan pekerjanya dulu",
        "This NIK is on no vulnerable-worker or non-ASN roster of your region; "
        "put the worker on a roster first",
    ),
    "not_on_roster_in_region": (
        "NIK ini tidak ada di daftar pekerja rentan atau pegawai non-ASN di {value}",
        "This NIK is on no vulnerable-worker or non-ASN roster in {value}",
    ),
    "kind_programme": (
        "{column} {value!r} tidak dibayar dari program {programme}; pilihan untuk {programme}: {choices}",
        "{column} {value!r} is not paid by the {programme} programme; for {programme} choose: {choices}",
    ),
    "benefit_duplicate": (
        "Manfaat yang sama (NIK, program, jenis, tanggal) sudah ada di baris {first_row}",
        "The same benefit (NIK, programme, kind, date) already appears in row {first_row}",
    ),
    # Warnings: the row is imported.
    "nik_outside_dki": (
        "NIK diterbitkan di luar DKI ({code}); domisili tetap dari kolom kelurahan",
        "NIK issued outside DKI ({code}); domicile still comes from the kelurahan column",
    ),
    "nik_unknown_kecamatan": (
        "Kode kecamatan NIK {code} tidak dikenal (mungkin sudah dimekarkan)",
        "Unknown NIK kecamatan code {code} (it may have been split)",
    ),
    "rw_unregistered": (
        "RW {value} belum terdaftar di kelurahan ini; dihitung sebagai RW tidak diketahui",
        "RW {value} is not registered in this kelurahan; counted as unknown RW",
    ),
    "domicile_missing": (
        "Kelurahan domisili kosong; dihitung sebagai domisili tidak diketahui",
        "Domicile kelurahan is empty; counted as unknown domicile",
    ),
    "benefit_recorded": (
        "Manfaat {programme} untuk NIK {value} tanggal {date} sudah tercatat; tidak dicatat dua kali",
        "The {programme} benefit for NIK {value} on {date} is already recorded; not recorded twice",
    ),
}

WARNINGS = {
    "nik_outside_dki",
    "nik_unknown_kecamatan",
    "rw_unregistered",
    "domicile_missing",
    "benefit_recorded",
}


def render(code: str, lang: str = "id", /, **fields) -> str:
    """The message of a problem code in a language, with its fields filled in."""
    texts = MESSAGES[code]
    template = texts[1] if lang.startswith("en") else texts[0]
    return template.format_map(_Defaults(fields))


class _Defaults(dict):
    def __missing__(self, key: str) -> str:
        return ""


# Rows whose key belongs to another region's data: rejected, never moved or renamed.
MESSAGES["npp_elsewhere"] = (
    "NPP {value} terdaftar di {region}, di luar wilayah Anda; baris ini tidak diimpor (data pemberi kerja itu tidak dipindahkan atau diubah)",
    "NPP {value} is registered in {region}, outside your region; this row was not imported (that employer is not moved or changed)",
)
MESSAGES["roster_elsewhere"] = (
    "NIK {value} sudah ada di daftar pekerja rentan {region}, di luar wilayah Anda; baris ini tidak diimpor (pekerja itu tidak dipindahkan)",
    "NIK {value} is already on the vulnerable-worker roster of {region}, outside your region; this row was not imported (that worker is not moved)",
)
