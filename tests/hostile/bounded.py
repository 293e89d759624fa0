"""Run the real `patuh` command in a child process under hard limits, and measure it.

The limits are enforced by the kernel and the parent, not assumed: the child gets an
address-space limit (RLIMIT_AS) so a runaway allocation fails instead of swapping the
machine, and is killed at the time limit. Its peak resident memory comes from wait4's
rusage of that one child (not of every child the test process ever had).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# The bounds stated in the README ("Hostile input"): per run of `patuh check` on one
# hostile file, with an OPA server given by --opa-url (the OPA process is not counted).
TIME_LIMIT_S = 10.0
RSS_LIMIT_MIB = 256
ADDRESS_SPACE_LIMIT = 2 * 1024**3  # a backstop; RSS is the bound that is asserted

PATUH = Path(sys.executable).with_name("patuh")


@dataclass(frozen=True)
class Bounded:
    exit_code: int  # negative: killed by that signal
    stdout: bytes
    stderr: bytes
    seconds: float
    max_rss_mib: float
    timed_out: bool


def _limit_address_space() -> None:  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))


def run_patuh(args: list[str], time_limit: float = TIME_LIMIT_S) -> Bounded:
    """`patuh ARGS...` in a child process, its output in temporary files (a pipe could
    fill and stall it), killed after `time_limit` seconds."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen(
            [str(PATUH), *args],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            preexec_fn=_limit_address_space,
        )
        timed_out = False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > time_limit:
                timed_out = True
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.01)
        seconds = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        return Bounded(
            exit_code=process.returncode,
            stdout=out.read(),
            stderr=err.read(),
            seconds=seconds,
            max_rss_mib=usage.ru_maxrss / 1024,  # Linux reports KiB
            timed_out=timed_out,
        )
