"""Who wants the weekly digest by e-mail, and when it was last sent to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DigestPreference(models.Model):
    """One user's choice about the weekly digest. Without a row, an officer receives it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    subscribed = models.BooleanField(default=True)
    changed_at = models.DateTimeField(auto_now=True)
    last_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the last digest was handed to the mail server."
    )
    last_summary = models.CharField(max_length=300, blank=True, help_text="Counts only.")

    def __str__(self) -> str:
        state = "berlangganan" if self.subscribed else "berhenti"
        return f"{self.user} ({state})"
