"""The version diff under attack (issue 21, item 1): the CPU one request costs a worker.

    python bench/desk_diff_bench.py [--lines 16000]

A fresh SQLite desk, a real `patuh desk serve` with ONE worker, and the hostile pair: a
proposal followed by `--lines` comment lines, and the same with the lines swapped in
pairs (~242 KB each at 16,000 lines), uploaded as versions 1 and 2. Then, signed in as a
verifikator, GET /submissions/ID/?a=1&b=2 twice (computed, then kept), and the plain
page (/submissions/ID/, its 16,000-line listing). For each: the worker's CPU seconds
(utime + stime of /proc/PID/stat, before and after) and the wall time. For comparison,
the CPU difflib's unified_diff (the desk's diff on d063316) takes on the same pair,
in this process. Figures only; not a test, not in `make test`.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from desk_bench import PASSWORD, desk, proposal, server

TICKS = os.sysconf("SC_CLK_TCK")


def hostile_pair(lines: int) -> tuple[bytes, bytes]:
    rows = [f"# {i:05d}: {i:05d}" for i in range(lines)]
    swapped = [rows[i ^ 1] if (i ^ 1) < lines else rows[i] for i in range(lines)]
    base = proposal("BENCH-DIFF")
    return base + ("\n".join(rows) + "\n").encode(), base + ("\n".join(swapped) + "\n").encode()


def workers_of(master: int) -> list[int]:
    """gunicorn's workers: the master's children that are not its OPA."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            comm = (entry / "comm").read_text().strip()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == master and comm != "opa":
            found.append(int(entry.name))
    return found


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def signed_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    form = session.get(f"{base}/accounts/login/", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert token is not None
    session.post(
        f"{base}/accounts/login/",
        data={"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=60,
    )
    return session


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=16_000)
    args = parser.parse_args()
    first, second = hostile_pair(args.lines)
    started = time.process_time()
    list(difflib.unified_diff(first.decode().splitlines(), second.decode().splitlines()))
    print(f"# the hostile pair: {args.lines} lines swapped in pairs, {len(first):,} bytes each")
    print(f"difflib.unified_diff alone (d063316's diff): {time.process_time() - started:.2f} s CPU")
    with tempfile.TemporaryDirectory(prefix="patuh-bench-diff-") as folder:
        url = f"sqlite:///{Path(folder) / 'desk.sqlite3'}"
        desk("migrate", url=url)
        desk("adduser", "bench", "--role", "pemohon", "--opd", "Dinas Kesehatan",
             "--password-stdin", url=url, stdin=PASSWORD + "\n")  # fmt: skip
        desk("adduser", "reviewer", "--role", "verifikator", "--password-stdin",
             url=url, stdin=PASSWORD + "\n")  # fmt: skip
        token = desk("token", "bench", url=url)
        with server(url, 1) as base:
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/yaml"}
            pk = None
            for body in (first, second):
                answer = requests.post(
                    f"{base}/api/v1/submissions", data=body, headers=headers, timeout=120
                )
                pk = answer.json()["id"]
            reviewer = signed_in(base, "reviewer")
            print("| request | worker CPU | wall |\n| --- | --- | --- |")
            for label, path in (
                ("diff v1→v2 (computed)", f"/submissions/{pk}/?a=1&b=2"),
                ("diff v1→v2 (kept)", f"/submissions/{pk}/?a=1&b=2"),
                ("the submission's page", f"/submissions/{pk}/"),
            ):
                (worker,) = workers_of(_master_pid(base))
                before, wall = cpu_seconds(worker), time.perf_counter()
                page = reviewer.get(base + path, timeout=120)
                wall = time.perf_counter() - wall
                assert page.status_code == 200, page.status_code
                print(f"| {label} | {cpu_seconds(worker) - before:.2f} s | {wall:.2f} s |")
    return 0


def _master_pid(base: str) -> int:
    """The gunicorn master listening on `base`'s port (the `patuh desk serve` process)."""
    port = int(base.rsplit(":", 1)[1])
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"serve" in cmdline and str(port).encode() in cmdline:
                return int(entry.name)
    raise SystemExit(f"no patuh desk serve on port {port}")


if __name__ == "__main__":
    sys.exit(main())
