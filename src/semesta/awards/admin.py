"""Award cycles in the admin site: weight overrides per cycle, nominations, frozen values."""

from django.contrib import admin

from semesta.awards.models import Candidate, Category, Cycle


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0
    fields = ["code", "kind", "sector_group", "order"]


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "assessed_year", "region", "status", "closed_at"]
    # Closing (freezing) is `semesta award close`, never an edit in a form.
    readonly_fields = ["status", "criteria", "basis", "closed_at"]
    inlines = [CategoryInline]


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "category", "region", "frozen_at"]
    list_filter = ["category__cycle", "category__kind"]
    search_fields = ["name", "code"]
    raw_id_fields = ["region", "employer"]
    readonly_fields = ["indicators", "evidence", "frozen_at"]
