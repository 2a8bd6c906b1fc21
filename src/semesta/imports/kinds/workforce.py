"""The employed population per region and month: the denominators of coverage."""

from __future__ import annotations

from semesta.accounts.models import Role
from semesta.imports.registry import Column, Kind, register

WORKFORCE = Kind(
    "workforce",
    "Penduduk bekerja per wilayah (penyebut cakupan)",
    (
        Column(
            "region",
            "Kode Wilayah",
            ("Wilayah", "Kode", "Nama Wilayah", "Kode Kemendagri"),
            help="Kode Kemendagri atau nama wilayah (kota, kecamatan, kelurahan, RW).",
            example="31.75.01.1004",
        ),
        Column(
            "kind",
            "Jenis",
            ("Jenis Pekerja", "Kategori"),
            required=False,
            help="total (bawaan), formal atau informal.",
            example="total",
        ),
        Column(
            "value",
            "Jumlah",
            ("Penduduk Bekerja", "Jumlah Pekerja", "Nilai"),
            help="Bilangan bulat; titik ribuan boleh (1.234.567).",
            example="8.319",
        ),
        Column(
            "source",
            "Sumber",
            ("Sumber Data",),
            help="Asal angka, mis. BPS Sakernas Agustus 2024.",
            example="Survei kelurahan 2025",
        ),
    ),
    order=20,
    roles=(Role.PROVINCE_ADMIN, Role.BRANCH_OFFICER),
    keys=("region", "kind"),
    region="region",
    check="semesta.imports.workforce.check_workforce",
    preview="semesta.imports.preview.workforce",
    apply="semesta.imports.apply.apply_workforce",
    after_revert="semesta.imports.revert.refresh_workforce",
)

register(WORKFORCE)
