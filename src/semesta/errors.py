"""Errors users read, carrying their message in Indonesian and in English."""

from __future__ import annotations


class UserError(ValueError):
    """A problem with what the user asked for; ``message(lang)`` gives it in their language."""

    def __init__(self, message_id: str, message_en: str) -> None:
        super().__init__(message_id)
        self.message_id, self.message_en = message_id, message_en

    def message(self, lang: str = "id") -> str:
        return self.message_en if lang == "en" else self.message_id
