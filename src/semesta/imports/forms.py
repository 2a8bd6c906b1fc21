from django import forms
from django.conf import settings

from semesta.imports.kinds import KINDS
from semesta.imports.models import ImportBatch


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="Jenis data", choices=[(k.key, k.label) for k in KINDS.values()])
    period = forms.CharField(
        label="Periode (TTTT-BB)",
        max_length=7,
        required=False,
        help_text="Tidak perlu untuk daftar pemberi kerja.",
        widget=forms.TextInput(attrs={"type": "month"}),
    )
    mode = forms.ChoiceField(
        label="Cara",
        choices=ImportBatch.Mode.choices,
        initial=ImportBatch.Mode.REPLACE,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(label="Berkas (CSV, XLSX atau XLS)")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            limit = f"{settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB"
            raise forms.ValidationError(f"Berkas terlalu besar (batas {limit}).")
        return upload
