"""A report always exists: when nothing was checked (--changed-since and nothing of
patuh's changed, a hook that named no patuh document, or no document found), `patuh
check` still writes the format asked for, to --output when given, with zero documents
and why: SARIF valid against the official schema with an empty `results`, JUnit with
zero tests, JSON with an empty `results` and its summary, Markdown and HTML saying
that nothing was checked and why. The exit status says whether that is a success."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from junitparser import JUnitXml
from markdown_it import MarkdownIt

from engine.cli.main import main
from engine.reporting.render import RENDERERS
from reporting.test_report_formats import _valid_sarif

# The JSON answer's shape (docs/documents.md) with nothing in it.
EMPTY_JSON = {
    "type": "object",
    "required": ["summary", "engine", "generated_at", "fail_on", "notices", "results"],
    "properties": {
        "summary": {
            "type": "object",
            "required": ["documents", "compliant", "non_compliant", "invalid"],
            "properties": {
                key: {"const": 0} for key in ("documents", "compliant", "non_compliant", "invalid")
            },
        },
        "engine": {
            "type": "object",
            "required": ["name", "catalog_digest", "patuh_version", "packs", "run_date"],
        },
        "notices": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["code", "severity", "message", "params"],
                "properties": {"severity": {"enum": ["error", "warning", "info"]}},
            },
        },
        "results": {"type": "array", "maxItems": 0},
    },
}
NOTHING_CHANGED = "Tidak ada dokumen patuh yang ditambahkan, diubah atau diganti namanya sejak"


def _git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=uji", "-c", "user.email=uji@patuh.invalid", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose only change since HEAD is a Kubernetes manifest."""
    repository = tmp_path / "repo"
    (repository / "k8s").mkdir(parents=True)
    (repository / "k8s/deployment.yaml").write_text("apiVersion: apps/v1\nkind: Deployment\n")
    _git(repository, "init", "-q")
    _git(repository, "add", ".")
    _git(repository, "commit", "-q", "-m", "base")
    (repository / "k8s/deployment.yaml").write_text("apiVersion: apps/v1\nkind: Service\n")
    monkeypatch.chdir(repository)
    return repository


def _check(*args: str) -> Any:
    return CliRunner().invoke(main, ["check", *args])


def _valid(fmt: str, text: str, why: str) -> None:
    """The format as its consumers read it, with zero documents and `why` in it."""
    if fmt == "sarif":
        log = json.loads(text)
        _valid_sarif(log)
        [run] = log["runs"]
        assert run["results"] == [] and run["artifacts"] == []
        notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
        assert any(why in note for note in notes)
    elif fmt == "json":
        report = json.loads(text)
        jsonschema.validate(report, EMPTY_JSON)
        assert any(why in notice["message"] for notice in report["notices"])
    elif fmt == "junit":
        root = ET.fromstring(text)
        assert root.tag == "testsuites" and root.get("tests") == "0"
        path = Path("junit.xml")
        path.write_text(text, encoding="utf-8")
        xml = JUnitXml.fromfile(str(path))
        assert (xml.tests, xml.failures, xml.errors) == (0, 0, 0)
        [suite] = list(xml)
        assert suite.name == "patuh" and suite.tests == 0
        assert why in (root.findtext("testsuite/system-out") or "")
    elif fmt == "markdown":
        tokens = MarkdownIt("commonmark").enable("table").parse(text)
        heading = next(t for t in tokens if t.type == "inline")
        assert "TIDAK ADA YANG DIPERIKSA" in heading.content
        paragraphs = [t.content for t in tokens if t.type == "inline"]
        assert any("Tidak ada dokumen yang diperiksa:" in p and why in p for p in paragraphs)
        assert not any(t.type == "table_open" for t in tokens)
    elif fmt == "html":
        assert text.startswith("<!DOCTYPE html>")
        assert 'class="verdict-banner v-nothing"' in text
        assert "TIDAK ADA YANG DIPERIKSA" in text and why in text
        assert "Tidak ada dokumen yang diperiksa:" in text
    elif fmt == "github":
        assert f"::notice::{why}" in text
        assert "::warning::" not in text and "::error" not in text
    else:
        assert "Tidak ada dokumen yang diperiksa:" in text and why in text
        assert "Ringkasan: 0 dokumen" in text


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_nothing_changed_still_writes_the_report(fmt: str, unchanged: Path) -> None:
    target = unchanged / f"patuh.{fmt}"
    result = _check("--changed-since", "HEAD", "--format", fmt, "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert NOTHING_CHANGED in result.stderr  # said on stderr too, for the log
    _valid(fmt, target.read_text(encoding="utf-8"), NOTHING_CHANGED + " HEAD")


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit"])
def test_nothing_changed_on_stdout(fmt: str, unchanged: Path) -> None:
    result = _check("--changed-since", "HEAD", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    _valid(fmt, result.stdout, NOTHING_CHANGED)


@pytest.mark.parametrize("fmt", ["sarif", "markdown", "html", "junit"])
def test_no_document_found_writes_the_report_and_fails(fmt: str, unchanged: Path) -> None:
    target = unchanged / f"patuh.{fmt}"
    result = _check("--format", fmt, "--output", str(target), "k8s")
    assert result.exit_code == 2, result.stderr  # nothing checked where it was asked: never a pass
    text = target.read_text(encoding="utf-8")
    if fmt == "sarif":
        log = json.loads(text)
        _valid_sarif(log)
        assert log["runs"][0]["results"] == []
        assert log["runs"][0]["invocations"][0]["exitCode"] == 2
    elif fmt == "junit":
        assert ET.fromstring(text).get("tests") == "0"
    else:
        assert "Tidak ada dokumen patuh di" in text and "TIDAK ADA YANG DIPERIKSA" in text


def test_a_hook_naming_only_foreign_files_writes_a_report_and_succeeds(unchanged: Path) -> None:
    result = _check("--skip-foreign", "--format", "json", "k8s/deployment.yaml")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    jsonschema.validate(report, EMPTY_JSON)
    codes = {n["code"]: n["severity"] for n in report["notices"]}
    assert codes == {"notice.skipped_foreign": "info", "notice.nothing_named": "info"}


def test_the_skip_notice_is_a_github_notice_not_a_warning(unchanged: Path, opa_url: str) -> None:
    """Leaving other YAML alone is the expected case: ::notice::, and ::warning:: stays
    for what is one."""
    (unchanged / "usulan.yaml").write_bytes(
        (
            Path(__file__).resolve().parents[2] / "fixtures/examples/usulan-telemedicine.yaml"
        ).read_bytes()
    )
    result = _check("--opa-url", opa_url, "--format", "github", ".")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    [skipped] = [line for line in lines if "dilewati karena bukan dokumen patuh" in line]
    assert skipped.startswith("::notice::1 berkas YAML dilewati")
    assert not any(line.startswith("::warning::") for line in lines)
