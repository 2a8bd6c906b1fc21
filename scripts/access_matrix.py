"""Every route × every demo persona: does anyone reach what is not theirs?

    SEMESTA_DATA_DIR=var .venv/bin/python scripts/access_matrix.py [--post] [--json]

The routes come from the URLconf and the API's OpenAPI schema, never from a hand list: a route
with a parameter this script cannot fill makes it fail, so a new route is checked the day it is
added. For each persona and route, the parameters are filled with objects that are *not* the
persona's, judged from plain facts (the persona's membership regions, a pledge's sponsor, a
commitment's party) rather than by asking the access core it is checking. Any answer that serves
such an object (2xx, or a redirect after a POST) is a leak. ``--post`` also sends an empty POST to
every route (it may change the demo if there is a leak: run it on a copy). Exit status 1 on leaks.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "semesta.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import URLPattern, URLResolver, get_resolver  # noqa: E402

from semesta.access import subtree_q  # noqa: E402
from semesta.accounts.models import Membership, Role, User  # noqa: E402
from semesta.accounts.tokens import issue  # noqa: E402
from semesta.api.urls import api  # noqa: E402
from semesta.awards.models import Candidate, Cycle  # noqa: E402
from semesta.businesses.models import Business  # noqa: E402
from semesta.collaboration.models import (  # noqa: E402
    Agreement,
    Commitment,
    CommitmentUpdate,
    Event,
    Party,
)
from semesta.employers.models import Employer, SeResponse  # noqa: E402
from semesta.imports.models import ImportBatch  # noqa: E402
from semesta.legal.models import LegalProduct  # noqa: E402
from semesta.programmes.models import Programme  # noqa: E402
from semesta.regions.models import BranchOffice, Region  # noqa: E402
from semesta.reports.models import Report  # noqa: E402
from semesta.sponsorship.models import Allocation, Pledge  # noqa: E402

SAMPLES = 2  # foreign objects tried per route and persona
UNFILLED: set[str] = set()  # routes with parameters this script does not know how to fill
SKIPPED_PREFIXES = ("admin/", "i18n/", "api/v1/")  # admin: staff only; api: from its schema


@dataclass
class Persona:
    user: User
    roots: set[str]
    roles: set[str]

    def owns(self, code: str | None) -> bool:
        """Whether a region code is in, above or below one of the persona's regions."""
        if code is None:
            return True
        return any(
            code == r or code.startswith(f"{r}.") or r.startswith(f"{code}.") for r in self.roots
        )

    @property
    def only(self) -> set[str]:
        return self.roles


def persona(user: User) -> Persona:
    roots, roles = set(), set()
    for m in Membership.objects.filter(user=user):
        roles.add(m.role)
        if m.region_id:
            roots.add(m.region_id)
        elif m.branch_id:
            branch = BranchOffice.objects.get(pk=m.branch_id)
            roots.update(branch.kecamatan.values_list("code", flat=True))
        else:  # a national role (Kemendagri, BPJS head office): every province
            roots.update(Region.objects.filter(parent=None).values_list("code", flat=True))
    return Persona(user, roots, roles)


def _sponsor_only(p: Persona) -> bool:
    return p.roles == {Role.CSR_SPONSOR}


def _agency_only(p: Persona) -> bool:
    return p.roles == {Role.AGENCY_OFFICER}


def _reader_only(p: Persona) -> bool:
    return p.roles <= {Role.VIEWER, Role.AGENCY_OFFICER}


def _officer(p: Persona) -> bool:
    return bool(p.roles - {Role.VIEWER, Role.AGENCY_OFFICER, Role.CSR_SPONSOR})


def foreign_pledges(p: Persona):
    rows = Pledge.objects.all()
    if _reader_only(p):
        return rows  # viewers and dinas officers see no sponsored workers at all
    if _sponsor_only(p):
        return rows.exclude(sponsor__members=p.user)
    return [x for x in rows if not p.owns(x.region_id)]


def foreign_commitments(p: Persona):
    mine = set(Party.objects.filter(members=p.user).values_list("pk", flat=True))
    return [
        c
        for c in Commitment.objects.all()
        if not p.owns(c.region_id) or (_agency_only(p) and c.party_id not in mine)
    ]


