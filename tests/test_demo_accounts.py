"""Demo personas are created with the right memberships and can log in."""

from semesta.demo.accounts import DEMO_PASSWORD, create_demo_users
from semesta.regions.models import BranchOffice, Region
from semesta.scoping import scope_roots


def test_it_creates_one_scoped_login_per_role(db, client):
    branch = BranchOffice.objects.create(code="rawamangun", name="Cabang Rawamangun")
    branch.kecamatan.add(Region.objects.get(code="31.75.02"))
    logins = create_demo_users()
    assert len(logins) == 10
    from semesta.accounts.models import User

    assert scope_roots(User.objects.get(username="petugas.jakpus")) == ["31.71"]
    assert scope_roots(User.objects.get(username="cabang.rawamangun")) == ["31.75.02"]
    assert client.login(username="petugas.matraman", password=DEMO_PASSWORD)
