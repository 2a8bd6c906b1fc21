from django import forms
from django.utils.translation import gettext_lazy as _

from semesta.legal.models import LegalProduct
from semesta.regions.forms import ADMINISTRATIVE_LEVELS, NOT_ADMINISTRATIVE, region_in_scope
from semesta.regions.models import Region
from semesta.uploads import checked
from semesta.widgets import DateInput


class LegalProductForm(forms.ModelForm):
    """A regulation, circular, decree or MoU issued by a region in the officer's scope."""

    region = forms.CharField(
        label=_("Kode wilayah penerbit"),
        max_length=32,
        help_text=_("mis. 31.73 untuk Jakarta Barat"),
    )
    year = forms.IntegerField(label=_("Tahun"), min_value=1945, max_value=2100)

    class Meta:
        model = LegalProduct
        fields = ["kind", "number", "year", "issued_on", "issuer", "region", "subject"]
        fields += ["based_on", "document"]
        labels = {
            "kind": _("Jenis"),
            "number": _("Nomor"),
            "issued_on": _("Tanggal terbit"),
            "issuer": _("Penerbit"),
            "subject": _("Perihal"),
            "based_on": _("Berdasarkan"),
            "document": _("Dokumen (PDF)"),
        }
        help_texts = {"region": ""}
        widgets = {
            "issued_on": DateInput(),
            "subject": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["issued_on"].required = True

    def clean_region(self) -> Region:
        code = self.cleaned_data["region"]
        return region_in_scope(self.user, code, ADMINISTRATIVE_LEVELS, NOT_ADMINISTRATIVE)

    def clean_document(self):
        return checked(self.cleaned_data.get("document"), ("PDF",))

    def clean(self):
        data = super().clean()
        issued, year = data.get("issued_on"), data.get("year")
        if issued and year and issued.year != year:
            self.add_error(
                "issued_on", _("Tanggal terbit tidak di tahun %(year)s.") % {"year": year}
            )
        same = {k: data.get(k) for k in ("kind", "number", "year", "region")}
        if all(same.values()) and LegalProduct.objects.filter(**same).exists():
            raise forms.ValidationError(_("Produk hukum ini sudah tercatat."))
        return data
