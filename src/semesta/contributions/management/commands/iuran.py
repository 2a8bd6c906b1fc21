"""``semesta iuran pu|bpu|jakon|pmi``: the month's contributions under the rules in force."""

from __future__ import annotations

import json

from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from semesta.contributions import calculator
from semesta.contributions.labels import PAYERS
from semesta.formats import number


class Command(BaseCommand):
    help = "Hitung iuran BPJS Ketenagakerjaan satu bulan menurut aturan yang berlaku."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="segment", required=True)
        pu = sub.add_parser("pu", help="Penerima upah: JKK, JKM, JHT, JP, JKP")
        pu.add_argument("--wage", type=int, required=True, help="Upah sebulan (Rp)")
        pu.add_argument("--risk", type=int, required=True, help="Kelompok risiko JKK 1–5")
        pu.add_argument("--labour-intensive", action="store_true", help="Industri padat karya")
        pu.add_argument("--participants", type=int, help="Jumlah peserta di perusahaan")
        bpu = sub.add_parser("bpu", help="Bukan penerima upah: JKK, JKM, JHT pilihan")
        bpu.add_argument("--income", type=int, required=True, help="Penghasilan dilaporkan (Rp)")
        bpu.add_argument("--sector", default="other", choices=calculator.SECTORS)
        bpu.add_argument("--funded-by", default="self", choices=calculator.FUNDERS)
        bpu.add_argument("--jht", action="store_true", help="Ikut JHT")
        jakon = sub.add_parser("jakon", help="Jasa konstruksi: dari nilai kontrak atau upah")
        jakon.add_argument("--contract-value", type=int, help="Nilai kontrak (Rp)")
        jakon.add_argument("--wages", type=int, help="Jumlah upah, bila diketahui (Rp)")
        sub.add_parser("pmi", help="Pekerja migran Indonesia: paket JKK dan JKM")
        for command in (pu, bpu, jakon, sub.choices["pmi"]):
            command.add_argument(
                "--month",
                type=calculator.month,
                default=None,
                help="Bulan iuran TTTT-BB (bawaan: bulan ini)",
            )
            command.add_argument("--json", action="store_true", help="Cetak hasil sebagai JSON")

    def handle(self, *args, segment: str, **options) -> None:
        when = options["month"] or f"{timezone.localdate():%Y-%m}"
        try:
            if segment == "pu":
                result = calculator.pu(
                    options["wage"],
                    options["risk"],
                    when,
                    options["labour_intensive"],
                    options["participants"],
                )
            elif segment == "bpu":
                result = calculator.bpu(
                    options["income"],
                    when,
                    options["sector"],
                    options["funded_by"],
                    options["jht"],
                )
            elif segment == "jakon":
                result = calculator.jakon(when, options["contract_value"], options["wages"])
            else:
                result = calculator.pmi(when)
        except calculator.InputError as exc:
            raise CommandError(exc.message()) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            return
        self.stdout.write(f"Iuran {segment.upper()} bulan {when}")
        for item in result.items:
            part = f"  (bagian dari {item.included_in})" if item.included_in else ""
            cut = (
                f"  ← {item.relaxation}: semula Rp {number(item.full_amount)}"
                if item.relaxation
                else ""
            )
            self.stdout.write(
                f"  {item.programme:<8} {PAYERS[item.payer]!s:<18}"
                f" Rp {number(item.amount):>12}{part}{cut}"
            )
        for payer, amount in result.totals.items():
            label = "Jumlah" if payer == "total" else str(PAYERS[payer])
            self.stdout.write(f"  {label:<27} Rp {number(amount):>12}")
        self.stdout.write("Dasar: " + "; ".join(result.rules))
