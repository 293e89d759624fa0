"""patuh against conftest, side by side, on the same policies and the same files.

    python bench/run_bench.py --opa PATH --conftest PATH [--runs 5] [--sizes 100,1000,10000]

For each corpus size (bench/generate_corpus.py, seeded) both tools check the same
folder: `patuh check --no-cache --format json` (a new process, which starts its own
OPA) and `conftest test --all-namespaces -p <policies> --data policies
--output json`. Each is run several times; the table shows medians. The findings
of both are counted (patuh: findings by severity; conftest: failures and warnings)
and compared file by file and rule by rule. Then: one file end to end from a cold
start, a re-check of the largest corpus with nothing changed (the result cache
filled by one run before), and the peak memory of each tool.

Prints one table and writes it, with the machine's description, between the
markers of docs/benchmarks.md (the text around them is kept). Figures only: this
script asserts nothing about time.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import generate_corpus  # noqa: E402

BEGIN = "<!-- bench:begin -->"
END = "<!-- bench:end -->"
SAMPLE_SECONDS = 0.01
ONE_FILE = ROOT / "fixtures" / "examples" / "sistem-dan-usulan-lain.yaml"


# --- running one command, measured ---------------------------------------------------
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


# --- findings, counted the same way on both sides ------------------------------------
def patuh_findings(stdout: bytes) -> tuple[Counter[tuple[str, str, str]], dict[str, int]]:
    report = json.loads(stdout)
    found: Counter[tuple[str, str, str]] = Counter()
    for result in report["results"]:
        for finding in result["findings"]:
            found[(result["file"], finding["rule"], finding["severity"])] += 1
    return found, report["summary"]


def conftest_findings(stdout: bytes) -> Counter[tuple[str, str, str]]:
    found: Counter[tuple[str, str, str]] = Counter()
    for result in json.loads(stdout):
        for kind, severity in (("failures", "error"), ("warnings", "warning")):
            for item in result.get(kind) or []:
                rule = (item.get("metadata") or {}).get("rule", item.get("msg", "?"))
                found[(result["filename"], rule, severity)] += 1
    return found


def by_severity(found: Counter[tuple[str, str, str]]) -> tuple[int, int]:
    errors = sum(n for (_, _, severity), n in found.items() if severity == "error")
    return errors, sum(found.values()) - errors


# --- the scenarios ---------------------------------------------------------------------
@dataclass
class Row:
    label: str
    documents: int
    files: int
    patuh: list[Run]
    conftest: list[Run]
    patuh_peak: float = 0.0
    conftest_peak: float = 0.0
    agree: str = ""
    patuh_counts: tuple[int, int] = (0, 0)
    conftest_counts: tuple[int, int] = (0, 0)


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work = Path(tempfile.mkdtemp(prefix="patuh-bench-"))
        self.cache_dir = self.work / "cache"
        # As on a user's machine, Python keeps the bytecode it compiles (a sandbox
        # may set PYTHONDONTWRITEBYTECODE, which makes every start compile patuh).
        environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.env = {
            **environment,
            "PATUH_OPA_BINARY": str(args.opa),
            "PATUH_CACHE_DIR": str(self.cache_dir),
            "PATUH_LANG": "en",
        }
        self.env.pop("PATUH_OPA_URL", None)
        # conftest gets the files the managed OPA loads: the policies without their
        # tests (with the tests too it only compiles more and is ~10 % slower).
        self.policies = self.work / "policies"
        for path in (ROOT / "policies").rglob("*"):
            if path.is_file() and not path.name.endswith("_test.rego"):
                target = self.policies / path.relative_to(ROOT / "policies")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, target)
        self.patuh = [str(ROOT / ".venv" / "bin" / "patuh"), "check", "--format", "json"]
        self.conftest = [
            str(args.conftest),
            "test",
            "--all-namespaces",
            "--policy",
            str(self.policies / "lib"),
            "--policy",
            str(self.policies / "medan"),
            "--data",
            str(self.policies),
            "--output",
            "json",
            "--no-color",
        ]

    def corpus(self, size: int) -> tuple[Path, int]:
        folder = ROOT / "out" / "bench" / f"corpus-{size}"
        marker = folder / generate_corpus.MARKER
        wanted = f"documents {size}\nseed {self.args.seed}\n"
        if not (marker.is_file() and marker.read_text() == wanted and not self.args.regenerate):
            generate_corpus.write_corpus(folder, size, self.args.seed)
        files = sum(1 for _ in folder.rglob("*.yaml"))
        return folder, files

    def warm_up(self) -> None:
        """One unmeasured run of each tool: bytecode written, files in the page cache."""
        target = str(ONE_FILE.relative_to(ROOT))
        measure([*self.patuh, "--no-cache", target], self.env)
        measure([*self.conftest, target], self.env)

    def alternate(
        self, first: list[str], second: list[str], count: int
    ) -> tuple[list[Run], list[Run], float, float]:
        """`count` timed runs of each command, taking turns (so that a change in the
        machine's load falls on both), then one memory run of each."""
        ones, twos = [], []
        for _ in range(count):
            ones.append(measure(first, self.env))
            twos.append(measure(second, self.env))
        peak_one = measure(first, self.env, memory=True).peak_mb
        peak_two = measure(second, self.env, memory=True).peak_mb
        return ones, twos, peak_one, peak_two

    def side_by_side(self, size: int) -> Row:
        folder, files = self.corpus(size)
        target = str(folder.relative_to(ROOT))
        count = self.args.runs if size < 10_000 else max(1, self.args.runs_large)
        log(f"{size} documents in {files} files: patuh and conftest x{count}, taking turns")
        patuh, conftest, patuh_peak, conftest_peak = self.alternate(
            [*self.patuh, "--no-cache", target], [*self.conftest, target], count
        )
        row = Row(f"{size:,} documents", size, files, patuh, conftest, patuh_peak, conftest_peak)
        ours, summary = patuh_findings(patuh[-1].stdout)
        theirs = conftest_findings(conftest[-1].stdout)
        row.patuh_counts, row.conftest_counts = by_severity(ours), by_severity(theirs)
        if summary.get("invalid"):
            row.agree = f"no: {summary['invalid']} invalid documents"
        elif ours == theirs:
            row.agree = "yes, per file and rule"
        else:
            only = (ours - theirs) + (theirs - ours)
            row.agree = f"no: {sum(only.values())} differ, e.g. {next(iter(only))}"
        return row

    def one_file(self) -> Row:
        target = str(ONE_FILE.relative_to(ROOT))
        count = self.args.runs * 2
        log(f"one file, cold start: x{count} each")
        patuh, conftest, patuh_peak, conftest_peak = self.alternate(
            [*self.patuh, "--no-cache", target], [*self.conftest, target], count
        )
        row = Row("1 file, cold start", 1, 1, patuh, conftest, patuh_peak, conftest_peak)
        row.patuh_counts = by_severity(patuh_findings(patuh[-1].stdout)[0])
        row.conftest_counts = by_severity(conftest_findings(conftest[-1].stdout))
        row.agree = "yes" if row.patuh_counts == row.conftest_counts else "no"
        return row

    def recheck(self, size: int) -> Row:
        folder, files = self.corpus(size)
        target = str(folder.relative_to(ROOT))
        shutil.rmtree(self.cache_dir, ignore_errors=True)
        log(f"re-check of {size} unchanged documents: one run to fill the cache, then more")
        fill = measure([*self.patuh, target], self.env)
        patuh = [measure([*self.patuh, target], self.env) for _ in range(self.args.runs)]
        peak = measure([*self.patuh, target], self.env, memory=True).peak_mb
        fresh, _ = patuh_findings(fill.stdout)
        again, _ = patuh_findings(patuh[-1].stdout)
        row = Row(f"re-check {size:,} unchanged", size, files, patuh, [], peak)
        row.patuh_counts = by_severity(again)
        row.agree = "same as the run that filled it" if fresh == again else "DIFFERENT"
        return row


def log(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)


# --- the report -----------------------------------------------------------------------
def median(runs: list[Run], attribute: str) -> float:
    return float(statistics.median(float(getattr(run, attribute)) for run in runs))


def table(rows: list[Row]) -> str:
    lines = [
        "| check | files | patuh s | conftest s | conftest/patuh | patuh docs/s | "
        "conftest docs/s | patuh CPU s | patuh findings (error/warning) | "
        "conftest findings (failure/warning) | same findings | patuh peak MB | "
        "conftest peak MB |",
        "| --- " + "| ---: " * 9 + "| --- | ---: | ---: |",
    ]
    for row in rows:
        p_wall = median(row.patuh, "wall")
        c_wall = median(row.conftest, "wall") if row.conftest else None
        lines.append(
            "| "
            + " | ".join(
                [
                    row.label,
                    f"{row.files:,}",
                    f"{p_wall:.2f}",
                    f"{c_wall:.2f}" if c_wall else "-",
                    f"{c_wall / p_wall:.1f}x" if c_wall else "-",
                    f"{row.documents / p_wall:,.0f}",
                    f"{row.documents / c_wall:,.0f}" if c_wall else "-",
                    f"{median(row.patuh, 'cpu'):.2f}",
                    "{:,} / {:,}".format(*row.patuh_counts),
                    "{:,} / {:,}".format(*row.conftest_counts) if row.conftest else "-",
                    row.agree,
                    f"{row.patuh_peak:.0f}",
                    f"{row.conftest_peak:.0f}" if row.conftest else "-",
                ]
            )
            + " |"
        )
    return "\n".join(lines)


def goals(rows: dict[str, Row]) -> str:
    large, cold, recheck = rows["large"], rows["cold"], rows["recheck"]
    wall = median(large.patuh, "wall")
    ratio = median(large.conftest, "wall") / wall
    cold_wall = median(cold.patuh, "wall")
    recheck_wall = median(recheck.patuh, "wall")
    peak = large.patuh_peak

    def verdict(ok: bool, text: str) -> str:
        return f"- {'met' if ok else 'MISSED'}: {text}"

    return "\n".join(
        [
            verdict(wall < 5, f"{large.documents:,} documents in {wall:.2f} s (goal < 5 s)"),
            verdict(ratio >= 2, f"{ratio:.1f}x conftest's throughput (goal >= 2x)"),
            verdict(
                recheck_wall < 1,
                f"re-check of {recheck.documents:,} unchanged documents in "
                f"{recheck_wall:.2f} s (goal < 1 s)",
            ),
            verdict(cold_wall < 0.5, f"one file, cold, in {cold_wall:.2f} s (goal < 0.5 s)"),
            verdict(
                peak < 500,
                f"peak memory at {large.documents:,} documents {peak:.0f} MB (goal < 500 MB)",
            ),
        ]
    )


def machine(args: argparse.Namespace, load_before: str, load_after: str) -> str:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = "unknown"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    opa = _first_line([str(args.opa), "version"], "Version:")
    conftest = args.conftest_version or _first_line([str(args.conftest), "--version"], "Conftest")
    return "\n".join(
        [
            f"- date: {dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()}",
            f"- CPU: {cpu}, {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))})",
            f"- memory: {memory}",
            f"- system: {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}",
            f"- OPA {opa} (patuh's managed server); conftest {conftest}",
            f"- load average before / after: {load_before} / {load_after} "
            "(other work on the machine slows both tools alike)",
            f"- runs: median of {args.runs} ({args.runs_large} at 10,000 documents); "
            f"corpus seed {args.seed}",
        ]
    )


def _first_line(command: list[str], prefix: str) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return "unknown"
    for line in out.splitlines():
        if line.startswith(prefix):
            return line.split(":", 1)[-1].strip()
    return "unknown"


def write_markdown(path: Path, body: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else f"{BEGIN}\n{END}\n"
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        text += f"\n{BEGIN}\n{END}\n"
    path.write_text(pattern.sub(lambda _: f"{BEGIN}\n{body}\n{END}", text), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--opa", type=Path, required=True)
    parser.add_argument("--conftest", type=Path, required=True)
    parser.add_argument("--conftest-version", default="")
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--runs-large", type=int, default=3)
    parser.add_argument("--seed", type=int, default=generate_corpus.DEFAULT_SEED)
    parser.add_argument("--regenerate", action="store_true", help="write the corpora again")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    bench = Bench(args)
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    try:
        bench.warm_up()
        rows = [bench.side_by_side(size) for size in sizes]
        cold = bench.one_file()
        recheck = bench.recheck(max(sizes))
    finally:
        shutil.rmtree(bench.work, ignore_errors=True)
    load_after = " ".join(Path("/proc/loadavg").read_text().split()[:3])

    largest = rows[sizes.index(max(sizes))]
    body = "\n\n".join(
        [
            table([*rows, cold, recheck]),
            "Goals (this machine):\n\n"
            + goals({"large": largest, "cold": cold, "recheck": recheck}),
            "Machine:\n\n" + machine(args, load_before, load_after),
        ]
    )
    print(body)
    write_markdown(args.out, body)
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
