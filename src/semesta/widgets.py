"""Form widgets shared by every form."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker. It only takes ISO dates (2025-10-23): in the locale's format a
    value given back on an error, or filled in beforehand, would show as an empty picker."""

    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")