def _owned(p: Persona) -> Q:
    """Rows whose kelurahan lies in one of the persona's regions (a plain prefix filter)."""
    return subtree_q("kelurahan__code", sorted(p.roots))


def _regions(p: Persona) -> Iterator[Region]:
    for level in ("kota", "kecamatan", "kelurahan", "rw"):
        found = [r for r in Region.objects.filter(level=level)[:400] if not p.owns(r.code)]
        yield from found[:1]


def _outside(rows, code_of: Callable) -> Callable[[Persona], list]:
    return lambda p: [x for x in rows() if not p.owns(code_of(x))]


def _kwargs_by_object(name: str) -> Callable | None:
    """How to fill a route's parameters with objects foreign to a persona, by route name."""
    pk = lambda x: {"pk": x.pk}  # noqa: E731
    pledge = (foreign_pledges, pk)
    by_name = {
        "sponsorship:detail": pledge,
        "sponsorship:allocate": pledge,
        "sponsorship:statement": pledge,
        "sponsorship:statement_pdf": pledge,
        "sponsorship:workers_export": (foreign_pledges, lambda x: {"pk": x.pk, "fmt": "csv"}),
        "sponsorship:undo": None,
        "sponsorship:end": (
            lambda p: [
                a for a in Allocation.objects.filter(pledge__in=list(foreign_pledges(p))[:5])[:5]
            ],
            lambda a: {"pk": a.pledge_id, "allocation": a.pk},
        ),
        "imports:batch": (_outside(ImportBatch.objects.all, lambda b: b.region_code), pk),
        "imports:error_report": (_outside(ImportBatch.objects.all, lambda b: b.region_code), pk),
        "imports:decide": (_outside(ImportBatch.objects.all, lambda b: b.region_code), pk),
        "programmes:detail": (
            lambda p: [
                x
                for x in Programme.objects.all()
                if not any(p.owns(k) for k in x.kecamatan.values_list("code", flat=True))
            ],
            pk,
        ),
        "programmes:monev": None,  # filled below like programmes:detail
        "programmes:plan": None,
        "reports:pdf": (_outside(Report.objects.all, lambda r: r.region_id), pk),
        "reports:xlsx": (_outside(Report.objects.all, lambda r: r.region_id), pk),
        "awards:candidate": (
            _outside(
                Candidate.objects.select_related("category__cycle").all, lambda c: c.region_id
            ),
            lambda c: {"year": c.category.cycle.year, "pk": c.pk},
        ),
        "awards:dossier": None,
        "awards:cycle": (
            _outside(Cycle.objects.all, lambda c: c.region_id),
            lambda c: {"year": c.year},
        ),
        "collaboration:agreement": (
            _outside(
                Agreement.objects.select_related("product").all, lambda a: a.product.region_id
            ),
            pk,
        ),
        "collaboration:new_commitment": None,
        "collaboration:commitment": (foreign_commitments, pk),
        "collaboration:update": None,
        "collaboration:evidence": (
            lambda p: list(
                CommitmentUpdate.objects.filter(
                    commitment__in=[c.pk for c in foreign_commitments(p)]
                )[:5]
            ),
            pk,
        ),
        "collaboration:event": (_outside(Event.objects.all, lambda e: e.region_id), pk),
        "collaboration:attachment": None,
        "collaboration:new_agreement": (
            _outside(LegalProduct.objects.filter(region__isnull=False).all, lambda x: x.region_id),
            lambda x: {"product": x.pk},
        ),
        # The document of a legal product is public law, like the product (see PUBLIC).
        "coverage:legal_document": (lambda p: [], lambda x: {"pk": x.pk}),
        # The API docs' two static files: no region data behind them.
        "api_docs_asset": (lambda p: [], lambda x: {"name": x}),
        "employers:detail": (
            _outside(Employer.objects.all, lambda e: e.kelurahan_id),
            lambda e: {"npp": e.npp},
        ),
        "employers:respond": None,
        "businesses:status": (
            lambda p: (
                list(Business.objects.exclude(_owned(p))[:5])
                if not _reader_only(p)
                else list(Business.objects.all()[:5])
            ),
            lambda b: {"nib": b.nib},
        ),
        # A signed token names its own user: another person's token is refused by signature.
        "digests:unsubscribe": (lambda p: ["not-a-valid-token"], lambda t: {"token": t}),
        "employers:evidence": (
            _outside(
                SeResponse.objects.select_related("employer").all, lambda r: r.employer.kelurahan_id
            ),
            lambda r: {"npp": r.employer.npp, "pk": r.pk},
        ),
    }
    same_as = {
        "programmes:monev": "programmes:detail",
        "programmes:plan": "programmes:detail",
        "sponsorship:undo": "sponsorship:end",
        "awards:dossier": "awards:candidate",
        "collaboration:new_commitment": "collaboration:agreement",
        "collaboration:update": "collaboration:commitment",
        "collaboration:attachment": "collaboration:event",
        "employers:respond": "employers:detail",
    }
    if name not in by_name:
        return None
    return by_name[same_as.get(name, name)]


