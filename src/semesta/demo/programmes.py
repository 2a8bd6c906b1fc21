"""Jakarta Timur's "1 RW 100 pekerja rentan" programme as the articles describe it, with Monev."""

from __future__ import annotations

from datetime import date, timedelta

from semesta.programmes.attainment import periods
from semesta.programmes.models import Monev, Programme, Rhythm

DATA_ENDS = date(2026, 1, 1)  # the demo's extracts run to December 2025
SKIPPED = {("31.75.02", "2025-Q3")}  # one Monev never held, so the calendar shows it overdue


def create_programme() -> Programme:
    programme = Programme.objects.create(
        name="1 RW 100 Pekerja Rentan",
        owner_id="31.75",
        target_per_rw=100,
        aim_pct=50,
        start=date(2024, 1, 1),
        kecamatan_rhythm=Rhythm.QUARTER,
        kota_rhythm=Rhythm.SEMESTER,
        source="Pemkot Jakarta Timur dan BPJS Ketenagakerjaan Cabang Rawamangun, "
        "rakor 6 Februari 2024",
    )
    kecamatan = ["31.75.01", "31.75.02", "31.75.03"]  # Matraman, Pulogadung, Jatinegara
    programme.kecamatan.set(kecamatan)
    held = [(code, Rhythm.QUARTER) for code in kecamatan] + [("31.75", Rhythm.SEMESTER)]
    Monev.objects.bulk_create(
        Monev(
            programme=programme,
            region_id=code,
            period=label,
            held_on=ends + timedelta(days=18),
            notes="Rapat monitoring dan evaluasi bersama lurah dan BPJS Ketenagakerjaan.",
            recorded_by="demo",
        )
        for code, rhythm in held
        for label, ends in periods(rhythm, programme.start, DATA_ENDS)
        if (code, label) not in SKIPPED
    )
    return programme
