"""What choosing patuh's documents in a folder walk costs (engine/reading/selection.py).

A folder walk now reads the head of each YAML file once before the check, to tell
patuh's documents from other YAML. Prints the time of the plain walk and of the
walk with that choice, best of a few rounds, on a generated corpus:

    .venv/bin/python bench/selection_cost.py --documents 10000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from generate_corpus import DEFAULT_SEED, write_corpus

from engine.reading.files import collect_files
from engine.reading.selection import select_files


def best_of(rounds: int, action: object) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        write_corpus(corpus, args.documents, DEFAULT_SEED)
        files = len(collect_files([str(corpus)]))
        walk = best_of(args.rounds, lambda: collect_files([str(corpus)]))
        chosen = best_of(args.rounds, lambda: select_files([str(corpus)]))
    print(f"{files} files, {args.documents} documents, best of {args.rounds}")
    print(f"walk only:             {walk * 1000:8.1f} ms")
    extra = (chosen - walk) * 1e6 / files
    print(f"walk + choose patuh's: {chosen * 1000:8.1f} ms ({extra:.1f} µs a file)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
