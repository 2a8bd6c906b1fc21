"""``semesta token USERNAME [--name NAME]``: issue an API token (printed once)."""

from django.core.management import BaseCommand, CommandError

from semesta.accounts.models import User
from semesta.accounts.tokens import issue


class Command(BaseCommand):
    help = "Buat token API untuk seorang pengguna (ditampilkan sekali)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="Nama token, mis. skrip-impor-kanwil")

    def handle(self, *args, username: str, name: str, **options) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Pengguna {username!r} tidak ditemukan.")
        self.stdout.write(issue(user, name))
