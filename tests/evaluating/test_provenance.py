"""Provenance: what every report records, and a server running other policies refused.

Real OPA servers throughout: the session's, patuh's own managed one, and servers started
here with a changed copy of the policies.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from engine.check import answering
from engine.cli.main import main
from engine.evaluating.opa.client import OpaEngine
from engine.evaluating.opa.managed import managed_opa
from engine.evaluating.provenance import local_policy_digest
from engine.resources import policies_dir

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "fixtures/medan"
MIXED = [
    str(RULES / "MDN-KOOR-01.fail.yaml"),
    str(RULES / "MDN-SLA-01.pass.yaml"),
    str(ROOT / "fixtures/examples"),
    str(ROOT / "fixtures/invalid/unknown-field.yaml"),
]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", *args])
    assert not (result.exception and not isinstance(result.exception, SystemExit)), result.output
    return result.exit_code, result.stdout, result.stderr


def without_time(report: dict[str, Any]) -> dict[str, Any]:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", report["generated_at"])
    return {key: value for key, value in report.items() if key != "generated_at"}


def _waivers(tmp_path: Path) -> Path:
    file = tmp_path / "waivers.yaml"
    file.write_text(
        "apiVersion: patuh/v1\nkind: Waivers\nwaivers:\n"
        "  - {rule: MDN-KOOR-01, kind: Proposal, document: UJI-KOOR-01-GAGAL,\n"
        "     justification: menyusul,\n"
        "     approved_by: Kadis Kominfo, reference: 555/9/2026, expires: 2099-12-31}\n"
        "  - {rule: MDN-SLA-01, kind: System, document: NIHIL, justification: contoh,\n"
        "     approved_by: Kadis Kominfo, reference: 555/10/2026, expires: 2099-12-31}\n"
    )
    return file


@pytest.mark.parametrize("mode", ["remote", "managed"])
def test_two_runs_differ_only_in_the_time(opa_url: str, tmp_path: Path, mode: str) -> None:
    engine = ["--opa-url", opa_url] if mode == "remote" else []
    args = ["--format", "json", *engine, "--waivers", str(_waivers(tmp_path)), *MIXED]
    first_code, first, _ = run(*args)
    second_code, second, _ = run(*args)
    assert first_code == second_code == 2  # the invalid fixture is among them
    one, two = json.loads(first), json.loads(second)
    assert without_time(one) == without_time(two)
    # ... and the reports are not trivially equal: they carry the whole provenance.
    assert one["summary"]["documents"] >= 6 and one["summary"]["waived"] == 1
    # MIXED has a procurement: the rules of references were not applied (no register).
    assert [n["code"] for n in one["notices"]] == [
        "notice.register_absent",
        "notice.waiver_unused",
    ]
    engine_block = one["engine"]
    for key in ("policy_digest", "catalog_digest", "waivers_digest"):
        assert re.fullmatch(r"sha256:[0-9a-f]{64}", engine_block[key]), key
    assert engine_block["version"] == "1.22.4"
    assert engine_block["patuh_version"]
    for result in one["results"]:
        assert re.fullmatch(r"sha256:[0-9a-f]{64}", result["file_digest"])


def test_text_reports_differ_only_in_the_time(opa_url: str) -> None:
    outputs = [run("--opa-url", opa_url, *MIXED)[1] for _ in range(2)]
    stamp = re.compile(r"(dibuat) \S+")
    assert outputs[0] != "" and stamp.search(outputs[0])
    assert stamp.sub(r"\1 T", outputs[0]) == stamp.sub(r"\1 T", outputs[1])


def test_digests_are_of_the_real_inputs(opa_url: str, tmp_path: Path) -> None:
    block = tmp_path / "block.yaml"
    block.write_text(
        "apiVersion: patuh/v1\nkind: System\n"
        "metadata:\n  id: SIMPEG\n  title: Sistem Kepegawaian\n  opd: BKD\n"
    )
    flow = tmp_path / "flow.yaml"
    flow.write_text(
        "# the same document, written differently\n"
        "{apiVersion: patuh/v1, kind: System,\n"
        " metadata: {id: SIMPEG, title: Sistem Kepegawaian, opd: BKD}}\n"
    )
    _, out, _ = run("--format", "json", "--opa-url", opa_url, str(block), str(flow))
    report = json.loads(out)
    one, two = report["results"]
    for path, result in ((block, one), (flow, two)):
        assert result["file_digest"] == "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    # The document digest is of what was evaluated, not of its formatting.
    assert one["document_digest"] == two["document_digest"]
    assert one["file_digest"] != two["file_digest"]
    # The policy digest OPA reports is the one computed from the folder patuh loads.
    assert report["engine"]["policy_digest"] == local_policy_digest(policies_dir())
    assert report["engine"]["expected_policy_digest"] == report["engine"]["policy_digest"]
    assert report["engine"]["policy_mismatch"] is False


# --- a server running other policies ------------------------------------------------------


def _loosened(policies: Path) -> str:
    """The medan data.json of `policies` with availability needing only 90 % (patuh's
    own: 99 %)."""
    data = json.loads((policies / "medan" / "data.json").read_text())
    data["params"]["min_availability_percent"] = 90.0
    return json.dumps(data)


def _policy_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "policies"
    shutil.copytree(policies_dir(), copy, ignore=shutil.ignore_patterns("*_test.rego"))
    return copy


@pytest.fixture
def other_policies_server(opa_binary: Path, tmp_path: Path) -> Iterator[str]:
    """A real OPA whose parameters differ from patuh's: availability needs only 90 %."""
    copy = _policy_copy(tmp_path)
    (copy / "medan" / "data.json").write_text(_loosened(copy))
    with managed_opa(opa_binary, copy) as url:
        yield url


