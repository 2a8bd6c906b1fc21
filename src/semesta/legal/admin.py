from django.contrib import admin

from semesta.legal.models import LegalProduct


@admin.register(LegalProduct)
class LegalProductAdmin(admin.ModelAdmin):
    list_display = ["kind", "number", "year", "issuer", "region", "based_on"]
    list_filter = ["kind", "year"]
    search_fields = ["number", "subject", "issuer"]
