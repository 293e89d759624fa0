"""Shared helpers for the fixture tests and the Gherkin steps: run `patuh check` in-process
and read its JSON answer, and find independently on which line a finding's path was written.

This module is imported by tests/evaluating/test_fixtures.py and tests/bdd/test_features.py;
it has no test of its own.
"""

from __future__ import annotations

import json
import re
import signal
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures"
# Each rule pack's fixtures: fixtures/<pack>/<RULE>.{fail,pass}.yaml.
PACK_FIXTURES = {"medan": FIXTURES / "medan", "nasional": FIXTURES / "nasional"}
RULE_FIXTURES = PACK_FIXTURES["medan"]
INVALID_FIXTURES = FIXTURES / "invalid"
EXAMPLE_FIXTURES = FIXTURES / "examples"
# The desk's register the rule fixtures are checked with (`patuh check --register`):
# the letters and recommended proposals every procurement fixture cites, and those the
# MDN-KOOR-04 and MDN-PBJ-08 fixtures get wrong.
REGISTER_FIXTURE = FIXTURES / "register.json"
FEATURES = REPO / "features"

# The 41 obligations and their severity: the contract of docs/rules.md (ids and severities
# are what reports, waivers and external checks key on).
RULES: dict[str, str] = {
    "MDN-KOOR-01": "error",
    "MDN-KOOR-02": "error",
    "MDN-KOOR-03": "warning",
    "MDN-RENC-01": "error",
    "MDN-RENC-02": "error",
    "MDN-RENC-03": "error",
    "MDN-RENC-04": "error",
    "MDN-RENC-05": "warning",
    "MDN-HOST-01": "error",
    "MDN-PBJ-01": "error",
    "MDN-PBJ-02": "error",
    "MDN-PBJ-03": "error",
    "MDN-PBJ-04": "error",
    "MDN-PBJ-05": "warning",
    "MDN-PBJ-06": "error",
    "MDN-PBJ-07": "warning",
    "MDN-PBJ-08": "error",
    "MDN-KOOR-04": "error",
    "MDN-RWT-01": "error",
    "MDN-RWT-02": "warning",
    "MDN-RWT-03": "warning",
    "MDN-RWT-04": "warning",
    "MDN-RWT-05": "warning",
    "MDN-SLA-01": "error",
    "MDN-SLA-02": "error",
    "MDN-SLA-03": "error",
    "MDN-SLA-04": "error",
    "MDN-SLA-05": "error",
    "MDN-KAM-01": "error",
    "MDN-KAM-02": "error",
    "MDN-KAM-03": "error",
    "MDN-KAM-04": "error",
    "MDN-KAM-05": "error",
    "MDN-KAM-06": "error",
    "MDN-KAM-07": "warning",
    "MDN-KAM-08": "warning",
    "MDN-KAM-09": "warning",
    "MDN-KAM-10": "warning",
    "MDN-SDM-01": "warning",
    "MDN-ORG-01": "warning",
    "MDN-ORG-02": "warning",
}
# The nasional pack's rules and their severity: one or more per obligation of
# docs/national.md (wajib -> error; NAS-AUD-02 is a warning: the words quoted from
# Permenkominfo 16/2022 Pasal 16 ayat (5) do not say it is required).
NASIONAL_RULES: dict[str, str] = {
    "NAS-PSE-01": "error",
    "NAS-PSE-02": "error",
    "NAS-PSE-03": "error",
    "NAS-PSE-04": "error",
    "NAS-PSE-05": "error",
    "NAS-PSE-06": "error",
    "NAS-PSE-07": "error",
    "NAS-PSE-08": "error",
    "NAS-PSE-09": "error",
    "NAS-PDP-01": "error",
    "NAS-PDP-02": "error",
    "NAS-PDP-03": "error",
    "NAS-PDP-04": "error",
    "NAS-AUD-01": "error",
    "NAS-AUD-02": "warning",
    "NAS-SPBE-01": "error",
    "NAS-SPBE-02": "error",
    "NAS-SPBE-03": "warning",
}
PACK_RULES = {"medan": RULES, "nasional": NASIONAL_RULES}
ALL_RULES = {**RULES, **NASIONAL_RULES}
RULE_ID = re.compile(r"^(MDN|NAS)-[A-Z]+-\d{2}$")
# The day the fixtures and scenarios are checked on (PATUH_RUN_DATE), so that the
# rules that depend on today (NAS-AUD-01) answer the same every day.
FIXTURE_RUN_DATE = "2026-06-30"

