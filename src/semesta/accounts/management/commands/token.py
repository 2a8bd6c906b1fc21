"""``semesta token USERNAME [--name NAME] [--days N] [--revoke]``: issue (printed once) or revoke
an API token."""

from django.core.management import BaseCommand, CommandError

from semesta.accounts.models import User
from semesta.accounts.tokens import issue, revoke


class Command(BaseCommand):
    help = "Buat token API untuk seorang pengguna (ditampilkan sekali), atau cabut tokennya."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="Nama token, mis. skrip-impor-kanwil")
        parser.add_argument(
            "--days", type=int, default=None, help="Berlaku berapa hari (bawaan: 90)."
        )
        parser.add_argument(
            "--revoke", action="store_true", help="Cabut token pengguna dengan nama ini."
        )

    def handle(self, *args, username: str, name: str, days, **options) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Pengguna {username!r} tidak ditemukan.")
        if days is not None and days < 1:
            raise CommandError("--days harus paling sedikit 1.")
        if options["revoke"]:
            self.stdout.write(f"{revoke(user, name)} token dicabut.")
            return
        self.stdout.write(issue(user, name, days))
