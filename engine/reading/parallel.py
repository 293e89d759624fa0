"""Run a function over many items on every core, results streamed in order.

Reading YAML and validating it is pure Python, about half of a large check's time
(profile in docs/benchmarks.md). A pool of worker processes shares it across the
cores. Starting the pool costs tens of milliseconds, so small inputs stay in this
process. Results come back in the items' order, while the workers run ahead by a
bounded number of chunks: memory holds a few chunks, not the whole input.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.pool import AsyncResult
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this much input (bytes of YAML, about 200 documents) one process is faster
# than starting a pool (measured by bench/parallel_threshold.py: the two cross near
# 350 KiB on the 2-core benchmark machine).
PARALLEL_MIN_WEIGHT = 512 * 1024
# About this much input per task sent to a worker: enough to make the per-task cost
# (pickling, queueing) small, small enough to keep the workers evenly busy.
CHUNK_WEIGHT = 128 * 1024
# Tasks sent ahead per worker, beyond those whose results are being consumed.
AHEAD_PER_WORKER = 2


def available_cores() -> int:
    """The cores this process may run on (a container may allow fewer than the
    machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


@contextlib.contextmanager
def ordered_map(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    *,
    jobs: int,
    weight: Callable[[Item], int],
) -> Iterator[Iterator[Result]]:
    """An iterator of `function(item)` for `items`, in order, computed by up to
    `jobs` worker processes when the items weigh enough.

    The workers are forked when the context is entered: enter it before this
    process starts any thread. `function` must be a module-level function (it is
    sent to the workers by name); an exception in a worker is raised here.
    """
    total = sum(weight(item) for item in items)
    if jobs <= 1 or len(items) < 2 or total < PARALLEL_MIN_WEIGHT or not _can_fork():
        yield (function(item) for item in items)
        return
    workers = min(jobs, len(items))
    # fork: the workers start with everything this process has imported, in a few
    # milliseconds (spawn would import patuh again in each, for ~0.5 s).
    with multiprocessing.get_context("fork").Pool(processes=workers) as pool:
        yield _stream(pool, function, _chunks(items, weight), workers * AHEAD_PER_WORKER)


def _stream(
    pool: Any, function: Callable[[Item], Result], chunks: list[list[Item]], ahead: int
) -> Iterator[Result]:
    sent: deque[AsyncResult[list[Result]]] = deque()
    waiting = iter(chunks)
    for chunk in waiting:
        sent.append(pool.apply_async(_run_chunk, ((function, chunk),)))
        if len(sent) >= ahead:
            break
    while sent:
        results = sent.popleft().get()
        for chunk in waiting:  # one out, one in
            sent.append(pool.apply_async(_run_chunk, ((function, chunk),)))
            break
        yield from results


def _can_fork() -> bool:
    # Only on Linux: macOS has fork, but its system libraries are not safe in a
    # forked child.
    return sys.platform.startswith("linux")


def _chunks(items: Sequence[Item], weight: Callable[[Item], int]) -> list[list[Item]]:
    """Consecutive runs of items of about CHUNK_WEIGHT each."""
    chunks: list[list[Item]] = [[]]
    load = 0
    for item in items:
        if load >= CHUNK_WEIGHT:
            chunks.append([])
            load = 0
        chunks[-1].append(item)
        load += weight(item)
    return chunks


def _run_chunk(task: tuple[Callable[[Any], Any], list[Any]]) -> list[Any]:
    function, chunk = task
    return [function(item) for item in chunk]
