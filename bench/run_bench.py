"""patuh against conftest, side by side, on the same policies and the same files.

    python bench/run_bench.py --opa PATH --conftest PATH [--runs 5] [--sizes 100,1000,10000]
                              [--file-sizes 100,10000]

For each corpus size (bench/generate_corpus.py, seeded) both tools check the same
folder: `patuh check --no-cache --format json` (a new process, which starts its own
OPA) and `conftest test --all-namespaces -p <policies> --data policies
--output json`. Each is run several times; the table shows medians. The findings
of both are counted (patuh: findings by severity; conftest: failures and warnings)
and compared file by file and rule by rule. The same for corpora of one document a
file (--file-sizes: the per-file cost of a repository of descriptors). Then: one
file end to end from a cold start, the commands a user waits for at the prompt
(`patuh --help`, `rules`, `explain`, `version`), OPA's own evaluation time per
document (`opa bench` on the 100-document corpus), a re-check of the largest corpus
with nothing changed (the result cache filled by one run before), and the peak
memory of each tool.

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

from engine.check.run import canonical_json  # noqa: E402
from engine.reading.yaml_loader import load_bytes  # noqa: E402

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
    per_document: bool = False  # `opa bench`: the time is of one document, in ms
    allocations: float = 0.0  # `opa bench`: Go heap allocations a document


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

    def corpus(self, size: int, one_per_file: bool = False) -> tuple[Path, int]:
        name = f"corpus-{size}" + ("-files" if one_per_file else "")
        folder = ROOT / "out" / "bench" / name
        marker = folder / generate_corpus.MARKER
        wanted = generate_corpus.marker_text(size, self.args.seed, one_per_file)
        if not (marker.is_file() and marker.read_text() == wanted and not self.args.regenerate):
            generate_corpus.write_corpus(folder, size, self.args.seed, one_per_file=one_per_file)
        files = sum(1 for _ in folder.rglob("*.yaml"))
        return folder, files

    def warm_up(self) -> None:
        """One unmeasured run of each tool: bytecode written, files in the page cache."""
        target = str(ONE_FILE.relative_to(ROOT))
        measure([*self.patuh, "--no-cache", target], self.env)
        measure([*self.conftest, target], self.env)

    def alternate(
        self, first: list[str], second: list[str], count: int, second_memory: bool = True
    ) -> tuple[list[Run], list[Run], float, float]:
        """`count` timed runs of each command, taking turns (so that a change in the
        machine's load falls on both), then one memory run of each."""
        ones, twos = [], []
        for _ in range(count):
            ones.append(measure(first, self.env))
            twos.append(measure(second, self.env))
        peak_one = measure(first, self.env, memory=True).peak_mb
        peak_two = measure(second, self.env, memory=True).peak_mb if second_memory else 0.0
        return ones, twos, peak_one, peak_two

    def side_by_side(self, size: int, one_per_file: bool = False) -> Row:
        folder, files = self.corpus(size, one_per_file)
        target = str(folder.relative_to(ROOT))
        count = self.args.runs if size < 10_000 else max(1, self.args.runs_large)
        if one_per_file and size >= 10_000:
            # conftest needs ~100 s a run here: its memory is not measured again.
            count = max(1, self.args.runs_files_large)
        log(f"{size} documents in {files} files: patuh and conftest x{count}, taking turns")
        patuh, conftest, patuh_peak, conftest_peak = self.alternate(
            [*self.patuh, "--no-cache", target],
            [*self.conftest, target],
            count,
            second_memory=not (one_per_file and size >= 10_000),
        )
        label = f"{size:,} documents" + (", one a file" if one_per_file else "")
        row = Row(label, size, files, patuh, conftest, patuh_peak, conftest_peak)
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

    def at_the_prompt(self) -> list[Row]:
        """The commands that answer at once: nothing to check, only patuh starting."""
        commands = {
            "`patuh --help`": ["--help"],
            "`patuh rules`": ["rules"],
            "`patuh explain MDN-PBJ-03`": ["explain", "MDN-PBJ-03"],
            "`patuh version`": ["version"],
        }
        patuh = self.patuh[0]
        count = self.args.runs * 2
        log(f"patuh --help, rules, explain, version: x{count} each, taking turns")
        runs: dict[str, list[Run]] = {label: [] for label in commands}
        for _ in range(count):
            for label, args in commands.items():
                runs[label].append(measure([patuh, *args], self.env))
        return [Row(label, 0, 0, runs[label], [], agree="-") for label in commands]

    def opa_bench(self) -> Row:
        """OPA's own time per document for the batch query patuh sends
        (`opa bench` on `data.patuh.main.results`, the 100-document corpus)."""
        folder, files = self.corpus(100)
        documents = read_documents(folder)
        batch = self.work / "batch.json"
        batch.write_text(batch_query(documents), encoding="utf-8")
        log(f"opa bench: {len(documents)} documents a query")
        command = [
            str(self.args.opa),
            "bench",
            "--data",
            str(self.policies),
            "--input",
            str(batch),
            "--format",
            "json",
            "--benchmem",
            "--count",
            str(self.args.runs),
            "data.patuh.main.results",
        ]
        out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
        # One JSON object per --count, one after the other.
        decoder, text, position, per_document = json.JSONDecoder(), out.stdout, 0, []
        allocations = []
        while text[position:].strip():
            while text[position].isspace():
                position += 1
            result, position = decoder.raw_decode(text, position)
            per_document.append(result["T"] / result["N"] / len(documents) / 1e9)
            allocations.append(result["MemAllocs"] / result["N"] / len(documents))
        run = Run(statistics.median(per_document), 0.0, 0.0, 0, b"")
        row = Row("`opa bench`, per document", len(documents), files, [run], [], agree="-")
        row.per_document = True
        # Allocations do not depend on the machine's load (the time does): the
        # measure to compare policy changes by on a shared machine.
        row.allocations = statistics.median(allocations)
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


def read_documents(folder: Path) -> list[str]:
    """Every document of the YAML files under `folder` (in path order), as the engine's
    own reader reads it and as the JSON text patuh sends to OPA."""
    documents: list[str] = []
    for path in sorted(folder.rglob("*.yaml")):
        for loaded in load_bytes(path.read_bytes()).documents:
            if loaded.data is not None:
                documents.append(canonical_json(loaded.data))
    return documents


def batch_query(
    documents: list[str],
    packs: tuple[str, ...] = ("medan",),
    run_date: str | None = None,
    register: dict[str, object] | None = None,
) -> str:
    """The input of the query patuh sends (engine/evaluating/opa/client.py): the packs (medan, the
    default), the run's date (today unless given) and, from the desk, its register,
    besides the documents (JSON texts)."""
    context: dict[str, object] = {
        "packs": list(packs),
        "run_date": run_date or dt.datetime.now(dt.UTC).date().isoformat(),
    }
    if register is not None:
        context["register"] = register
    return json.dumps(context)[:-1] + ',"documents":[' + ",".join(documents) + "]}"


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
        if row.per_document or not row.documents:
            lines.append(_simple_row(row, p_wall))
            continue
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


def _simple_row(row: Row, p_wall: float) -> str:
    """A row of patuh alone: a command at the prompt, or OPA's time per document."""
    shown = f"{p_wall:.2f}"
    if row.per_document:
        shown = f"{p_wall * 1000:.3f} ms ({row.allocations:,.0f} allocations)"
    cpu = "-" if row.per_document else f"{median(row.patuh, 'cpu'):.2f}"
    files = f"{row.files:,}" if row.files else "-"
    peak = "-"
    cells = [row.label, files, shown, "-", "-", "-", "-", cpu, "-", "-", "-", peak, "-"]
    return "| " + " | ".join(cells) + " |"


def goals(rows: dict[str, Row], prompt: list[Row]) -> str:
    """The goals of issue 12 (and the earlier re-check goal), met or missed."""
    large, cold, recheck = rows["large"], rows["cold"], rows["recheck"]
    wall = median(large.patuh, "wall")
    cold_wall = median(cold.patuh, "wall")
    cold_conftest = median(cold.conftest, "wall")
    recheck_wall = median(recheck.patuh, "wall")

    def verdict(ok: bool, text: str) -> str:
        return f"- {'met' if ok else 'MISSED'}: {text}"

    lines = [
        verdict(
            cold_wall <= 2 * cold_conftest,
            f"one file, cold, in {cold_wall:.2f} s, {cold_wall / cold_conftest:.1f}x "
            f"conftest's {cold_conftest:.2f} s (goal <= 2x)",
        )
    ]
    for row in prompt:
        prompt_wall = median(row.patuh, "wall")
        lines.append(
            verdict(prompt_wall < 0.15, f"{row.label} in {prompt_wall:.2f} s (goal < 0.15 s)")
        )
    for key, goal in (("files-small", "faster than conftest"), ("files-large", "< 5 s, >= 2x")):
        if key not in rows:
            continue
        files = rows[key]
        p, c = median(files.patuh, "wall"), median(files.conftest, "wall")
        ok = p < c if key == "files-small" else (p < 5 and c / p >= 2)
        lines.append(
            verdict(
                ok,
                f"{files.documents:,} documents in {files.files:,} files in {p:.2f} s, conftest "
                f"{c:.2f} s ({c / p:.1f}x; goal {goal})",
            )
        )
    lines += [
        verdict(
            wall < 4,
            f"{large.documents:,} documents of the bench corpus in {wall:.2f} s (goal < 4 s), "
            f"{median(large.conftest, 'wall') / wall:.1f}x conftest",
        ),
        verdict(
            recheck_wall < 1,
            f"re-check of {recheck.documents:,} unchanged documents in "
            f"{recheck_wall:.2f} s (goal < 1 s)",
        ),
    ]
    per_document = median(rows["opa"].patuh, "wall") * 1000
    lines.append(
        verdict(
            per_document <= 0.15,
            f"Rego, {per_document:.3f} ms a document (goal <= 0.15 ms); "
            f"{rows['opa'].allocations:,.0f} Go allocations a document",
        )
    )
    peak = max(large.patuh_peak, rows["files-large"].patuh_peak if "files-large" in rows else 0)
    lines.append(
        verdict(peak < 500, f"peak memory at 10,000 documents {peak:.0f} MB (goal < 500 MB)")
    )
    return "\n".join(lines)


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
            f"- runs: median of {args.runs} ({args.runs_large} at 10,000 documents, "
            f"{args.runs_files_large} at 10,000 files; {args.runs * 2} for one file and the "
            f"commands at the prompt); corpus seed {args.seed}",
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
    parser.add_argument("--file-sizes", default="100,10000", help="corpora of one document a file")
    parser.add_argument("--runs-files-large", type=int, default=1)
    parser.add_argument("--seed", type=int, default=generate_corpus.DEFAULT_SEED)
    parser.add_argument("--regenerate", action="store_true", help="write the corpora again")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    file_sizes = [int(size) for size in args.file_sizes.split(",") if size]

    bench = Bench(args)
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    try:
        bench.warm_up()
        cold = bench.one_file()
        prompt = bench.at_the_prompt()
        rows = [bench.side_by_side(size) for size in sizes]
        per_file = [bench.side_by_side(size, one_per_file=True) for size in file_sizes]
        opa = bench.opa_bench()
        recheck = bench.recheck(max(sizes))
    finally:
        shutil.rmtree(bench.work, ignore_errors=True)
    load_after = " ".join(Path("/proc/loadavg").read_text().split()[:3])

    largest = rows[sizes.index(max(sizes))]
    named = {"large": largest, "cold": cold, "recheck": recheck, "opa": opa}
    if file_sizes:
        named["files-small"] = per_file[0]
    if len(file_sizes) > 1:  # a run of one size (--file-sizes 100) has no large row
        named["files-large"] = per_file[-1]
    body = "\n\n".join(
        [
            table([cold, *prompt, *rows, *per_file, opa, recheck]),
            "Goals (this machine):\n\n" + goals(named, prompt),
            "Machine:\n\n" + machine(args, load_before, load_after),
        ]
    )
    print(body)
    write_markdown(args.out, body)
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
