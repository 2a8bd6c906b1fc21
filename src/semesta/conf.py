"""Typed readers for environment variables: every setting Semesta reads comes through here.

Each reader fails loudly on a malformed value and supports ``NAME_FILE`` (read the value from a
file, for secrets mounted by the deployment). docs/configuration.md lists every variable;
a test keeps that page and ``settings.py`` in step.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class ConfigError(RuntimeError):
    """A setting has a value Semesta cannot use."""


def _raw(name: str) -> str | None:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"{name}_FILE={file_path}: cannot read ({exc.strerror})") from exc
    return os.environ.get(name)


def env_str(name: str, default: str) -> str:
    """A string setting."""
    value = _raw(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool) -> bool:
    """A yes/no setting: 1/0, true/false, yes/no, on/off."""
    value = _raw(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={value!r}: expected true or false")


def env_int(name: str, default: int) -> int:
    """A whole-number setting."""
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigError(f"{name}={value!r}: expected a whole number") from exc


def env_float(name: str, default: float) -> float:
    """A decimal-number setting (a dot as decimal separator)."""
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError as exc:
        raise ConfigError(f"{name}={value!r}: expected a number such as 0.05") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list setting."""
    value = _raw(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_path(name: str, default: str) -> Path:
    """A filesystem path setting, made absolute."""
    return Path(env_str(name, default)).expanduser().resolve()


def env_secret(name: str, data_dir: Path, generate) -> str:
    """A secret: from the environment, else from ``<data_dir>/secrets/<name>``, created once.

    Persisting a generated secret in the data directory keeps the embedded demo working with no
    variables set while keeping keys stable across restarts (NIK hashes must stay comparable).
    """
    value = _raw(name)
    if value:
        return value
    path = data_dir / "secrets" / name.lower()
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    value = generate()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value


def token() -> str:
    """A random URL-safe secret of 48 bytes."""
    return secrets.token_urlsafe(48)
