"""The demo's collaboration: the DKI MoU of October 2024 with 17 dinas and their commitments,
socialisation events in Jakarta Timur and Jakarta Barat RWs, non-ASN rosters for a few agencies
and a handful of benefits paid to sponsored workers."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pyarrow as pa
from django.conf import settings

from semesta.access import subtree_q, within
from semesta.accounts.models import User
from semesta.collaboration import staff
from semesta.collaboration.benefits import record_benefit
from semesta.collaboration.models import (
    AgencyWorker,
    Agreement,
    Commitment,
    CommitmentUpdate,
    Event,
    Party,
)
from semesta.coverage.models import Snapshot
from semesta.demo.population import SEGMENTS, People
from semesta.legal.models import LegalProduct
from semesta.nik import encrypt_niks, mask_nik, nik_hash
from semesta.regions.models import Level, Region
from semesta.sponsorship.models import Allocation
from semesta.workers.models import Category, RosterStatus

SIGNED = date(2024, 10, 23)  # seed 003: the MoU discussed with 17 dinas, 23 October 2024
DINAS = [  # code, name
    ("disnakertransgi", "Dinas Tenaga Kerja, Transmigrasi dan Energi"),
    ("dishub", "Dinas Perhubungan"),
    ("dinsos", "Dinas Sosial"),
    ("ppkukm", "Dinas Perindustrian, Perdagangan, Koperasi, Usaha Kecil dan Menengah"),
    ("kpkp", "Dinas Ketahanan Pangan, Kelautan dan Pertanian"),
    ("dlh", "Dinas Lingkungan Hidup"),
    ("binamarga", "Dinas Bina Marga"),
    ("sda", "Dinas Sumber Daya Air"),
    ("disdik", "Dinas Pendidikan"),
    ("dinkes", "Dinas Kesehatan"),
    ("dppapp", "Dinas Pemberdayaan, Perlindungan Anak dan Pengendalian Penduduk"),
    ("dukcapil", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("disparekraf", "Dinas Pariwisata dan Ekonomi Kreatif"),
    ("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
    ("distamhut", "Dinas Pertamanan dan Hutan Kota"),
    ("citata", "Dinas Cipta Karya, Tata Ruang dan Pertanahan"),
    ("diskominfotik", "Dinas Komunikasi, Informatika dan Statistik"),
]
OTHERS = [  # code, name, kind, region
    ("bpjstk-dki", "BPJS Ketenagakerjaan Kanwil DKI Jakarta", Party.Kind.BPJS, "31"),
    ("pemprov-dki", "Pemerintah Provinsi DKI Jakarta", Party.Kind.PROVINCE, "31"),
    ("pemkot-jakpus", "Pemerintah Kota Administrasi Jakarta Pusat", Party.Kind.KOTA, "31.71"),
    ("pemkot-jakbar", "Pemerintah Kota Administrasi Jakarta Barat", Party.Kind.KOTA, "31.73"),
    ("pemkot-jaktim", "Pemerintah Kota Administrasi Jakarta Timur", Party.Kind.KOTA, "31.75"),
]
STAFF = [  # party, office kota, employment, workers, share already registered
    ("dlh", "31.75", "pjlp", 420, 0.8),
    ("dishub", "31.73", "pjlp", 180, 0.6),
    ("pemkot-jakpus", "31.71", "kelurahan", 260, 0.9),
]
EVENTS = [  # RW, date, title, organiser, audience, attendance
    (
        "31.75.01.1004.003",
        date(2025, 2, 12),
        "Sosialisasi BPJS Ketenagakerjaan untuk pengurus RT/RW",
        "pemkot-jaktim",
        "rt_rw",
        45,
    ),
    (
        "31.75.01.1001.002",
        date(2025, 3, 5),
        "Jamsostek untuk kader PKK dan Posyandu",
        "pemkot-jaktim",
        "cadres",
        60,
    ),
    (
        "31.75.03.1002.004",
        date(2025, 4, 16),
        "Ojol terlindungi: pendaftaran di pangkalan",
        "bpjstk-dki",
        "ojol",
        85,
    ),
    (
        "31.75.02.1003.006",
        date(2025, 5, 21),
        "Sosialisasi pedagang Pasar Pulogadung",
        "ppkukm",
        "market",
        70,
    ),
    (
        "31.75.01.1006.001",
        date(2025, 6, 11),
        "1 RW 100 pekerja rentan: jemput bola",
        "pemkot-jaktim",
        "public",
        120,
    ),
    (
        "31.75.03.1005.002",
        date(2025, 8, 6),
        "Guru ngaji dan marbot terlindungi",
        "bpjstk-dki",
        "religious",
        40,
    ),
    (
        "31.73.04.1001.003",
        date(2025, 3, 19),
        "SE Wali Kota 7/2025: perlindungan pekerja informal",
        "pemkot-jakbar",
        "umkm",
        55,
    ),
    (
        "31.73.02.1002.005",
        date(2025, 5, 7),
        "Sosialisasi pedagang pasar Tanjung Duren",
        "ppkukm",
        "market",
        35,
    ),
    ("31.73.05.1003.002", date(2025, 7, 23), "Ojol dan kurir Kebon Jeruk", "dishub", "ojol", 95),
    (
        "31.73.01.1004.004",
        date(2025, 9, 17),
        "Kader Dasawisma Cengkareng",
        "pemkot-jakbar",
        "cadres",
        50,
    ),
]
BENEFITS = [  # programme, kind, paid on, amount
    ("JKM", "death", date(2026, 3, 9), 42_000_000),
    ("JKM", "death", date(2026, 7, 21), 42_000_000),
    ("JKK", "accident", date(2026, 2, 17), 8_750_000),
    ("JKK", "accident", date(2026, 5, 4), 3_200_000),
    ("JKK", "disability", date(2026, 8, 26), 61_600_000),
    ("JKK", "death_work", date(2026, 9, 30), 70_000_000),
]


def create_collaboration(people: People, hashes: pa.ChunkedArray, geo, rng) -> dict:
    """Parties, the MoU and its commitments, events, non-ASN rosters and benefits."""
    parties = _parties()
    agreement = _agreement(parties)
    events = _events(parties)
    workers = _staff(people, hashes, geo, parties, rng)
    commitments = _commitments(agreement, parties)
    benefits = _benefits()
    return {
        "dinas": len(DINAS),
        "commitments": commitments,
        "events": events,
        "non_asn_workers": workers,
        "benefits": benefits,
    }


def _parties() -> dict[str, Party]:
    parties = {
        code: Party.objects.create(code=code, name=name, kind=Party.Kind.DINAS, region_id="31")
        for code, name in DINAS
    }
    for code, name, kind, region in OTHERS:
        parties[code] = Party.objects.create(code=code, name=name, kind=kind, region_id=region)
    parties["dishub"].members.add(User.objects.get(username="petugas.dishub"))  # demo/accounts
    return parties


def _agreement(parties: dict[str, Party]) -> Agreement:
    product = LegalProduct.objects.create(
        kind=LegalProduct.Kind.MOU,
        number="Demo NK/UCJ/X/2024",
        year=2024,
        issued_on=SIGNED,
        issuer="Pemerintah Provinsi DKI Jakarta dan BPJS Ketenagakerjaan Kanwil DKI Jakarta",
        region_id="31",
        subject="Nota Kesepakatan Sinergi tentang Universal Coverage Jaminan Sosial "
        "Ketenagakerjaan di Wilayah DKI Jakarta",
        based_on=LegalProduct.objects.filter(kind=LegalProduct.Kind.PERGUB).first(),
    )
    agreement = Agreement.objects.create(
        product=product, title="Nota Kesepakatan Sinergi UCJ DKI Jakarta", signed_on=SIGNED
    )
    agreement.parties.set(parties.values())
    return agreement


def _covered(region: str, category: str | None = None) -> int:
    latest = RosterStatus.objects.order_by("-period").values_list("period", flat=True).first()
    rows = RosterStatus.objects.filter(
        subtree_q("worker__region__code", [region]), period=latest, status="covered"
    )
    return rows.filter(worker__category=category).count() if category else rows.count()


def _commitments(agreement: Agreement, parties: dict[str, Party]) -> int:
    drivers = _covered("31.75", Category.DRIVER)
    staff_dlh = AgencyWorker.objects.filter(party=parties["dlh"]).count()
    staff_jp = AgencyWorker.objects.filter(party=parties["pemkot-jakpus"]).count()
    rows = [  # party, region, text, indicator, extra, target, deadline
        (
            "disnakertransgi",
            "31",
            "UCJ DKI 65 %: 2,7 juta pekerja terlindungi akhir 2024",
            "segment",
            {"segment": "ALL"},
            2_700_000,
            date(2024, 12, 31),
        ),
        (
            "disnakertransgi",
            "31",
            "UCJ DKI 66 % pada 2026 (target Kemendagri 2025 berlanjut)",
            "segment",
            {"segment": "ALL"},
            2_730_000,
            date(2026, 12, 31),
        ),
        (
            "ppkukm",
            "31",
            "Daftarkan pedagang pasar dan pelaku UMKM binaan sebagai peserta BPU",
            "segment",
            {"segment": "BPU"},
            480_000,
            date(2026, 12, 31),
        ),
        (
            "pemkot-jaktim",
            "31.75",
            "1 RW 100 pekerja rentan di 248 RW: 24.800 terlindungi",
            "roster",
            {},
            24_800,
            date(2026, 12, 31),
        ),
        (
            "dishub",
            "31.75",
            "Daftarkan pengemudi ojek/ojol berizin di RW program Jakarta Timur",
            "roster",
            {"category": Category.DRIVER, "baseline": 0},
            int(drivers * 1.5) or 100,
            date(2026, 12, 31),
        ),
        (
            "dlh",
            "31",
            "Seluruh PJLP Dinas Lingkungan Hidup terlindungi (APBD)",
            "staff",
            {"baseline": 0},
            staff_dlh,
            date(2026, 12, 31),
        ),
        (
            "pemkot-jakpus",
            "31.71",
            "Perangkat kelurahan, kecamatan dan non-ASN terlindungi",
            "staff",
            {"baseline": 0},
            staff_jp,
            date(2026, 12, 31),
        ),
        (
            "dinsos",
            "31",
            "Anggarkan APBD untuk iuran 5.000 pekerja rentan miskin ekstrem",
            "reported",
            {"baseline": 0},
            5_000,
            date(2026, 12, 31),
        ),
        (
            "dukcapil",
            "31",
            "Serahkan data domisili NIK untuk pencocokan bulanan",
            "reported",
            {"baseline": 0},
            1,
            date(2025, 6, 30),
        ),
        (
            "diskominfotik",
            "31",
            "Kampanye Jamsostek di kanal Pemprov (JAKI, media sosial)",
            "reported",
            {"baseline": 0},
            12,
            date(2026, 12, 31),
        ),
        (
            "disdik",
            "31",
            "Lindungi guru honorer dan tenaga kependidikan non-ASN",
            "reported",
            {"baseline": 0},
            8_000,
            date(2026, 12, 31),
        ),
        (
            "kpkp",
            "31",
            "Daftarkan nelayan dan petani kota binaan",
            "reported",
            {"baseline": 0},
            3_000,
            date(2026, 12, 31),
        ),
        (
            "bpjstk-dki",
            "31",
            "Layanan jemput bola di setiap kecamatan program",
            "reported",
            {"baseline": 0},
            44,
            date(2026, 12, 31),
        ),
    ]
    rows += [
        (
            code,
            "31",
            "Data pekerja mitra dan non-ASN diserahkan untuk dicocokkan",
            "reported",
            {"baseline": 0},
            1,
            date(2026, 12, 31),
        )
        for code, _ in DINAS
        if code
        in {"binamarga", "sda", "dinkes", "dppapp", "disparekraf", "dpmptsp", "distamhut", "citata"}
    ]
    made = []
    for party, region, text, indicator, extra, target, deadline in rows:
        made.append(
            Commitment.objects.create(
                agreement=agreement,
                party=parties[party],
                region_id=region,
                text=text,
                indicator=indicator,
                target=target,
                deadline=deadline,
                **extra,
            )
        )
    reports = [  # party, text start, when, value, note
        (
            "dinsos",
            "Anggarkan APBD untuk",
            date(2025, 2, 14),
            1_800,
            "APBD 2025 tahap 1: 1.800 pekerja rentan miskin ekstrem",
        ),
        (
            "dinsos",
            "Anggarkan APBD untuk",
            date(2025, 9, 30),
            3_400,
            "APBD-P 2025 menambah 1.600 pekerja",
        ),
        (
            "dukcapil",
            "Serahkan data domisi",
            date(2025, 5, 20),
            1,
            "Data domisili diserahkan lewat Perjanjian Kerja Sama pemanfaatan data",
        ),
        (
            "diskominfotik",
            "Kampanye Jamsostek d",
            date(2025, 12, 15),
            9,
            "9 kampanye: JAKI, Instagram, videotron",
        ),
        ("bpjstk-dki", "Layanan jemput bola ", date(2025, 11, 3), 31, "31 kecamatan dilayani"),
    ]
    for party, start, when, value, note in reports:
        CommitmentUpdate.objects.create(
            commitment=next(c for c in made if c.party_id == party and c.text.startswith(start)),
            at=datetime(when.year, when.month, when.day, 3, tzinfo=UTC),
            by=f"petugas.{party}",
            value=value,
            note=note,
        )
    return len(made)


def _events(parties: dict[str, Party]) -> int:
    made = 0
    for wanted, held_on, title, organiser, audience, attendance in EVENTS:
        # The RW if the demo's geography has it, else the kelurahan's first RW.
        rw = (
            Region.objects.filter(level=Level.RW).filter(code__in=[wanted]).first()
            or Region.objects.filter(level=Level.RW, parent_id=wanted.rpartition(".")[0])
            .order_by("code")
            .first()
        )
        if rw is None:
            continue
        Event.objects.create(
            held_on=held_on,
            region=rw,
            title=title,
            organiser=parties[organiser],
            audience=audience,
            attendance=attendance,
            created_by="petugas.jaktim",
            notes="Daftar hadir dan foto disimpan di kelurahan.",
        )
        made += 1
    return made


def _staff(people: People, hashes, geo, parties: dict[str, Party], rng) -> int:
    """Non-ASN rosters: some already registered (their NIKs from the extracts), the rest not."""
    bpu = people.segment == SEGMENTS.index("BPU")
    kelurahan = np.array(geo.kelurahan)
    rows = []
    for party, kota, employment, count, share in STAFF:
        offices = [i for i, code in enumerate(geo.kelurahan) if within(code, kota)]
        pool = np.flatnonzero(bpu & np.isin(people.kelurahan, offices))
        chosen = rng.choice(pool, int(count * share), replace=False)
        for i in chosen:
            nik = f"{int(people.nik[i]):016d}"
            rows.append((party, kelurahan[people.kelurahan[i]], employment, nik, hashes[i].as_py()))
        for _ in range(count - len(chosen)):
            office = kelurahan[rng.choice(offices)]
            nik = f"{office[:2]}{office[3:5]}{office[6:8]}{int(rng.integers(1, 29)):02d}" + (
                f"{int(rng.integers(1, 13)):02d}{int(rng.integers(70, 100)):02d}"
                f"{int(rng.integers(5000, 9999)):04d}"
            )
            rows.append((party, office, employment, nik, None))
    key = bytes.fromhex(settings.NIK_HASH_KEY)
    seen: set[bytes] = set()
    tokens = encrypt_niks([r[3] for r in rows], settings.NIK_ENCRYPTION_KEY.encode())
    objects = []
    for n, ((party, office, employment, nik, digest), token) in enumerate(
        zip(rows, tokens, strict=True)
    ):
        digest = digest or nik_hash(nik, key)
        if digest in seen:
            continue
        seen.add(digest)
        objects.append(
            AgencyWorker(
                party=parties[party],
                office_id=office,
                name=f"Pegawai non-ASN {n + 1}",
                nik_encrypted=token,
                nik_hash=digest,
                nik_masked=mask_nik(nik),
                employment=employment,
            )
        )
    AgencyWorker.objects.bulk_create(objects, batch_size=2000)
    for period in Snapshot.objects.order_by("-period").values_list("period", flat=True)[:3]:
        staff.match_month(period)
    return len(objects)


def _benefits() -> int:
    """Benefits paid in 2026 to workers the Forum CSR Jakarta Pusat sponsors."""
    allocations = list(
        Allocation.objects.filter(ended__isnull=True)
        .select_related("worker")
        .order_by("pk")[: len(BENEFITS) * 97 : 97]
    )
    for allocation, (programme, kind, paid_on, amount) in zip(allocations, BENEFITS, strict=False):
        record_benefit(
            programme=programme,
            kind=kind,
            paid_on=paid_on,
            amount=amount,
            by="cabang.salemba",
            worker=allocation.worker,
            source="import",
        )
    return min(len(allocations), len(BENEFITS))
