"""Asking for a Monev report: which region (within one's own) and which period."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from semesta.regions.models import Region
from semesta.reports.periods import BadPeriod, parse
from semesta.reports.services import LEVELS


class ReportForm(forms.Form):
    region = forms.ModelChoiceField(queryset=Region.objects.none(), label=_("Wilayah"))
    period = forms.CharField(
        label=_("Periode"), max_length=7, help_text=_("Contoh: 2025-Q4, 2025-S2 atau 2025.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = (
            Region.objects.visible_to(user).filter(level__in=LEVELS).order_by("code")
        )

    def clean_period(self):
        try:
            return parse(self.cleaned_data["period"])
        except BadPeriod as bad:
            raise forms.ValidationError(bad.message(get_language())) from bad