def test_a_server_with_other_policies_is_refused(other_policies_server: str) -> None:
    code, out, err = run("--format", "json", "--opa-url", other_policies_server, *MIXED)
    assert code == 3
    report = json.loads(out)
    assert report["summary"]["compliant"] == 0
    evaluated = [r for r in report["results"] if r["verdict"] != "invalid"]
    assert evaluated and {r["verdict"] for r in evaluated} == {"error"}
    assert "evaluates other policies" in report["engine"]["error"]
    assert "--allow-policy-mismatch" in err
    assert report["engine"]["policy_digest"] != report["engine"]["expected_policy_digest"]


def test_allow_policy_mismatch_evaluates_and_records_it(other_policies_server: str) -> None:
    # 98.9 % availability: fails patuh's 99 %, passes the other server's 90 %.
    document = (RULES / "MDN-SLA-01.fail.yaml").read_text()
    assert "availability_percent: 98.9" in document
    code, out, _ = run(
        "--format",
        "json",
        "--opa-url",
        other_policies_server,
        "--allow-policy-mismatch",
        str(RULES / "MDN-SLA-01.fail.yaml"),
    )
    report = json.loads(out)
    assert code == 0  # what that server's policies say...
    assert report["engine"]["policy_mismatch"] is True  # ...and that they are not patuh's
    assert report["engine"]["expected_policy_digest"] == local_policy_digest(policies_dir())
    [notice] = report["notices"]
    assert notice["code"] == "notice.policy_mismatch"
    assert report["engine"]["policy_digest"] in notice["message"]
    _, text, _ = run(
        "--opa-url", other_policies_server, "--allow-policy-mismatch", *MIXED[:1], "--lang", "en"
    )
    assert "accepted because of --allow-policy-mismatch" in text


def test_a_changed_comment_is_a_different_policy(opa_binary: Path, tmp_path: Path) -> None:
    copy = _policy_copy(tmp_path)
    main_rego = copy / "main.rego"
    main_rego.write_text(main_rego.read_text() + "\n# edited on the server\n")
    with managed_opa(opa_binary, copy) as url:
        code, _, err = run("--opa-url", url, *MIXED[:1])
    assert code == 3
    assert "evaluates other policies" in err


