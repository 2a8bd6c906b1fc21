"""The weekly digest for an officer: what changed in their region and what waits for them.

Three things, each read through the access core for the recipient:

- *new lapses*: roster workers whose status in the latest matched month is ``lapsed`` and was
  not ``lapsed`` in the matched month before it, counted per kelurahan and RW (``view``);
- *Monev due or late*: the Monev meetings the programmes they see call for, not yet recorded
  (``monev_schedule``: ``due`` within a month of the period's end, then ``overdue``);
- *held imports*: batches held for confirmation that they may confirm (``change``).

An e-mail holds counts, region names and links only: no NIK, no name, no file name. Digests are
sent at most once per ISO week (Asia/Jakarta) unless forced; one with nothing to report is not
sent at all.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from semesta.access import CHANGE, GOVERNMENT_OFFICERS, VIEW, principal_of, restrict
from semesta.digests.models import DigestPreference
from semesta.formats import month_name, number
from semesta.imports.models import ImportBatch
from semesta.programmes.attainment import monev_schedule
from semesta.programmes.models import Programme
from semesta.regions.models import Region
from semesta.workers.models import RosterStatus

UNSUBSCRIBE_SALT = "semesta.digests.unsubscribe"
SHOWN_KELURAHAN = 30  # more are summed up in one line that says how many, never dropped
OPEN_MONEV = ("due", "overdue")


@dataclass
class Digest:
    """What one officer's e-mail says (counts and links only)."""

    user: object
    regions: list[str]
    period: date | None = None
    previous: date | None = None
    lapses: list[dict] = field(default_factory=list)
    lapses_total: int = 0
    monev: list[dict] = field(default_factory=list)
    held: list[dict] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.lapses_total or self.monev or self.held)

    @property
    def shown_lapses(self) -> list[dict]:
        return self.lapses[:SHOWN_KELURAHAN]

    @property
    def hidden_lapses(self) -> dict | None:
        rest = self.lapses[SHOWN_KELURAHAN:]
        if not rest:
            return None
        return {"kelurahan": len(rest), "count": sum(r["count"] for r in rest)}

    @property
    def overdue(self) -> int:
        return sum(1 for m in self.monev if m["status"] == "overdue")

    def summary(self) -> str:
        """One line of counts, for the subject, the dry run and the record."""
        return _(
            "%(lapses)s pekerja rentan baru berhenti, %(monev)s Monev jatuh tempo "
            "(%(overdue)s terlambat), %(held)s impor ditahan"
        ) % {
            "lapses": number(self.lapses_total),
            "monev": number(len(self.monev)),
            "overdue": number(self.overdue),
            "held": number(len(self.held)),
        }


def site_link(path: str) -> str:
    """An absolute link for an e-mail (``SEMESTA_SITE_URL`` + path)."""
    return f"{settings.SITE_URL}{path}"


def matched_months() -> tuple[date | None, date | None]:
    """The latest matched month and the matched month before it."""
    months = list(
        RosterStatus.objects.order_by("-period").values_list("period", flat=True).distinct()[:2]
    )
    latest, previous, *_ = [*months, None, None]
    return latest, previous


def new_lapses(user, latest: date | None, previous: date | None) -> list[dict]:
    """Per kelurahan (most first), the roster workers newly lapsed in ``latest``, with RWs."""
    if latest is None:
        return []
    rows = restrict(
        RosterStatus.objects.filter(period=latest, status=RosterStatus.Status.LAPSED), user, VIEW
    )
    if previous is not None:
        before = RosterStatus.objects.filter(period=previous, status=RosterStatus.Status.LAPSED)
        rows = rows.exclude(worker__in=before.values("worker"))
    per_kelurahan: dict[str, int] = defaultdict(int)
    per_rw: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for code, n in rows.values_list("worker__region_id").annotate(n=Count("id")).order_by():
        parts = code.split(".")
        kelurahan = ".".join(parts[:4])
        per_kelurahan[kelurahan] += n
        per_rw[kelurahan][parts[4] if len(parts) > 4 else ""] += n
    names = dict(Region.objects.filter(code__in=per_kelurahan).values_list("code", "name"))
    path = "coverage:roster"
    found = [
        {
            "code": code,
            "name": names.get(code, code),
            "count": n,
            "rws": [
                {"rw": rw or "–", "count": per_rw[code][rw]}
                for rw in sorted(per_rw[code], key=lambda r: (r == "", r))
            ],
            "url": site_link(reverse(path, args=[code]) + "?status=lapsed"),
        }
        for code, n in per_kelurahan.items()
    ]
    return sorted(found, key=lambda r: (-r["count"], r["code"]))


def open_monev(user, today: date) -> list[dict]:
    """The Monev meetings due or overdue in the programmes the user sees, oldest first."""
    found = []
    programmes = restrict(Programme.objects.all(), user, VIEW).select_related("owner")
    for programme in programmes.order_by("pk"):
        for due in monev_schedule(user, programme, today):
            if due.status not in OPEN_MONEV:
                continue
            found.append(
                {
                    "programme": programme.name,
                    "region": due.region.name,
                    "period": due.period,
                    "ends": due.ends,
                    "status": due.status,
                    "status_label": _("terlambat") if due.status == "overdue" else _("jatuh tempo"),
                    "url": site_link(reverse("programmes:detail", args=[programme.pk])),
                }
            )
    return sorted(found, key=lambda m: (m["ends"], m["region"], m["programme"]))


