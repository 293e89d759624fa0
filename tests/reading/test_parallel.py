"""Reading on several cores and evaluating several batches at once change how fast
a check is, never what it says: same results, same order, same failures."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from loopback import serve

from engine.catalog.rules import load_catalog
from engine.check.run import CheckOptions, run_check
from engine.findings import Report
from engine.reading import parallel

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import generate_corpus  # noqa: E402

# Set before the pool forks: each worker waits at it once, so the test knows two
# workers ran at the same time (not one that happened to take every task).
_BOTH_WORKERS: Any = None
_waited = False


def _square_and_pid(number: int) -> tuple[int, int]:
    global _waited
    if _BOTH_WORKERS is not None and not _waited:
        _BOTH_WORKERS.wait(timeout=30)
        _waited = True
    return number * number, os.getpid()


def _fail_on_seven(number: int) -> int:
    if number == 7:
        raise ValueError("seven")
    return number


def test_ordered_map_runs_on_several_processes_in_order(monkeypatch: Any) -> None:
    barrier = multiprocessing.get_context("fork").Barrier(2)
    monkeypatch.setattr(sys.modules[__name__], "_BOTH_WORKERS", barrier)
    items = list(range(400))
    with parallel.ordered_map(
        _square_and_pid, items, jobs=2, weight=lambda _: parallel.CHUNK_WEIGHT // 4
    ) as results:
        answers = list(results)
    assert [square for square, _ in answers] == [n * n for n in items]
    pids = {pid for _, pid in answers}
    assert os.getpid() not in pids
    assert len(pids) == 2


def test_small_inputs_stay_in_this_process() -> None:
    with parallel.ordered_map(_square_and_pid, list(range(10)), jobs=2, weight=len_of) as results:
        assert {pid for _, pid in results} == {os.getpid()}


def len_of(_: Any) -> int:
    return 100


def test_an_error_in_a_worker_is_raised_here() -> None:
    with (
        pytest.raises(ValueError, match="seven"),
        parallel.ordered_map(
            _fail_on_seven, list(range(50)), jobs=2, weight=lambda _: parallel.PARALLEL_MIN_WEIGHT
        ) as results,
    ):
        list(results)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """~300 generated documents (above the parallel threshold), plus what goes wrong
    in real folders: a YAML error, a schema error, a duplicate id, an empty file."""
    folder = tmp_path_factory.mktemp("corpus") / "docs"
    generate_corpus.write_corpus(folder, 300, seed=7)
    invalid = ROOT / "fixtures" / "invalid"
    shutil.copy(invalid / "malformed.yaml", folder / "dinkes" / "rusak.yaml")
    shutil.copy(invalid / "unknown-field.yaml", folder / "dishub" / "salah-skema.yaml")
    first = sorted((folder / "bapenda").rglob("*.yaml"))[0]
    shutil.copy(first, folder / "zz-duplikat.yaml")
    (folder / "dlh" / "kosong.yaml").write_text("# kosong\n")
    assert sum(p.stat().st_size for p in folder.rglob("*.yaml")) > parallel.PARALLEL_MIN_WEIGHT
    return folder


def check(opa_url: str, folder: Path, **options: Any) -> Report:
    return run_check([str(folder)], CheckOptions(opa_url=opa_url, **options), load_catalog())


def comparable(report: Report) -> list[Any]:
    return [
        (r.file, r.index, r.kind, r.id, r.digest, r.verdict("error"), r.findings)
        for r in report.results
    ]


def test_several_cores_and_batches_say_what_one_does(opa_url: str, corpus: Path) -> None:
    one = check(opa_url, corpus, jobs=1)
    assert one.summary()["documents"] > 300
    assert {"compliant", "non_compliant", "invalid"} <= set(one.verdicts())
    for jobs, batch_size in ((2, 500), (2, 7), (4, 1)):
        many = check(opa_url, corpus, jobs=jobs, batch_size=batch_size)
        assert comparable(many) == comparable(one), (jobs, batch_size)
        assert many.exit_code() == one.exit_code() == 2


class _FaultyProxy(BaseHTTPRequestHandler):
    """FaultyOpaProxy: passes every request to the real OPA, except that the
    evaluation request number `fail_at` gets HTTP 500 (a fault the real OPA cannot
    be made to produce on demand)."""

    upstream = ""
    fail_at = 0
    evaluations = 0
    lock = threading.Lock()

    def do_GET(self) -> None:
        self._relay(requests.get(self.upstream + self.path, timeout=30))

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with self.lock:
            type(self).evaluations += 1
            number = type(self).evaluations
        if number == self.fail_at:
            self.send_response(500)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")
            return
        headers = {"Content-Type": "application/json"}
        self._relay(
            requests.post(self.upstream + self.path, data=body, headers=headers, timeout=30)
        )

    def _relay(self, answer: requests.Response) -> None:
        self.send_response(answer.status_code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        self.wfile.write(answer.content)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def faulty_opa(opa_url: str) -> Iterator[str]:
    handler = type("H", (_FaultyProxy,), {"upstream": opa_url, "fail_at": 3, "evaluations": 0})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    stop = serve(server)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    stop()


def test_one_failed_batch_among_many_in_flight_fails_every_document(
    faulty_opa: str, corpus: Path
) -> None:
    report = check(faulty_opa, corpus, jobs=2, batch_size=20)
    assert report.exit_code() == 3
    assert "HTTP 500" in (report.engine.error or "")
    valid = [r for r in report.results if not r.invalid]
    assert valid and all(r.verdict("error") == "error" for r in valid)
    assert all([f.rule for f in r.findings] == ["ENGINE"] for r in valid)
    assert "compliant" not in report.verdicts()
