from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from semesta.legal.models import LegalProduct
from semesta.uploads import checked
from semesta.widgets import DateInput


class ResponseForm(forms.Form):
    """What an employer did on a Surat Edaran in force where it is, and any piagam it received.

    Recording a circular the employer already answered updates that answer (e.g. the piagam
    arrives months after the action).
    """

    circular = forms.ModelChoiceField(label=_("Surat Edaran"), queryset=LegalProduct.objects.none())
    responded_on = forms.DateField(label=_("Tanggal ditanggapi"), widget=DateInput())
    action = forms.CharField(
        label=_("Tindakan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("mis. mendaftarkan 40 pekerja BPU lewat CSR"),
    )
    evidence = forms.FileField(label=_("Bukti (PDF/foto)"), required=False)
    recognised_on = forms.DateField(label=_("Tanggal piagam"), required=False, widget=DateInput())

    def __init__(self, *args, employer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["circular"].queryset = LegalProduct.objects.in_force_for(
            employer.kelurahan
        ).filter(kind__in=[LegalProduct.Kind.SE, LegalProduct.Kind.SE_MINISTER])

    def clean_evidence(self):
        return checked(self.cleaned_data.get("evidence"), ("PDF", "PNG", "JPEG"))

    def clean(self):
        data = super().clean()
        circular, responded, recognised = (
            data.get("circular"),
            data.get("responded_on"),
            data.get("recognised_on"),
        )
        issued = circular and (circular.issued_on or date(circular.year, 1, 1))
        if issued and responded and responded < issued:
            self.add_error("responded_on", _("Tanggapan sebelum Surat Edaran terbit."))
        if responded and recognised and recognised < responded:
            self.add_error("recognised_on", _("Piagam sebelum tanggapan."))
        return data
