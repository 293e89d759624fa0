"""Fail closed, in the evaluation itself: an answer that never finishes, a reset
connection, an answer of the wrong length, OPA killed in the middle of a batch. Whatever
happens, no document is reported compliant.

The one fake is FaultyOpaProxy (named as such, below), in front of a real OPA.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from loopback import serve

from engine.resources import policies_dir
from evaluating.closed import COMPLIANT, free_port, run

# --- faults in the evaluation itself -----------------------------------------------------------
#
# FaultyOpaProxy is a fake (named as such) in front of the session's real OPA: it forwards
# every request, so the version and the policy digest are the real server's, and injects
# one fault into the evaluation query, which a real OPA cannot be made to produce: an answer
# that never finishes, a reset connection, a well-formed answer of the wrong length.

RESULTS_PATH = "/v1/data/patuh/main/results"


class FaultyOpaProxy:
    def __init__(self, upstream: str, fault: str, *, after: int = 0) -> None:
        self.upstream = upstream
        self.fault = fault
        self.after = after  # evaluation queries answered faithfully before the fault
        self.evaluations = 0
        # patuh sends batches concurrently: count them under a lock, or two could both
        # be taken for "the first".
        self.counting = threading.Lock()
        self.stop = threading.Event()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                proxy.handle(self, None)

            def do_POST(self) -> None:
                proxy.handle(self, self.rfile.read(int(self.headers.get("Content-Length", 0))))

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.stop_serving = serve(self.server)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.stop.set()
        self.stop_serving()

    def handle(self, handler: BaseHTTPRequestHandler, body: bytes | None) -> None:
        method = "GET" if body is None else "POST"
        headers = {"Content-Type": "application/json"}
        answer = requests.request(
            method, self.upstream + handler.path, data=body, headers=headers, timeout=30
        )
        status, content = answer.status_code, answer.content
        if handler.path == RESULTS_PATH:
            with self.counting:
                self.evaluations += 1
                number = self.evaluations
            if number > self.after:
                injected = self.inject(handler, content)
                if injected is None:
                    return
                status, content = injected
        self.send(handler, status, content)

    def inject(self, handler: BaseHTTPRequestHandler, content: bytes) -> tuple[int, bytes] | None:
        fault = self.fault
        if fault == "slow":  # answers, but long after the time-out
            self.stop.wait(30)
        elif fault == "trickle":  # a byte now and then: each read is quick, the whole never ends
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(content)))
            handler.end_headers()
            for byte in content:
                if self.stop.wait(0.2):
                    break
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
            return None
        elif fault == "reset":  # TCP RST instead of an answer
            handler.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
            handler.close_connection = True
            handler.connection.close()
            return None
        elif fault == "half":  # half an answer, then the connection closes
            handler.send_response(200)
            handler.send_header("Content-Length", str(len(content)))
            handler.end_headers()
            handler.wfile.write(content[: len(content) // 2])
            handler.close_connection = True
            return None
        elif fault in ("short", "long"):  # well-formed, one result too few or too many
            answer = json.loads(content)
            results = answer["result"]
            answer["result"] = results[:-1] if fault == "short" else [*results, results[-1]]
            return 200, json.dumps(answer).encode()
        elif fault.startswith("body:"):
            return 200, fault.removeprefix("body:").encode()
        return 200, content

    @staticmethod
    def send(handler: BaseHTTPRequestHandler, status: int, content: bytes) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(content)))
        handler.end_headers()
        handler.wfile.write(content)


@pytest.fixture
def faulty_opa(opa_url: str) -> Iterator[Any]:
    proxies: list[FaultyOpaProxy] = []

    def start(fault: str, after: int = 0) -> FaultyOpaProxy:
        proxies.append(FaultyOpaProxy(opa_url, fault, after=after))
        return proxies[-1]

    yield start
    for proxy in proxies:
        proxy.close()


def compliant_documents(folder: Path, count: int) -> list[str]:
    """`count` copies of a compliant document: any of them reported compliant after a
    fault would be a false pass."""
    text = Path(COMPLIANT).read_text()
    files = []
    for number in range(count):
        file = folder / f"usulan-{number:02d}.yaml"
        file.write_text(text.replace("UJI-KOOR-01-LOLOS", f"UJI-KOOR-01-LOLOS-{number}"))
        files.append(str(file))
    return files


def assert_none_evaluated(
    code: int, report: dict[str, Any], stderr: str, words: str, documents: int
) -> None:
    assert code == 3
    assert report["summary"]["compliant"] == 0
    assert report["summary"]["not_evaluated"] == documents
    assert {r["verdict"] for r in report["results"]} == {"error"}
    assert all([f["rule"] for f in r["findings"]] == ["ENGINE"] for r in report["results"])
    assert words in report["engine"]["error"], report["engine"]["error"]
    assert words in stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ("slow", "did not answer within 3 s (evaluate)"),
        ("trickle", "did not answer within 3 s (evaluate)"),
        ("reset", "(evaluate): [Errno 104] Connection reset by peer"),
        ("half", "broke off its answer (evaluate): IncompleteRead"),
        ("short", "OPA answered 1 results for 2 documents: wrong shape"),
        ("long", "OPA answered 3 results for 2 documents: wrong shape"),
        ('body:{"result": {"errors": []}}', "OPA answered dict results for 2 documents"),
        ('body:{"decision_id": "x"}', "OPA answered without a result"),
        (
            'body:{"result": [{"errors": [], "warnings": null}, {}]}',
            "`warnings` that is not a list",
        ),
        ('body:{"result": [{"errors": [{"rule": 1}], "warnings": []}, 2]}', "malformed finding"),
        ('body:{"result": [', "not JSON (evaluate)"),
    ],
)
def test_faults_in_the_evaluation_fail_closed_within_the_timeout(
    faulty_opa: Any, tmp_path: Path, fault: str, words: str
) -> None:
    proxy = faulty_opa(fault, after=1)  # the first batch is answered faithfully
    files = compliant_documents(tmp_path, 4)
    started = time.monotonic()
    # 3 s: short beside the faults' 30 s, long enough that the faithful calls (version,
    # policies, the first batch) never time out on a loaded 2-core CI machine.
    code, report, err = run(
        "--opa-url", proxy.url, "--opa-timeout", "3", "--batch-size", "2", *files
    )
    elapsed = time.monotonic() - started
    # The first batch's faithful "compliant" answers are dropped with the rest.
    assert_none_evaluated(code, report, err, words, documents=4)
    assert proxy.evaluations == 2
    # Within the configured time-out (3 s for the failing query), not the fault's 30 s.
    assert elapsed < 10, f"took {elapsed:.1f} s"


# The watcher that kills OPA as it logs the third evaluation request is a process of its own:
# as a thread of the test process it would wait for the interpreter lock while the check
# runs in-process (on a loaded machine, long enough for OPA to answer a batch or two more).
# It passes OPA's log on, line by line, for the test to read.
_KILL_ON_THIRD_EVALUATION = """
import json, os, signal, sys
opa, path, received = int(sys.argv[1]), sys.argv[2], 0
for line in sys.stdin:
    sys.stdout.write(line)
    sys.stdout.flush()
    entry = json.loads(line) if line.startswith("{") else {}
    if entry.get("msg") == "Received request." and entry.get("req_path") == path:
        received += 1
        if received == 3:
            os.kill(opa, signal.SIGKILL)
