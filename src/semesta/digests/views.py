"""The digest pages: a user's own subscription, and the unsubscribe link of each e-mail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from semesta.digests import services
from semesta.digests.models import DigestPreference


@login_required
def preference(request):
    """Whether the logged-in user receives the weekly digest; a POST switches it."""
    if request.method == "POST":
        wanted = request.POST.get("langganan") == "ya"
        services.set_subscribed(request.user, wanted)
        if wanted:
            messages.success(request, _("Anda akan menerima ringkasan mingguan."))
        else:
            messages.success(request, _("Anda tidak akan menerima ringkasan mingguan lagi."))
        return redirect("digests:preference")
    found = DigestPreference.objects.filter(user=request.user).first()
    return render(
        request,
        "digests/preference.html",
        {
            "subscribed": found is None or found.subscribed,
            "last_sent_at": found and found.last_sent_at,
        },
    )


@csrf_exempt  # the signed token is the credential; mail clients post RFC 8058 one-click here
def unsubscribe(request, token: str):
    """From an e-mail: a page with one button (GET), which opts the user out (POST).

    A GET never changes anything, so link scanners that open every link cannot unsubscribe
    anyone; mail clients use the List-Unsubscribe-Post header to post directly.
    """
    user = services.user_of_token(token)
    if user is None:
        raise Http404
    if request.method == "POST":
        services.set_subscribed(user, False)
        return render(request, "digests/unsubscribed.html", {"done": True})
    return render(
        request,
        "digests/unsubscribed.html",
        {"done": False, "subscribed": services.is_subscribed(user)},
    )