def test_other_teams_policies_on_a_shared_server_do_not_matter(
    opa_binary: Path, tmp_path: Path
) -> None:
    copy = _policy_copy(tmp_path)
    (copy / "kepegawaian.rego").write_text("package kepegawaian\n\nallow := true\n")
    with managed_opa(opa_binary, copy) as url:
        code, out, _ = run("--format", "json", "--opa-url", url, *MIXED[:2])
    assert code == 1
    assert json.loads(out)["engine"]["policy_mismatch"] is False


def test_policy_dir_names_the_policies_a_remote_server_must_run(
    other_policies_server: str, tmp_path: Path
) -> None:
    """--policy-dir with --opa-url: the user says which policies they expect."""
    expected = _policy_copy(tmp_path / "expected")
    data = json.loads((expected / "medan" / "data.json").read_text())
    data["params"]["min_availability_percent"] = 90.0
    (expected / "medan" / "data.json").write_text(
        json.dumps(data, indent=4)
    )  # formatting is irrelevant
    code, out, _ = run(
        "--format",
        "json",
        "--opa-url",
        other_policies_server,
        "--policy-dir",
        str(expected),
        str(RULES / "MDN-SLA-01.fail.yaml"),
    )
    assert code == 0
    assert json.loads(out)["engine"]["policy_mismatch"] is False


# --- issue 12: the managed OPA runs on patuh's private copy of the policies ------------


@pytest.mark.parametrize("cache", [True, False])
def test_a_policy_edited_during_a_managed_run_is_neither_evaluated_nor_reported(
    tmp_path: Path, monkeypatch: Any, cache: bool
) -> None:
    """The digest a managed run reports is computed by patuh, no longer asked of
    OPA: it must be the digest of exactly what OPA evaluated. The folder is loosened
    after patuh copied it and before OPA is started (a fault injected at
    `managed_opa`): the run evaluates and reports the strict policies it copied."""
    monkeypatch.setenv("PATUH_CACHE_DIR", str(tmp_path / "cache"))
    copy = _policy_copy(tmp_path)
    loose = _loosened(copy)
    strict_digest = local_policy_digest(copy)
    real_managed_opa = answering.managed_opa

    def loosen_then_start(binary: Path, policy_dir: Path, **options: Any) -> Any:
        (copy / "medan" / "data.json").write_text(loose)
        return real_managed_opa(binary, policy_dir, **options)

    monkeypatch.setattr(answering, "managed_opa", loosen_then_start)
    args = ["--format", "json", "--policy-dir", str(copy)] + ([] if cache else ["--no-cache"])
    # 98.9 % availability: fails the strict 99 %, would pass the loosened 90 %.
    code, out, _ = run(*args, str(RULES / "MDN-SLA-01.fail.yaml"))
    report = json.loads(out)
    assert (code, report["results"][0]["verdict"]) == (1, "non_compliant")
    assert report["engine"]["policy_digest"] == strict_digest
    assert report["engine"]["expected_policy_digest"] == strict_digest
    assert local_policy_digest(copy) != strict_digest  # the folder was indeed loosened


def test_a_managed_run_does_not_ask_opa_for_its_policies(monkeypatch: Any) -> None:
    """Listing every policy's syntax tree cost 20-100 ms of each check
    (docs/benchmarks.md): a managed OPA started on patuh's private copy is not asked.
    A remote server still is (test_a_server_with_other_policies_is_refused)."""

    def refuse(*args: Any, **kwargs: Any) -> str:
        raise AssertionError("the managed OPA was asked for its policies")

    monkeypatch.setattr(OpaEngine, "policy_digest", refuse)
    code, out, _ = run("--format", "json", "--no-cache", str(RULES / "MDN-SLA-01.fail.yaml"))
    report = json.loads(out)
    assert code == 1, report["engine"].get("error")
    assert report["engine"]["policy_digest"] == local_policy_digest(policies_dir())
