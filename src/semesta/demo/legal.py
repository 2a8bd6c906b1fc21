"""The legal chain behind DKI's coverage push, as DOMAIN.md and the source articles give it."""

from __future__ import annotations

from semesta.legal.models import LegalProduct

Kind = LegalProduct.Kind
CHAIN = [  # kind, number, year, issuer, region, subject (each based on the one before it)
    (
        Kind.INPRES,
        "2/2021",
        2021,
        "Presiden Republik Indonesia",
        None,
        "Optimalisasi pelaksanaan program Jaminan Sosial Ketenagakerjaan: gubernur dan "
        "bupati/wali kota menyusun regulasi dan mengalokasikan anggaran.",
    ),
    (
        Kind.SE_MINISTER,
        "842.2/5193/SJ",
        2021,
        "Menteri Dalam Negeri",
        None,
        "Pendataan berbasis NIK dan penganggaran jaminan sosial ketenagakerjaan dalam RKPD/APBD.",
    ),
    (
        Kind.PERGUB,
        "15/2023",
        2023,
        "Gubernur DKI Jakarta",
        "31",
        "Optimalisasi pelaksanaan program Jaminan Sosial Ketenagakerjaan di Provinsi DKI Jakarta.",
    ),
]
BELOW_PERGUB = [
    (
        Kind.SE,
        "e-0001/SE/2024",
        2024,
        "Wali Kota Jakarta Timur",
        "31.75",
        "Program satu RW seratus pekerja rentan menjadi peserta BPJS Ketenagakerjaan.",
    ),
    (
        Kind.KEPWAL,
        "e-0009/2024",
        2024,
        "Wali Kota Jakarta Timur",
        "31.75",
        "Tim monitoring dan evaluasi perlindungan jaminan sosial ketenagakerjaan.",
    ),
    (
        Kind.SE,
        "6/2025",
        2025,
        "Wali Kota Jakarta Barat",
        "31.73",
        "Pencegahan kemiskinan ekstrem: perusahaan menanggung iuran pekerja informal melalui CSR.",
    ),
    (
        Kind.SE,
        "7/2025",
        2025,
        "Wali Kota Jakarta Barat",
        "31.73",
        "Perlindungan jaminan sosial ketenagakerjaan.",
    ),
]


def create_legal_products() -> int:
    """The chain, each product resting on the one before; the city circulars on the Pergub."""
    previous = None
    for kind, number, year, issuer, region, subject in CHAIN + BELOW_PERGUB:
        created = LegalProduct.objects.create(
            kind=kind,
            number=number,
            year=year,
            issuer=issuer,
            region_id=region,
            subject=subject,
            based_on=previous,
        )
        if number in {n for _, n, *_ in CHAIN}:
            previous = created
    return len(CHAIN) + len(BELOW_PERGUB)
