"""What reading costs per document, in Python alone: a reader's work and what it sends.

Runs each checkout's own reader (engine/reading/reader.py `parse_file`: read, parse,
validate, write the JSON OPA is sent) over the same files in one process, the
checkouts in turns, and pickles what a reader process would send back (and reads
it again, as the main process does). Prints the CPU time a file of each, best of
the rounds: the per-document cost that `bench/compare_trees.py` sees spread over
processes, without the noise of process start, OPA and the other processes.

    .venv/bin/python bench/reading_cost.py --files 3000 /work/main/out/bench/corpus-10000-files \
        /work/main .

Each checkout is run by its own .venv's Python (a subprocess per round). As
`patuh check` does, the cyclic garbage collector is off. Figures only.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

# Run inside each checkout: its engine, its reader.
_ROUND = """
import gc, json, pickle, sys, time
gc.disable()
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from engine.reading.reader import parse_file
files = sorted(Path(sys.argv[2]).rglob("*.yaml"))[: int(sys.argv[3])]
tasks = [(file, file.stat().st_size) for file in files]
start = time.process_time()
read = [parse_file(task) for task in tasks]
parsed = time.process_time() - start
start = time.process_time()
sent = pickle.dumps(read, protocol=pickle.HIGHEST_PROTOCOL)
pickle.loads(sent)
crossed = time.process_time() - start
print(json.dumps({"files": len(files), "parse": parsed, "pickle": crossed, "bytes": len(sent)}))
"""


def _round(tree: Path, target: str, files: int) -> dict[str, float]:
    python = tree / ".venv" / "bin" / "python"
    done = subprocess.run(
        [str(python), "-c", _ROUND, str(tree), target, str(files)],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    answer: dict[str, float] = json.loads(done.stdout)
    return answer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=3000, help="the first N YAML files")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("target", help="a folder of YAML files")
    parser.add_argument("trees", nargs="+", type=Path, help="checkouts, each with its .venv")
    args = parser.parse_args()
    rounds: dict[Path, list[dict[str, float]]] = {tree: [] for tree in args.trees}
    for _ in range(args.rounds):
        for tree in args.trees:
            rounds[tree].append(_round(tree, args.target, args.files))
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"{args.target}: {args.rounds} rounds each, in turns (load average after: {load})")
    for tree, answers in rounds.items():
        files = answers[0]["files"]
        parse = [a["parse"] * 1000 / files for a in answers]
        crossed = [a["pickle"] * 1000 / files for a in answers]
        print(
            f"  {tree}: {int(files)} files; a file's reading {min(parse):.3f} ms "
            f"(median {statistics.median(parse):.3f}), its pickling there and back "
            f"{min(crossed):.3f} ms (median {statistics.median(crossed):.3f}), "
            f"{answers[0]['bytes'] / files:.0f} bytes"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
