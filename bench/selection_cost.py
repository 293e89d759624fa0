"""What choosing patuh's documents in a folder walk costs (engine/reading/selection.py).

A folder walk reads each YAML (and JSON) file once before the check, to tell patuh's
documents from other YAML by what the YAML means. Prints, per file, the time of the
plain walk and the extra time of that choice, best of a few rounds, on two corpora:
generated patuh documents, one a file (bench/generate_corpus.py), and as many foreign
files (Kubernetes manifests, a Helm template, docker-compose, package.json), which
the walk must parse to the end to be sure. Figures only; `make bench` prints them too
(bench/run_bench.py):

    .venv/bin/python bench/selection_cost.py --documents 10000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from generate_corpus import DEFAULT_SEED, write_corpus

from engine.reading.files import collect_files
from engine.reading.selection import select_files

# Foreign files as infrastructure repositories hold them, each a few hundred bytes
# to a few kilobytes.
_CONTAINER = (
    "        - name: c{i}\n          image: nginx:1.27\n          ports: [{containerPort: 80}]\n"
)
FOREIGN = {
    "deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-<n>\n"
    "  labels: {app: web}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n"
    + "".join(_CONTAINER.replace("{i}", str(i)) for i in range(8)),
    "helm.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
    "  name: {{ .Release.Name }}-<n>\nspec:\n  replicas: {{ .Values.replicaCount }}\n",
    "compose.yml": "services:\n  web<n>: {image: 'nginx:1.27', ports: ['80:80']}\n"
    "  db: &db {image: 'postgres:16', environment: {POSTGRES_DB: app}}\n",
    "package.json": '{"name": "web-<n>", "version": "1.0.0", "dependencies": {'
    + ", ".join(f'"pkg{i}": "^1.{i}.0"' for i in range(30))
    + "}}\n",
}


def best_of(rounds: int, action: Callable[[], Any]) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def write_foreign(folder: Path, count: int) -> None:
    for n in range(count):
        name, text = list(FOREIGN.items())[n % len(FOREIGN)]
        sub = folder / f"svc{n // 100:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{n}-{name}").write_text(text.replace("<n>", str(n)))


def measure(documents: int, rounds: int) -> dict[str, tuple[int, float, float]]:
    """Per corpus: (files, walk in ms, extra µs a file to choose patuh's documents)."""
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        patuh = Path(folder) / "patuh"
        write_corpus(patuh, documents, DEFAULT_SEED, one_per_file=True)
        foreign = Path(folder) / "foreign"
        write_foreign(foreign, documents)
        for name, corpus in (("patuh", patuh), ("foreign", foreign)):
            files = len(collect_files([str(corpus)]))
            paths = [str(corpus)]
            walk = best_of(rounds, partial(collect_files, paths))
            chosen = best_of(rounds, partial(select_files, paths))
            figures[name] = (files, walk * 1000, (chosen - walk) * 1e6 / files)
    return figures


def lines(figures: dict[str, tuple[int, float, float]], rounds: int) -> list[str]:
    out = []
    for name, (files, walk, extra) in figures.items():
        out.append(
            f"{name:8} {files:6} files, best of {rounds}: walk {walk:8.1f} ms, "
            f"choosing patuh's documents {extra:6.1f} µs a file"
        )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print("\n".join(lines(measure(args.documents, args.rounds), args.rounds)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
