"""Steps the browser tests share."""

from __future__ import annotations


def log_in(page, base: str, username: str, next_url: str) -> None:
    """Log in through the real form (test personas' password) and land on ``next_url``."""
    page.goto(f"{base}/akun/masuk/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", "rahasia-123")
    page.click("button[type=submit]")
