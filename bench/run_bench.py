"""patuh against conftest, side by side, on the same policies and the same files.

    python bench/run_bench.py --opa PATH --conftest PATH [--runs 5] [--sizes 100,1000,10000]
                              [--file-sizes 100,10000]

For each corpus size (bench/generate_corpus.py, seeded) both tools check the same
folder: `patuh check --no-cache --format json` (a new process, which starts its own
OPA) and `conftest test --all-namespaces -p <policies> --data policies
--output json`. Each is run several times; the table shows medians. The findings
of both are counted (patuh: findings by severity; conftest: failures and warnings)
and compared file by file and rule by rule. The same for corpora of one document a
file (--file-sizes: the per-file cost of a repository of descriptors). Then: one
file end to end from a cold start, the commands a user waits for at the prompt
(`patuh --help`, `rules`, `explain`, `version`), OPA's own evaluation time per
document (`opa bench` on the 100-document corpus), a re-check of the largest corpus
with nothing changed (the result cache filled by one run before), the peak
memory of each tool, and the folder walk's cost per file (bench/selection_cost.py).

Prints one table and writes it, with the machine's description, between the
markers of docs/benchmarks.md (the text around them is kept). Figures only: this
script asserts nothing about time.

This file reads the command line and puts the parts together: the scenarios are in
bench/scenarios.py, the measuring of one command in bench/measuring.py, the query's
input in bench/opa_input.py and the report in bench/bench_report.py.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import generate_corpus
from bench_report import goals, machine, table, write_markdown
from scenarios import Bench
from selection_cost import lines as walk_lines
from selection_cost import measure as walk_cost

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--opa", type=Path, required=True)
    parser.add_argument("--conftest", type=Path, required=True)
    parser.add_argument("--conftest-version", default="")
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--runs-large", type=int, default=3)
    parser.add_argument("--file-sizes", default="100,10000", help="corpora of one document a file")
    parser.add_argument("--runs-files-large", type=int, default=1)
    parser.add_argument("--seed", type=int, default=generate_corpus.DEFAULT_SEED)
    parser.add_argument("--regenerate", action="store_true", help="write the corpora again")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    file_sizes = [int(size) for size in args.file_sizes.split(",") if size]

    bench = Bench(args)
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    try:
        bench.warm_up()
        cold = bench.one_file()
        prompt = bench.at_the_prompt()
        rows = [bench.side_by_side(size) for size in sizes]
        per_file = [bench.side_by_side(size, one_per_file=True) for size in file_sizes]
        opa = bench.opa_bench()
        recheck = bench.recheck(max(sizes))
    finally:
        shutil.rmtree(bench.work, ignore_errors=True)
    # The folder walk's cost per file (issue 20): patuh's documents and foreign YAML.
    walk_rounds = 3
    walk = walk_cost(max(file_sizes, default=1000), walk_rounds)
    load_after = " ".join(Path("/proc/loadavg").read_text().split()[:3])

    largest = rows[sizes.index(max(sizes))]
    named = {"large": largest, "cold": cold, "recheck": recheck, "opa": opa}
    if file_sizes:
        named["files-small"] = per_file[0]
    if len(file_sizes) > 1:  # a run of one size (--file-sizes 100) has no large row
        named["files-large"] = per_file[-1]
    body = "\n\n".join(
        [
            table([cold, *prompt, *rows, *per_file, opa, recheck]),
            "Goals (this machine):\n\n" + goals(named, prompt),
            "Folder walk, choosing patuh's documents by what the YAML means, one document "
            "or foreign file a file (bench/selection_cost.py):\n\n"
            + "\n".join(f"    {line}" for line in walk_lines(walk, walk_rounds)),
            "Machine:\n\n" + machine(args, load_before, load_after),
        ]
    )
    print(body)
    write_markdown(args.out, body)
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
