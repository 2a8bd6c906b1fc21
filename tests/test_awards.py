"""Paritrana Award: freezing, scoring, ranking, the CLI and the pages, with known answers."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pypdfium2
import pytest
from django.core.management import call_command

from semesta.awards import services
from semesta.awards.models import Candidate
from semesta.awards.scoring import rank
from semesta.coverage.models import CoverageFact
from semesta.employers.models import Employer
from semesta.regions.models import Region
from tests.facts import fact

DEC_2023, DEC_2024 = date(2023, 12, 1), date(2024, 12, 1)
# kota: (coverage Dec 2023, Dec 2024) per 1,000 workers → Pusat leads, Barat grows most
KOTA = {"31.71": (600, 700), "31.73": (400, 580), "31.75": (500, 550)}


def _kelurahan(kota: str) -> str:
    return Region.objects.filter(level="kelurahan", code__startswith=f"{kota}.").first().code


def _employer(
    npp: str, kota: str, size: str = "large", sector: str = "Perdagangan dan jasa", **flags
) -> Employer:
    return Employer.objects.create(
        npp=npp,
        name=f"PT Contoh {npp}",
        kelurahan_id=_kelurahan(kota),
        sector=sector,
        size=size,
        registered_on=date(2020, 1, 1),
        **flags,
    )


@pytest.fixture
def cycle(personas):
    """The DKI 2025 cycle (assessing 2024) with three kota and three trade employers."""
    for period in (DEC_2023, DEC_2024):
        fact("31", 2_000_000, 4_000_000, period=period)
    for code, (before, after) in KOTA.items():
        fact(code, before, 1_000, period=DEC_2023)
        fact(code, after, 1_000, period=DEC_2024)
    cycle = services.create_cycle("31", 2025)
    kota = cycle.categories.get(code="kota")
    for code in KOTA:
        services.nominate(kota, code)
    trade = cycle.categories.get(code="sektor-perdagangan_jasa")
    _employer("1001", "31.71")
    _employer("1002", "31.75", pds_wages=True)
    _employer("1003", "31.75", pds_wages=True, pds_workers=True)
    for npp in ("1001", "1002", "1003"):
        services.nominate(trade, npp)
    return cycle


def _order(cycle, code: str = "kota") -> list[str]:
    ranking = services.score_category(cycle.categories.get(code=code))
    return [s.code for s in ranking.scored]


def test_it_ranks_the_same_frozen_inputs_the_same_way_every_time(cycle):
    services.close(cycle)
    assert _order(cycle) == _order(cycle) == ["31.71", "31.73", "31.75"]
    rows = [
        {"code": c.code, "name": c.name, "indicators": c.indicators}
        for c in Candidate.objects.filter(category__code="kota")
    ]
    weights = services.weights_for(cycle, "kota")
    assert [s.code for s in rank(rows, weights)] == [s.code for s in rank(rows[::-1], weights)]


def test_it_changes_the_ranking_when_a_weight_changes_as_the_explanation_says(cycle):
    services.close(cycle)
    cycle.weights = {"kota": {"coverage": 10, "coverage_growth": 60}}
    cycle.save()
    ranking = services.score_category(cycle.categories.get(code="kota"))
    assert [s.code for s in ranking.scored] == ["31.73", "31.71", "31.75"]
    barat = ranking.scored[0]
    growth = next(line for line in barat.lines if line.criterion == "coverage_growth")
    assert (growth.raw, growth.normalised, growth.weight) == (18.0, 100.0, 60.0)
    assert growth.points == round(100 * 60 / sum(ranking.weights.values()), 4)
    assert barat.total == round(sum(line.points for line in barat.lines), 4)


def test_it_breaks_ties_on_the_heaviest_criterion_then_the_next_then_the_code():
    weights = {"a": 50, "b": 30, "c": 20}
    rows = [
        {"code": "Z", "name": "z", "indicators": {"a": 0, "b": 1, "c": 1}},  # 0 + 30 + 20 = 50
        {"code": "Y", "name": "y", "indicators": {"a": 1, "b": 0, "c": 0}},  # 50 + 0 + 0 = 50
        {"code": "X", "name": "x", "indicators": {"a": 1, "b": 0, "c": 0}},  # same as Y
    ]
    ranked = rank(rows, weights)
    assert [(s.code, s.total, s.rank) for s in ranked] == [("X", 50, 1), ("Y", 50, 2), ("Z", 50, 3)]


def test_it_gives_nobody_points_for_a_criterion_everyone_scores_zero_on():
    rows = [{"code": c, "name": c, "indicators": {"a": 0, "b": v}} for c, v in (("P", 1), ("Q", 2))]
    ranked = rank(rows, {"a": 50, "b": 50})
    assert [line.normalised for s in ranked for line in s.lines if line.criterion == "a"] == [0, 0]
    assert [s.total for s in ranked] == [50, 0]


def test_it_scores_from_the_frozen_values_whatever_changes_afterwards(cycle):
    services.close(cycle)
    before = services.as_json(cycle, services.score(cycle))
    CoverageFact.objects.filter(region_code="31.75", period=DEC_2024).update(coverage_pct=99)
    Employer.objects.filter(npp="1003").update(pds_wages=False, pds_workers=False)
    cycle.refresh_from_db()
    assert services.as_json(cycle, services.score(cycle)) == before
    frozen = Candidate.objects.get(code="31.75")
    assert frozen.indicators["coverage"] == 55.0 and frozen.frozen_at is not None
    assert cycle.basis["period_start"] == "2023-12" and cycle.basis["period_end"] == "2024-12"
    assert cycle.criteria["version"] == "2025-07-01"


def test_it_refuses_to_score_an_open_cycle_or_close_one_twice(cycle):
    with pytest.raises(services.AwardError):
        services.score(cycle)
    services.close(cycle)
    with pytest.raises(services.AwardError):
        services.close(cycle)
    with pytest.raises(services.AwardError):
        services.nominate(cycle.categories.get(code="kota"), "31.72")


def test_it_puts_micro_small_employers_in_ukm_and_the_rest_in_their_sector_group(cycle):
    _employer("2001", "31.71", size="micro_small")
    _employer("2002", "31.71", sector="Jasa pendidikan")
    with pytest.raises(services.AwardError):
        services.nominate(cycle.categories.get(code="sektor-perdagangan_jasa"), "2001")
    with pytest.raises(services.AwardError):
        services.nominate(cycle.categories.get(code="sektor-perdagangan_jasa"), "2002")
    services.nominate(cycle.categories.get(code="ukm"), "2001")
    services.nominate(cycle.categories.get(code="sektor-pendidikan"), "2002")


def test_it_ranks_employers_on_compliance_without_snapshots(cycle):
    services.close(cycle)
    assert _order(cycle, "sektor-perdagangan_jasa") == ["1001", "1002", "1003"]
    assert Candidate.objects.get(code="1003").indicators["compliance"] == 1


def test_it_prints_the_ranking_as_json_on_the_command_line(cycle):
    call_command("award", "close", "--cycle", "2025", stdout=StringIO())
    out = StringIO()
    call_command("award", "score", "--cycle", "2025", "--json", stdout=out)
    printed = json.loads(out.getvalue())
    kota = next(c for c in printed["categories"] if c["code"] == "kota")
    assert [(r["rank"], r["code"], r["winner"]) for r in kota["ranking"]] == [
        (1, "31.71", True),
        (2, "31.73", True),
        (3, "31.75", True),
    ]
    assert {c["criterion"] for c in kota["ranking"][0]["criteria"]} == set(kota["weights"])
    assert printed["cycle"]["assessed_year"] == 2024


def test_it_prints_a_table_by_default(cycle, capsys):
    services.close(cycle)
    call_command("award", "score", "--cycle", "2025", "--category", "kota")
    assert "Jakarta Pusat" in capsys.readouterr().out


def test_it_shows_officers_only_the_candidates_of_their_region(client, cycle, personas):
    services.close(cycle)
    client.force_login(personas["officer_b"])
    page = client.get("/paritrana/2025/").content.decode()
    assert "Jakarta Timur" in page and "Jakarta Pusat" not in page
    pusat = Candidate.objects.get(code="31.71")
    for url in (
        f"/paritrana/2025/kandidat/{pusat.pk}/",
        f"/paritrana/2025/kandidat/{pusat.pk}/dosier.pdf",
    ):
        assert client.get(url).status_code == 404
    client.force_login(personas["nobody"])
    assert client.get(f"/paritrana/2025/kandidat/{pusat.pk}/").status_code == 404


def test_it_explains_a_candidates_score_to_the_province_admin(client, cycle, personas):
    services.close(cycle)
    client.force_login(personas["admin"])
    timur = Candidate.objects.get(code="31.75")
    page = client.get(f"/paritrana/2025/kandidat/{timur.pk}/").content.decode()
    assert "Jakarta Timur" in page and "Penjelasan skor" in page and "Juara 3" in page


def test_it_sends_anonymous_visitors_to_the_login_page(client, cycle):
    assert client.get("/paritrana/2025/").status_code == 302


def test_it_makes_a_dossier_pdf_with_the_candidate_name_and_a_cover(client, cycle, personas):
    services.close(cycle)
    client.force_login(personas["officer_a"])
    pusat = Candidate.objects.get(code="31.71")
    response = client.get(f"/paritrana/2025/kandidat/{pusat.pk}/dosier.pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(response.content)
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert len(pdf) >= 2 and "Jakarta Pusat" in text and "Juara 1" in text


def test_it_counts_an_employers_participants_from_the_december_snapshot(cycle):
    from semesta.coverage.services import register_snapshot, store
    from tests.snapshots import row, write

    rows = [dict(r, employer_npp="1002") for r in row("31.75.01.1001", 1, n=3)]
    rows += [dict(r, employer_npp="1002") for r in row("31.75.01.1001", 1, active=False)]
    rows += [dict(r, employer_npp="1001") for r in row("31.71.01.1001", 1, n=2)]
    register_snapshot(write(store(), "2024-12", rows), "test")
    services.close(cycle)
    assert Candidate.objects.get(code="1002").indicators["participants"] == 3
    assert Candidate.objects.get(code="1002").indicators["active_share"] == 75.0
    assert cycle.basis["snapshot"]["period"] == "2024-12"


def test_it_says_the_default_weights_are_not_official():
    from semesta.awards.criteria import default_criteria

    criteria = default_criteria()
    assert "NO OFFICIAL WEIGHTS ARE PUBLISHED" in criteria["about"]
    assert set(criteria["categories"]) == {"kota", "kelurahan", "sector", "ukm"}
