"""Monthly contributions per programme and payer, under the rules in force for the month.

Each result itemises the programmes (JKK, JKM, JHT, JP, JKP), who pays each (employer, worker,
government, or whoever funds an informal worker's cover: the worker, a company's CSR, Baznas,
the regional budget …), the amount before and after any relaxation, and the regulations applied.
Amounts are whole rupiah, rounded half up per item, as contribution notices show them.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from semesta.contributions.rules import NoRule, in_force, relaxations, rule_book

FUNDERS = ("self", "csr", "baznas", "bumd", "apbd", "apbn")  # who pays an informal worker's cover
SECTORS = ("transport", "trader", "fisher", "farmer", "other")


class InputError(ValueError):
    """A calculator input that cannot be priced, with the reason in Indonesian and English."""

    def __init__(self, message_id: str, message_en: str) -> None:
        super().__init__(message_id)
        self.message_id, self.message_en = message_id, message_en

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


@dataclass
class Result:
    segment: str
    month: str
    inputs: dict
    items: list[Item] = field(default_factory=list)

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

    def as_json(self) -> dict:
        return {
            "segment": self.segment,
            "month": self.month,
            "inputs": self.inputs,
            "items": [asdict(i) for i in self.items],
            "totals": self.totals,
            "total_without_relaxations": self.full_total,
            "rules": self.rules,
        }


def month(value: str) -> str:
    """A contribution month as ``YYYY-MM`` (ValueError otherwise)."""
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        raise ValueError(value)
    return value


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
) -> Result:
    """A wage earner: JKK by risk group, JKM, JHT, JP (wage capped) and JKP."""
    _positive(wage, "upah", "wage")
    if risk not in (1, 2, 3, 4, 5):
        raise InputError(
            "Kelompok risiko JKK harus 1 sampai 5.", "The JKK risk group must be 1 to 5."
        )
    book = rule_book()["pu"]
    facts = {"labour_intensive": labour_intensive, "participants": participants}
    result = Result(
        "pu",
        month,
        {
            "wage": wage,
            "risk": risk,
            "labour_intensive": labour_intensive,
            "participants": participants,
        },
    )
    jkk = _rule(book["jkk"], month, "JKK")
    cut = _relaxation("pu", "JKK", month, facts)
    result.items.append(
        _item("JKK", "employer", wage, jkk["employer_pct_by_risk"][str(risk)], jkk, cut)
    )
    jkm = _rule(book["jkm"], month, "JKM")
    result.items.append(_item("JKM", "employer", wage, jkm["employer_pct"], jkm))
    jht = _rule(book["jht"], month, "JHT")
    result.items.append(_item("JHT", "employer", wage, jht["employer_pct"], jht))
    result.items.append(_item("JHT", "worker", wage, jht["worker_pct"], jht))
    jp = _rule(book["jp"], month, "JP")
    ceiling = _rule(book["jp_wage_ceiling"], month, "batas upah JP")
    capped = min(wage, ceiling["wage"])
    jp = {**jp, "source": f"{jp['source']}; {ceiling['source']}"}
    result.items.append(_item("JP", "employer", capped, jp["employer_pct"], jp))
    result.items.append(_item("JP", "worker", capped, jp["worker_pct"], jp))
    jkp = _rule(book["jkp"], month, "JKP")
    jkp_base = min(wage, jkp["wage_cap"])
    result.items.append(_item("JKP", "government", jkp_base, jkp["government_pct"], jkp))
    for programme, key in (("JKK", "from_jkk_pct"), ("JKM", "from_jkm_pct")):
        if jkp[key]:
            part = _item("JKP", "employer", jkp_base, jkp[key], jkp)
            result.items.append(_replace(part, included_in=programme))
    return result


def bpu(
    income: int, month: str, sector: str = "other", funded_by: str = "self", jht: bool = False
) -> Result:
    """An informal worker on a declared income: JKK, JKM and optionally JHT."""
    if sector not in SECTORS:
        raise InputError(
            f"Sektor tidak dikenal: {sector} (pilihan: {', '.join(SECTORS)}).",
            f"Unknown sector: {sector} (choices: {', '.join(SECTORS)}).",
        )
    if funded_by not in FUNDERS:
        raise InputError(
            f"Sumber dana tidak dikenal: {funded_by} (pilihan: {', '.join(FUNDERS)}).",
            f"Unknown funder: {funded_by} (choices: {', '.join(FUNDERS)}).",
        )
    rule = _rule(rule_book()["bpu"], month, "BPU")
    low, high = rule["income_min"], rule["income_max"]
    if not low <= income <= high:
        raise InputError(
            f"Penghasilan yang dilaporkan harus antara Rp {low:,} dan Rp {high:,}.".replace(
                ",", "."
            ),
            f"The declared income must be between Rp {low:,} and Rp {high:,}.",
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
        )
    rule = _rule(rule_book()["jakon"], month, "Jakon")
    if wages is not None:
        _positive(wages, "upah", "wages")
        result = Result("jakon", month, {"wages": wages})
        known = rule["known_wages"]
        result.items.append(_item("JKK", "employer", wages, known["jkk_pct"], rule))
        result.items.append(_item("JKM", "employer", wages, known["jkm_pct"], rule))
        return result
    _positive(contract_value, "nilai kontrak", "contract value")
    result = Result("jakon", month, {"contract_value": contract_value})
    for programme, key in (("JKK", "jkk_pct"), ("JKM", "jkm_pct")):
        amount = sum(share(part, s[key]) for part, s in _slices(contract_value, rule["slices"]))
        result.items.append(
            Item(programme, "employer", contract_value, None, amount, amount, rule["source"])
        )
    return result


def pmi(month: str) -> Result:
    """A migrant worker (PMI): the JKK and JKM package for the placement."""
    rule = _rule(rule_book()["pmi"], month, "PMI")
    amount = rule["jkk_jkm_flat"]
    return Result(
        "pmi", month, {}, [Item("JKK+JKM", "worker", 0, None, amount, amount, rule["source"])]
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


def _item(
    programme: str, payer: str, base: int, pct: float, rule: dict, cut: dict | None = None
) -> Item:
    amount = share(base, pct)
    return _discounted(Item(programme, payer, base, pct, amount, amount, rule["source"]), cut)


def _flat(
    programme: str, payer: str, base: int, amount: int, rule: dict, cut: dict | None = None
) -> Item:
    return _discounted(Item(programme, payer, base, None, amount, amount, rule["source"]), cut)


def _discounted(item: Item, cut: dict | None) -> Item:
    if cut is None:
        return item
    due = rupiah(Decimal(item.full_amount) * (100 - Decimal(str(cut["discount_pct"]))) / 100)
    return _replace(item, amount=due, relaxation=cut["source"])


def _replace(item: Item, **changes) -> Item:
    return Item(**{**asdict(item), **changes})


def _positive(value: int | None, name_id: str, name_en: str) -> None:
    if value is None or value <= 0:
        raise InputError(
            f"Nilai {name_id} harus lebih dari nol.", f"The {name_en} must be more than zero."
        )
