"""Region scoping: each persona sees their own subtree and nothing else."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from semesta.access import SYSTEM, covers, scope_roots
from semesta.accounts.audit import record
from semesta.accounts.models import AuditEvent, Membership, Role
from semesta.coverage.models import CoverageFact
from semesta.employers.models import Employer
from semesta.regions.models import Region
from tests.conftest import KOTA_A, KOTA_B


def codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


def test_it_shows_an_officer_of_one_kota_nothing_of_another(personas):
    visible = codes(Region.objects.visible_to(personas["officer_a"]))
    assert KOTA_A in visible and "31.71.01.1001" in visible
    assert not any(code.startswith(KOTA_B) for code in visible)
    assert "31" not in visible


def test_it_scopes_a_branch_officer_to_the_branch_kecamatan(personas):
    assert scope_roots(personas["branch"]) == ["31.75.01", "31.75.02"]
    visible = codes(Region.objects.visible_to(personas["branch"]))
    assert "31.75.01.1001" in visible and "31.75.03" not in visible


def test_it_shows_nothing_to_users_without_membership_or_login(personas, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert not Region.objects.visible_to(personas["nobody"]).exists()
    assert not Region.objects.visible_to(AnonymousUser()).exists()
    assert not Region.objects.visible_to(None).exists()
    personas["officer_a"].is_active = False
    assert not Region.objects.visible_to(personas["officer_a"]).exists()


def test_it_does_not_confuse_codes_that_share_a_prefix(personas):
    # 31.71 must not match 31.710..., only 31.71 and 31.71.*
    assert covers(personas["officer_a"], "31.71.01")
    assert not covers(personas["officer_a"], "31.710")
    assert not covers(personas["officer_a"], "31.7")


def test_it_scopes_facts_employers_and_audit_events_the_same_way(personas):
    month = date(2025, 1, 1)
    for code, parent in (("31.71", "31"), ("31.75", "31")):
        CoverageFact.objects.create(
            period=month,
            region_code=code,
            parent_code=parent,
            level="kota",
            segment="ALL",
            registered=1,
            active=1,
        )
    Employer.objects.create(npp="1", name="PT A", kelurahan_id="31.71.01.1001", registered_on=month)
    Employer.objects.create(npp="2", name="PT B", kelurahan_id="31.75.01.1001", registered_on=month)
    record(personas["admin"], AuditEvent.Action.EXPORT, region_code="31.75")
    officer = personas["officer_a"]
    facts = CoverageFact.objects.visible_to(officer).values_list("region_code", flat=True)
    assert list(facts) == ["31.71"]
    assert list(Employer.objects.visible_to(officer).values_list("npp", flat=True)) == ["1"]
    assert not AuditEvent.objects.visible_to(officer).filter(action="export").exists()
    assert AuditEvent.objects.visible_to(personas["officer_b"]).filter(action="export").exists()


def test_it_lets_the_server_operator_see_everything(personas):
    assert Region.objects.visible_to(SYSTEM).count() == Region.objects.count()


def test_it_anchors_each_officer_role_at_its_level(personas):
    user = personas["nobody"]
    with pytest.raises(ValidationError):
        Membership.objects.create(user=user, role=Role.KOTA_OFFICER, region_id="31.75.01")
    with pytest.raises(ValidationError):
        Membership.objects.create(user=user, role=Role.BRANCH_OFFICER, region_id="31.75")
    Membership.objects.create(user=user, role=Role.KECAMATAN_OFFICER, region_id="31.75.01")
    assert scope_roots(user) == ["31.75.01"]


def test_a_sponsor_sees_no_employer_response_to_a_circular_even_in_its_region(personas):
    from datetime import date

    from semesta.employers.models import Employer, SeResponse
    from semesta.legal.models import LegalProduct

    circular = LegalProduct.objects.create(
        kind="se", number="1/SE/2024", year=2024, issuer="Wali Kota", region_id="31.73",
        subject="Perlindungan pekerja rentan",
    )  # fmt: skip
    employer = Employer.objects.create(
        npp="20000001", name="PT Barat Jaya", kelurahan_id="31.73.01.1001",
        registered_on=date(2020, 1, 1),
    )  # fmt: skip
    SeResponse.objects.create(employer=employer, circular=circular, responded_on=date(2024, 5, 1))
    assert SeResponse.objects.visible_to(personas["admin"]).count() == 1
    assert SeResponse.objects.visible_to(personas["sponsor"]).count() == 0
