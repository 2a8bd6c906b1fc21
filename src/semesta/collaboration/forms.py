from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from semesta.collaboration.models import (
    AgencyWorker,
    Agreement,
    Audience,
    Benefit,
    Commitment,
    Indicator,
    Party,
    Programme,
)
from semesta.engine.coverage import ALL
from semesta.engine.store import SEGMENTS
from semesta.nik import NikError, nik_hash, parse_nik
from semesta.regions.forms import ADMINISTRATIVE_LEVELS, NOT_ADMINISTRATIVE, region_in_scope
from semesta.regions.models import Level, Region
from semesta.uploads import checked
from semesta.widgets import DateInput
from semesta.workers.models import RosterWorker

EVENT_LEVELS = (Level.KELURAHAN, Level.RW, Level.RT)


def _small(upload):
    return checked(upload)  # documents, photos and spreadsheets by content; never HTML/SVG


class CommitmentUpdateForm(forms.Form):
    """A party's report: the level reached (reported commitments), a note, evidence."""

    value = forms.IntegerField(label=_("Capaian"), min_value=0, required=False)
    note = forms.CharField(label=_("Keterangan"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label=_("Bukti (PDF/foto)"), required=False)

    def __init__(self, *args, reported: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not reported:
            del self.fields["value"]

    def clean_evidence(self):
        return _small(self.cleaned_data.get("evidence"))


class EventForm(forms.Form):
    """A socialisation event in a kelurahan, RW or RT of the officer's region."""

    held_on = forms.DateField(label=_("Tanggal"), widget=DateInput())
    region = forms.CharField(
        label=_("Kode wilayah (kelurahan, RW atau RT)"),
        max_length=32,
        help_text=_("mis. 31.75.01.1004.001 untuk RW 001 Palmeriam"),
    )
    title = forms.CharField(label=_("Nama kegiatan"), max_length=200)
    organiser = forms.ModelChoiceField(
        label=_("Penyelenggara"), queryset=Party.objects.all(), required=False
    )
    organiser_name = forms.CharField(label=_("Penyelenggara lain"), max_length=200, required=False)
    audience = forms.ChoiceField(label=_("Kelompok sasaran"), choices=Audience.choices)
    attendance = forms.IntegerField(label=_("Jumlah hadir"), min_value=0)
    notes = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachment = forms.FileField(label=_("Foto/daftar hadir"), required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_region(self) -> Region:
        code = self.cleaned_data["region"]
        return region_in_scope(self.user, code, EVENT_LEVELS, _("Pilih kelurahan, RW atau RT."))

    def clean_attachment(self):
        return _small(self.cleaned_data.get("attachment"))

    def clean(self):
        data = super().clean()
        if not data.get("organiser") and not data.get("organiser_name"):
            raise forms.ValidationError(_("Isi penyelenggara."))
        return data


class BenefitForm(forms.Form):
    """A benefit paid to a worker on a roster of the officer's region, found by NIK."""

    nik = forms.CharField(label="NIK", max_length=20)
    programme = forms.ChoiceField(label=_("Program"), choices=Programme.choices)
    kind = forms.ChoiceField(label=_("Jenis manfaat"), choices=Benefit.Kind.choices)
    paid_on = forms.DateField(label=_("Tanggal dibayar"), widget=DateInput())
    amount = forms.IntegerField(label=_("Jumlah (Rp)"), min_value=1)
    evidence = forms.FileField(label=_("Bukti"), required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_nik(self):
        try:
            nik = parse_nik(self.cleaned_data["nik"]).value
        except NikError as exc:
            raise forms.ValidationError(exc.message(get_language() or "id")) from exc
        digest = nik_hash(nik, bytes.fromhex(settings.NIK_HASH_KEY))
        worker = RosterWorker.objects.visible_to(self.user).filter(nik_hash=digest).first()
        staff = AgencyWorker.objects.visible_to(self.user).filter(nik_hash=digest).first()
        if worker is None and staff is None:
            raise forms.ValidationError(
                _("NIK ini tidak ada di daftar pekerja rentan atau non-ASN wilayah Anda.")
            )
        return worker, staff

    def clean_evidence(self):
        return _small(self.cleaned_data.get("evidence"))


class AgreementForm(forms.ModelForm):
    """The parties and signing date of a Nota Kesepakatan already in the legal-products registry."""

    class Meta:
        model = Agreement
        fields = ["title", "signed_on", "parties"]
        labels = {
            "title": _("Judul"),
            "signed_on": _("Tanggal ditandatangani"),
            "parties": _("Para pihak"),
        }
        widgets = {
            "signed_on": DateInput(),
            "parties": forms.CheckboxSelectMultiple,
        }


SEGMENT_CHOICES = [("", "–"), (ALL, _("Semua segmen")), *((s, s) for s in SEGMENTS)]


class CommitmentForm(forms.ModelForm):
    """A party's promise under an MoU, in a region of the officer's scope."""

    region = forms.CharField(
        label=_("Kode wilayah"), max_length=32, help_text=_("mis. 31 untuk DKI Jakarta")
    )
    segment = forms.ChoiceField(label=_("Segmen"), choices=SEGMENT_CHOICES, required=False)
    target = forms.IntegerField(label=_("Target"), min_value=1)

    class Meta:
        model = Commitment
        fields = ["party", "region", "text", "indicator", "segment", "category", "unit"]
        fields += ["baseline", "target", "deadline"]
        labels = {
            "party": _("Pihak"),
            "text": _("Komitmen"),
            "indicator": _("Diukur dari"),
            "category": _("Kelompok pekerja rentan"),
            "unit": _("Satuan"),
            "baseline": _("Capaian awal"),
            "target": _("Target"),
            "deadline": _("Batas waktu"),
        }
        help_texts = {
            "region": "",
            "segment": "",
            "category": "",
            "baseline": _("kosongkan agar dihitung dari data saat nota ditandatangani"),
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "deadline": DateInput(),
        }

    def __init__(self, *args, user, agreement: Agreement, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.agreement = user, agreement
        self.fields["party"].queryset = agreement.parties.all()

    def clean_region(self) -> Region:
        code = self.cleaned_data["region"]
        return region_in_scope(self.user, code, ADMINISTRATIVE_LEVELS, NOT_ADMINISTRATIVE)

    def clean(self):
        data = super().clean()
        indicator = data.get("indicator")
        if indicator == Indicator.SEGMENT and not data.get("segment"):
            self.add_error("segment", _("Pilih segmen yang diukur."))
        if indicator != Indicator.SEGMENT:
            data["segment"] = ""
        if indicator != Indicator.ROSTER:
            data["category"] = ""
        deadline = data.get("deadline")
        if deadline and deadline <= self.agreement.signed_on:
            self.add_error("deadline", _("Batas waktu harus sesudah nota ditandatangani."))
        return data