def held_batches(user) -> list[dict]:
    """Import batches held for confirmation that the user may confirm (no file names)."""
    rows = restrict(ImportBatch.objects.filter(status=ImportBatch.Status.HELD), user, CHANGE)
    return [
        {
            "pk": b.pk,
            "kind": b.kind_label,
            "period": month_name(b.period) if b.period else "",
            "region": b.region_code,
            "rows": b.rows_total,
            "rejected": b.rows_rejected,
            "url": site_link(reverse("imports:batch", args=[b.pk])),
        }
        for b in rows.order_by("created_at", "pk")
    ]


def gather(user, today: date | None = None) -> Digest:
    """The digest of one user, as of ``today`` (default: today in Jakarta)."""
    today = today or timezone.localdate()
    roots = principal_of(user).roots(VIEW, GOVERNMENT_OFFICERS)
    names = dict(Region.objects.filter(code__in=roots).values_list("code", "name"))
    latest, previous = matched_months()
    lapses = new_lapses(user, latest, previous)
    return Digest(
        user=user,
        regions=[names.get(r, r) for r in roots],
        period=latest,
        previous=previous,
        lapses=lapses,
        lapses_total=sum(r["count"] for r in lapses),
        monev=open_monev(user, today),
        held=held_batches(user),
    )


def recipients():
    """Active officers with an e-mail address who have not opted out, by user name."""
    from semesta.accounts.models import User

    users = (
        User.objects.filter(is_active=True, memberships__role__in=sorted(GOVERNMENT_OFFICERS))
        .exclude(email="")
        .exclude(digest_preference__subscribed=False)
        .distinct()
        .order_by("username")
    )
    return list(users)


def unsubscribe_token(user) -> str:
    """A signed token that opts this user out, for the link in each e-mail (does not expire)."""
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def user_of_token(token: str):
    """The user an unsubscribe token was made for, or None when it is forged or unknown."""
    from semesta.accounts.models import User

    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)["u"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    return User.objects.filter(pk=pk).first()


def set_subscribed(user, subscribed: bool) -> DigestPreference:
    """Record a user's choice (from the settings page or an unsubscribe link)."""
    found, _created = DigestPreference.objects.update_or_create(
        user=user, defaults={"subscribed": subscribed}
    )
    return found


def is_subscribed(user) -> bool:
    found = DigestPreference.objects.filter(user=user).first()
    return found is None or found.subscribed


def message(digest: Digest) -> EmailMultiAlternatives:
    """The e-mail for a digest: plain text and HTML, with one-click unsubscribe headers."""
    unsubscribe = site_link(reverse("digests:unsubscribe", args=[unsubscribe_token(digest.user)]))
    context = {
        "digest": digest,
        "summary": digest.summary(),
        "unsubscribe": unsubscribe,
        "preferences": site_link(reverse("digests:preference")),
        "period": month_name(digest.period) if digest.period else "",
        "previous": month_name(digest.previous) if digest.previous else "",
        "site": settings.SITE_URL,
    }
    subject = _("Ringkasan mingguan Semesta: %(summary)s") % {"summary": digest.summary()}
    mail = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("digests/email.txt", context),
        to=[digest.user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    mail.attach_alternative(render_to_string("digests/email.html", context), "text/html")
    return mail


def _same_week(moment: datetime | None, today: date) -> bool:
    if moment is None:
        return False
    return timezone.localtime(moment).date().isocalendar()[:2] == today.isocalendar()[:2]


def delivers() -> bool:
    """Whether the configured backend hands messages to a mail server (not the console)."""
    return "console" not in settings.EMAIL_BACKEND


@dataclass
class Outcome:
    """What happened to one recipient in a run."""

    user: object
    subject: str = ""
    summary: str = ""
    state: str = ""  # sent, would_send, skipped_week, nothing, failed, printed
    error: str = ""


def run(*, dry_run: bool = False, force: bool = False, today: date | None = None):
    """Build and (unless a dry run) send every recipient's digest; yields one Outcome each.

    A digest is recorded as sent only once the mail server accepted it, and only when a mail
    server is configured. Without ``force``, someone already sent a digest this ISO week is
    skipped.
    """
    today = today or timezone.localdate()
    connection = None if dry_run else get_connection()
    with translation.override(settings.LANGUAGE_CODE):
        for user in recipients():
            yield _one(user, today, dry_run, force, connection)


def _one(user, today: date, dry_run: bool, force: bool, connection) -> Outcome:
    preference = DigestPreference.objects.filter(user=user).first()
    if not force and preference and _same_week(preference.last_sent_at, today):
        return Outcome(user, state="skipped_week")
    digest = gather(user, today)
    if digest.empty:
        return Outcome(user, summary=digest.summary(), state="nothing")
    mail = message(digest)
    outcome = Outcome(user, subject=mail.subject, summary=digest.summary(), state="would_send")
    if dry_run:
        return outcome
    mail.connection = connection
    try:
        mail.send()
    except OSError as exc:  # smtplib's errors are OSErrors: one failure does not stop the rest
        outcome.state, outcome.error = "failed", str(exc)
        return outcome
    if not delivers():
        outcome.state = "printed"
        return outcome
    DigestPreference.objects.update_or_create(
        user=user, defaults={"last_sent_at": timezone.now(), "last_summary": outcome.summary}
    )
    outcome.state = "sent"
    return outcome
