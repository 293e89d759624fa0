"""The review desk under load: upload-and-check latency and throughput.

    python bench/desk_bench.py [--duration 60] [--clients 10] [--samples 60] [--workers 4]
                               [--database sqlite,postgresql]

For each database (SQLite in a temporary file; PostgreSQL from Debian's packages, started
with initdb/pg_ctl in a temporary folder) it migrates a fresh desk, makes an applicant
and an API token, and starts a real `patuh desk serve` (gunicorn, one managed OPA) on
loopback. Then:
- latency: one client uploads one proposal (docs' fixtures/examples/usulan-telemedicine
  .yaml) `--samples` times, after a warm-up, each a new version checked by the warm OPA;
  the median and 95th percentile of POST /api/v1/submissions, answer included;
- throughput: `--clients` clients upload (each its own document) as fast as answered for
  `--duration` seconds (60 at most): uploads per second, and their median and p95.
Figures only (docs/benchmarks.md, "The review desk"); not a test, not in `make test`.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import requests

ROOT = Path(__file__).resolve().parent.parent
PATUH = Path(sys.executable).with_name("patuh")
EXAMPLE = ROOT / "fixtures" / "examples" / "usulan-telemedicine.yaml"
PASSWORD = "bench-kata-sandi-Medan-2026"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def proposal(doc_id: str) -> bytes:
    text = EXAMPLE.read_text(encoding="utf-8")
    return re.sub(r"(?m)^  id: .*$", f"  id: {doc_id}", text, count=1).encode("utf-8")


def _as_postgres(command: list[str]) -> list[str]:
    # initdb refuses root: as root, run PostgreSQL as Debian's `postgres` user.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def postgresql() -> Iterator[str]:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise SystemExit("PostgreSQL is not installed (apt-get install postgresql)")
    binaries = found[-1].parent
    folder = Path(tempfile.mkdtemp(prefix="patuh-bench-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", free_port()
    initdb = [str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]
    subprocess.run(_as_postgres(initdb), check=True, capture_output=True)
    # Durable settings (fsync on), as an office would run it.
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=100"
    pg_ctl = [str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log")]
    subprocess.run(_as_postgres([*pg_ctl, "-w", "start"]), check=True, capture_output=True)
    try:
        createdb = [str(binaries / "createdb"), "-h", "127.0.0.1", "-p", str(port)]
        subprocess.run([*createdb, "-U", "postgres", "bench"], check=True, capture_output=True)
        yield f"postgresql://postgres@127.0.0.1:{port}/bench"
    finally:
        stop = [str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]
        subprocess.run(_as_postgres(stop), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def sqlite() -> Iterator[str]:
    folder = Path(tempfile.mkdtemp(prefix="patuh-bench-sqlite-"))
    try:
        yield f"sqlite:///{folder / 'desk.sqlite3'}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def desk(*args: str, url: str, stdin: str = "") -> str:
    done = subprocess.run(
        [str(PATUH), "desk", *args, "--database-url", url],
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


@contextmanager
def server(url: str, workers: int) -> Iterator[str]:
    port = free_port()
    command = [str(PATUH), "desk", "serve", "--port", str(port), "--workers", str(workers)]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [*command, "--database-url", url],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PATUH_DESK_SECRET_KEY": "bench-" + os.urandom(32).hex()},
        )
        try:
            yield _ready(f"http://127.0.0.1:{port}", process, log)
        finally:
            process.terminate()
            process.wait(timeout=30)


def _ready(base: str, process: subprocess.Popen[bytes], log: IO[bytes]) -> str:
    for _ in range(600):
        try:
            requests.get(f"{base}/api/v1/verify/NONE", timeout=2)
            return base
        except requests.RequestException:
            if process.poll() is not None:
                log.seek(0)
                raise SystemExit(log.read().decode(errors="replace")) from None
            time.sleep(0.1)
    raise SystemExit("patuh desk serve did not answer within 60 s")


def upload(session: requests.Session, base: str, token: str, body: bytes) -> float:
    start = time.perf_counter()
    answer = session.post(
        f"{base}/api/v1/submissions",
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/yaml"},
        timeout=120,
    )
    elapsed = time.perf_counter() - start
    if answer.status_code not in (200, 201):
        raise SystemExit(f"upload refused: {answer.status_code} {answer.text[:300]}")
    return elapsed


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def latency(base: str, token: str, samples: int) -> list[float]:
    body = proposal("BENCH-LATENCY")
    with requests.Session() as session:
        for _ in range(5):  # warm: OPA's compiled policies, the workers' imports
            upload(session, base, token, body)
        return [upload(session, base, token, body) for _ in range(samples)]


def throughput(base: str, token: str, clients: int, duration: float) -> tuple[int, list[float]]:
    times: list[float] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def client(number: int) -> None:
        body = proposal(f"BENCH-LOAD-{number:02d}")
        with requests.Session() as session:
            while time.monotonic() < stop_at:
                elapsed = upload(session, base, token, body)
                with lock:
                    times.append(elapsed)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(times), times


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (<= 60)")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--samples", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--database", default="sqlite,postgresql")
    args = parser.parse_args()
    duration = min(args.duration, 60.0)
    databases = {"sqlite": sqlite, "postgresql": postgresql}
    print(
        f"# patuh desk: {platform.machine()}, {os.cpu_count()} cores, "
        f"{args.workers} gunicorn workers, {args.clients} clients for {duration:.0f} s\n"
    )
    print(
        "| database | latency median | latency p95 | uploads/s "
        f"({args.clients} clients) | p50 / p95 under load |"
    )
    print("| --- | --- | --- | --- | --- |")
    for name in args.database.split(","):
        with databases[name]() as url:
            desk("migrate", url=url)
            desk("adduser", "bench", "--role", "pemohon", "--opd", "Dinas Kesehatan",
                 "--password-stdin", url=url, stdin=PASSWORD + "\n")  # fmt: skip
            token = desk("token", "bench", url=url)
            with server(url, args.workers) as base:
                alone = latency(base, token, args.samples)
                count, loaded = throughput(base, token, args.clients, duration)
        print(
            f"| {name} | {statistics.median(alone) * 1000:.0f} ms | {p95(alone) * 1000:.0f} ms "
            f"| {count / duration:.1f} ({count} in {duration:.0f} s) "
            f"| {statistics.median(loaded) * 1000:.0f} / {p95(loaded) * 1000:.0f} ms |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
