"""Fail closed: whatever happens to OPA, no document is ever reported compliant.

Real OPA processes are started, killed and broken here. The one fake is
`GarbageOpaServer`, an HTTP server that answers what a real OPA never would.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from loopback import serve

from engine.evaluating.opa.managed import managed_opa
from engine.resources import policies_dir
from evaluating.closed import COMPLIANT, assert_failed_closed, free_port, run


def test_missing_binary(tmp_path: Path) -> None:
    code, report, err = run("--opa-binary", str(tmp_path / "no-opa"), COMPLIANT)
    assert_failed_closed(code, report, err, "does not exist")


def test_unreachable_url() -> None:
    code, report, err = run("--opa-url", f"http://127.0.0.1:{free_port()}", COMPLIANT)
    assert_failed_closed(code, report, err, "cannot reach OPA")


def test_server_killed_before_the_query(opa_binary: Path) -> None:
    with managed_opa(opa_binary, policies_dir()) as url:
        pass  # leaving the block stops (kills) the server
    code, report, err = run("--opa-url", url, COMPLIANT)
    assert_failed_closed(code, report, err, "cannot reach OPA")


def test_broken_policy_stops_the_managed_server(tmp_path: Path) -> None:
    (tmp_path / "broken.rego").write_text("package patuh.rules.broken\n\ndeny contains x if {\n")
    code, report, err = run("--policy-dir", str(tmp_path), COMPLIANT)
    assert_failed_closed(code, report, err, "OPA did not start")
    assert "rego_parse_error" in report["engine"]["error"]


def test_policy_answering_an_unknown_rule_is_not_trusted(tmp_path: Path) -> None:
    for path in policies_dir().rglob("*"):
        if path.is_file() and not path.name.endswith("_test.rego"):
            target = tmp_path / path.relative_to(policies_dir())
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    (tmp_path / "rogue.rego").write_text(
        "package patuh.rules.medan.rogue\n\n"
        'deny contains {"rule": "MDN-FAKE-99", "path": "spec", "msg": "x", "params": {}} if {\n'
        "\tinput.kind\n}\n"
    )
    code, report, err = run("--policy-dir", str(tmp_path), COMPLIANT)
    assert_failed_closed(code, report, err, "MDN-FAKE-99")


class _GarbageHandler(BaseHTTPRequestHandler):
    body = b""
    status = 200

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        self._answer()

    def _answer(self) -> None:
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def garbage_opa() -> Iterator[Any]:
    """GarbageOpaServer: a fake OPA (named as such) that answers what we tell it."""
    stops = []

    def start(status: int, body: bytes) -> str:
        handler = type("H", (_GarbageHandler,), {"status": status, "body": body})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        stops.append(serve(server))
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for stop in stops:
        stop()


# A server that answers garbage to everything fails at the first question patuh asks
# (its version); garbage in the evaluation answer itself is FaultyOpaProxy's, below.
@pytest.mark.parametrize(
    ("status", "body", "words"),
    [
        (500, b'{"code": "internal_error", "message": "boom"}', "HTTP 500: internal_error boom"),
        (200, b"<html>not json</html>", "not JSON (version)"),
        (200, b'{"result": [{"v": "1.0"}]}', "did not return the text of one of its policies"),
        (200, b"{}", "OPA did not say its version"),
    ],
)
def test_garbage_answers(garbage_opa: Any, status: int, body: bytes, words: str) -> None:
    url = garbage_opa(status, body)
    code, report, err = run("--opa-url", url, COMPLIANT)
    assert_failed_closed(code, report, err, words)


def test_sigstopped_server_times_out(opa_binary: Path) -> None:

    with managed_opa(opa_binary, policies_dir()) as url:
        pid = _pid_listening(url)
        os.kill(pid, signal.SIGSTOP)
        try:
            code, report, _ = run("--opa-url", url, "--opa-timeout", "1", COMPLIANT)
        finally:
            os.kill(pid, signal.SIGCONT)
    assert code == 3
    assert report["summary"]["compliant"] == 0
    assert "did not answer within 1 s" in report["engine"]["error"]


def _pid_listening(url: str) -> int:
    port = url.rsplit(":", 1)[1]
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(part.endswith(f":{port}".encode()) for part in cmdline) and b"run" in cmdline:
            return int(proc.name)
    raise AssertionError(f"no OPA process listening on {port}")
