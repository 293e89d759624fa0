"""The bench's scenarios: what run_bench.py measures, patuh and conftest on the same
policies and files, and how both tools' findings are counted to be compared.

A scenario (a method of Bench) runs the commands through bench/measuring.py and
returns the rows of the report (bench/bench_report.py): a generated corpus checked by
both tools in turns, one file from a cold start, the commands at the prompt, OPA's
own time per document (`opa bench`), a re-check with the result cache filled.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import generate_corpus
from bench_report import Row
from measuring import Run, measure
from opa_input import batch_query, read_documents

ROOT = Path(__file__).resolve().parent.parent
ONE_FILE = ROOT / "fixtures" / "examples" / "sistem-dan-usulan-lain.yaml"


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
class Bench:
    """The scenarios, sharing one work folder (the result cache, conftest's copy of the
    policies) and the environment every command runs in."""

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


def log(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)