"""


def test_opa_killed_mid_batch(opa_binary: Path, tmp_path: Path) -> None:
    """A real OPA, killed (SIGKILL) while it answers the third of ten batches."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(opa_binary),
            "run",
            "--server",
            "--addr",
            f"127.0.0.1:{port}",
            "--log-level",
            "debug",  # for "Server initialized."
            "--log-format",
            "json",
            "--skip-version-check",
            "--ignore",
            "*_test.rego",
            str(policies_dir()),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert process.stdout is not None
    killer = subprocess.Popen(
        [sys.executable, "-c", _KILL_ON_THIRD_EVALUATION, str(process.pid), RESULTS_PATH],
        stdin=process.stdout,
        stdout=subprocess.PIPE,
        text=True,
    )
    process.stdout.close()  # the watcher's now
    received = []
    initialized = threading.Event()

    def read_the_log() -> None:
        assert killer.stdout is not None
        for line in killer.stdout:
            entry = json.loads(line) if line.startswith("{") else {}
            if entry.get("msg") == "Server initialized.":
                initialized.set()
            if entry.get("msg") == "Received request." and entry.get("req_path") == RESULTS_PATH:
                received.append(entry)
        initialized.set()  # it ended: nothing more to wait for

    reader = threading.Thread(target=read_the_log, daemon=True)
    reader.start()
    url = f"http://127.0.0.1:{port}"
    try:
        assert initialized.wait(timeout=20) and process.poll() is None, "OPA did not start"
        _healthy(url)
        files = compliant_documents(tmp_path, 10)
        # Two batches at OPA at once (engine/evaluating/batches.py), whatever the machine's cores.
        code, report, err = run("--opa-url", url, "--batch-size", "1", "--jobs", "2", *files)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        killer.wait(timeout=10)
        reader.join(timeout=10)
    assert process.returncode == -signal.SIGKILL  # it really was killed, not stopped
    # Killed as the third batch arrived; with two in flight, a fourth may have too.
    assert len(received) in (3, 4)
    assert_none_evaluated(code, report, err, "(evaluate)", documents=10)
    assert "OPA at" in report["engine"]["error"]


def _healthy(url: str) -> None:
    """OPA has logged "Server initialized.", just after starting the goroutine that binds
    its port (OPA's runtime.go: "a small chance the socket ... is still closed" then): a
    refused connection is tried again at once, never after a wall-clock wait."""
    deadline = time.monotonic() + 20
    while True:
        try:
            assert requests.get(f"{url}/health", timeout=5).status_code == 200
            return
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                raise
            os.sched_yield()
