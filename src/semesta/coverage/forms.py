from django import forms
from django.utils.translation import gettext_lazy as _

from semesta.coverage.models import Target
from semesta.widgets import DateInput


class TargetForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis target"), choices=Target.Kind.choices)
    value = forms.DecimalField(
        label=_("Nilai (persen atau jumlah peserta)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
    deadline = forms.DateField(label=_("Batas waktu"), widget=DateInput())
    source = forms.CharField(label=_("Dasar (surat/dokumen)"), max_length=300)
    allocation = forms.ChoiceField(
        label=_("Pembagian ke wilayah di bawahnya"),
        choices=Target.Allocation.choices,
        initial=Target.Allocation.WORKFORCE,
        required=False,
    )
    declared_pct = forms.DecimalField(
        label=_("Persen yang diumumkan (untuk target jumlah)"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("kind") == Target.Kind.PCT
            and data.get("value") is not None
            and data["value"] > 100
        ):
            self.add_error("value", _("Target persentase tidak boleh lebih dari 100."))
        return data
