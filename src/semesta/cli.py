"""The `semesta` console script: Django's management commands under one name.

Whatever goes wrong ends in one line on stderr and a non-zero exit code, never a traceback: a
setting Semesta cannot use or a missing NIK key (exit 2, before anything starts), a full disk, a
value a command cannot handle (exit 1). ``--traceback`` shows the traceback as Django does.
"""

from __future__ import annotations

import errno
import os
import sys

CONFIG_EXIT = 2


def main(argv: list[str] | None = None) -> None:
    """Run a Semesta command, e.g. ``semesta coverage 31 --period 2025-07 --json``."""
    args = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "semesta.settings")
    from semesta import conf
    from semesta.conf import ConfigError

    # A restore brings its own keys: it must start where the keys are missing.
    conf.RESTORING = args[:1] == ["restore"]
    try:
        _load_settings()
    except ConfigError as exc:
        sys.exit(_say(f"Semesta tidak dapat dimulai: {exc}", CONFIG_EXIT))
    try:
        _run(args)
    except Exception as exc:
        if "--traceback" in args:
            raise
        sys.exit(_say(explain(exc), 1))


def _load_settings() -> None:
    from django.conf import settings

    settings.INSTALLED_APPS  # noqa: B018 -- reading one setting loads (and checks) them all


def _run(args: list[str]) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["semesta", *args])


def explain(exc: BaseException) -> str:
    """One line in Indonesian for an error that reached the command line."""
    from django.core.management import CommandError

    if isinstance(exc, CommandError):
        return f"Galat: {exc}"
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"Galat: ruang disk penuh{where}; tidak ada berkas setengah jadi yang disimpan."
    if isinstance(exc, OSError):
        where = f" {exc.filename}:" if exc.filename else ""
        return f"Galat berkas:{where} {exc.strerror or exc}"
    if isinstance(exc, ValueError | ArithmeticError):
        return f"Galat: nilai tidak dapat diproses ({exc})."
    return (
        f"Galat internal ({type(exc).__name__}: {exc}). "
        "Jalankan lagi dengan --traceback untuk rinciannya."
    )


def _say(message: str, code: int) -> int:
    print(message, file=sys.stderr)
    return code


if __name__ == "__main__":
    main()
