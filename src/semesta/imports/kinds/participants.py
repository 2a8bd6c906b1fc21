"""The monthly participant extract from BPJS Ketenagakerjaan: one row per participation
(NIK × segment × NPP), millions of rows, read and checked inside the engine
(``semesta.imports.participants``) and applied as the month's snapshot."""

from __future__ import annotations

from semesta.accounts.models import Role
from semesta.imports.registry import KECAMATAN, KELURAHAN, NIK, Column, Kind, register

PARTICIPANTS = Kind(
    "participants",
    "Ekstrak peserta BPJS Ketenagakerjaan (bulanan)",
    (
        NIK,
        Column(
            "segment",
            "Segmen",
            ("Segmen Peserta", "Kategori", "Jenis Kepesertaan", "Program"),
            help="PU, BPU, JAKON atau PMI (juga: Penerima Upah, Bukan Penerima Upah, ...).",
            example="PU",
        ),
        Column(
            "status",
            "Status",
            ("Status Kepesertaan", "Status Peserta", "Keaktifan"),
            help="AKTIF atau TIDAK AKTIF (juga NONAKTIF).",
            example="AKTIF",
        ),
        Column(
            "npp",
            "NPP",
            ("Nomor Pendaftaran Perusahaan", "No NPP", "NPP Perusahaan"),
            required=False,
            help="Nomor pendaftaran pemberi kerja (untuk PU).",
        ),
        KELURAHAN,
        KECAMATAN,
        Column("rw", "RW", ("No RW", "Nomor RW"), required=False, help="Nomor RW domisili."),
        Column(
            "sponsor",
            "Sponsor",
            ("Penjamin", "Pembayar Iuran", "Kode Sponsor"),
            required=False,
            help="Kode penjamin iuran BPU (mis. APBD-DKI, CSR-001); kosong bila membayar sendiri.",
        ),
        Column(
            "registered_on",
            "Tanggal Daftar",
            ("Tgl Daftar", "Tanggal Kepesertaan", "Tanggal Registrasi", "Tgl Kepesertaan"),
            help="dd/mm/yyyy, yyyy-mm-dd atau tanggal Excel.",
            example="01/02/2024",
        ),
        Column(
            "paid_until",
            "Iuran Terakhir",
            ("Bulan Iuran Terakhir", "Tanggal Iuran Terakhir", "Bayar Terakhir"),
            required=False,
            help="Bulan iuran terakhir yang dibayar (mm/yyyy, yyyy-mm) atau tanggal akhir masa"
            " iurannya. Untuk BPU menentukan status: aktif sampai tiga bulan berturut-turut tanpa"
            " iuran.",
        ),
    ),
    order=10,
    roles=(Role.PROVINCE_ADMIN, Role.BRANCH_OFFICER),
    keys=("nik", "segment", "npp"),
    region="kelurahan",
    read_in_engine=True,
    check="semesta.imports.participants.check_participants",
    stage="semesta.imports.apply.stage_participants",
    preview="semesta.imports.preview.participants",
    apply="semesta.imports.apply.apply_participants",
    after_revert="semesta.imports.revert.refresh_participants",
)

register(PARTICIPANTS)
