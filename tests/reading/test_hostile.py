"""Hostile input: every generated malformed or adversarial file through the real CLI and a
real OPA. Each is refused with a message naming file and line (exit 2) or gets the verdict
a valid document deserves, never a traceback, never a pass for something invalid, and
within the bounds of tests/hostile/bounded.py (README, "Hostile input").

The corpus comes from tests/hostile/generate.py (its docstring says what each expectation
means); tests/hostile/measure.py prints the time and memory figures.
"""

from __future__ import annotations

import contextlib
import json
import re
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hostile"))
from bounded import RSS_LIMIT_MIB, TIME_LIMIT_S, run_patuh
from generate import Case, generate, write

from engine.cli.main import main
from engine.reading.files import display_name

CASES = generate()
# The categories that cost the most time and memory: run again in a real child process
# whose peak memory is measured (it bounds each of them).
HEAVY = {"huge", "many", "deep", "alias"}
# What must never reach a terminal from a report: see engine/reporting/sanitize.py.
UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    write(CASES, folder)
    return folder


class TimeLimitExceeded(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: Any) -> None:
        raise TimeLimitExceeded(f"no answer within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check(opa_url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", "--lang", "en", "--opa-url", opa_url, *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"patuh raised {result.exception!r}") from result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def test_the_corpus_covers_what_the_issue_lists() -> None:
    assert len(CASES) >= 200
    assert {
        "truncated-proposal",
        "wrong-type",
        "range",
        "nonfinite",
        "huge",
        "deep",
        "many",
        "alias",
        "tag",
        "encoding",
        "tab",
        "control-char",
        "empty",
        "non-mapping",
        "envelope",
    } <= {case.category for case in CASES}
    assert len({case.name for case in CASES}) == len(CASES)
    # Most of it must be refused; the valid cases are the controls.
    assert sum(case.expect == "invalid" for case in CASES) >= 200


# Truncations are valid YAML more often than not, so most of them cost an OPA query:
# they run in one batch per base document, and are judged file by file from it.
TRUNCATED = [case for case in CASES if case.expect == "not_compliant"]
ALONE = [case for case in CASES if case.expect != "not_compliant"]


@pytest.mark.parametrize("case", ALONE, ids=[f"{c.category}-{n}" for n, c in enumerate(ALONE)])
def test_hostile_file(case: Case, corpus: Path, opa_url: str) -> None:
    with time_limit(TIME_LIMIT_S):
        code, stdout, _ = check(opa_url, "--format", "json", str(case.path(corpus)))
    report = json.loads(stdout)
    results = report["results"]
    verdicts = {result["verdict"] for result in results}
    assert results and "error" not in verdicts and "error" not in report["engine"]
    if case.expect == "invalid":
        assert code == 2, verdicts
        refused = [result for result in results if result["verdict"] == "invalid"]
        assert refused
        lines = case.content.count(b"\n") + 1
        findings = [finding for result in refused for finding in result["findings"]]
        for finding in findings:
            assert finding["rule"] in ("YAML", "SCHEMA")
            assert 1 <= finding["line"] <= lines, finding
            assert finding["message"]
        if case.rule:
            assert case.rule in {finding["rule"] for finding in findings}, findings
        if case.words:
            messages = [finding["message"] for finding in findings]
            assert any(case.words in message for message in messages), messages
    elif case.expect == "compliant":
        assert (code, verdicts) == (0, {"compliant"}), results
    else:
        assert case.expect == "valid"
        assert code in (0, 1) and verdicts <= {"compliant", "non_compliant"}


@pytest.mark.parametrize("category", sorted({case.category for case in TRUNCATED}))
def test_truncations_never_pass(category: str, corpus: Path, opa_url: str) -> None:
    """Every proper prefix of a compliant document is refused or non-compliant."""
    cases = [case for case in TRUNCATED if case.category == category]
    paths = {str(case.path(corpus)): case for case in cases}
    with time_limit(TIME_LIMIT_S):
        code, stdout, _ = check(opa_url, "--format", "json", *paths)
    assert code == 2  # the empty prefix, at least, is unreadable
    verdicts: dict[str, set[str]] = {path: set() for path in paths}
    for result in json.loads(stdout)["results"]:
        verdicts[result["file"]].add(result["verdict"])
        if result["verdict"] == "invalid":
            lines = paths[result["file"]].content.count(b"\n") + 1
            assert all(1 <= f["line"] <= lines for f in result["findings"]), result
        if result["verdict"] == "non_compliant":
            # What the cut removed is reported: the coordination the last line held.
            assert "MDN-KOOR-01" in {f["rule"] for f in result["findings"]}, result
    for path, found in verdicts.items():
        assert found and found <= {"invalid", "non_compliant"}, (path, found)
    # Both outcomes occur: the corpus cuts inside structures and between them.
    assert set().union(*verdicts.values()) == {"invalid", "non_compliant"}


def test_text_reports_name_file_and_line_and_cannot_be_forged(corpus: Path, opa_url: str) -> None:
    """The text report of every light invalid file and of the hostile file names:
    each finding as file:line, and no control character of theirs on the terminal."""
    chosen = [
        case
        for case in CASES
        if (case.expect == "invalid" and case.category not in HEAVY) or case.category == "file-name"
    ]
    paths = [str(case.path(corpus)) for case in chosen]
    _, text, _ = check(opa_url, *paths)
    _, as_json, _ = check(opa_url, "--format", "json", *paths)
    for result in json.loads(as_json)["results"]:
        for finding in result["findings"]:
            assert f"{result['file']}:{finding['line']}  {finding['rule']}" in text
    assert not UNSAFE.search(text.replace("\n", ""))
    # A file named "nama\nPATUH  palsu.yaml" does not get a line of its own.
    assert not any(line.startswith("PATUH  palsu") for line in text.splitlines())
    forged = next(c for c in chosen if c.name.startswith(b"nama\n"))
    assert display_name(forged.path(corpus)).endswith("nama\\nPATUH  palsu.yaml")


def test_heavy_inputs_stay_within_the_memory_bound(corpus: Path, opa_url: str) -> None:
    heavy = [case for case in CASES if case.category in HEAVY]
    paths = [str(case.path(corpus)) for case in heavy]
    run = run_patuh(["check", "--format", "json", "--opa-url", opa_url, *paths], time_limit=60)
    assert not run.timed_out
    assert b"Traceback" not in run.stderr
    assert run.exit_code == 2
    report = json.loads(run.stdout)
    assert {r["file"] for r in report["results"]} == set(paths)
    may_pass = {str(case.path(corpus)) for case in heavy if case.expect in ("compliant", "valid")}
    passed = {r["file"] for r in report["results"] if r["verdict"] == "compliant"}
    assert passed <= may_pass
    assert run.max_rss_mib < RSS_LIMIT_MIB, f"{run.max_rss_mib:.0f} MiB"
