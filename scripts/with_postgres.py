"""Run a command against a throwaway PostgreSQL server, removed afterwards.

Usage: python scripts/with_postgres.py -- pytest ...

The server comes from the machine's own ``initdb``/``pg_ctl``, listens on a free port on
127.0.0.1 only, and the command gets ``DATABASE_URL`` pointing at it. PostgreSQL refuses to run
as root, so under root the server runs as ``nobody``.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path


def find_binary(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))), None
    )
    if not found:
        sys.exit(f"{name} not found: install PostgreSQL server binaries (Debian: postgresql)")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]


def _reachable_temp() -> str | None:
    """A temporary folder the server's user can reach: /tmp may be closed to it (mode 0700)."""
    if os.geteuid() != 0:
        return None
    for folder in (tempfile.gettempdir(), "/var/tmp", "/dev/shm"):
        if os.path.isdir(folder) and os.stat(folder).st_mode & 0o001:
            return folder
    return None


def main(command: list[str]) -> int:
    base = Path(tempfile.mkdtemp(prefix="semesta-pg-", dir=_reachable_temp()))
    data, log, port = base / "data", base / "server.log", free_port()
    if os.geteuid() == 0:
        shutil.chown(base, "nobody", "nogroup")
    pg_ctl = find_binary("pg_ctl")
    try:
        subprocess.run(
            as_server_user(
                [
                    find_binary("initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "semesta",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--no-locale",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            as_server_user([pg_ctl, "-D", str(data), "-o", options, "-l", str(log), "-w", "start"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        env = {**os.environ, "DATABASE_URL": f"postgres://semesta@127.0.0.1:{port}/postgres"}
        print(f"PostgreSQL on 127.0.0.1:{port} ({data})", flush=True)
        return subprocess.run(command, env=env).returncode
    finally:
        subprocess.run(
            as_server_user([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        sys.exit(__doc__)
    sys.exit(main(args))
