"""Run the real `patuh` command in a child process under hard limits, and measure it.

The limits are enforced by the kernel and the parent, not assumed: the child gets an
address-space limit (RLIMIT_AS) so a runaway allocation fails instead of swapping the
machine, and is killed at the time limit. Its peak resident memory comes from wait4's
rusage of that one child (not of every child the test process ever had).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
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


# The child is started by this small launcher, not forked from the test process: Linux
# carries a process's resident size at fork into the child's ru_maxrss (exec keeps the
# high-water mark), so a child forked from a test process that has grown (Django and a
# browser driver loaded by other tests) would report the test process's size, not its
# own. The launcher, a fresh small Python, forks and limits the child, waits for it (or
# kills it at the time limit) and writes the child's own wait4 figures as JSON.
# It waits on the child's exit itself, not by polling: a pidfd (Linux 5.3) becomes
# readable when the child exits, and select() gives up at the time limit.
_LAUNCHER = """
import json, os, resource, select, sys, time
limit, space, report, argv = float(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
pid = os.fork()
if pid == 0:
    resource.setrlimit(resource.RLIMIT_AS, (space, space))
    os.execv(argv[0], argv)
started, timed_out = time.monotonic(), False
exited = os.pidfd_open(pid)
if not select.select([exited], [], [], limit)[0]:
    timed_out = True
    os.kill(pid, 9)
done, status, usage = os.wait4(pid, 0)
os.close(exited)
with open(report, "w") as out:
    json.dump({"exit": os.waitstatus_to_exitcode(status), "seconds": time.monotonic() - started,
               "maxrss_kib": usage.ru_maxrss, "timed_out": timed_out}, out)
"""


def run_patuh(args: list[str], time_limit: float = TIME_LIMIT_S) -> Bounded:
    """`patuh ARGS...` in a child process, its output in temporary files (a pipe could
    fill and stall it), killed after `time_limit` seconds."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as folder,
    ):
        report = Path(folder) / "rusage.json"
        launch = [sys.executable, "-c", _LAUNCHER, str(time_limit), str(ADDRESS_SPACE_LIMIT)]
        subprocess.run(
            [*launch, str(report), str(PATUH), *args],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            check=True,
        )
        measured = json.loads(report.read_text())
        out.seek(0)
        err.seek(0)
        return Bounded(
            exit_code=measured["exit"],
            stdout=out.read(),
            stderr=err.read(),
            seconds=measured["seconds"],
            max_rss_mib=measured["maxrss_kib"] / 1024,  # Linux reports KiB
            timed_out=measured["timed_out"],
        )
