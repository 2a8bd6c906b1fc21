"""Award pages: a cycle's categories and rankings, a candidate's explanation and dossier PDF.

Rankings are computed over every candidate of a category, but each person sees only the
candidates in their region (one scoping, ``Candidate.objects.visible_to``), with their ranks.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from semesta.accounts.models import government_reader
from semesta.awards import services
from semesta.awards.criteria import criteria_of, describe, label, unit
from semesta.awards.models import GOVERNMENT_KINDS, Candidate, Cycle
from semesta.pdf import render_pdf


def _cycle(year: int) -> Cycle:
    cycle = Cycle.objects.filter(year=year).select_related("region").first()
    if cycle is None:
        raise Http404
    return cycle


def _candidates(user):
    """Candidates a person may see: their region's; for sponsors, governments' only.

    Employer candidates carry compliance indicators (participants, arrears, partial
    registration) that are for government and BPJS readers, not for other companies.
    """
    shown = Candidate.objects.visible_to(user)
    if not government_reader(user):
        shown = shown.filter(category__kind__in=GOVERNMENT_KINDS)
    return shown


@login_required
def cycles(request):
    """Every award cycle, newest first."""
    return render(request, "awards/cycles.html", {"cycles": Cycle.objects.select_related("region")})


@login_required
def cycle(request, year: int):
    """Categories with their rankings (or nominations, while open), limited to one's region."""
    found = _cycle(year)
    visible = set(
        _candidates(request.user).filter(category__cycle=found).values_list("pk", flat=True)
    )
    categories = found.categories.prefetch_related("candidates")
    if not government_reader(request.user):
        categories = categories.filter(kind__in=GOVERNMENT_KINDS)
    sections = []
    for category in categories:
        everyone = list(category.candidates.all())
        if found.is_closed:
            ranking = services.score_category(category)
            rows = [s for s in ranking.scored if s.ref.pk in visible]
            weights = ranking.weights
        else:
            rows = [c for c in everyone if c.pk in visible]
            weights = {}
        sections.append(
            {"category": category, "rows": rows, "total": len(everyone), "weights": weights}
        )
    return render(request, "awards/cycle.html", {"cycle": found, "sections": sections})


def _explained(request, year: int, pk: int) -> dict:
    found = get_object_or_404(
        _candidates(request.user).select_related(
            "category", "category__cycle", "region", "employer"
        ),
        pk=pk,
        category__cycle__year=year,
    )
    cycle = found.category.cycle
    context = {"cycle": cycle, "candidate": found, "category": found.category, "scored": None}
    if cycle.is_closed:
        ranking = services.score_category(found.category)
        scored = next(s for s in ranking.scored if s.ref.pk == found.pk)
        explanation = []
        for i, line in enumerate(scored.lines):
            raws = [s.lines[i].raw for s in ranking.scored if s.lines[i].raw is not None]
            explanation.append(
                {
                    "line": line,
                    "label": label(line.criterion),
                    "unit": unit(line.criterion),
                    "low": min(raws) if raws else None,
                    "high": max(raws) if raws else None,
                    "evidence": describe(found.evidence.get(line.criterion)),
                }
            )
        context |= {
            "scored": scored,
            "count": len(ranking.scored),
            "explanation": explanation,
            "total_weight": sum(ranking.weights.values()),
            "criteria_version": criteria_of(cycle).get("version"),
            "winner": scored.rank <= services.PLACES_AWARDED,
        }
    return context


@login_required
def candidate(request, year: int, pk: int):
    """A candidate's score explained: raw value, normalised, weight and points per criterion."""
    return render(request, "awards/candidate.html", _explained(request, year, pk))


@login_required
def dossier(request, year: int, pk: int):
    """The candidate's dossier as an A4 PDF with a cover (closed cycles only)."""
    context = _explained(request, year, pk)
    if context["scored"] is None:
        raise Http404
    pdf = render_pdf("awards/dossier.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"paritrana-{year}-{context['candidate'].code}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
