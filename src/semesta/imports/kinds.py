"""What each kind of import file holds: its columns, their Indonesian names and synonyms.

Header matching ignores case, spaces and punctuation, so ``No. KTP``, ``no ktp`` and ``NO_KTP``
are the same column. docs/imports.md lists them; a test keeps the two in step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str  # canonical name used in code
    label: str  # the Indonesian header Semesta writes and documents
    synonyms: tuple[str, ...] = ()
    required: bool = True
    help: str = ""


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    columns: tuple[Column, ...]
    needs_period: bool = True

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


NIK = Column(
    "nik",
    "NIK",
    ("No KTP", "Nomor KTP", "Nomor Induk Kependudukan", "No NIK", "NIK KTP"),
    help="16 digit; simpan sebagai teks di Excel agar digit terakhir tidak hilang.",
)
KELURAHAN = Column(
    "kelurahan",
    "Kode Kelurahan",
    ("Kelurahan", "Kode Kel", "Desa/Kelurahan", "Nama Kelurahan", "Kode Wilayah Kelurahan"),
    help="Kode Kemendagri (31.75.01.1004) atau nama kelurahan.",
)
KECAMATAN = Column(
    "kecamatan",
    "Kecamatan",
    ("Nama Kecamatan", "Kode Kecamatan"),
    required=False,
    help="Opsional; membantu bila nama kelurahan ada di lebih dari satu kecamatan.",
)

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
        ),
        Column(
            "status",
            "Status",
            ("Status Kepesertaan", "Status Peserta", "Keaktifan"),
            help="AKTIF atau TIDAK AKTIF (juga NONAKTIF).",
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
)

WORKFORCE = Kind(
    "workforce",
    "Penduduk bekerja per wilayah (penyebut cakupan)",
    (
        Column(
            "region",
            "Kode Wilayah",
            ("Wilayah", "Kode", "Nama Wilayah", "Kode Kemendagri"),
            help="Kode Kemendagri atau nama wilayah (kota, kecamatan, kelurahan, RW).",
        ),
        Column(
            "kind",
            "Jenis",
            ("Jenis Pekerja", "Kategori"),
            required=False,
            help="total (bawaan), formal atau informal.",
        ),
        Column(
            "value",
            "Jumlah",
            ("Penduduk Bekerja", "Jumlah Pekerja", "Nilai"),
            help="Bilangan bulat; titik ribuan boleh (1.234.567).",
        ),
        Column(
            "source", "Sumber", ("Sumber Data",), help="Asal angka, mis. BPS Sakernas Agustus 2024."
        ),
    ),
)

EMPLOYERS = Kind(
    "employers",
    "Daftar pemberi kerja (badan usaha) terdaftar",
    (
        Column(
            "npp",
            "NPP",
            ("Nomor Pendaftaran Perusahaan", "No NPP", "NPP Perusahaan"),
            help="Nomor pendaftaran pemberi kerja di BPJS Ketenagakerjaan.",
        ),
        Column(
            "name",
            "Nama Perusahaan",
            ("Nama Pemberi Kerja", "Nama Badan Usaha", "Perusahaan"),
            help="Nama resmi pemberi kerja.",
        ),
        Column(
            "kelurahan",
            "Kode Kelurahan",
            ("Kelurahan", "Lokasi", "Kode Wilayah Kelurahan"),
            help="Kelurahan lokasi usaha: kode Kemendagri atau nama.",
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
        ),
        Column(
            "active",
            "Status",
            ("Status Kepesertaan", "Keaktifan"),
            required=False,
            help="AKTIF (bawaan) atau TIDAK AKTIF.",
        ),
    ),
    needs_period=False,
)

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
        ),
        KELURAHAN,
        KECAMATAN,
        Column("rw", "RW", ("No RW", "Nomor RW"), help="Nomor RW tempat tinggal."),
        Column("rt", "RT", ("No RT", "Nomor RT"), required=False, help="Nomor RT (opsional)."),
        Column(
            "category",
            "Kategori",
            ("Kelompok", "Jenis Pekerjaan", "Pekerjaan"),
            required=False,
            help="Mis. Kader PKK, Jumantik, Ojol, Pedagang, Nelayan, Lainnya.",
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
)

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
        ),
        Column(
            "office",
            "Kantor",
            ("Wilayah Kantor", "Kode Wilayah Kantor", "Unit Kerja", "Lokasi Kerja"),
            help="Wilayah tempat bekerja: kode Kemendagri atau nama kota, kecamatan atau "
            "kelurahan.",
        ),
        KECAMATAN,
        NIK,
        Column(
            "name",
            "Nama",
            ("Nama Lengkap", "Nama Pegawai", "Nama Pekerja"),
            help="Nama sesuai KTP.",
        ),
        Column(
            "employment",
            "Jenis Pegawai",
            ("Status Kepegawaian", "Jenis Kepegawaian", "Jenis Kontrak"),
            help="PJLP, Kontrak kelurahan, Kontrak kecamatan atau Mitra pemerintah.",
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
)

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
        ),
        Column(
            "kind",
            "Jenis Manfaat",
            ("Manfaat", "Jenis Klaim", "Jenis Santunan"),
            help="Perawatan kecelakaan kerja, Santunan cacat, Santunan kematian karena "
            "kecelakaan kerja, Santunan kematian kepada ahli waris, Pencairan JHT atau Manfaat "
            "pensiun (juga: Perawatan, Cacat, Kematian, Klaim JHT, Pensiun).",
        ),
        Column(
            "paid_on",
            "Tanggal Bayar",
            ("Tanggal Dibayar", "Tgl Bayar", "Tanggal Pembayaran"),
            help="dd/mm/yyyy, yyyy-mm-dd atau tanggal Excel; tidak di masa depan.",
        ),
        Column(
            "amount",
            "Jumlah",
            ("Nominal", "Jumlah Manfaat", "Nilai Manfaat", "Jumlah (Rp)"),
            help="Rupiah: 42.000.000, Rp 42.000.000,00 atau 42000000.",
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
)

KINDS = {kind.key: kind for kind in (PARTICIPANTS, WORKFORCE, EMPLOYERS, ROSTER, STAFF, BENEFITS)}


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
