"""Figures for the hostile corpus: each file through the real `patuh` command, alone, in
a child process under the limits of bounded.py; prints time and peak memory per category.

    .venv/bin/python tests/hostile/measure.py          # needs the pinned OPA (make setup)

The test suite enforces the bounds (tests/reading/test_hostile.py); this script only reports.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bounded import RSS_LIMIT_MIB, TIME_LIMIT_S, run_patuh
from generate import generate, write

from engine.evaluating.opa.binary import find_opa_binary
from engine.evaluating.opa.managed import managed_opa
from engine.resources import policies_dir


def main() -> None:
    cases = generate()
    outcomes: Counter[str] = Counter()
    per_category: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    slowest = (0.0, "")
    largest = (0.0, "")
    with (
        tempfile.TemporaryDirectory() as folder,
        managed_opa(find_opa_binary(), policies_dir()) as url,
    ):
        write(cases, Path(folder))
        for case in cases:
            path = case.path(Path(folder))
            run = run_patuh(["check", "--format", "json", "--opa-url", url, str(path)])
            verdicts = sorted({r["verdict"] for r in json.loads(run.stdout)["results"]})
            outcomes[f"exit {run.exit_code} {'+'.join(verdicts)}"] += 1
            per_category[case.category].append((run.seconds, run.max_rss_mib, run.exit_code))
            slowest = max(slowest, (run.seconds, f"{case.category}/{case.name[:40]!r}"))
            largest = max(largest, (run.max_rss_mib, f"{case.category}/{case.name[:40]!r}"))
    print(f"hostile inputs: {len(cases)} (bounds: {TIME_LIMIT_S:g} s, {RSS_LIMIT_MIB} MiB)")
    print(f"{'category':<24}{'files':>6}{'max s':>8}{'max MiB':>9}  exit statuses")
    for category, runs in per_category.items():
        codes = dict(sorted(Counter(code for _, _, code in runs).items()))
        print(
            f"{category:<24}{len(runs):>6}{max(r[0] for r in runs):>8.2f}"
            f"{max(r[1] for r in runs):>9.1f}  {codes}"
        )
    print("outcomes (exit status and verdicts of the file's documents):")
    for outcome, count in sorted(outcomes.items()):
        print(f"  {outcome:<40}{count:>5}")
    print(f"slowest: {slowest[0]:.2f} s ({slowest[1]})")
    print(f"largest: {largest[0]:.1f} MiB peak RSS ({largest[1]})")


if __name__ == "__main__":
    main()
