"""Jakarta Barat employers acting on SE Wali Kota 6 and 7/2025: 15 recognised (seed 002)."""

from __future__ import annotations

from datetime import date, timedelta

from semesta.employers.models import Employer, SeResponse
from semesta.legal.models import LegalProduct

BRANCHES = ("grogol", "graha", "cengkareng")
RECOGNISED_PER_BRANCH = 5  # 15 in all
RESPONDED_PER_BRANCH = 12  # others acted too, without a certificate yet


def create_responses() -> int:
    """Responses to both circulars; returns how many employers were recognised."""
    circulars = list(
        LegalProduct.objects.filter(region_id="31.73", number__in=["6/2025", "7/2025"])
    )
    recognised = 0
    for branch in BRANCHES:
        employers = Employer.objects.filter(branch_id=branch, size=Employer.Size.LARGE).order_by(
            "npp"
        )[:RESPONDED_PER_BRANCH]
        for i, employer in enumerate(employers):
            honoured = i < RECOGNISED_PER_BRANCH
            recognised += honoured
            for circular in circulars:
                SeResponse.objects.create(
                    employer=employer,
                    circular=circular,
                    responded_on=date(2025, 5, 2) + timedelta(days=7 * i),
                    action="Menanggung iuran BPU pekerja informal di sekitar usaha melalui CSR."
                    if circular.number == "6/2025"
                    else "Mendaftarkan seluruh pekerja dan upah sebenarnya.",
                    recognised_on=date(2025, 8, 18) if honoured else None,
                )
    return recognised
