"""Sign-in throttling (site, admin, API), token expiry and revocation, accounts in the admin."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from semesta.accounts import throttle
from semesta.accounts.models import ApiToken
from semesta.accounts.tokens import issue

ATTACKER, OFFICE = "203.0.113.9", "10.20.30.40"


@pytest.fixture
def staff(personas):
    admin = personas["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    return admin


def _admin_login(client, password: str, ip: str):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "admin", "password": password},
        REMOTE_ADDR=ip,
    )


def test_ten_bad_admin_logins_from_one_address_do_not_lock_the_user_out_elsewhere(client, staff):
    for _ in range(10):
        assert _admin_login(client, "salah", ATTACKER).status_code == 200
    refused = _admin_login(client, "rahasia-123", ATTACKER)  # the right password, too late
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    assert "Terlalu banyak percobaan masuk" in refused.content.decode()
    assert _admin_login(client, "rahasia-123", OFFICE).status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_the_delay_grows_with_each_failure_past_the_limit(personas, settings):
    for _ in range(settings.LOGIN_ATTEMPTS):
        throttle.failed("officer_a", ATTACKER)
    first = throttle.wait("officer_a", ATTACKER)
    throttle.failed("officer_a", ATTACKER)
    second = throttle.wait("officer_a", ATTACKER)
    assert 0 < first <= 60 and 60 < second <= 120
    assert throttle.wait("officer_a", OFFICE) == 0 and throttle.wait("officer_b", ATTACKER) == 0


def test_the_site_login_says_how_long_to_wait(client, personas):
    for _ in range(5):
        client.post("/akun/masuk/", {"username": "officer_a", "password": "salah"})
    page = client.post("/akun/masuk/", {"username": "officer_a", "password": "rahasia-123"})
    assert "coba lagi dalam 1 menit" in page.content.decode()


def test_guessing_many_names_from_one_address_spares_users_who_signed_in_there(
    client, personas, settings
):
    settings.LOGIN_IP_ATTEMPTS = 3
    signed_in = client.post(
        "/akun/masuk/", {"username": "officer_b", "password": "rahasia-123"}, REMOTE_ADDR=OFFICE
    )
    assert signed_in.status_code == 302
    client.logout()
    for name in ("x1", "x2", "x3"):
        client.post("/akun/masuk/", {"username": name, "password": "salah"}, REMOTE_ADDR=OFFICE)
    assert throttle.wait("officer_a", OFFICE) > 0  # new to this address: slowed down
    ok = client.post(
        "/akun/masuk/", {"username": "officer_b", "password": "rahasia-123"}, REMOTE_ADDR=OFFICE
    )
    assert ok.status_code == 302


def test_the_api_slows_down_an_address_sending_bad_tokens(client, personas, settings):
    settings.LOGIN_IP_ATTEMPTS = 5
    for _ in range(5):
        bad = client.get(
            "/api/v1/regions", HTTP_AUTHORIZATION="Bearer smt_tebakan", REMOTE_ADDR=ATTACKER
        )
        assert bad.status_code == 401
    good = f"Bearer {issue(personas['officer_a'], 'skrip')}"
    throttled = client.get("/api/v1/regions", HTTP_AUTHORIZATION=good, REMOTE_ADDR=ATTACKER)
    assert throttled.status_code == 429
    assert (
        client.get("/api/v1/regions", HTTP_AUTHORIZATION=good, REMOTE_ADDR=OFFICE).status_code
        == 200
    )


def test_tokens_expire_after_the_configured_days_and_can_be_revoked(client, personas, settings):
    settings.API_TOKEN_DAYS = 30
    token = issue(personas["officer_a"], "skrip")
    found = ApiToken.objects.get()
    assert found.expires_at - timezone.now() > timedelta(days=29)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get("/api/v1/regions", **auth).status_code == 200
    assert ApiToken.objects.get().last_used_at is not None
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/v1/regions", **auth).status_code == 401
    ApiToken.objects.update(expires_at=timezone.now() + timedelta(days=1))
    call_command("token", "officer_a", "--name", "skrip", "--revoke")
    assert ApiToken.objects.get().revoked_at is not None
    assert client.get("/api/v1/regions", **auth).status_code == 401


def test_the_admin_manages_users_memberships_and_tokens_without_showing_a_secret_again(
    client, staff, personas
):
    client.force_login(staff)
    users = client.get("/admin/accounts/user/").content.decode()
    assert "officer_a" in users and "Petugas kota/kabupaten" in users
    assert client.get(f"/admin/accounts/user/{personas['officer_a'].pk}/change/").status_code == 200
    assert "31.71" in client.get("/admin/accounts/membership/").content.decode()
    created = client.post(
        "/admin/accounts/apitoken/add/",
        {
            "user": personas["officer_a"].pk,
            "name": "skrip-kanwil",
            "expires_at_0": (timezone.localdate() + timedelta(days=10)).isoformat(),
            "expires_at_1": "00:00:00",
        },
        follow=True,
    )
    shown = created.content.decode()
    assert "tidak akan ditampilkan lagi: smt_" in shown
    secret = shown.split("tidak akan ditampilkan lagi: ")[1].split("<")[0].strip()
    found = ApiToken.objects.get(name="skrip-kanwil")
    assert client.get("/api/v1/regions", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    for page in ("/admin/accounts/apitoken/", f"/admin/accounts/apitoken/{found.pk}/change/"):
        text = client.get(page).content.decode()
        assert secret not in text and found.key_hash not in text
    client.post(
        "/admin/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [found.pk]},
    )
    found.refresh_from_db()
    assert found.revoked_at is not None
