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
# PP 50/2025 distinguishes the transport sector, as it lists it, from every other sector.
SECTORS = {
    "transport": _(
        "Transportasi: pengemudi ojek daring dan pangkalan, sopir, kurir paket dan logistik"
    ),
    "trader": _("Nontransportasi: pedagang"),
    "fisher": _("Nontransportasi: nelayan"),
    "farmer": _("Nontransportasi: petani"),
    "other": _("Nontransportasi: lainnya"),
}
FUNDERS = {key: PAYERS[key] for key in ("self", "csr", "baznas", "bumd", "apbd", "apbn")}
SIZES = {
    "micro": _("Usaha mikro"),
    "small": _("Usaha kecil"),
    "medium": _("Usaha menengah"),
    "large": _("Usaha besar"),
}
# The shares of a programme shown on their own line (JKP) and the parts of a PMI's cover.
COMPONENTS = {
    "government": _("iuran pemerintah pusat"),
    "jkk_recomposition": _("rekomposisi dari iuran JKK"),
    "jkm_recomposition": _("rekomposisi dari iuran JKM"),
    "pre_placement": _("sebelum bekerja (pra-penempatan)"),
    "placement_6_months": _("selama dan setelah bekerja, perjanjian 6 bulan"),
    "placement_12_months": _("selama dan setelah bekerja, perjanjian 12 bulan"),
    "placement_24_months": _("selama dan setelah bekerja, perjanjian 24 bulan"),
    "extension": _("kelebihan jangka waktu atau perpanjangan, per bulan"),
}
