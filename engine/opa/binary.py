"""Finding the OPA binary for managed mode."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from pathlib import Path

from engine.opa.errors import EngineError

ENV_VAR = "PATUH_OPA_BINARY"


def find_opa_binary(explicit: str | None = None) -> Path:
    """`explicit` (the --opa-binary option), else $PATUH_OPA_BINARY, else `opa` on PATH."""
    candidate = explicit or os.environ.get(ENV_VAR) or shutil.which("opa")
    if not candidate:
        raise EngineError(
            "no OPA binary: install OPA (`make setup` builds the pinned version), "
            f"set {ENV_VAR}, or point --opa-url at a running OPA server"
        )
    path = Path(candidate)
    if not path.is_file() or not os.access(path, os.X_OK):
        raise EngineError(f"the OPA binary {path} does not exist or is not executable")
    return path


def binary_version(binary: Path) -> str:
    try:
        info = binary.stat()
    except OSError as exc:
        raise EngineError(f"{binary} does not run as OPA: {exc}") from exc
    # Asked once per run and binary (the cache key and the report both need it).
    return _version(str(binary), info.st_size, info.st_mtime_ns)


@functools.cache
def _version(binary: str, _size: int, _mtime_ns: int) -> str:
    try:
        out = subprocess.run(
            [binary, "version"], capture_output=True, text=True, timeout=10, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise EngineError(f"{binary} does not run as OPA: {exc}") from exc
    for line in out.splitlines():
        if line.startswith("Version:"):
            return line.split(":", 1)[1].strip()
    raise EngineError(f"{binary} does not say its OPA version")
