"""One run of one command, measured: wall time, CPU time and peak memory.

The CPU time is the user + system time of the process and of every descendant it
waited for (wait4's rusage); the peak memory is the largest total PSS of the process
tree, sampled every 10 ms from /proc, and only on a run asked to measure memory (the
sampling costs CPU that a timed run would miss). Used by bench/run_bench.py.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SECONDS = 0.01


@dataclass
class Run:
    wall: float
    cpu: float  # user + system of the process and every descendant it waited for
    peak_mb: float  # largest sum of PSS over the process tree (memory runs only)
    code: int
    stdout: bytes = field(repr=False)


def measure(command: list[str], env: dict[str, str], *, memory: bool = False) -> Run:
    """One run of `command`. Timed runs are not sampled (reading /proc costs CPU
    that the measured tool would miss); a memory run samples every 10 ms."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=ROOT)
        peak = _PeakSampler(process.pid)
        if memory:
            peak.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if memory:
            peak.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read()
        if process.returncode not in (0, 1):
            raise SystemExit(
                f"{command[0]} failed ({process.returncode}): {err.read().decode()[-2000:]}"
            )
    # Not ru_maxrss: after fork and exec it still holds the benchmark's own size.
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, cpu, peak.peak_kb / 1024, process.returncode, stdout)


class _PeakSampler(threading.Thread):
    """The largest total PSS (proportional set size: pages shared by forked workers
    are counted once overall) of a process and its descendants, every 10 ms."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            total = sum(_pss_kb(pid) for pid in _tree(self.pid))
            self.peak_kb = max(self.peak_kb, total)
            self._done.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(root: int) -> list[int]:
    pids, queue = [], [root]
    while queue:
        pid = queue.pop()
        pids.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*"):
            with contextlib.suppress(OSError, ValueError):
                queue += [int(child) for child in (task / "children").read_text().split()]
    return pids


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0
