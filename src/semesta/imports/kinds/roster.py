"""The rosters of vulnerable workers per kelurahan, RW and RT, by NIK (stored encrypted, hashed
and masked); a NIK on another region's roster is rejected, never moved."""

from __future__ import annotations

from semesta.accounts.models import Role
from semesta.imports.registry import KECAMATAN, KELURAHAN, NIK, Column, Kind, register

ROSTER = Kind(
    "roster",
    "Daftar pekerja rentan per kelurahan/RW/RT",
    (
        NIK,
        Column(
            "name",
            "Nama",
            ("Nama Lengkap", "Nama Pekerja", "Nama Peserta"),
            help="Nama sesuai KTP.",
            example="Siti Aminah",
        ),
        KELURAHAN,
        KECAMATAN,
        Column("rw", "RW", ("No RW", "Nomor RW"), help="Nomor RW tempat tinggal.", example="1"),
        Column("rt", "RT", ("No RT", "Nomor RT"), required=False, help="Nomor RT (opsional)."),
        Column(
            "category",
            "Kategori",
            ("Kelompok", "Jenis Pekerjaan", "Pekerjaan"),
            required=False,
            help="Mis. Kader PKK, Jumantik, Ojol, Pedagang, Nelayan, Lainnya.",
            example="Kader PKK",
        ),
        Column(
            "extreme_poor",
            "Miskin Ekstrem",
            ("Kemiskinan Ekstrem", "P3KE", "Miskin"),
            required=False,
            help="Ya atau Tidak (bawaan Tidak).",
        ),
        Column(
            "phone",
            "Telepon",
            ("No HP", "Nomor HP", "No Telepon", "WhatsApp"),
            required=False,
            help="Nomor ponsel, mis. 0812-3456-7890.",
        ),
        Column(
            "desil",
            "Desil DTSEN",
            ("Desil", "Desil Kesejahteraan", "Desil DTKS", "Desil P3KE"),
            required=False,
            help="Desil DTSEN 1–10 (1 = 10 % termiskin); kosongkan bila tidak diketahui.",
        ),
    ),
    needs_period=False,
    order=40,
    roles=(Role.PROVINCE_ADMIN, Role.KOTA_OFFICER, Role.KECAMATAN_OFFICER, Role.KELURAHAN_OFFICER),
    keys=("nik",),
    region="kelurahan",
    check="semesta.imports.roster_import.check_roster",
    stage="semesta.imports.apply.stage_people",
    elsewhere="semesta.imports.ownership.roster_elsewhere",
    preview="semesta.imports.preview.roster",
    apply="semesta.imports.apply.apply_roster",
    after_revert="semesta.imports.revert.refresh_roster",
)

register(ROSTER)
