"""Security basics: strict browser headers, login throttling, session expiry."""

from __future__ import annotations


def test_it_sends_a_content_security_policy_without_inline_code(client, personas):
    client.force_login(personas["admin"])
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_it_refuses_logins_after_five_failures_for_a_user(client, personas):
    for _ in range(5):
        client.post("/akun/masuk/", {"username": "officer_a", "password": "salah"})
    page = client.post("/akun/masuk/", {"username": "officer_a", "password": "rahasia-123"})
    assert page.status_code == 200 and "Terlalu banyak percobaan masuk" in page.content.decode()
    assert "_auth_user_id" not in client.session
    other = client.post("/akun/masuk/", {"username": "officer_b", "password": "rahasia-123"})
    assert other.status_code == 302


def test_it_ends_sessions_after_working_hours_and_with_the_browser(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
