"""Two (or more) checkouts of patuh, run in turns on the same files: wall and CPU time.

    python bench/compare_trees.py --runs 10 TARGET /work/main /work/wt/this-branch

Each checkout runs its own `.venv/bin/patuh check --no-cache --format json TARGET` (a
new process, its own managed OPA, `PATUH_OPA_BINARY` as `make` sets it), one run of
each in turn, so that a change in a shared machine's load falls on all of them alike;
one unmeasured run of each comes first. Prints the median and the smallest wall and
CPU time (user + system of the process and every process it waited for: OPA, the
readers) of each, and whether their results (findings per document) are identical.
With `--opa-url URL` every run asks that OPA server instead of starting its own:
the CPU time is then patuh's alone (its main process and its readers).
Figures only: nothing is asserted about time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(
    tree: Path, target: str, env: dict[str, str], opa_url: str | None = None
) -> tuple[float, float, bytes]:
    cpu, wall = _children_cpu(), time.perf_counter()
    server = ["--opa-url", opa_url] if opa_url else []
    done = subprocess.run(
        [
            str(tree / ".venv" / "bin" / "patuh"),
            "check",
            "--no-cache",
            "--format",
            "json",
            *server,
            target,
        ],
        env=env,
        cwd=tree,
        stdout=subprocess.PIPE,
        check=False,
    )
    return time.perf_counter() - wall, _children_cpu() - cpu, done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument(
        "--opa-url",
        help="an OPA server already running (the trees' policies): the CPU time is then "
        "patuh's alone, the server's is not counted",
    )
    parser.add_argument("target", help="a file or folder (an absolute path)")
    parser.add_argument("trees", nargs="+", type=Path, help="checkouts, each with its .venv")
    args = parser.parse_args()
    # As on a user's machine, Python keeps the bytecode it compiles.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PATUH_LANG"] = "en"
    env.pop("PATUH_OPA_URL", None)
    times: dict[Path, list[tuple[float, float]]] = {tree: [] for tree in args.trees}
    results: dict[Path, object] = {}
    for tree in args.trees:
        _run(tree, args.target, env, args.opa_url)
    for _ in range(args.runs):
        for tree in args.trees:
            wall, cpu, stdout = _run(tree, args.target, env, args.opa_url)
            times[tree].append((wall, cpu))
            results[tree] = json.loads(stdout)["results"]
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"{args.target}: {args.runs} runs each, in turns (load average after: {load})")
    for tree, runs in times.items():
        walls, cpus = [wall for wall, _ in runs], [cpu for _, cpu in runs]
        print(
            f"  {tree}: wall median {statistics.median(walls):.3f} s (min {min(walls):.3f}), "
            f"CPU median {statistics.median(cpus):.3f} s (min {min(cpus):.3f})"
        )
    first = results[args.trees[0]]
    same = all(result == first for result in results.values())
    print(f"  results identical: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
