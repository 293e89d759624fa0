"""Finding the OPA binary for managed mode."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
from pathlib import Path

from engine.evaluating.errors import EngineError

ENV_VAR = "PATUH_OPA_BINARY"
# The OPA `make setup` builds (the Makefile's OPA_VERSION; a test keeps them equal),
# into $XDG_CACHE_HOME/patuh/tools/opa-<version>_... (default ~/.cache).
PINNED_OPA_VERSION = "v1.22.4"


def find_opa_binary(explicit: str | None = None) -> Path:
    """`explicit` (the --opa-binary option), else $PATUH_OPA_BINARY, else `opa` on
    PATH, else the pinned OPA that `make setup` built into the tools folder."""
    candidate = (
        explicit or os.environ.get(ENV_VAR) or shutil.which("opa") or _pinned_in_tools_folder()
    )
    if not candidate:
        raise EngineError(
            "no OPA binary: install OPA (`make setup` builds the pinned version), "
            f"set {ENV_VAR}, or point --opa-url at a running OPA server",
            code="engine.no_binary",
        )
    path = Path(candidate)
    if not path.is_file() or not os.access(path, os.X_OK):
        raise EngineError(
            f"the OPA binary {path} does not exist or is not executable",
            code="engine.binary_missing",
            path=str(path),
        )
    return path


def tools_folder() -> Path:
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "patuh" / "tools"


def _pinned_in_tools_folder() -> str | None:
    try:
        builds = sorted(tools_folder().glob(f"opa-{PINNED_OPA_VERSION}_*/opa"))
    except (OSError, RuntimeError):  # no home folder
        return None
    usable = [b for b in builds if b.is_file() and os.access(b, os.X_OK)]
    return str(usable[-1]) if usable else None


def binary_version(binary: Path) -> str:
    try:
        info = binary.stat()
    except OSError as exc:
        raise EngineError(
            f"{binary} does not run as OPA: {exc}", code="engine.not_opa", binary=str(binary)
        ) from exc
    # Asked once per run and binary (the cache key and the report both need it).
    return _version(str(binary), info.st_size, info.st_mtime_ns)


# `opa version` begun ahead of need (start_version), by binary; read by _version.
_started: dict[str, subprocess.Popen[str]] = {}


def start_version(binary: Path) -> None:
    """Begin `opa version` now and read its answer when it is asked for: a process
    of its own, so it runs while patuh imports and reads (and no thread is running
    when the readers are forked). A failure to start is met again when asked."""
    if str(binary) in _started:
        return
    with contextlib.suppress(OSError, ValueError):
        _started[str(binary)] = subprocess.Popen(
            [str(binary), "version"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )


def forget_started() -> None:
    """Reap every `opa version` begun and not asked for."""
    while _started:
        _, process = _started.popitem()
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            process.kill()
            process.communicate(timeout=5)


def _run_version(binary: str) -> str:
    started = _started.pop(binary, None)
    if started is None:
        return subprocess.run(
            [binary, "version"], capture_output=True, text=True, timeout=10, check=True
        ).stdout
    try:
        out, err = started.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        started.kill()
        started.communicate()
        raise
    if started.returncode:
        raise subprocess.CalledProcessError(started.returncode, [binary, "version"], out, err)
    return out


@functools.cache
def _version(binary: str, _size: int, _mtime_ns: int) -> str:
    try:
        out = _run_version(binary)
    except (OSError, subprocess.SubprocessError) as exc:
        raise EngineError(
            f"{binary} does not run as OPA: {exc}", code="engine.not_opa", binary=str(binary)
        ) from exc
    for line in out.splitlines():
        if line.startswith("Version:"):
            return line.split(":", 1)[1].strip()
    raise EngineError(
        f"{binary} does not say its OPA version", code="engine.not_opa", binary=str(binary)
    )
