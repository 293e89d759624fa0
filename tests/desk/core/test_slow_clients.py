"""`serve` survives slow clients (issue 21, item 9): on d063316 two half-sent requests
held both sync workers, and everyone else waited for gunicorn's 120 s timeout. Now
each worker answers on several threads, and `serve` faces the network only behind a
proxy. A real `patuh desk serve` on SQLite and PostgreSQL; the slow clients are raw
sockets on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path

import requests

from desk.servers import PATUH, DeskServer


def test_half_sent_requests_do_not_stall_the_desk(
    desk_db: str, opa_url: str, start_desk_server: Callable[..., DeskServer]
) -> None:
    server = start_desk_server(desk_db, opa_url, workers=2)
    host, port = server.url.removeprefix("http://").split(":")
    slow = []
    try:
        for _ in range(3):  # more than there are workers
            sock = socket.create_connection((host, int(port)), timeout=30)
            sock.sendall(b"GET /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            slow.append(sock)
        answer = requests.get(f"{server.url}/api/v1/verify/NOSUCHCODE", timeout=30)
        assert answer.status_code == 404
        page = requests.get(f"{server.url}/accounts/login/", timeout=30)
        assert page.status_code == 200
    finally:
        for sock in slow:
            sock.close()


def test_serve_refuses_the_network_without_a_proxy(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    for host in ("0.0.0.0", "192.0.2.10", "::"):
        refused = subprocess.run(
            [str(PATUH), "desk", "serve", "--host", host, "--port", "0", "--database-url", url],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PATUH_LANG": "id"},
        )
        assert refused.returncode == 2, host
        assert f"Menolak --host {host}" in refused.stderr and "--behind-proxy" in refused.stderr
    # Loopback is served (here: refused only later, for the unmigrated database).
    local = subprocess.run(
        [str(PATUH), "desk", "serve", "--host", "127.0.0.1", "--port", "0", "--database-url", url],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PATUH_LANG": "id"},
    )
    assert local.returncode == 2 and "patuh desk migrate" in local.stderr
