"""Users with their memberships (role and scope), and API tokens, in the Django admin.

A token's secret is shown once, in the message after it is created; afterwards only its name,
owner and dates are visible. Tokens are revoked, never edited.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from semesta.accounts.forms import ThrottledAdminLoginForm
from semesta.accounts.models import ApiToken, Membership, User
from semesta.accounts.tokens import generate

admin.site.login_form = ThrottledAdminLoginForm
admin.site.site_header = admin.site.site_title = "Semesta"


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["region"]  # the region tree runs down to ~100,000 RTs
    fields = ["role", "region", "branch"]


@admin.register(User)
class SemestaUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    list_display = [
        "username",
        "first_name",
        "email",
        "roles",
        "is_active",
        "is_staff",
        "last_login",
    ]
    list_filter = ["is_active", "is_staff", "memberships__role"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("memberships")

    @admin.display(description=_("Peran"))
    def roles(self, user: User) -> str:
        return ", ".join(str(m) for m in user.memberships.all())


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "region", "branch"]
    list_filter = ["role", "region__level"]
    search_fields = ["user__username", "region__code", "region__name", "branch__name"]
    autocomplete_fields = ["user"]
    raw_id_fields = ["region"]
    list_select_related = ["user", "region", "branch"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "expires_at"]
    search_fields = ["name", "user__username"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "name", "expires_at"]
        return ["user", "name", "created_at", "expires_at", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["user", "name", "created_at", "expires_at", "last_used_at", "revoked_at"]

    def save_model(self, request, obj, form, change) -> None:
        if change:
            return
        secret, obj.key_hash = generate()
        obj.save()
        self.message_user(
            request,
            _("Token dibuat. Salin sekarang; token ini tidak akan ditampilkan lagi: %(token)s")
            % {"token": secret},
            messages.WARNING,
        )

    @admin.action(description=_("Cabut token terpilih"))
    def revoke(self, request, queryset) -> None:
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, _("%(count)s token dicabut.") % {"count": count})
