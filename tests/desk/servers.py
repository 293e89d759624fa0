"""Real `patuh desk serve` servers (gunicorn) on loopback for the desk's tests: started on
a free port once gunicorn says it listens, stopped together. The fixtures that hand them
out are in conftest.py."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

import requests

# One key for every server of the session, and the in-process Django's (conftest.py); the
# desk refuses a key shorter than 50 characters.
SECRET_KEY = "patuh-desk-tests-" + uuid.uuid4().hex + uuid.uuid4().hex
PATUH = Path(sys.executable).with_name("patuh")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class DeskServer:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


def start_server(
    url: str,
    opa_url: str | None,
    log: Path,
    workers: int = 2,
    env: dict[str, str] | None = None,
    args: tuple[str, ...] = (),
) -> DeskServer:
    """`patuh desk serve` on a free port (another one if that port was taken meanwhile:
    xdist's workers choose ports too), once it answers; `env` and `args` added to its
    environment and its command line."""
    for _attempt in range(3):
        port = free_port()
        process, outcome = _launch(url, opa_url, log, port, workers, env or {}, args)
        if outcome == "listening":
            base = f"http://127.0.0.1:{port}"
            # gunicorn's master has bound the port; this request waits in its queue until
            # a worker has booted and answers it (a 404: no such letter).
            try:
                requests.get(f"{base}/api/v1/verify/NONE", timeout=60)
            except requests.RequestException as exc:
                stop_server(process)
                raise RuntimeError(
                    f"patuh desk serve did not answer ({exc}): {log.read_text(errors='replace')}"
                ) from exc
            return DeskServer(base, process, log)
        stop_server(process)
        if outcome != "port taken":
            break
    raise RuntimeError(f"patuh desk serve did not start: {log.read_text(errors='replace')}")


def _launch(
    url: str,
    opa_url: str | None,
    log: Path,
    port: int,
    workers: int,
    extra_env: dict[str, str],
    args: tuple[str, ...],
) -> tuple[subprocess.Popen[bytes], str]:
    """Start the server; answer it and, from its output as it comes: "listening" (gunicorn
    has bound the port), "port taken", "exited" or "silent" (nothing within a minute). Its
    output goes on into `log` for as long as it runs."""
    command = [str(PATUH), "desk", "serve", "--port", str(port), "--workers", str(workers)]
    command += ["--database-url", url]
    if opa_url:
        command += ["--opa-url", opa_url]
    command += list(args)
    env = {**os.environ, "PATUH_DESK_SECRET_KEY": SECRET_KEY, **extra_env}
    env.pop("PATUH_DESK_OPA_URL", None)
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    outcome: list[str] = []
    decided = threading.Event()

    def copy_output() -> None:
        assert process.stdout is not None
        with log.open("wb") as out, process.stdout:
            for line in process.stdout:
                out.write(line)
                out.flush()
                if not decided.is_set():
                    if f"Listening at: http://127.0.0.1:{port} ".encode() in line:
                        outcome.append("listening")
                        decided.set()
                    elif b"Connection in use" in line:
                        outcome.append("port taken")
                        decided.set()
        outcome.append("exited")
        decided.set()

    threading.Thread(target=copy_output, daemon=True, name=f"desk-server-{port}").start()
    if not decided.wait(timeout=60):
        return process, "silent"
    return process, outcome[0]


def stop_server(*processes: subprocess.Popen[bytes]) -> None:
    """Stop servers (gunicorn's graceful stop, ~1 s each): all asked at once, then each
    waited for."""
    running = [process for process in processes if process.poll() is None]
    for process in running:
        os.killpg(process.pid, signal.SIGTERM)
    for process in running:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
