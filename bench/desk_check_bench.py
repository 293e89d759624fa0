"""The desk's check of one upload, in-process: its own OPA against the same OPA named.

    PATUH_OPA_BINARY=... PATUH_DESK_SECRET_KEY=KEY python bench/desk_check_bench.py [--runs 40]

(KEY: any 50 characters or more; the desk refuses a shorter one.)

`engine.desk.core.checking.check_bytes` on the 5 KB proposal the desk benchmark uploads,
against one real OPA: in turns, as the desk's own OPA (started on a private copy of
the policies, whose digest patuh computes) and as the same server named by URL (as an
operator's OPA is: asked for its policies at every check). Medians and 90th
percentiles, figures only (docs/benchmarks.md, issue 12).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "fixtures" / "examples" / "usulan-telemedicine.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    os.environ.pop("PATUH_DESK_OPA_URL", None)
    os.environ.pop("PATUH_DESK_OPA_POLICIES", None)
    from engine.desk.core import checking
    from engine.desk.core.config import OPA_URL_ENV

    document = DOCUMENT.read_bytes()
    url, _ = checking.desk_opa()
    for _ in range(5):  # warm up: imports, OPA's first compilation of the query
        checking.check_bytes(document, DOCUMENT.name)
    times: dict[str, list[float]] = {"own": [], "named": []}
    for _ in range(args.runs):
        for mode in times:
            if mode == "named":
                os.environ[OPA_URL_ENV] = url
            else:
                os.environ.pop(OPA_URL_ENV, None)
            start = time.perf_counter()
            checking.check_bytes(document, DOCUMENT.name)
            times[mode].append((time.perf_counter() - start) * 1000)
    labels = {
        "own": "the desk's own OPA (private copy, digest computed)",
        "named": "the same OPA named by URL (policies listed)",
    }
    print(f"{args.runs} checks each, in turns; load average {os.getloadavg()[0]:.1f}")
    for mode, values in times.items():
        p90 = statistics.quantiles(values, n=10)[-1]
        print(f"  {labels[mode]}: median {statistics.median(values):.1f} ms, p90 {p90:.1f} ms")


if __name__ == "__main__":
    main()
