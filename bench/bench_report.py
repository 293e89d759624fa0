"""The bench's report: the table of patuh against conftest, the goals met or missed,
the machine's description, and their place between the markers of docs/benchmarks.md.

Made by bench/run_bench.py from the rows its scenarios (bench/scenarios.py) measure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

from measuring import Run

BEGIN = "<!-- bench:begin -->"
END = "<!-- bench:end -->"


@dataclass
class Row:
    """One line of the table: the runs of patuh (and of conftest, when both ran) on one
    check, their findings counted, and whether both found the same."""

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
