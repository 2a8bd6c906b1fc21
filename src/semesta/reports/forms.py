"""Asking for a Monev report: which region (within one's own) and which period."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from semesta.coverage.services import latest_period
from semesta.regions.models import Region
from semesta.reports.periods import BadPeriod, parse, recent
from semesta.reports.services import LEVELS


class ReportForm(forms.Form):
    region = forms.ModelChoiceField(queryset=Region.objects.none(), label=_("Wilayah"))
    period = forms.ChoiceField(label=_("Periode"), choices=[])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        regions = Region.objects.visible_to(user).filter(level__in=LEVELS).order_by("code")
        self.fields["region"].queryset = regions
        if not self.initial.get("region"):
            self.initial["region"] = regions.first()
        last = latest_period()
        periods = recent(last) if last else []
        self.fields["period"].choices = [(p.label, f"{p.title()} ({p.label})") for p in periods]
        if periods and not self.initial.get("period"):
            self.initial["period"] = periods[0].label

    def clean_period(self):
        try:
            return parse(self.cleaned_data["period"])
        except BadPeriod as bad:
            raise forms.ValidationError(bad.message(get_language())) from bad
