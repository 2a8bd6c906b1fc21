from django import forms
from django.utils.translation import gettext_lazy as _

from semesta.regions.models import Level, Region

# Regions with a government of their own: they issue regulations and take on commitments.
ADMINISTRATIVE_LEVELS = (Level.PROVINCE, Level.KOTA, Level.KECAMATAN, Level.KELURAHAN)
NOT_ADMINISTRATIVE = _("Pilih provinsi, kota, kecamatan atau kelurahan.")


def region_in_scope(user, code: str, levels, wrong_level) -> Region:
    """The region an officer typed a code for, if it is theirs and at one of ``levels``."""
    code = code.strip()
    found = Region.objects.visible_to(user).filter(code=code).first()
    if found is None:
        raise forms.ValidationError(
            _("Wilayah %(code)s tidak ada di wilayah Anda.") % {"code": code}
        )
    if found.level not in levels:
        raise forms.ValidationError(wrong_level)
    return found
