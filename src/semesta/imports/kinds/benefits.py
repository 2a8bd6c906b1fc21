"""Benefits BPJS Ketenagakerjaan paid to workers on a roster of the scope: facts, only added,
each recorded once (NIK, programme, kind, payment day)."""

from __future__ import annotations

from semesta.accounts.models import Role
from semesta.imports.registry import NIK, Column, Kind, register

BENEFITS = Kind(
    "benefits",
    "Manfaat yang dibayarkan BPJS Ketenagakerjaan (JKK, JKM, JHT, JP)",
    (
        NIK,
        Column(
            "programme",
            "Program",
            ("Program Jaminan", "Jenis Program", "Kode Program"),
            help="JKK, JKM, JHT atau JP (juga: Jaminan Kecelakaan Kerja, Jaminan Kematian, ...).",
            example="JKM",
        ),
        Column(
            "kind",
            "Jenis Manfaat",
            ("Manfaat", "Jenis Klaim", "Jenis Santunan"),
            help="Perawatan kecelakaan kerja, Santunan cacat, Santunan kematian karena "
            "kecelakaan kerja, Santunan kematian kepada ahli waris, Pencairan JHT atau Manfaat "
            "pensiun (juga: Perawatan, Cacat, Kematian, Klaim JHT, Pensiun).",
            example="Santunan kematian",
        ),
        Column(
            "paid_on",
            "Tanggal Bayar",
            ("Tanggal Dibayar", "Tgl Bayar", "Tanggal Pembayaran"),
            help="dd/mm/yyyy, yyyy-mm-dd atau tanggal Excel; tidak di masa depan.",
            example="09/03/2025",
        ),
        Column(
            "amount",
            "Jumlah",
            ("Nominal", "Jumlah Manfaat", "Nilai Manfaat", "Jumlah (Rp)"),
            help="Rupiah: 42.000.000, Rp 42.000.000,00 atau 42000000.",
            example="42.000.000",
        ),
        Column(
            "region",
            "Wilayah",
            ("Kode Wilayah", "Kelurahan", "Kode Kelurahan"),
            required=False,
            help="Opsional: kota, kecamatan, kelurahan atau RW pekerja; NIK dicari di wilayah "
            "itu saja.",
        ),
    ),
    needs_period=False,
    order=60,
    roles=(
        Role.PROVINCE_ADMIN,
        Role.BRANCH_OFFICER,
        Role.KOTA_OFFICER,
        Role.KECAMATAN_OFFICER,
        Role.KELURAHAN_OFFICER,
    ),
    keys=("nik", "programme", "kind", "paid_on"),
    region="region",
    requires=("roster",),
    check="semesta.imports.benefits_import.check_benefits",
    preview="semesta.imports.preview.benefits",
    apply="semesta.imports.apply.apply_benefits",
)

register(BENEFITS)
