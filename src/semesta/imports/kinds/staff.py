"""The non-ASN staff of each agency (PJLP, contract, partners), by NIK: a full file replaces per
agency; a dinas officer imports their own agency's only (checked in ``staff_import``)."""

from __future__ import annotations

from semesta.accounts.models import Role
from semesta.imports.registry import KECAMATAN, NIK, Column, Kind, register

STAFF = Kind(
    "staff",
    "Daftar pegawai non-ASN per instansi (PJLP, kontrak, mitra)",
    (
        Column(
            "party",
            "Kode Instansi",
            ("Instansi", "Nama Instansi", "Kode Pihak", "Dinas"),
            help="Kode instansi di Semesta (mis. dishub, dlh) atau namanya; "
            "petugas dinas hanya untuk instansinya sendiri.",
            example="dishub",
        ),
        Column(
            "office",
            "Kantor",
            ("Wilayah Kantor", "Kode Wilayah Kantor", "Unit Kerja", "Lokasi Kerja"),
            help="Wilayah tempat bekerja: kode Kemendagri atau nama kota, kecamatan atau "
            "kelurahan.",
            example="31.75.01.1004",
        ),
        KECAMATAN,
        NIK,
        Column(
            "name",
            "Nama",
            ("Nama Lengkap", "Nama Pegawai", "Nama Pekerja"),
            help="Nama sesuai KTP.",
            example="Andi",
        ),
        Column(
            "employment",
            "Jenis Pegawai",
            ("Status Kepegawaian", "Jenis Kepegawaian", "Jenis Kontrak"),
            help="PJLP, Kontrak kelurahan, Kontrak kecamatan atau Mitra pemerintah.",
            example="PJLP",
        ),
        Column(
            "funded_by",
            "Sumber Dana",
            ("Pendanaan", "Dibiayai Oleh", "Sumber Iuran"),
            required=False,
            help="APBD (bawaan), APBN, BUMD, Baznas, CSR atau Mandiri.",
        ),
        Column(
            "declared_income",
            "Penghasilan",
            ("Penghasilan Dilaporkan", "Upah", "Gaji", "Honor"),
            required=False,
            help="Rupiah sebulan untuk iuran BPU, Rp 1.000.000 (bawaan) sampai Rp 20.700.000.",
        ),
    ),
    needs_period=False,
    order=50,
    roles=(
        Role.PROVINCE_ADMIN,
        Role.KOTA_OFFICER,
        Role.KECAMATAN_OFFICER,
        Role.KELURAHAN_OFFICER,
        Role.AGENCY_OFFICER,
    ),
    keys=("nik",),
    region="office",
    check="semesta.imports.staff_import.check_staff",
    stage="semesta.imports.apply.stage_people",
    preview="semesta.imports.preview.staff",
    apply="semesta.imports.apply.apply_staff",
    after_revert="semesta.imports.revert.refresh_staff",
)

register(STAFF)
