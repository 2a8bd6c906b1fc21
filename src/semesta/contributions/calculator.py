"""Monthly contributions per programme and payer, under the rules in force for the month.

Each result itemises the programmes (JKK, JKM, JHT, JP, JKP), who pays each (employer, worker,
government, or whoever funds an informal worker's cover: the worker, a company's CSR, Baznas,
the regional budget …), the amount before and after any relaxation, the regulations applied and
the months each figure is valid for. Amounts are whole rupiah, rounded half up per item, as
contribution notices show them. A month past the last published value of a figure (the JP wage
ceiling is set each year) is priced with that value and carries a warning.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from semesta import periods
from semesta.contributions.rules import (
    NoRule,
    in_force,
    latest_published,
    relaxations,
    rule_book,
)

FUNDERS = ("self", "csr", "baznas", "bumd", "apbd", "apbn")  # who pays an informal worker's cover
# PP 50/2025 names two groups: the transport sector (ojek daring and pangkalan drivers, drivers,
# parcel and logistics couriers) and every other sector; the other codes are kept for rosters.
SECTORS = ("transport", "trader", "fisher", "farmer", "other")
SIZES = ("micro", "small", "medium", "large")  # Perpres 109/2013: usaha mikro … besar
# The largest amount accepted (Rp 1.000 triliun): far above any wage or contract, and exact as
# a JSON number in every client.
MAX_AMOUNT = 10**15
MAX_MONTHS = 1200


@dataclass(frozen=True)
class Message:
    """A sentence for the user, in Indonesian and English."""

    id: str
    en: str

    def text(self, lang: str = "id") -> str:
        return self.en if lang == "en" else self.id


class InputError(ValueError):
    """A calculator input that cannot be priced, with the reason in Indonesian and English and
    the input it is about (``field``: wage, risk, income, contract_months …; None for several)."""

    def __init__(self, message_id: str, message_en: str, field: str | None = None) -> None:
        super().__init__(message_id)
        self.message_id, self.message_en, self.field = message_id, message_en, field

    def message(self, lang: str = "id") -> str:
        return self.message_en if lang == "en" else self.message_id


@dataclass(frozen=True)
class Item:
    programme: str
    payer: str
    base: int  # the wage, declared income or contract value the rate applies to
    rate_pct: float | None  # None for flat amounts
    full_amount: int  # before any relaxation
    amount: int  # due
    rule: str
    relaxation: str | None = None
    included_in: str | None = None  # a part of another item (JKP funded out of JKK), not extra
    component: str | None = None  # which share of the programme (JKP: government, recomposition)
    valid_from: str | None = None  # the contribution months the figures of this item hold for
    valid_to: str | None = None  # None: until a regulation replaces them


@dataclass
class Result:
    segment: str
    month: str
    inputs: dict
    items: list[Item] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)  # figures not yet set for the month
    notes: list[Message] = field(default_factory=list)  # why a relaxation or programme is absent
    programmes: list[str] | None = None  # the programmes owed (a firm's size), when given

    @property
    def totals(self) -> dict[str, int]:
        """Amount due per payer, and ``total``; parts of other items are not counted twice."""
        sums: dict[str, int] = {}
        for item in self.items:
            if item.included_in is None:
                sums[item.payer] = sums.get(item.payer, 0) + item.amount
        sums["total"] = sum(sums.values())
        return sums

    @property
    def full_total(self) -> int:
        """What the month would cost without any relaxation."""
        return sum(i.full_amount for i in self.items if i.included_in is None)

    @property
    def rules(self) -> list[str]:
        """Every regulation applied, in the order of the items."""
        seen: list[str] = []
        for item in self.items:
            for source in (item.rule, item.relaxation):
                if source and source not in seen:
                    seen.append(source)
        return seen

    @property
    def jkp(self) -> dict | None:
        """JKP as one programme: its total and each share with who pays it."""
        parts = [i for i in self.items if i.programme == "JKP"]
        if not parts:
            return None
        return {
            "total": sum(i.amount for i in parts),
            "shares": [
                {"component": i.component, "payer": i.payer, "amount": i.amount} for i in parts
            ],
        }

    def as_json(self, lang: str = "id") -> dict:
        return {
            "segment": self.segment,
            "month": self.month,
            "inputs": self.inputs,
            "programmes": self.programmes,
            "items": [asdict(i) for i in self.items],
            "jkp": self.jkp,
            "totals": self.totals,
            "total_without_relaxations": self.full_total,
            "rules": self.rules,
            "warnings": [w.text(lang) for w in self.warnings],
            "notes": [n.text(lang) for n in self.notes],
        }


def month(value: str) -> str:
    """A contribution month as ``YYYY-MM`` (ValueError otherwise)."""
    if not periods.is_label(value):
        raise ValueError(value)
    return value


def amount(text: str, name_id: str = "nilai", name_en: str = "value") -> int:
    """A rupiah amount typed by a person: ``5000000``, ``5.000.000`` or ``5e6`` (whole rupiah,
    positive, at most ``MAX_AMOUNT``); InputError with the reason otherwise."""
    cleaned = str(text).strip().replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value != value.to_integral_value():
        raise InputError(
            f"Nilai {name_id} harus bilangan bulat rupiah, mis. 5000000 atau 5.000.000: {text}",
            f"The {name_en} must be a whole number of rupiah, e.g. 5000000: {text}",
        )
    _in_range(value, name_id, name_en)
    return int(value)


def rupiah(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def share(base: int, pct: float) -> int:
    return rupiah(Decimal(base) * Decimal(str(pct)) / 100)


def pu(
    wage: int,
    risk: int,
    month: str,
    labour_intensive: bool = False,
    participants: int | None = None,
    size: str | None = None,
) -> Result:
    """A wage earner: JKK by risk group, JKM, JHT, JP (wage capped) and JKP.

    With a firm ``size`` only the programmes it owes under Perpres 109/2013 are priced (micro:
    JKK and JKM; small: and JHT; medium and large: and JP), and JKP where its participants
    qualify (PP 37/2021); without one, all of them.
    """
    _checked(wage, "upah", "wage", "wage")
    if risk not in (1, 2, 3, 4, 5):
        raise InputError(
            "Kelompok risiko JKK harus 1 sampai 5.", "The JKK risk group must be 1 to 5.", "risk"
        )
    if participants is not None and not 0 <= participants <= 10**9:
        raise InputError(
            "Jumlah peserta harus bilangan bulat 0 atau lebih.",
            "The number of participants must be a whole number, 0 or more.",
            "participants",
        )
    book = rule_book()["pu"]
    result = Result(
        "pu",
        month,
        {
            "wage": wage,
            "risk": risk,
            "labour_intensive": labour_intensive,
            "participants": participants,
            "size": size,
        },
    )
    owed = _owed(book, month, size, result)
    facts = {"labour_intensive": labour_intensive, "participants": participants}
    cut = _relaxation("pu", "JKK", month, facts)
    if labour_intensive and cut is None:
        result.notes.append(_why_no_relief(month, participants))
    jkk = _rule(book["jkk"], month, "JKK")
    result.items.append(
        _item("JKK", "employer", wage, jkk["employer_pct_by_risk"][str(risk)], jkk, cut)
    )
    jkm = _rule(book["jkm"], month, "JKM")
    result.items.append(_item("JKM", "employer", wage, jkm["employer_pct"], jkm))
    if "JHT" in owed:
        jht = _rule(book["jht"], month, "JHT")
        result.items.append(_item("JHT", "employer", wage, jht["employer_pct"], jht))
        result.items.append(_item("JHT", "worker", wage, jht["worker_pct"], jht))
    if "JP" in owed:
        _pension(book, wage, month, result)
    _job_loss(book, wage, month, size, owed, cut, result)
    return result


def _owed(book: dict, month: str, size: str | None, result: Result) -> set[str]:
    """The programmes a firm of that size owes in the month (all of them without a size)."""
    if size is None:
        return {"JKK", "JKM", "JHT", "JP"}
    if size not in SIZES:
        raise InputError(
            f"Ukuran usaha tidak dikenal: {size} (pilihan: {', '.join(SIZES)}).",
            f"Unknown firm size: {size} (choices: {', '.join(SIZES)}).",
            "size",
        )
    staged = _rule(book["programmes_by_size"], month, "kepesertaan bertahap")
    owed = staged["sizes"][size]
    result.programmes = list(owed)
    result.notes.append(
        Message(
            f"Usaha {SIZE_NAMES[size][0]} wajib ikut {', '.join(owed)} ({staged['source']}).",
            f"A {SIZE_NAMES[size][1]} firm must join {', '.join(owed)} ({staged['source']}).",
        )
    )
    return set(owed)


SIZE_NAMES = {
    "micro": ("mikro", "micro"),
    "small": ("kecil", "small"),
    "medium": ("menengah", "medium"),
    "large": ("besar", "large"),
}


def _pension(book: dict, wage: int, month: str, result: Result) -> None:
    jp = _rule(book["jp"], month, "JP")
    try:
        ceiling, provisional = latest_published(book["jp_wage_ceiling"], month)
    except NoRule:
        ceiling, provisional = _rule(book["jp_wage_ceiling"], month, "batas upah JP"), False
    if provisional:
        limit = f"Rp {ceiling['wage']:,}"
        result.warnings.append(
            Message(
                f"Batas upah JP untuk {month} belum ditetapkan: dihitung dengan batas terakhir "
                f"yang diterbitkan, {limit.replace(',', '.')} (berlaku {ceiling['from']} s.d. "
                f"{ceiling['to']}).",
                f"The JP wage ceiling for {month} is not set yet: priced with the last one "
                f"published, {limit} (valid {ceiling['from']} to {ceiling['to']}).",
            )
        )
    capped = min(wage, ceiling["wage"])
    both = {
        **jp,
        "source": f"{jp['source']}; {ceiling['source']}",
        "from": max(jp["from"], ceiling["from"]),
        "to": ceiling["to"] if jp["to"] is None else min(jp["to"], ceiling["to"]),
    }
    result.items.append(_item("JP", "employer", capped, jp["employer_pct"], both))
    result.items.append(_item("JP", "worker", capped, jp["worker_pct"], both))


def _job_loss(
    book: dict,
    wage: int,
    month: str,
    size: str | None,
    owed: set[str],
    cut: dict | None,
    result: Result,
) -> None:
    """JKP as its own shares: the central government's contribution and the parts of the
    employer's JKK (and, under PP 37/2021, JKM) redirected to it. Under the padat karya relief
    the JKK recomposition is adjusted with JKK (PP 36/2025 art. 10A extends both together), and
    a redirected part is never more than the contribution it is taken from."""
    try:
        jkp = in_force(book["jkp"], month)
    except NoRule:
        return  # JKP began in February 2021
    needed = jkp["requires_by_size"][size or "large"]
    if not set(needed) <= owed:
        result.notes.append(
            Message(
                f"JKP tidak dihitung: pesertanya harus terdaftar di {', '.join(needed)} "
                f"({jkp['source']}).",
                f"No JKP: its participants must be registered in {', '.join(needed)} "
                f"({jkp['source']}).",
            )
        )
        return
    base = min(wage, jkp["wage_cap"])
    result.items.append(
        _replace(
            _item("JKP", "government", base, jkp["government_pct"], jkp), component="government"
        )
    )
    for programme, pct in jkp["recomposition_pct"].items():
        whole = next(i for i in result.items if i.programme == programme)
        adjust = (
            cut if programme == "JKK" and cut and cut.get("recomposition_discount_pct") else None
        )
        part = _item("JKP", "employer", base, pct, jkp)
        if adjust:
            due = rupiah(
                Decimal(part.full_amount)
                * (100 - Decimal(str(adjust["recomposition_discount_pct"])))
                / 100
            )
            part = _replace(part, amount=due, relaxation=adjust["source"])
        part = _replace(
            part,
            amount=min(part.amount, whole.amount),
            full_amount=min(part.full_amount, whole.full_amount),
            included_in=programme,
            component=f"{programme.lower()}_recomposition",
        )
        result.items.append(part)


def _why_no_relief(month: str, participants: int | None) -> Message:
    periods = [r for r in rule_book()["relaxations"] if r["segment"] == "pu"]
    first, last = min(r["from"] for r in periods), max(r["to"] for r in periods)
    if first <= month <= last:
        least = max(r["requires"].get("min_participants", 0) for r in periods)
        return Message(
            f"Keringanan JKK industri padat karya tidak berlaku: perlu paling sedikit {least} "
            f"peserta aktif (diisi: {participants if participants is not None else '–'}).",
            f"No padat karya JKK relief: it needs at least {least} active participants "
            f"(given: {participants if participants is not None else '–'}).",
        )
    return Message(
        f"Keringanan JKK industri padat karya hanya untuk iuran {first} s.d. {last} "
        "(PP 7/2025 jo. PP 36/2025): bulan ini JKK penuh.",
        f"The padat karya JKK relief covers contribution months {first} to {last} only "
        "(PP 7/2025 and PP 36/2025): full JKK this month.",
    )


def bpu(
    income: int, month: str, sector: str = "other", funded_by: str = "self", jht: bool = False
) -> Result:
    """An informal worker on a declared income: JKK, JKM and optionally JHT."""
    if sector not in SECTORS:
        raise InputError(
            f"Sektor tidak dikenal: {sector} (pilihan: {', '.join(SECTORS)}).",
            f"Unknown sector: {sector} (choices: {', '.join(SECTORS)}).",
            "sector",
        )
    if funded_by not in FUNDERS:
        raise InputError(
            f"Sumber dana tidak dikenal: {funded_by} (pilihan: {', '.join(FUNDERS)}).",
            f"Unknown funder: {funded_by} (choices: {', '.join(FUNDERS)}).",
            "funded_by",
        )
    rule = _rule(rule_book()["bpu"], month, "BPU")
    low, high = rule["income_min"], rule["income_max"]
    if income is None or not low <= income <= high:
        raise InputError(
            f"Penghasilan yang dilaporkan harus antara Rp {low:,} dan Rp {high:,}.".replace(
                ",", "."
            ),
            f"The declared income must be between Rp {low:,} and Rp {high:,}.",
            "income",
        )
    facts = {"sector": sector, "funded_by": funded_by}
    result = Result(
        "bpu",
        month,
        {"income": income, "sector": sector, "funded_by": funded_by, "jht": jht},
    )
    cut = _relaxation("bpu", "JKK", month, facts)
    result.items.append(_item("JKK", funded_by, income, rule["jkk_pct"], rule, cut))
    cut = _relaxation("bpu", "JKM", month, facts)
    result.items.append(_flat("JKM", funded_by, income, rule["jkm_flat"], rule, cut))
    if jht:
        result.items.append(_item("JHT", funded_by, income, rule["jht_pct"], rule))
    return result


def jakon(month: str, contract_value: int | None = None, wages: int | None = None) -> Result:
    """A construction project: progressive on the contract value, or on known wages."""
    if (contract_value is None) == (wages is None):
        raise InputError(
            "Isi nilai kontrak atau jumlah upah (salah satu).",
            "Give either the contract value or the wages (one of them).",
            "contract_value",
        )
    rule = _rule(rule_book()["jakon"], month, "Jakon")
    if wages is not None:
        _checked(wages, "upah", "wages", "wages")
        result = Result("jakon", month, {"wages": wages})
        known = rule["known_wages"]
        result.items.append(_item("JKK", "employer", wages, known["jkk_pct"], rule))
        result.items.append(_item("JKM", "employer", wages, known["jkm_pct"], rule))
        return result
    _checked(contract_value, "nilai kontrak", "contract value", "contract_value")
    result = Result("jakon", month, {"contract_value": contract_value})
    for programme, key in (("JKK", "jkk_pct"), ("JKM", "jkm_pct")):
        due = sum(share(part, s[key]) for part, s in _slices(contract_value, rule["slices"]))
        result.items.append(
            _dated(
                Item(programme, "employer", contract_value, None, due, due, rule["source"]), rule
            )
        )
    return result


def pmi(
    month: str,
    contract_months: int | None = None,
    extension_months: int = 0,
    individual: bool = False,
) -> Result:
    """A migrant worker (PMI), Permenaker 4/2023 art. 18: JKK and JKM before placement (not for
    a PMI going without a placement agency, ``individual``), for the placement and after it by
    the contract's length, and a monthly amount for months beyond the contract's listed term and
    for an extension.

    A contract is priced at the longest listed term not above it (6, 12 or 24 months) plus the
    months beyond that term at the monthly rate (art. 18(3)); one shorter than 6 months at the
    6-month term, the shortest listed.
    """
    rule = _rule(rule_book()["pmi"], month, "PMI")
    if contract_months is None and not extension_months:
        raise InputError(
            "Isi lama perjanjian kerja (bulan) atau lama perpanjangan (bulan).",
            "Give the contract length (months) or the extension length (months).",
            "contract_months",
        )
    if contract_months is not None:
        _months(contract_months, "Lama perjanjian kerja", "The contract length", "contract_months")
    if extension_months:
        _months(extension_months, "Lama perpanjangan", "The extension length", "extension_months")
    result = Result(
        "pmi",
        month,
        {
            "contract_months": contract_months,
            "extension_months": extension_months,
            "individual": individual,
        },
    )
    monthly = rule["extension_per_month"]
    beyond = 0
    if contract_months is not None:
        terms = sorted(int(t) for t in rule["placement_by_contract_months"])
        fitting = [t for t in terms if t <= contract_months]
        term = fitting[-1] if fitting else terms[0]
        beyond = contract_months - term if fitting else 0
        if term != contract_months:
            result.notes.append(
                Message(
                    f"Perjanjian {contract_months} bulan dihitung dengan jangka {term} bulan"
                    + (f" ditambah {beyond} bulan kelebihan." if beyond else " (terpendek)."),
                    f"A {contract_months}-month contract is priced at the {term}-month term"
                    + (f" plus {beyond} months beyond it." if beyond else " (the shortest)."),
                )
            )
        if not individual:
            result.items.append(
                _flat(
                    "JKK+JKM", "worker", 0, rule["pre_placement"], rule, component="pre_placement"
                )
            )
        placement = rule["placement_by_contract_months"][str(term)]
        result.items.append(
            _flat("JKK+JKM", "worker", 0, placement, rule, component=f"placement_{term}_months")
        )
    extra = beyond + (extension_months or 0)
    if extra:
        if monthly is None:
            raise InputError(
                f"{rule['source']} tidak mengatur iuran per bulan untuk kelebihan jangka waktu "
                "atau perpanjangan.",
                f"{rule['source']} sets no monthly amount for months beyond the term or for an "
                "extension.",
                "extension_months",
            )
        result.items.append(
            _flat("JKK+JKM", "worker", extra, monthly * extra, rule, component="extension")
        )
    return result


def _months(value: int, name_id: str, name_en: str, key: str) -> None:
    if not 0 < value <= MAX_MONTHS:
        raise InputError(
            f"{name_id} harus 1 sampai {MAX_MONTHS} bulan (diisi: {value}).",
            f"{name_en} must be 1 to {MAX_MONTHS} months (given: {value}).",
            key,
        )


def _slices(value: int, slices: list[dict]):
    """(part of the value in the slice, slice) for each slice the value reaches."""
    lower = 0
    for s in slices:
        upper = s["up_to"] if s["up_to"] is not None else value
        if value > lower:
            yield min(value, upper) - lower, s
        lower = upper
        if value <= lower:
            break


def _rule(rules: list[dict], month: str, name: str) -> dict:
    try:
        return in_force(rules, month)
    except NoRule as exc:
        raise InputError(
            f"Belum ada aturan {name} untuk bulan {month} dalam data aturan iuran.",
            f"No {name} rule for {month} in the contribution rules.",
            "month",
        ) from exc


def _relaxation(segment: str, programme: str, month: str, facts: dict) -> dict | None:
    for rule in relaxations(segment, month):
        if programme in rule["programmes"] and _meets(rule["requires"], facts):
            return rule
    return None


def _meets(requires: dict, facts: dict) -> bool:
    if "sectors" in requires and facts.get("sector") not in requires["sectors"]:
        return False
    if "not_sectors" in requires and facts.get("sector") in requires["not_sectors"]:
        return False
    if "not_funded_by" in requires and facts.get("funded_by") in requires["not_funded_by"]:
        return False
    if requires.get("labour_intensive") and not facts.get("labour_intensive"):
        return False
    return (facts.get("participants") or 0) >= requires.get("min_participants", 0)


def _dated(item: Item, rule: dict) -> Item:
    return _replace(item, valid_from=rule.get("from"), valid_to=rule.get("to"))


def _item(
    programme: str, payer: str, base: int, pct: float, rule: dict, cut: dict | None = None
) -> Item:
    due = share(base, pct)
    return _discounted(
        _dated(Item(programme, payer, base, pct, due, due, rule["source"]), rule), cut
    )


def _flat(
    programme: str,
    payer: str,
    base: int,
    due: int,
    rule: dict,
    cut: dict | None = None,
    component: str | None = None,
) -> Item:
    item = Item(programme, payer, base, None, due, due, rule["source"], component=component)
    return _discounted(_dated(item, rule), cut)


def _discounted(item: Item, cut: dict | None) -> Item:
    if cut is None:
        return item
    due = rupiah(Decimal(item.full_amount) * (100 - Decimal(str(cut["discount_pct"]))) / 100)
    return _replace(item, amount=due, relaxation=cut["source"])


def _replace(item: Item, **changes) -> Item:
    return Item(**{**asdict(item), **changes})


def _checked(value: int | None, name_id: str, name_en: str, key: str) -> None:
    if value is None or value <= 0:
        raise InputError(
            f"Nilai {name_id} harus lebih dari nol.", f"The {name_en} must be more than zero.", key
        )
    _in_range(value, name_id, name_en, key)


def _in_range(value, name_id: str, name_en: str, key: str | None = None) -> None:
    if value > MAX_AMOUNT:
        limit = f"{MAX_AMOUNT:,}"
        raise InputError(
            f"Nilai {name_id} terlalu besar: paling banyak Rp {limit.replace(',', '.')}.",
            f"The {name_en} is too large: at most Rp {limit}.",
            key,
        )
    if value <= 0:
        raise InputError(
            f"Nilai {name_id} harus lebih dari nol.", f"The {name_en} must be more than zero.", key
        )