def _foreign_responses(p: Persona) -> list[tuple[dict, list[str]]]:
    """Legal products with responses of employers outside the persona's region."""
    cases: dict[int, list[str]] = {}
    for r in SeResponse.objects.select_related("employer"):
        if not p.owns(r.employer.kelurahan_id) or _sponsor_only(p):
            cases.setdefault(r.circular_id, []).append(r.employer.name)
    return [({"pk": pk}, names) for pk, names in list(cases.items())[:SAMPLES]]


def _foreign_commitment_texts(p: Persona) -> list[tuple[dict, list[str]]]:
    cases: dict[str, list[str]] = {}
    for c in foreign_commitments(p):
        cases.setdefault(c.party_id, []).append(c.text)
    return [({"code": code}, texts) for code, texts in list(cases.items())[: SAMPLES * 2]]


# Public records whose page is open to everyone signed in, while what hangs from them is scoped:
# the page must not show what belongs to someone else.
PUBLIC: dict[str, Callable[[Persona], list[tuple[dict, list[str]]]]] = {
    "coverage:legal": _foreign_responses,  # a regulation is public; responses to it are not
    "collaboration:party": _foreign_commitment_texts,  # a party's name is public
}


def markers(p: Persona) -> set[str]:
    """Distinctive texts of things that are not the persona's: none may appear on a list page."""
    found = {x.name for x in list(foreign_pledges(p))[:50]}
    found |= {c.text[:60] for c in foreign_commitments(p)[:50]}
    found |= {e.title for e in _outside(Event.objects.all, lambda e: e.region_id)(p)[:50]}
    employers = Employer.objects.exclude(_owned(p)).order_by("npp")
    found |= {f"{e.name}<" for e in employers[:30]}
    businesses = Business.objects.exclude(_owned(p)).order_by("-size_rank")
    found |= {f"{b.name}<" for b in businesses[:30]}
    mine = {x.name for x in Pledge.objects.filter(sponsor__members=p.user)}
    return {m for m in found if m and m not in mine and len(m) > 8}


def check_lists(people: list[Persona]) -> tuple[list[dict], int]:
    """Pages without parameters (lists, forms, overviews) show nothing of anyone else's."""
    from django.urls import reverse

    leaks, tried, seen = [], 0, {}
    for name, _pattern, params in routes():
        if params or name in NOT_PAGES:
            continue
        for p in people:
            client = Client()
            client.force_login(p.user)
            tried += 1
            answer = client.get(reverse(name))
            if p.user.pk not in seen:
                seen[p.user.pk] = markers(p)
            if answer.status_code != 200 or "html" not in answer.get("Content-Type", ""):
                continue
            text = answer.content.decode()
            shown = sorted(m for m in markers(p) if m in text)
            if shown:
                leaks.append(
                    {
                        "who": p.user.username,
                        "method": "get",
                        "url": reverse(name),
                        "shown": shown[:3],
                    }
                )
    return leaks, tried


# Routes without a page of their own to read (sign-out, language switch).
NOT_PAGES = {"accounts:logout", "logout", "set_language"}


def routes() -> Iterator[tuple[str, str, list[str]]]:
    """(name, pattern, parameter names) of every page route, walked from the URLconf."""

    def walk(patterns, prefix: str, namespace: str):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                route = prefix + str(entry.pattern)
                if route.startswith(SKIPPED_PREFIXES):
                    continue
                ns = entry.namespace or namespace
                yield from walk(entry.url_patterns, route, ns)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                yield name, prefix + str(entry.pattern), list(entry.pattern.converters)

    yield from walk(get_resolver().url_patterns, "", "")


