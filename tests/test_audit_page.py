"""The audit page: administrators read their region's trail; officers cannot."""

from semesta.accounts.audit import record
from semesta.accounts.models import AuditEvent


def test_it_shows_the_trail_to_admins_only(client, personas):
    record(
        personas["officer_a"],
        AuditEvent.Action.EXPORT,
        region_code="31.71",
        obj_type="coverage_children",
    )
    client.force_login(personas["officer_a"])
    assert client.get("/akun/audit/").status_code == 403
    client.force_login(personas["admin"])
    page = client.get("/akun/audit/?aksi=export").content.decode()
    assert "officer_a" in page and "coverage_children" in page and "Ekspor" in page
    assert "Masuk</td>" not in page  # filtered to exports
