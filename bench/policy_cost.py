"""OPA's cost per document of patuh's query, for one or more policy folders, in turns.

    python bench/policy_cost.py --opa PATH [--corpus DIR] [--documents 250] [--rounds 3]
                                [--count 5] POLICIES...

The first --documents documents of --corpus (default: the bench's 1,000-document
corpus), read as the engine reads them, become the query patuh sends (the medan pack,
a fixed run date; bench/opa_input.py's batch_query), and `opa bench --benchmem
--count N` evaluates `data.patuh.main.results` on each policy folder in turn, --rounds
times. Prints the median time, Go allocations and bytes a document per folder
(allocations do not depend on the machine's load: the figure to compare policy
changes by on a shared machine) and every round's figures. Figures only, it asserts
nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from opa_input import batch_query, read_documents  # noqa: E402

RUN_DATE = "2026-11-29"


def bench(
    opa: Path, policies: Path, query_input: Path, count: int
) -> list[tuple[float, float, float]]:
    """(nanoseconds, allocations, bytes allocated) per query, one triple per --count."""
    out = subprocess.run(
        [
            str(opa),
            "bench",
            "--data",
            str(policies),
            "--ignore",
            "*_test.rego",
            "--input",
            str(query_input),
            "--format",
            "json",
            "--benchmem",
            "--count",
            str(count),
            "data.patuh.main.results",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    decoder, text, position, figures = json.JSONDecoder(), out.stdout, 0, []
    while text[position:].strip():
        while text[position].isspace():
            position += 1
        result, position = decoder.raw_decode(text, position)
        n = result["N"]
        figures.append((result["T"] / n, result["MemAllocs"] / n, result["MemBytes"] / n))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--opa", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, default=ROOT / "out" / "bench" / "corpus-1000")
    parser.add_argument("--documents", type=int, default=250)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--count", type=int, default=5)
    parser.add_argument("policies", type=Path, nargs="+")
    args = parser.parse_args()
    documents = read_documents(args.corpus)[: args.documents]
    per_folder: dict[Path, list[tuple[float, float, float]]] = {f: [] for f in args.policies}
    with tempfile.TemporaryDirectory() as work:
        query_input = Path(work) / "input.json"
        query_input.write_text(batch_query(documents, run_date=RUN_DATE), encoding="utf-8")
        for round_ in range(args.rounds):
            for folder in args.policies:
                figures = bench(args.opa, folder, query_input, args.count)
                per_folder[folder].extend(figures)
                shown = ", ".join(f"{ns / len(documents) / 1e6:.3f}" for ns, _, _ in figures)
                print(f"round {round_ + 1} {folder}: ms/doc {shown}", file=sys.stderr)
    print(f"{len(documents)} documents of {args.corpus}, {args.rounds}x{args.count} runs each")
    for folder, figures in per_folder.items():
        ms = statistics.median(ns for ns, _, _ in figures) / len(documents) / 1e6
        allocations = statistics.median(a for _, a, _ in figures) / len(documents)
        kb = statistics.median(b for _, _, b in figures) / len(documents) / 1024
        print(f"{folder}: {ms:.3f} ms/doc, {allocations:,.0f} allocations/doc, {kb:.1f} KiB/doc")
    return 0


if __name__ == "__main__":
    sys.exit(main())
