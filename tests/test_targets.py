"""Setting targets: officers within their region, history kept, facts' gaps refreshed."""

from __future__ import annotations

from datetime import date

import pytest

from semesta.coverage.models import CoverageFact, Target
from tests.facts import fact


@pytest.fixture
def timur(personas):
    for month in (date(2025, 6, 1), date(2025, 7, 1)):
        fact("31.75", 600, 1_200, month, 700)
    return personas


def post(client, code="31.75", **data):
    form = {
        "kind": "pct",
        "value": "60",
        "deadline": "2025-12-31",
        "source": "SE Wali Kota 2025",
        "periode": "2025-07",
        **data,
    }
    return client.post(f"/wilayah/{code}/target/", form)


def test_it_sets_a_target_and_refreshes_the_gap_without_recomputing(client, timur):
    client.force_login(timur["officer_b"])
    assert post(client).status_code == 302
    july = CoverageFact.objects.get(region_code="31.75", period=date(2025, 7, 1))
    assert (july.target_count, july.gap) == (720, 120)  # 60 % of 1,200, minus 600 active


def test_it_keeps_the_replaced_target_as_history(client, timur):
    client.force_login(timur["officer_b"])
    post(client)
    post(client, kind="count", value="1000", declared_pct="83")
    assert Target.objects.filter(region_id="31.75").count() == 2
    current = Target.objects.current().get(region_id="31.75")
    assert (current.kind, current.set_by) == ("count", "officer_b")
    assert CoverageFact.objects.get(region_code="31.75", period=date(2025, 7, 1)).gap == 400
    page = client.get("/wilayah/31.75/?periode=2025-07").content.decode()
    assert "diganti" in page and "berlaku" in page


def test_it_refuses_targets_outside_ones_region_or_role(client, timur):
    client.force_login(timur["officer_a"])
    assert post(client).status_code == 404
    client.force_login(timur["sponsor"])
    assert post(client, code="31.73").status_code == 403
    assert not Target.objects.exists()


def test_it_refuses_a_percentage_above_100(client, timur):
    client.force_login(timur["officer_b"])
    post(client, value="150")
    assert not Target.objects.exists()


def test_it_shows_the_new_gap_at_once_although_pages_are_cached(client, timur):
    client.force_login(timur["officer_b"])
    post(client)
    assert "120" in client.get("/wilayah/31.75/?periode=2025-07").content.decode()
    post(client, value="70")  # 70 % of 1,200 = 840: the gap becomes 240
    page = client.get("/wilayah/31.75/?periode=2025-07").content.decode()
    assert 'id="gap">240<' in page
