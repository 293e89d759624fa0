"""Managed mode: patuh starts its own OPA server on loopback, uses it, stops it.

The server loads the policies from the command line (not through the REST API), so
a policy OPA rejects makes it exit at start-up with the compiler's message: nothing
is ever rewritten or half-loaded.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from engine.evaluating.errors import EngineError

STARTUP_TIMEOUT_S = 20.0
# Go's garbage collector, at its default GOGC=100, costs about a quarter of OPA's
# CPU time in a large check (measured: docs/benchmarks.md). Collecting a quarter as
# often trades memory (~+150 MB at 10,000 documents, still well under 500 MB in
# all) for that time. A GOGC set by the user is kept.
DEFAULT_GOGC = "400"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    # Linux: if patuh is killed outright, the kernel stops OPA too (PR_SET_PDEATHSIG).
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)


@dataclass
class _Started:
    """An OPA server process, the port it was told, and the file its output goes to."""

    binary: Path
    policy_dir: Path
    process: subprocess.Popen[bytes]
    port: int
    log: IO[bytes]

    def stop(self) -> None:
        try:
            _stop(self.process)
        finally:
            self.log.close()


# The server begun ahead of need (start_early), until managed_opa takes it.
_early: list[_Started] = []


def start_early(binary: Path, policy_dir: Path) -> None:
    """Begin the managed OPA now: it starts (~0.1 s) while patuh imports its readers
    and reads the documents, and managed_opa then takes it instead of starting one
    (a one-file check, docs/benchmarks.md). A failure here is left for managed_opa to
    meet and report; a server not taken is stopped by stop_early (at the latest when
    patuh exits: it also dies with patuh, _die_with_parent). One begun for the same
    binary and folder is kept."""
    if _early and (_early[0].binary, _early[0].policy_dir) == (binary, policy_dir):
        return
    stop_early()
    if not policy_dir.is_dir():
        return
    with contextlib.suppress(OSError, ValueError, subprocess.SubprocessError):
        _early.append(_spawn(binary, policy_dir))


def stop_early() -> None:
    while _early:
        _early.pop().stop()


@contextlib.contextmanager
def stopped_early_after() -> Iterator[None]:
    """Stop, on leaving, a server begun early and not taken (no document needed it)."""
    try:
        yield
    finally:
        stop_early()


def _take_early(binary: Path, policy_dir: Path) -> _Started | None:
    if _early and (_early[0].binary, _early[0].policy_dir) == (binary, policy_dir):
        return _early.pop()
    stop_early()  # begun for another folder or binary: not the server asked for
    return None


def _spawn(binary: Path, policy_dir: Path) -> _Started:
    port = _free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _Started.stop
    try:
        process = subprocess.Popen(
            [
                str(binary),
                "run",
                "--server",
                "--addr",
                f"127.0.0.1:{port}",
                "--log-level",
                "error",
                "--skip-version-check",
                "--ignore",
                "*_test.rego",
                "--ignore",
                ".*",
                str(policy_dir),
            ],
            stdin=subprocess.DEVNULL,
            # OPA prints start-up errors (a policy that does not compile) on
            # stdout, its logs on stderr: keep both for the error message.
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,
            env=_environment(),
        )
    except BaseException:
        log.close()
        raise
    return _Started(binary, policy_dir, process, port, log)


@contextlib.contextmanager
def managed_opa(binary: Path, policy_dir: Path, shown_as: Path | None = None) -> Iterator[str]:
    """Yield the URL of a fresh OPA server with `policy_dir` loaded; stop it after.
    `shown_as` names the folder in messages when `policy_dir` is a snapshot of it."""
    if not policy_dir.is_dir():
        stop_early()
        raise EngineError(f"the policy folder {policy_dir} does not exist")
    last_error = ""
    for attempt in range(3):  # a port taken between choosing and binding: try another
        started = (_take_early(binary, policy_dir) if attempt == 0 else None) or _spawn(
            binary, policy_dir
        )
        try:
            url = f"http://127.0.0.1:{started.port}"
            if _wait_ready(started.process, url):
                yield url
                return
            started.log.seek(0)
            last_error = started.log.read().decode("utf-8", "replace").strip()[-2000:]
            if "address already in use" not in last_error:
                break
        finally:
            started.stop()
    if shown_as is not None:
        last_error = last_error.replace(str(policy_dir), str(shown_as))
    raise EngineError(
        f"OPA did not start with the policies in {shown_as or policy_dir}: {last_error}",
        code="engine.start_failed",
        policy_dir=str(shown_as or policy_dir),
    )


def _environment() -> dict[str, str]:
    environment = dict(os.environ)
    environment.setdefault("GOGC", DEFAULT_GOGC)
    return environment


def _wait_ready(process: subprocess.Popen[bytes], url: str) -> bool:
    import requests  # here, not at import: start_early runs before patuh imports it

    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    # OPA is ready ~70 ms after it starts: poll often (a refused connection costs
    # well under a millisecond), so that a one-file check does not wait for nothing.
    delay = 0.002
    with requests.Session() as session:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                return False
            try:
                if session.get(f"{url}/health", timeout=1).status_code == 200:
                    return True
            except requests.RequestException:
                pass
            time.sleep(delay)
            delay = min(delay * 2, 0.01)
    return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()  # e.g. stopped with SIGSTOP: SIGTERM waits, SIGKILL does not
        process.wait(timeout=5)
