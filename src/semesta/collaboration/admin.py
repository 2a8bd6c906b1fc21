from django.contrib import admin

from semesta.collaboration.models import Agreement, Commitment, Party


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    """Parties, and the agency officers bound to each (they see its commitments only)."""

    list_display = ["code", "name", "kind", "region"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    filter_horizontal = ["members"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "product", "signed_on"]
    filter_horizontal = ["parties"]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["party", "text", "region", "indicator", "target", "deadline"]
    list_filter = ["indicator", "party__kind"]
    search_fields = ["text", "party__name"]
