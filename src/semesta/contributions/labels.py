"""What the calculator's codes are called on pages and in the CLI (Indonesian, English)."""

from django.utils.translation import gettext_lazy as _

PAYERS = {
    "employer": _("Pemberi kerja"),
    "worker": _("Pekerja"),
    "government": _("Pemerintah"),
    "self": _("Peserta sendiri"),
    "csr": _("CSR perusahaan"),
    "baznas": _("Baznas"),
    "bumd": _("BUMD"),
    "apbd": _("APBD"),
    "apbn": _("APBN"),
}
SECTORS = {
    "transport": _("Transportasi (ojol, ojek, sopir, kurir)"),
    "trader": _("Pedagang"),
    "fisher": _("Nelayan"),
    "farmer": _("Petani"),
    "other": _("Lainnya"),
}
FUNDERS = {key: PAYERS[key] for key in ("self", "csr", "baznas", "bumd", "apbd", "apbn")}