# A check must never hang: an alias bomb that slipped through would otherwise stall CI.
CHECK_TIMEOUT_SECONDS = 120


class CheckTimeout(Exception):
    pass


@dataclass
class Outcome:
    """What one `patuh check --format json` run answered."""

    exit_code: int
    report: dict[str, Any]
    stdout: str
    output: str  # stdout and stderr as a terminal would show them
    args: list[str]

    @property
    def results(self) -> list[dict[str, Any]]:
        return list(self.report.get("results", []))

    def only_result(self) -> dict[str, Any]:
        results = self.results
        assert len(results) == 1, f"expected one document, got {len(results)}: {self.describe()}"
        return results[0]

    def findings(self) -> list[dict[str, Any]]:
        return [f for r in self.results for f in r.get("findings", [])]

    def rule_ids(self) -> set[str]:
        return {f["rule"] for f in self.findings()}

    def result_for(self, doc_id: str) -> dict[str, Any]:
        matches = [r for r in self.results if r.get("id") == doc_id]
        assert len(matches) == 1, f"document {doc_id!r} not found once: {self.describe()}"
        return matches[0]

    def describe(self) -> str:
        found = [
            (r.get("index"), r.get("verdict"), f["rule"], f["path"], f["line"])
            for r in self.results
            for f in r.get("findings", [])
        ]
        return (
            f"patuh {' '.join(self.args)} -> exit {self.exit_code}; "
            f"verdicts {[r.get('verdict') for r in self.results]}; findings {found}"
        )


def _on_alarm(signum: int, frame: Any) -> None:
    raise CheckTimeout(f"patuh check did not answer within {CHECK_TIMEOUT_SECONDS} s")


def run_check(opa_url: str, paths: Sequence[str | Path], *options: str) -> Outcome:
    """Run `patuh check --format json --opa-url URL [options] PATH...` in-process."""
    from click.testing import CliRunner

    from engine.cli.main import main

    args = ["check", "--format", "json", "--opa-url", opa_url, *options]
    args += [str(p) for p in paths]
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(CHECK_TIMEOUT_SECONDS)
    try:
        result = CliRunner().invoke(main, args, env={"PATUH_RUN_DATE": FIXTURE_RUN_DATE})
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    output = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(
            f"patuh {' '.join(args)} raised {result.exception!r}\n{output}"
        ) from result.exception
    assert "Traceback" not in output, f"patuh {' '.join(args)} printed a traceback:\n{output}"
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError as exc:
        raise AssertionError(
            f"patuh {' '.join(args)} (exit {result.exit_code}) did not print JSON:\n{output}"
        ) from exc
    assert isinstance(report, dict), report
    return Outcome(result.exit_code, report, result.stdout, output, args)


# --- where a path was written, found independently of the engine -------------------------

_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def split_path(path: str) -> list[str | int]:
    """`spec.third_parties[0].agreement_ref` -> ["spec", "third_parties", 0, "agreement_ref"]."""
    parts: list[str | int] = []
    for name, index in _SEGMENT.findall(path):
        parts.append(int(index) if index else name)
    return parts


def _index(
    node: yaml.Node, prefix: tuple[str | int, ...], lines: dict[tuple[Any, ...], int]
) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = (*prefix, key.value)
            lines[path] = key.start_mark.line + 1
            _index(value, path, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            path = (*prefix, i)
            lines[path] = item.start_mark.line + 1
            _index(item, path, lines)


def document_lines(file: Path) -> list[dict[tuple[Any, ...], int]]:
    """For each document of a (valid) file: key path -> 1-based line of the key."""
    documents = []
    for node in yaml.compose_all(file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader):
        lines: dict[tuple[Any, ...], int] = {(): node.start_mark.line + 1}
        _index(node, (), lines)
        documents.append(lines)
    return documents


def nearest_existing(lines: dict[tuple[Any, ...], int], path: str) -> tuple[Any, ...]:
    """The longest prefix of `path` that is written in the document."""
    parts = tuple(split_path(path))
    while parts not in lines:
        parts = parts[:-1]
    return parts


def expected_line(lines: dict[tuple[Any, ...], int], path: str) -> int:
    return lines[nearest_existing(lines, path)]


def iter_yaml_files(folder: Path) -> Iterator[Path]:
    yield from sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
