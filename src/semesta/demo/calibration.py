"""What the demo must show, with the source of each figure (see docs/demo.md).

Changing a figure here changes the demo; the calibration tests read the same constants.
"""

PROVINCE = "31"
FIRST_PERIOD = "2024-01"
LAST_PERIOD = "2025-12"
SEED = 20251022

# Working residents (penduduk bekerja), the UCJ denominator, in force from the given month.
WORKFORCE = {"2024-01": 4_370_000, "2025-01": 4_131_200}
# Where the demo's figure at each level comes from (source, Workforce.Method), shown on pages.
WORKFORCE_PROVENANCE = {
    "province": (
        "Demo: {total} tersirat dari UCJ yang diumumkan (51 % = 2,2 juta Okt 2024; "
        "51,39 % = 2.123.056 pada 2025)",
        "implied",
    ),
    "kota": ("Demo: total DKI dibagi menurut penduduk Dukcapil 2025 per kota", "share"),
    "kelurahan": ("Demo: angka kota dibagi menurut penduduk kelurahan SP2010", "share"),
    "rw": ("Demo: angka kelurahan dibagi ke RW dengan bobot sintetis", "share"),
}
FORMAL_SHARE = {  # BPS Sakernas puts DKI's formal share near 68 %.
    "31.01": 0.45,
    "31.71": 0.74,
    "31.72": 0.66,
    "31.73": 0.66,
    "31.74": 0.72,
    "31.75": 0.66,
}

# Active participants by NIK domicile in DKI at the calibration months (seeds 001 and 003).
ACTIVE = {
    "2024-01": 2_150_000,
    "2024-10": 2_230_000,  # 2.7 million target − 470 thousand gap; 51 % (seed 003)
    "2024-12": 2_246_000,
    "2025-01": 2_095_000,  # year-end lapses of BPU and contract workers
    "2025-07": 2_123_056,  # 51.39 % (seed 001)
    "2025-12": 2_150_000,
}

# Jakarta Pusat 2024: PU 70 %, BPU 51 % (seed 000); its rates are held, the rest scale to ACTIVE.
FIXED_RATES = {"31.71": {"PU": 0.70, "BPU": 0.51}}
BASE_RATES = {
    "31.01": {"PU": 0.35, "BPU": 0.40},
    "31.72": {"PU": 0.60, "BPU": 0.28},
    "31.73": {"PU": 0.58, "BPU": 0.30},
    "31.74": {"PU": 0.66, "BPU": 0.32},
    "31.75": {"PU": 0.56, "BPU": 0.30},
}
JAKON_SHARE = 0.012  # of working residents
PMI_SHARE = 0.004

# Targets: Kemendagri's DKI targets (2.7 million = 65 % by end-2024, seed 003; 2.8 million =
# 66.72 % for 2025) are data in semesta/data/kemendagri_targets.json, loaded by the demo.

EMPLOYERS = 115_446  # registered employers, Kanwil DKI (Paritrana Award 2024 selection, seed 001)
RW_TOTAL = 2_741
RT_TOTAL = 30_894
RW_FIXED = {"31.75.01": 62, "31.75.03": 91, "31.75.02": 95}  # Matraman, Jatinegara, Pulogadung
MIN_RW_PER_KELURAHAN = 3

BRANCHES = {  # BPJS Ketenagakerjaan branch offices per kota (DOMAIN.md, seed 002)
    "31.71": ["Salemba", "Gambir", "Mangga Dua"],
    "31.72": ["Kelapa Gading", "Pluit"],
    "31.73": ["Grogol", "Graha", "Cengkareng"],
    "31.74": ["Plaza BP Jamsostek"],
    "31.75": ["Rawamangun", "Pulogebang", "Ceger"],
    "31.01": ["Pluit"],
}
