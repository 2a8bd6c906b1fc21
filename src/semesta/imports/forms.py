from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from semesta.imports import registry
from semesta.imports.models import ImportBatch


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis data"),
        # Translated by their text, which imports.models.KIND_LABELS puts in the catalogue.
        choices=[(k.key, _(k.label)) for k in registry.all()],
    )
    period = forms.CharField(
        label=_("Periode (TTTT-BB)"),
        max_length=7,
        required=False,
        help_text=_("Tidak perlu untuk daftar pemberi kerja."),
        widget=forms.TextInput(attrs={"type": "month"}),
    )
    mode = forms.ChoiceField(
        label=_("Cara"),
        choices=ImportBatch.Mode.choices,
        initial=ImportBatch.Mode.REPLACE,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(label=_("Berkas (CSV, XLSX atau XLS)"))

    def __init__(self, *args, kinds: list[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if kinds is not None:  # only the kinds this person may upload
            field = self.fields["kind"]
            field.choices = [c for c in field.choices if c[0] in kinds]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            limit = f"{settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB"
            message = _("Berkas terlalu besar (batas %(limit)s).") % {"limit": limit}
            raise forms.ValidationError(message)
        return upload