def fill(name: str, params: list[str], p: Persona) -> list[dict]:
    """Parameter sets that point at things the persona must not reach; [] if there are none."""
    filler = _kwargs_by_object(name)
    if filler is None and all(x in ("code", "fmt") for x in params):
        return [
            {"code": r.code, **({"fmt": "csv"} if "fmt" in params else {})} for r in _regions(p)
        ]
    if filler is None:
        UNFILLED.add(f"{name} {params}")
        return []
    found, kwargs = filler
    return [kwargs(x) for x in list(found(p))[:SAMPLES]]


def check_pages(people: list[Persona], post: bool) -> tuple[list[dict], int]:
    from django.urls import reverse

    leaks, tried = [], 0
    for name, _pattern, params in routes():
        for p in people:
            client = Client()
            client.force_login(p.user)
            if name in PUBLIC:
                tried += _check_public(client, name, p, leaks)
                continue
            cases = fill(name, params, p) if params else []
            for kwargs in cases:
                url = reverse(name, kwargs=kwargs)
                methods = ["get", "post"] if post else ["get"]
                for method in methods:
                    tried += 1
                    status = getattr(client, method)(url).status_code
                    if 200 <= status < 300 or (method == "post" and status in (301, 302, 303)):
                        leaks.append(
                            {"who": p.user.username, "method": method, "url": url, "status": status}
                        )
    return leaks, tried


def _check_public(client: Client, name: str, p: Persona, leaks: list[dict]) -> int:
    from django.urls import reverse

    tried = 0
    for kwargs, forbidden in PUBLIC[name](p):
        url = reverse(name, kwargs=kwargs)
        tried += 1
        answer = client.get(url)
        shown = [x for x in forbidden if x and x in answer.content.decode()]
        if answer.status_code == 200 and shown:
            leaks.append({"who": p.user.username, "method": "get", "url": url, "status": 200})
    return tried


def check_api(people: list[Persona]) -> tuple[list[dict], int]:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    leaks, tried = [], 0
    for path, operations in schema["paths"].items():
        if "{" not in path or "get" not in operations:
            continue
        for p in people:
            token = issue(p.user, "access-matrix")
            client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
            values = []
            if "{code}" in path:
                values = [path.replace("{code}", r.code) for r in _regions(p)]
            elif "{batch_id}" in path:
                found = _outside(ImportBatch.objects.all, lambda b: b.region_code)(p)
                values = [path.replace("{batch_id}", str(b.pk)) for b in found[:SAMPLES]]
            else:
                raise SystemExit(f"API path {path} has a parameter this script cannot fill")
            for url in values:
                tried += 1
                status = client.get(url).status_code
                if 200 <= status < 300:
                    leaks.append(
                        {"who": p.user.username, "method": "get", "url": url, "status": status}
                    )
    return leaks, tried


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--post", action="store_true", help="also POST to every route")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 403s and 404s are expected
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    people = [persona(u) for u in User.objects.filter(memberships__isnull=False).distinct()]
    page_leaks, page_tried = check_pages(people, args.post)
    api_leaks, api_tried = check_api(people)
    list_leaks, list_tried = check_lists(people)
    page_leaks += list_leaks
    page_tried += list_tried
    result = {
        "personas": len(people),
        "routes": sum(1 for _ in routes()),
        "requests": page_tried + api_tried,
        "leaks": page_leaks + api_leaks,
        "unchecked_routes": sorted(UNFILLED),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"{result['personas']} personas × {result['routes']} routes and the API: "
            f"{result['requests']} requests, {len(result['leaks'])} leaks"
        )
        for route in result["unchecked_routes"]:
            print(f"  UNCHECKED {route}: add how to fill its parameters")
        for leak in result["leaks"]:
            print(
                f"  LEAK {leak['who']}: {leak['method'].upper()} {leak['url']} → {leak['status']}"
            )
    return 1 if result["leaks"] or result["unchecked_routes"] else 0


if __name__ == "__main__":
    sys.exit(main())
