"""The fixtures against the real engine: every rule's failing and passing document, the
documents the engine must refuse, and the README's examples.

Each check runs `patuh check --format json` in-process against the real OPA server of the
session (`opa_url`, tests/conftest.py). Lines are checked against an independent reading of
the file (PyYAML's composer), not against the engine's own line map.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bdd"))
from patuh_run import (
    ALL_RULES,
    EXAMPLE_FIXTURES,
    INVALID_FIXTURES,
    PACK_FIXTURES,
    RULE_FIXTURES,
    document_lines,
    expected_line,
    nearest_existing,
    run_check,
)

from evaluating.fixture_sets import (
    EXAMPLES,
    EXIT_FOR_SEVERITY,
    FAIL,
    INVALID,
    PACKS,
    PASS,
    VERDICT_FOR_SEVERITY,
    _args_of_pack,
    _ids,
    _pack_args,
    _pack_of,
    _rule_of,
    expected_invalid_rule,
    rule_with_the_register,
)

# --- every rule: the failing fixture gives exactly that rule --------------------------------


@pytest.mark.parametrize("fixture", FAIL, ids=_ids(FAIL))
def test_fail_fixture_gives_exactly_its_rule(opa_url: str, fixture: Path) -> None:
    rule = _rule_of(fixture)
    severity = ALL_RULES[rule]
    outcome = run_check(opa_url, [fixture], *_pack_args(fixture))
    result = outcome.only_result()
    assert outcome.rule_ids() == {rule}, outcome.describe()
    for finding in result["findings"]:
        assert finding["severity"] == severity, outcome.describe()
        assert finding["waived"] is False
        assert isinstance(finding["message"], str) and finding["message"].strip()
    assert result["verdict"] == VERDICT_FOR_SEVERITY[severity], outcome.describe()
    assert outcome.exit_code == EXIT_FOR_SEVERITY[severity], outcome.describe()
    assert outcome.report["summary"]["documents"] == 1


@pytest.mark.parametrize("fixture", PASS, ids=_ids(PASS))
def test_pass_fixture_gives_no_finding(opa_url: str, fixture: Path) -> None:
    outcome = run_check(opa_url, [fixture], *_pack_args(fixture))
    result = outcome.only_result()
    assert result["findings"] == [], outcome.describe()
    assert result["verdict"] == "compliant", outcome.describe()
    assert outcome.exit_code == 0, outcome.describe()


@pytest.mark.parametrize(
    "fixture",
    [p for p in FAIL if ALL_RULES[_rule_of(p)] == "warning"],
    ids=_ids([p for p in FAIL if ALL_RULES[_rule_of(p)] == "warning"]),
)
def test_warning_fixture_fails_with_fail_on_warning(opa_url: str, fixture: Path) -> None:
    outcome = run_check(opa_url, [fixture], "--fail-on", "warning", *_pack_args(fixture))
    assert outcome.only_result()["verdict"] == "non_compliant", outcome.describe()
    assert outcome.exit_code == 1, outcome.describe()


@pytest.mark.parametrize("pack", PACKS)
def test_whole_rules_folder_in_one_run_agrees_with_file_by_file(opa_url: str, pack: str) -> None:
    fail = [p for p in FAIL if _pack_of(p) == pack]
    passing = [p for p in PASS if _pack_of(p) == pack]
    outcome = run_check(opa_url, [PACK_FIXTURES[pack]], *_args_of_pack(pack))
    assert outcome.report["summary"]["documents"] == len(fail) + len(passing), outcome.describe()
    assert outcome.exit_code == 1
    assert [p["name"] for p in outcome.report["engine"]["packs"]] == [pack]
    by_file = {Path(r["file"]).name: r for r in outcome.results}
    with_register = "--register" in _args_of_pack(pack)
    for fixture in fail:
        rules = {f["rule"] for f in by_file[fixture.name]["findings"]}
        expected = rule_with_the_register(fixture) if with_register else _rule_of(fixture)
        assert rules == {expected}, (fixture.name, rules)
    for fixture in passing:
        assert by_file[fixture.name]["findings"] == [], fixture.name


# --- lines -----------------------------------------------------------------------------------


def _check_lines(fixture: Path, results: list[dict[str, Any]]) -> None:
    lines_per_document = document_lines(fixture)
    text_lines = fixture.read_text(encoding="utf-8").splitlines()
    for result in results:
        lines = lines_per_document[result["index"]]
        for finding in result["findings"]:
            line = finding["line"]
            where = f"{fixture.name}: {finding['rule']} at {finding['path']!r}"
            assert isinstance(line, int) and not isinstance(line, bool), where
            assert 1 <= line <= len(text_lines), where
            assert line == expected_line(lines, finding["path"]), (
                f"{where}: line {line}, expected {expected_line(lines, finding['path'])}"
            )
            existing = nearest_existing(lines, finding["path"])
            if existing and isinstance(existing[-1], str):
                assert f"{existing[-1]}:" in text_lines[line - 1], (where, text_lines[line - 1])


@pytest.mark.parametrize("fixture", FAIL + EXAMPLES, ids=_ids(FAIL + EXAMPLES))
def test_finding_lines_point_at_the_last_existing_key(opa_url: str, fixture: Path) -> None:
    packs = _pack_args(fixture) if fixture in FAIL else ["--pack", "medan", "--pack", "nasional"]
    outcome = run_check(opa_url, [fixture], *packs)
    assert outcome.findings() or fixture in EXAMPLES
    _check_lines(fixture, outcome.results)


# Checked by hand: (fixture, rule, path, line).
HAND_CHECKED_LINES = [
    # agreement_ref is there but empty: its own line.
    ("MDN-RENC-04.fail.yaml", "MDN-RENC-04", "spec.third_parties[0].agreement_ref", 33),
    # coordination is missing: the line of its nearest parent, `spec:`.
    ("MDN-KOOR-01.fail.yaml", "MDN-KOOR-01", "spec.coordination.diskominfo", 9),
    # proposal_ref is missing: the line of `metadata:`.
    ("MDN-PBJ-07.fail.yaml", "MDN-PBJ-07", "metadata.proposal_ref", 4),
    # one warning per missing network control, each on its own line.
    ("MDN-KAM-07.fail.yaml", "MDN-KAM-07", "spec.security.network.ids", 52),
    ("MDN-KAM-07.fail.yaml", "MDN-KAM-07", "spec.security.network.vpn", 54),
    # physical_inspection is missing: the line of `maintenance:`.
    ("MDN-RWT-05.fail.yaml", "MDN-RWT-05", "spec.maintenance.physical_inspection", 82),
    ("MDN-PBJ-04.fail.yaml", "MDN-PBJ-04", "spec.technology_transfer.training.hours", 41),
]


@pytest.mark.parametrize(
    ("name", "rule", "path", "line"),
    HAND_CHECKED_LINES,
    ids=[f"{n}:{p}" for n, _, p, _ in HAND_CHECKED_LINES],
)
def test_hand_checked_finding_lines(
    opa_url: str, name: str, rule: str, path: str, line: int
) -> None:
    outcome = run_check(opa_url, [RULE_FIXTURES / name])
    matches = [f for f in outcome.findings() if f["rule"] == rule and f["path"] == path]
    assert len(matches) == 1, outcome.describe()
    assert matches[0]["line"] == line, outcome.describe()


# --- input the engine must refuse ------------------------------------------------------------

# Where the refusal must point: (text on the line, which occurrence of it).
INVALID_LINES = {
    "duplicate-key.yaml": ("  hosting:", 2),
    "unknown-field.yaml": ("  coordinaton:", 1),
    "wrong-enum.yaml": ("    location: awan_publik", 1),
    "alias-bomb.yaml": ("*a0", 1),
    "wrong-kind.yaml": ("kind: Policy", 1),
    "missing-id.yaml": ("metadata:", 1),
    "yes-no-boolean.yaml": ("    redundancy: yes", 1),
    "percent-out-of-range.yaml": ("    availability_percent: 140", 1),
    "hours-out-of-range.yaml": ("      rpo_hours: 1000000", 1),
    "hosting-abroad-in-datacenter.yaml": ("    country: SG", 1),
    "personal-data-false-with-categories.yaml": ("      categories:", 1),
}

# What the message must mention (default language: Bahasa Indonesia).
INVALID_MESSAGES = {
    "unknown-field.yaml": "coordination",  # the "did you mean" suggestion
    "wrong-enum.yaml": "diskominfo_datacenter",  # the allowed values
    "hours-out-of-range.yaml": "satu tahun",  # why the bound
    "hosting-abroad-in-datacenter.yaml": "bertentangan",
    "personal-data-false-with-categories.yaml": "bertentangan",
}


def _line_of(fixture: Path, needle: str, occurrence: int) -> int:
    hits = [
        number
        for number, text in enumerate(fixture.read_text(encoding="utf-8").splitlines(), 1)
        if needle in text and not text.startswith("#")
    ]
    return hits[occurrence - 1]


@pytest.mark.parametrize("fixture", INVALID, ids=_ids(INVALID))
def test_invalid_input_is_refused(opa_url: str, fixture: Path) -> None:
    expected_rule = expected_invalid_rule(fixture)
    outcome = run_check(opa_url, [fixture])
    assert "Traceback" not in outcome.output
    assert outcome.exit_code == 2, outcome.describe()
    assert outcome.results, outcome.describe()
    assert all(r["verdict"] == "invalid" for r in outcome.results), outcome.describe()
    assert outcome.report["summary"]["invalid"] == len(outcome.results)
    assert outcome.report["summary"]["compliant"] == 0
    findings = outcome.findings()
    assert findings, outcome.describe()
    assert {f["rule"] for f in findings} == {expected_rule}, outcome.describe()
    for finding in findings:
        assert isinstance(finding["line"], int) and finding["line"] >= 1, outcome.describe()
        assert finding["severity"] == "error"
        assert finding["message"].strip()
    if fixture.name in INVALID_LINES:
        line = _line_of(fixture, *INVALID_LINES[fixture.name])
        assert line in {f["line"] for f in findings}, f"expected line {line}: {outcome.describe()}"
    if fixture.name in INVALID_MESSAGES:
        needle = INVALID_MESSAGES[fixture.name]
        assert any(needle in f["message"] for f in findings), outcome.describe()


def test_invalid_document_beside_a_valid_one_still_fails_the_run(opa_url: str) -> None:
    outcome = run_check(
        opa_url, [INVALID_FIXTURES / "wrong-enum.yaml", RULE_FIXTURES / "MDN-KOOR-01.pass.yaml"]
    )
    assert outcome.exit_code == 2, outcome.describe()
    verdicts = sorted(r["verdict"] for r in outcome.results)
    assert verdicts == ["compliant", "invalid"], outcome.describe()


# --- the README's examples -------------------------------------------------------------------

_DOC = re.compile(r"^# Dokumen (\d+)\b")
_FINDING = re.compile(r"^#\s+- ((?:MDN|NAS)-[A-Z]+-\d{2}) \((error|warning)\) pada (\S+?):")
_VERDICT = re.compile(r"putusan (compliant|non_compliant)\b")
_EXIT = re.compile(r"kode keluar(?: berkas ini:)? (\d)\b", re.IGNORECASE)
# What a document adds under both packs: its lines from this one on (to the next
# "# Dokumen N") name the national findings, and the verdict with both packs.
_NATIONAL = re.compile(r"^#\s+Dengan --pack medan --pack nasional\b")


def _example_expectations(
    fixture: Path, *, national: bool = False
) -> tuple[dict[int, dict[str, Any]], int | None]:
    """What the comment at the top of an example promises, per document (0-based): with
    the medan pack (the default), or with `national`, under --pack medan --pack nasional
    (the medan findings and those its "Dengan --pack medan --pack nasional" lines add)."""
    documents: dict[int, dict[str, Any]] = {}
    current = 0
    exit_code = None
    in_national = False
    for line in fixture.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if match := _DOC.match(line):
            current = int(match.group(1)) - 1
            in_national = False
        in_national = in_national or bool(_NATIONAL.match(line))
        expected = documents.setdefault(current, {"verdict": None, "findings": set()})
        if in_national and not national:
            continue
        if match := _FINDING.match(line):
            expected["findings"].add(match.groups())
        if match := _VERDICT.search(line):
            expected["verdict"] = match.group(1)
        if not in_national and (match := _EXIT.search(line)):
            exit_code = int(match.group(1))
    if national:  # the file's exit code is stated for the medan pack
        exit_code = None
    return documents, exit_code


def test_examples_are_the_four_promised_files() -> None:
    assert {p.name for p in EXAMPLES} == {
        "usulan-telemedicine.yaml",
        "pengadaan-aplikasi-telemedicine.yaml",
        "sistem-simpus.yaml",
        "sistem-dan-usulan-lain.yaml",
    }
    for example in EXAMPLES:
        documents, _ = _example_expectations(example)
        assert all(d["verdict"] for d in documents.values()), example.name


@pytest.mark.parametrize("fixture", EXAMPLES, ids=_ids(EXAMPLES))
def test_example_gives_the_findings_its_comment_promises(opa_url: str, fixture: Path) -> None:
    documents, exit_code = _example_expectations(fixture)
    outcome = run_check(opa_url, [fixture])
    count = len(list(yaml.safe_load_all(fixture.read_text(encoding="utf-8"))))
    assert [r["index"] for r in outcome.results] == list(range(count)), outcome.describe()
    for result in outcome.results:
        expected = documents.get(result["index"], {"verdict": "compliant", "findings": set()})
        got = {(f["rule"], f["severity"], f["path"]) for f in result["findings"]}
        assert got == expected["findings"], outcome.describe()
        assert result["verdict"] == expected["verdict"], outcome.describe()
    if exit_code is None:
        exit_code = 1 if any(d["verdict"] == "non_compliant" for d in documents.values()) else 0
    assert outcome.exit_code == exit_code, outcome.describe()


@pytest.mark.parametrize("fixture", EXAMPLES, ids=_ids(EXAMPLES))
def test_example_gives_what_its_comment_promises_under_both_packs(
    opa_url: str, fixture: Path
) -> None:
    """Issue 22: an example's stated expectation holds under --pack medan --pack nasional
    too (its comment says what the national pack adds, or that it adds nothing)."""
    lines = fixture.read_text(encoding="utf-8").splitlines()
    assert any(_NATIONAL.match(line) for line in lines), (
        f"{fixture.name}: the comment does not say what the nasional pack finds"
    )
    documents, _ = _example_expectations(fixture, national=True)
    outcome = run_check(opa_url, [fixture], "--pack", "medan", "--pack", "nasional")
    for result in outcome.results:
        expected = documents.get(result["index"], {"verdict": "compliant", "findings": set()})
        got = {(f["rule"], f["severity"], f["path"]) for f in result["findings"]}
        assert got == expected["findings"], outcome.describe()
        assert result["verdict"] == expected["verdict"], outcome.describe()
    exit_code = 1 if any(d["verdict"] == "non_compliant" for d in documents.values()) else 0
    assert outcome.exit_code == exit_code, outcome.describe()


def test_examples_folder_as_make_demo_runs_it(opa_url: str) -> None:
    outcome = run_check(opa_url, [EXAMPLE_FIXTURES])
    assert outcome.report["summary"] == {
        "documents": 5,
        "compliant": 3,
        "non_compliant": 2,
        "invalid": 0,
    }, outcome.describe()
    assert outcome.exit_code == 1
