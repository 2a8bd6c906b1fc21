"""Numbers a page prints for machines (ids in forms, batch numbers, years) come out as plain
digits in Indonesian too; only figures go through ``angka``. A roster whose workers had ids of
1,000 and more rendered them as "1.000" in the allocation form, and ticking them allocated no
one (PostgreSQL's ids pass 1,000 long before SQLite's test ids do)."""

from __future__ import annotations

import re
from datetime import date

from django.template import Context, Template
from django.utils import translation

from semesta.regions.models import Level, Region
from semesta.sponsorship.models import Allocation, Pledge, Sponsor
from semesta.workers.models import RosterStatus, RosterWorker

KEL = "31.75.01.1004"
RW = f"{KEL}.001"


def test_a_plain_integer_prints_without_a_thousand_separator_in_indonesian():
    with translation.override("id"):
        rendered = Template("{{ n }} {% load angka %}{{ n|angka }}").render(Context({"n": 1234567}))
    assert rendered == "1234567 1.234.567"


def test_workers_with_ids_past_a_thousand_are_ticked_and_allocated(personas, client):
    Region.objects.create(code=RW, name="RW 001", level=Level.RW, parent_id=KEL)
    sponsor = Sponsor.objects.create(code="CSR-001", name="PT Peduli", kind="csr")
    pledge = Pledge.objects.create(
        sponsor=sponsor,
        name="Ojol Palmeriam",
        region_id=KEL,
        start=date(2026, 1, 1),
        months=12,
        budget=10_000_000,
        created_by="officer_b",
    )
    ids = [12_345, 1_000_001]
    for n, pk in enumerate(ids, start=1):
        worker = RosterWorker.objects.create(
            pk=pk,
            region_id=RW,
            name=f"Warga {n}",
            nik_encrypted="-",
            nik_hash=bytes([n]) * 16,
            nik_masked=f"3175********{n:04d}",
        )
        RosterStatus.objects.create(worker=worker, period=date(2025, 12, 1), status="not_covered")
    client.force_login(personas["officer_b"])
    page = client.get(f"/wilayah/{RW}/pekerja-rentan/").content.decode()
    ticked = [int(v) for v in re.findall(r'name="worker" value="([^"]*)"', page)]
    assert sorted(ticked) == ids
    assert f'<option value="{pledge.pk}">' in page
    answer = client.post(
        f"/wilayah/{RW}/pekerja-rentan/alokasi/",
        {"pledge": pledge.pk, "worker": ticked},
        follow=True,
    )
    assert "2 pekerja dialokasikan" in answer.content.decode()
    assert sorted(Allocation.objects.values_list("worker_id", flat=True)) == ids
