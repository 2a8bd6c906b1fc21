"""The `semesta` console script: Django's management commands under one name."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a Semesta command, e.g. ``semesta coverage 31 --period 2025-07 --json``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "semesta.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["semesta", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
