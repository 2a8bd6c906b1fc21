"""The non-ASN staff worklist (``/kolaborasi/non-asn/``): one row per worker on the agencies'
rosters with the latest matched month's status, for government officers of the region and for
dinas officers, who see their own agency's staff only (the access core's party rule).

NIKs are always masked. Names are personal data: shown, searchable and exported only in the
subtrees where the user may ``view_personal`` (officers, not dinas officers), so a search by
name can never tell anyone that a person works somewhere they may not read names.
"""

from __future__ import annotations

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from semesta.access import (
    AGENCY_OFFICER,
    GOVERNMENT_OFFICERS,
    VIEW,
    VIEW_PERSONAL,
    Principal,
    in_subtrees,
    principal_of,
    restrict,
    scope_roots,
    subtree_q,
)
from semesta.collaboration.models import AgencyWorker, Employment, Party, StaffStatus
from semesta.workers.models import RosterStatus
from semesta.worklists import Choice, Column, RegionFilter, Worklist

# Per-person lists of staff: officers of the region and the agencies' own officers; sponsors
# and viewers keep the per-agency counts.
LISTING_ROLES = GOVERNMENT_OFFICERS | {AGENCY_OFFICER}
STAFF_SORTS = {
    "wilayah": ("office_id", "party__name", "nik_masked", "pk"),
    "instansi": ("party__name", "office_id", "nik_masked", "pk"),
    "status": ("latest_status", "office_id", "nik_masked", "pk"),
}


def lister(user) -> Principal:
    """The user's principal with only the grants that may list staff one by one."""
    found = principal_of(user)
    grants = tuple(g for g in found.grants if g.role in LISTING_ROLES)
    return Principal(
        found.name, grants, parties=found.parties, everything=found.everything, user=found.user
    )


def may_list(user) -> bool:
    found = lister(user)
    return found.everything or bool(found.grants)


class StaffWorklist(Worklist):
    """Staff rows through the core for the listing grants only; names where personal data may
    be read."""

    def __init__(self, request, queryset, **options):
        self.lister = lister(request.user)
        self.personal = scope_roots(request.user, VIEW_PERSONAL)
        super().__init__(request, queryset, **options)

    def scoped(self, action: str) -> QuerySet:
        return restrict(self._base, self.lister, action)

    def search_query(self, text: str) -> Q:
        """The end of the masked NIK anywhere; the name only where names may be read."""
        query = Q(nik_masked__endswith=text)
        if self.personal:
            query |= Q(name__icontains=text) & subtree_q("office__code", self.personal)
        return query


def staff_worklist(request, period) -> StaffWorklist:
    """The worklist of the page (``period``: the latest matched month, or None)."""
    labels = dict(RosterStatus.Status.choices)
    latest = StaffStatus.objects.filter(worker=OuterRef("pk"), period=period).values("status")[:1]
    rows = AgencyWorker.objects.select_related("party", "office").annotate(
        latest_status=Subquery(latest)
    )
    visible = restrict(AgencyWorker.objects.all(), lister(request.user), VIEW)
    parties = Party.objects.filter(pk__in=visible.values("party")).order_by("name")
    personal = scope_roots(request.user, VIEW_PERSONAL)

    def name(worker: AgencyWorker) -> str:
        return worker.name if in_subtrees(worker.office_id, personal) else ""

    columns = [Column("nik_masked", _("NIK (disamarkan)"))]
    if personal:
        columns.append(Column("name", _("Nama"), name))
    columns += [
        Column("party.name", _("Instansi")),
        Column("office_id", _("Kode wilayah")),
        Column("office.name", _("Wilayah kerja")),
        Column("employment", _("Jenis kepegawaian"), lambda w: w.get_employment_display()),
        Column(
            "latest_status",
            _("Status"),
            lambda w: labels.get(w.latest_status, _("Belum dicocokkan")),
        ),
    ]
    return StaffWorklist(
        request,
        rows,
        columns=columns,
        filters=[
            Choice("instansi", _("Instansi"), "party", parties.values_list("code", "name")),
            RegionFilter(label=_("Kelurahan/wilayah kerja"), field="office__code"),
            Choice("status", _("Status"), "latest_status", RosterStatus.Status.choices),
            Choice("jenis", _("Jenis kepegawaian"), "employment", Employment.choices),
        ],
        search=["nik_masked"],
        sorts=STAFF_SORTS,
        sort_labels={
            "wilayah": _("Wilayah kerja"),
            "instansi": _("Instansi"),
            "status": _("Status"),
        },
        name="pegawai-non-asn",
    )
