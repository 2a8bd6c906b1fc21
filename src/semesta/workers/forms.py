from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from semesta.nik import NikError, nik_hash, parse_nik
from semesta.workers.models import Category, RosterWorker


class RosterWorkerForm(forms.Form):
    """One vulnerable worker added by hand (the roster import does many)."""

    region = forms.ChoiceField(label=_("RW/RT"))
    name = forms.CharField(label=_("Nama"), max_length=150)
    nik = forms.CharField(label="NIK", max_length=20)
    category = forms.ChoiceField(label=_("Kategori"), choices=Category.choices)
    extreme_poor = forms.BooleanField(label=_("Miskin ekstrem"), required=False)
    phone = forms.CharField(label=_("Telepon"), max_length=20, required=False)

    def __init__(self, *args, regions: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = regions

    def clean_nik(self) -> str:
        try:
            nik = parse_nik(self.cleaned_data["nik"]).value
        except NikError as exc:
            raise forms.ValidationError(exc.message(get_language() or "id")) from exc
        digest = nik_hash(nik, bytes.fromhex(settings.NIK_HASH_KEY))
        if RosterWorker.objects.filter(nik_hash=digest).exists():
            raise forms.ValidationError(_("NIK ini sudah ada dalam daftar pekerja rentan."))
        return nik
