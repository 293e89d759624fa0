"""Debian's PostgreSQL for the desk's tests, started in a temporary folder as its own
user (`initdb`/`pg_ctl`); the session fixture that hands out its URL is in conftest.py."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from desk.servers import free_port


def pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        pytest.fail("PostgreSQL is not installed: `make test` installs Debian's postgresql")
    return found[-1].parent


def as_postgres(command: list[str]) -> list[str]:
    """initdb refuses to run as root: as root, run it as Debian's `postgres` user."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def pg_start(binaries: Path, data: Path, folder: Path) -> int:
    """Start the cluster on a free port; another one if that port was taken meanwhile
    (xdist's workers, and other programs, choose ports too). Answers the port."""
    for _attempt in range(3):
        port = free_port()
        options = (
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        # -w: pg_ctl returns once the server accepts connections (or has failed).
        started = subprocess.run(
            as_postgres(
                [
                    str(binaries / "pg_ctl"),
                    "-D",
                    str(data),
                    "-o",
                    options,
                    "-l",
                    str(folder / "log"),
                    "-w",
                    "-t",
                    "60",
                    "start",
                ]
            ),
            capture_output=True,
        )
        if started.returncode == 0:
            return port
        if "already in use" not in (folder / "log").read_text(errors="replace"):
            break
    raise RuntimeError(
        f"PostgreSQL did not start: {started.stderr!r}\n"
        + (folder / "log").read_text(errors="replace")
    )
