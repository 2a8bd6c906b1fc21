"""The register of employers, by NPP: a full list retires those of the scope it leaves out; an
NPP registered outside the scope is rejected, never moved."""

from __future__ import annotations

from semesta.accounts.models import Role
from semesta.imports.registry import KECAMATAN, Column, Kind, register

EMPLOYERS = Kind(
    "employers",
    "Daftar pemberi kerja (badan usaha) terdaftar",
    (
        Column(
            "npp",
            "NPP",
            ("Nomor Pendaftaran Perusahaan", "No NPP", "NPP Perusahaan"),
            help="Nomor pendaftaran pemberi kerja di BPJS Ketenagakerjaan.",
            example="10000001",
        ),
        Column(
            "name",
            "Nama Perusahaan",
            ("Nama Pemberi Kerja", "Nama Badan Usaha", "Perusahaan"),
            help="Nama resmi pemberi kerja.",
            example="PT Maju Jaya",
        ),
        Column(
            "kelurahan",
            "Kode Kelurahan",
            ("Kelurahan", "Lokasi", "Kode Wilayah Kelurahan"),
            help="Kelurahan lokasi usaha: kode Kemendagri atau nama.",
            example="31.75.01.1004",
        ),
        KECAMATAN,
        Column(
            "sector",
            "Sektor",
            ("Sektor Usaha", "Bidang Usaha", "KBLI"),
            required=False,
            help="Sektor usaha, mis. Keuangan, perdagangan dan jasa.",
        ),
        Column(
            "size",
            "Skala",
            ("Skala Usaha", "Ukuran", "Kategori Usaha"),
            required=False,
            help="Mikro/kecil, Menengah atau Besar (bawaan Mikro/kecil).",
        ),
        Column(
            "branch",
            "Kantor Cabang",
            ("Cabang", "Kacab", "Kantor Cabang BPJS"),
            required=False,
            help="Nama kantor cabang BPJS Ketenagakerjaan, mis. Rawamangun.",
        ),
        Column(
            "registered_on",
            "Tanggal Daftar",
            ("Tgl Daftar", "Tanggal Kepesertaan"),
            help="dd/mm/yyyy, yyyy-mm-dd atau tanggal Excel.",
            example="01/02/2015",
        ),
        Column(
            "active",
            "Status",
            ("Status Kepesertaan", "Keaktifan"),
            required=False,
            help="AKTIF (bawaan) atau TIDAK AKTIF.",
            example="AKTIF",
        ),
    ),
    needs_period=False,
    order=30,
    roles=(Role.PROVINCE_ADMIN, Role.BRANCH_OFFICER),
    keys=("npp",),
    region="kelurahan",
    check="semesta.imports.employers_import.check_employers",
    elsewhere="semesta.imports.ownership.employers_elsewhere",
    preview="semesta.imports.preview.employers",
    apply="semesta.imports.apply.apply_employers",
)

register(EMPLOYERS)
