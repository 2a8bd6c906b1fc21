"""Demo personas are created with the right memberships and can log in."""

from semesta.access import scope_roots
from semesta.demo.accounts import DEMO_PASSWORD, create_demo_users
from semesta.regions.models import BranchOffice, Region


def test_it_creates_one_scoped_login_per_role(db, client):
    branch = BranchOffice.objects.create(code="rawamangun", name="Cabang Rawamangun")
    branch.kecamatan.add(Region.objects.get(code="31.75.02"))
    logins = create_demo_users()
    assert len(logins) == 11
    from semesta.accounts.models import User

    assert scope_roots(User.objects.get(username="petugas.jakpus")) == ["31.71"]
    assert scope_roots(User.objects.get(username="cabang.rawamangun")) == ["31.75.02"]
    assert client.login(username="petugas.matraman", password=DEMO_PASSWORD)


def test_it_keeps_the_demo_password_off_disk(db, tmp_path):
    import json

    from semesta.demo.management.commands.demo import _forget_passwords

    BranchOffice.objects.create(code="rawamangun", name="Cabang Rawamangun")
    logins = create_demo_users()
    assert all(set(login) == {"username", "role"} for login in logins)
    assert DEMO_PASSWORD not in json.dumps(logins)
    old = tmp_path / "demo.json"  # written by an earlier version, with the password
    summary = {"built_at": "2025-07-01", "logins": [{"username": "a", "password": DEMO_PASSWORD}]}
    old.write_text(json.dumps(summary))
    _forget_passwords(old, summary)
    assert DEMO_PASSWORD not in old.read_text() and summary["logins"] == [{"username": "a"}]
