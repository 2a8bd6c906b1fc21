"""The award criteria: what each one measures, and the weights in force for a cycle.

The weights are data (``semesta/data/paritrana/criteria.json``, dated; no official weights are
published), overridable per cycle through ``Cycle.weights``. A closed cycle keeps the copy of the
file taken at close, so editing the file never changes a closed cycle's scores.
"""

from __future__ import annotations

import json
from importlib import resources

from django.utils.translation import gettext_lazy as _

from semesta.awards.models import Cycle

# criterion → (label, unit); what each computes is in semesta.awards.indicators.
CRITERIA = {
    "coverage": (_("Cakupan kepesertaan (UCJ)"), "%"),
    "coverage_growth": (_("Kenaikan cakupan dalam tahun penilaian"), _("poin %")),
    "regulation": (_("Produk hukum daerah (regulasi khusus bernilai tambah)"), _("poin")),
    "vulnerable": (_("Pekerja rentan yang iurannya ditanggung (APBD, CSR, Baznas)"), "‰"),
    "participation": (_("Partisipasi aktif dan inovasi"), _("kegiatan")),
    "rosters": (_("Pekerja rentan terdata dalam daftar"), _("orang")),
    "participants": (_("Tenaga kerja aktif terdaftar"), _("orang")),
    "active_share": (_("Kepesertaan aktif dari yang terdaftar"), "%"),
    "compliance": (_("Kepatuhan (bukan Perusahaan Daftar Sebagian)"), _("dari 3")),
}


def default_criteria() -> dict:
    """The shipped criteria file (weights per category kind, regulation points, version)."""
    text = resources.files("semesta.data").joinpath("paritrana/criteria.json").read_text("utf-8")
    return json.loads(text)


def category_versions() -> dict:
    """The shipped, dated category configuration (``paritrana/categories.json``)."""
    text = resources.files("semesta.data").joinpath("paritrana/categories.json").read_text("utf-8")
    return json.loads(text)


def categories_for(year: int, config: dict | None = None) -> list[dict]:
    """The categories of the award year: the latest version starting in or before that year.

    Each is ``{"code", "kind", "sector_group"}`` (``sector_group`` empty unless a sector
    category). A year before every version, or a malformed version, is refused.
    """
    from semesta.awards.models import Kind, SectorGroup

    versions = (config or category_versions())["versions"]
    earlier = [v for v in versions if int(v["from_year"]) <= year]
    if not earlier:
        raise ValueError(f"Tidak ada kategori Paritrana untuk tahun {year}.")
    version = max(earlier, key=lambda v: int(v["from_year"]))
    found, codes = [], set()
    for entry in version["categories"]:
        code, kind = entry["code"], entry["kind"]
        group = entry.get("sector_group", "")
        if kind not in Kind.values or code in codes:
            raise ValueError(f"Kategori Paritrana {code!r} ({kind!r}) tidak valid atau ganda.")
        if (kind == Kind.SECTOR) != bool(group) or (group and group not in SectorGroup.values):
            raise ValueError(f"Kategori Paritrana {code!r}: kelompok sektor {group!r} tidak valid.")
        codes.add(code)
        found.append({"code": code, "kind": kind, "sector_group": group})
    return found


def criteria_of(cycle: Cycle) -> dict:
    """The criteria file a cycle scores under: its copy from close, or today's file if open."""
    return cycle.criteria or default_criteria()


def weights_for(cycle: Cycle, kind: str) -> dict[str, float]:
    """The weights of a category kind in a cycle: the file's, with the cycle's overrides.

    An override of 0 drops a criterion; an unknown criterion is refused.
    """
    weights = dict(criteria_of(cycle)["categories"].get(kind, {}))
    weights.update((cycle.weights or {}).get(kind, {}))
    unknown = sorted(set(weights) - set(CRITERIA))
    if unknown:
        raise ValueError(f"Kriteria tidak dikenal untuk {kind}: {', '.join(unknown)}")
    return {c: float(w) for c, w in weights.items() if float(w) > 0}


def label(criterion: str) -> str:
    return str(CRITERIA[criterion][0]) if criterion in CRITERIA else criterion


def unit(criterion: str) -> str:
    return str(CRITERIA[criterion][1]) if criterion in CRITERIA else ""


EVIDENCE_KEYS = {
    "period": _("bulan"),
    "from": _("dari bulan"),
    "to": _("sampai bulan"),
    "sponsored_active_bpu": _("BPU aktif yang iurannya ditanggung"),
    "informal_workforce": _("pekerja informal"),
    "monev_on_time": _("Monev tepat waktu"),
    "se_responses": _("tanggapan Surat Edaran"),
    "certificates": _("piagam"),
    "listed": _("terdata"),
    "active": _("aktif"),
    "registered": _("terdaftar"),
    "pds_workers": _("PDS tenaga kerja"),
    "pds_wages": _("PDS upah"),
    "pds_programmes": _("PDS program"),
}


def describe(evidence) -> str:
    """What a frozen value counted, in words: products named, or "key: value" pairs."""
    from semesta.formats import number

    if evidence is None or evidence == {} or evidence == []:
        return "–"
    if isinstance(evidence, list):
        return ", ".join(map(str, evidence))

    def shown(value) -> str:
        if isinstance(value, bool):
            return str(_("ya") if value else _("tidak"))
        if isinstance(value, int | float):
            return number(value) if float(value).is_integer() else str(value).replace(".", ",")
        return "–" if value is None else str(value)

    return "; ".join(f"{EVIDENCE_KEYS.get(k, k)}: {shown(v)}" for k, v in evidence.items())
