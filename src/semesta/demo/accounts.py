"""Demo logins: one persona per role, each scoped to their own region."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from semesta.accounts.models import Membership, Role, User

DEMO_PASSWORD = "jamsostek-demo"
PERSONAS = [
    ("admin.dki", "Admin Provinsi DKI", Role.PROVINCE_ADMIN, {"region_id": "31"}),
    ("petugas.jakpus", "Petugas Kota Jakarta Pusat", Role.KOTA_OFFICER, {"region_id": "31.71"}),
    ("petugas.jaktim", "Petugas Kota Jakarta Timur", Role.KOTA_OFFICER, {"region_id": "31.75"}),
    (
        "petugas.matraman",
        "Petugas Kecamatan Matraman",
        Role.KECAMATAN_OFFICER,
        {"region_id": "31.75.01"},
    ),
    (
        "petugas.palmeriam",
        "Petugas Kelurahan Palmeriam",
        Role.KELURAHAN_OFFICER,
        {"region_id": "31.75.01.1004"},
    ),
    (
        "cabang.rawamangun",
        "Petugas BPJS Cabang Rawamangun",
        Role.BRANCH_OFFICER,
        {"branch_id": "rawamangun"},
    ),
    ("sponsor.jakbar", "Sponsor CSR Jakarta Barat", Role.CSR_SPONSOR, {"region_id": "31.73"}),
    ("sponsor.jakpus", "Forum CSR Jakarta Pusat", Role.CSR_SPONSOR, {"region_id": "31.71"}),
    # Dinas Perhubungan's officer: made a member of that party by the collaboration demo.
    ("petugas.dishub", "Petugas Dinas Perhubungan", Role.AGENCY_OFFICER, {"region_id": "31"}),
    ("pembaca.dki", "Pembaca DKI", Role.VIEWER, {"region_id": "31"}),
    # Kemendagri's UCJ evaluation: every province, read only (a national role holds no region).
    ("kemendagri.pusat", "Kemendagri Pusat (nasional)", Role.NATIONAL_ADMIN, {}),
]


def create_demo_users() -> list[dict[str, str]]:
    """Create (or reset) the demo personas; returns their user names and roles.

    The shared password is never part of the result: the result is written to ``demo.json``, and
    no password is kept on disk. ``semesta demo`` prints it once, from ``DEMO_PASSWORD``.
    """
    logins = []
    # One argon2 hash for the shared password (each costs half a second on purpose).
    password = make_password(DEMO_PASSWORD)
    for username, full_name, role, where in PERSONAS:
        user, _ = User.objects.get_or_create(username=username)
        user.first_name = full_name
        user.is_staff = user.is_superuser = role == Role.PROVINCE_ADMIN
        user.password = password
        user.save()
        user.memberships.all().delete()
        Membership.objects.create(user=user, role=role, **where)
        logins.append({"username": username, "role": str(role.label)})
    return logins
