"""Jakarta Pusat's vulnerable and extreme-poor workers covered by company CSR: 5,799 of them."""

from __future__ import annotations

from datetime import date

from semesta.access import SYSTEM
from semesta.accounts.models import User
from semesta.sponsorship.models import Pledge, Sponsor
from semesta.sponsorship.services import allocate

COVERED_BY_CSR = 5_799  # Jakarta Pusat, source article 000


def create_pledges() -> int:
    """The Forum CSR Jakarta Pusat's 2026 pledge with 5,799 roster workers allocated by rule."""
    sponsor = Sponsor.objects.create(code="CSR-JP", name="Forum CSR Jakarta Pusat", kind="csr")
    sponsor.members.add(User.objects.get(username="sponsor.jakpus"))
    pledge = Pledge.objects.create(
        sponsor=sponsor,
        name="Perlindungan pekerja rentan dan miskin ekstrem 2026",
        region_id="31.71",
        start=date(2026, 1, 1),
        months=12,
        budget=900_000_000,
        created_by="petugas.jakpus",
    )
    return allocate(pledge, SYSTEM, COVERED_BY_CSR, pledge.start, by="petugas.jakpus")
