"""The CPU an OPA server spends answering patuh's check, for one or more policy folders.

    python bench/policy_server_cpu.py --opa PATH [--runs 3] CORPUS POLICIES...

For each policy folder in turn (--runs rounds): an OPA server of its own (`opa run
--server --ignore '*_test.rego' POLICIES`), then `patuh check --no-cache --format
json --opa-url ... CORPUS` against it, with the CPU time (user + system, from
/proc/PID/stat) the server spent between its start and patuh's end. Prints the
median per folder, in seconds and per document, and whether every folder's report
gave the same findings. Figures only, it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def findings(report: str) -> list[str]:
    """The report's findings per document (file, index), nothing that differs between
    runs (times, digests)."""
    results = json.loads(report)["results"]
    return [json.dumps([r["file"], r["index"], r["findings"]], sort_keys=True) for r in results]


def one_run(opa: Path, policies: Path, corpus: Path) -> tuple[float, float, list[str]]:
    port = free_port()
    server = subprocess.Popen(
        [
            *(str(opa), "run", "--server", "--addr", f"127.0.0.1:{port}", "--log-level"),
            *("error", "--ignore", "*_test.rego", str(policies)),
        ]
    )
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        before = cpu_seconds(server.pid)
        start = time.perf_counter()
        check = subprocess.run(
            [
                *(str(ROOT / ".venv" / "bin" / "patuh"), "check", "--no-cache", "--format", "json"),
                # The engine compares the server's policies with its own folder's: here
                # they differ on purpose.
                *("--allow-policy-mismatch", "--opa-url", f"http://127.0.0.1:{port}", str(corpus)),
            ],
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - start
        spent = cpu_seconds(server.pid) - before
    finally:
        server.terminate()
        server.wait()
    if check.returncode not in (0, 1):
        raise SystemExit(f"patuh check failed ({check.returncode}): {check.stderr[-2000:]}")
    return spent, wall, findings(check.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--opa", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--documents", type=int, default=10_000, help="for the per-document figure")
    parser.add_argument("corpus", type=Path)
    parser.add_argument("policies", type=Path, nargs="+")
    args = parser.parse_args()
    cpu: dict[Path, list[float]] = {folder: [] for folder in args.policies}
    answers: dict[Path, list[str]] = {}
    for round_ in range(args.runs):
        for folder in args.policies:
            spent, wall, found = one_run(args.opa, folder, args.corpus)
            cpu[folder].append(spent)
            answers.setdefault(folder, found)
            print(
                f"round {round_ + 1} {folder}: OPA CPU {spent:.2f} s, wall {wall:.1f} s",
                file=sys.stderr,
            )
    for folder, seconds in cpu.items():
        median = statistics.median(seconds)
        per_doc = median / args.documents * 1000
        shown = ", ".join(f"{s:.2f}" for s in seconds)
        print(f"{folder}: OPA CPU median {median:.2f} s ({per_doc:.3f} ms/doc; runs {shown})")
    same = len({json.dumps(found) for found in answers.values()}) == 1
    print("findings: " + ("identical" if same else "DIFFERENT"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
