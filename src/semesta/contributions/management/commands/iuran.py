"""``semesta iuran pu|bpu|jakon|pmi``: the month's contributions under the rules in force."""

from __future__ import annotations

import argparse
import json

from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from semesta.contributions import calculator
from semesta.contributions.labels import COMPONENTS, PAYERS
from semesta.formats import number


def _rupiah(name: str):
    """An amount argument: whole rupiah, with a clear message for anything else or too large."""

    def parse(text: str) -> int:
        try:
            return calculator.amount(text, name)
        except calculator.InputError as exc:
            raise argparse.ArgumentTypeError(exc.message()) from exc

    return parse


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"harus bilangan bulat: {text}") from None


def _month(text: str) -> str:
    try:
        return calculator.month(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"bulan harus TTTT-BB, mis. 2026-03: {text}") from None


class Command(BaseCommand):
    help = "Hitung iuran BPJS Ketenagakerjaan satu bulan menurut aturan yang berlaku."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="segment", required=True)
        pu = sub.add_parser("pu", help="Penerima upah: JKK, JKM, JHT, JP, JKP")
        pu.add_argument("--wage", type=_rupiah("upah"), required=True, help="Upah sebulan (Rp)")
        pu.add_argument("--risk", type=_whole, required=True, help="Kelompok risiko JKK 1–5")
        pu.add_argument("--labour-intensive", action="store_true", help="Industri padat karya")
        pu.add_argument("--participants", type=_whole, help="Jumlah peserta aktif di perusahaan")
        pu.add_argument(
            "--size",
            choices=calculator.SIZES,
            help="Ukuran usaha: hanya program yang wajib (Perpres 109/2013); bawaan: semua",
        )
        bpu = sub.add_parser("bpu", help="Bukan penerima upah: JKK, JKM, JHT pilihan")
        bpu.add_argument(
            "--income", type=_rupiah("penghasilan"), required=True, help="Penghasilan (Rp)"
        )
        bpu.add_argument("--sector", default="other", choices=calculator.SECTORS)
        bpu.add_argument("--funded-by", default="self", choices=calculator.FUNDERS)
        bpu.add_argument("--jht", action="store_true", help="Ikut JHT")
        jakon = sub.add_parser("jakon", help="Jasa konstruksi: dari nilai kontrak atau upah")
        jakon.add_argument(
            "--contract-value", type=_rupiah("nilai kontrak"), help="Nilai kontrak (Rp)"
        )
        jakon.add_argument("--wages", type=_rupiah("upah"), help="Jumlah upah, bila diketahui (Rp)")
        pmi = sub.add_parser("pmi", help="Pekerja migran Indonesia (Permenaker 4/2023)")
        pmi.add_argument("--contract-months", type=_whole, help="Lama perjanjian kerja (bulan)")
        pmi.add_argument(
            "--extension-months", type=_whole, default=0, help="Lama perpanjangan (bulan)"
        )
        pmi.add_argument(
            "--individual", action="store_true", help="PMI perseorangan: tanpa iuran pra-penempatan"
        )
        for command in (pu, bpu, jakon, pmi):
            command.add_argument(
                "--month", type=_month, default=None, help="Bulan iuran TTTT-BB (bawaan: bulan ini)"
            )
            command.add_argument("--json", action="store_true", help="Cetak hasil sebagai JSON")

    def handle(self, *args, segment: str, **options) -> None:
        when = options["month"] or f"{timezone.localdate():%Y-%m}"
        try:
            result = _priced(segment, when, options)
        except calculator.InputError as exc:
            raise CommandError(exc.message()) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            return
        self.stdout.write(f"Iuran {segment.upper()} bulan {when}")
        for item in result.items:
            self.stdout.write(_line(item))
        for payer, due in result.totals.items():
            label = "Jumlah" if payer == "total" else str(PAYERS[payer])
            self.stdout.write(f"  {label:<27} Rp {number(due):>12}")
        self.stdout.write("Dasar: " + "; ".join(result.rules))
        for note in result.notes:
            self.stdout.write("Catatan: " + note.text())
        for warning in result.warnings:
            self.stdout.write("Peringatan: " + warning.text())


def _priced(segment: str, when: str, options: dict) -> calculator.Result:
    if segment == "pu":
        return calculator.pu(
            options["wage"],
            options["risk"],
            when,
            options["labour_intensive"],
            options["participants"],
            options["size"],
        )
    if segment == "bpu":
        return calculator.bpu(
            options["income"], when, options["sector"], options["funded_by"], options["jht"]
        )
    if segment == "jakon":
        return calculator.jakon(when, options["contract_value"], options["wages"])
    return calculator.pmi(
        when, options["contract_months"], options["extension_months"], options["individual"]
    )


def _line(item: calculator.Item) -> str:
    what = f"  ({COMPONENTS.get(item.component, item.component)})" if item.component else ""
    part = f"  (bagian dari {item.included_in})" if item.included_in else ""
    cut = f"  ← {item.relaxation}: semula Rp {number(item.full_amount)}" if item.relaxation else ""
    return (
        f"  {item.programme:<8} {PAYERS[item.payer]!s:<18}"
        f" Rp {number(item.amount):>12}{what}{part}{cut}"
    )
