"""Where reading files on several processes starts to pay: the parallel threshold.

    python bench/parallel_threshold.py [--jobs 2] [--runs 5]

Reads and validates the first N documents of the 10,000-document corpus (written by
bench/generate_corpus.py if missing) in this process and on a pool of worker
processes, for several N, and prints the median time of each. The pool is worth
starting from the size where the two cross; engine/reading/parallel.py sets
PARALLEL_MIN_WEIGHT (bytes of YAML) a little above it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import generate_corpus  # noqa: E402

from engine.reading import parallel, reader  # noqa: E402
from engine.reading.files import collect_files  # noqa: E402


def read_all(files: list[Path], jobs: int) -> float:
    tasks = [(file, file.stat().st_size) for file in files]
    start = time.perf_counter()
    with parallel.ordered_map(reader.parse_file, tasks, jobs=jobs, weight=lambda t: t[1]) as out:
        for _ in out:
            pass
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=parallel.available_cores())
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    corpus = ROOT / "out" / "bench" / "corpus-10000"
    if not (corpus / generate_corpus.MARKER).is_file():
        generate_corpus.write_corpus(corpus, 10_000, generate_corpus.DEFAULT_SEED)
    files = collect_files([str(corpus)])
    print(f"{'files':>6} {'KiB':>7} {'1 process s':>12} {f'{args.jobs} processes s':>14}")
    for count in (10, 25, 50, 100, 200, 400, 800):
        chosen = files[:count]
        size = sum(f.stat().st_size for f in chosen)
        one = statistics.median(read_all(chosen, 1) for _ in range(args.runs))
        # The threshold itself is what is measured here: lift it for this run.
        with mock.patch.object(parallel, "PARALLEL_MIN_WEIGHT", 0):
            many = statistics.median(read_all(chosen, args.jobs) for _ in range(args.runs))
        print(f"{count:>6} {size // 1024:>7} {one:>12.3f} {many:>14.3f}")
    print(f"PARALLEL_MIN_WEIGHT = {parallel.PARALLEL_MIN_WEIGHT // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
