"""The README's whole loop, with the GitHub Actions recipe's own steps (examples/ci/)
run in a shell as the runner would, against a real `patuh desk serve`: a pull request's
non-compliant proposal fails the job; a waiver approved in the desk; the next run of the
same steps fetches it (`PATUH_DESK_URL` set as a repository variable, the token as a
secret) and passes, the finding suppressed in the SARIF with the desk recorded."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import yaml
from cli.test_ci_recipes import _github_env, _run_step, github_patuh_steps, step_env
from report_samples import ROOT

from desk.conftest import Api, People, make_proposal, new_id

HOST = "MDN-HOST-01"


def test_a_waiver_approved_in_the_desk_lets_the_next_ci_run_pass(
    api: Api, people: People, desk_server: str, tmp_path: Path
) -> None:
    workflow = yaml.safe_load((ROOT / "examples/ci/github-actions.yml").read_text("utf-8"))
    steps = github_patuh_steps(workflow)
    workspace = tmp_path / "workspace"
    (workspace / "dokumen").mkdir(parents=True)
    body = make_proposal(new_id(), hosting="opd_server_room")
    created = api.upload(people.pemohon, body)
    assert created.status_code == 201, created.text
    (workspace / "dokumen/usulan.yaml").write_bytes(body)
    summary = tmp_path / "summary.md"
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("PATUH_DESK", "PATUH_OPA_URL"))
    }
    runner = {
        **base,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        **_github_env(workflow, "push", desk=desk_server),
        "GITHUB_STEP_SUMMARY": str(summary),
        "PATUH_CACHE_DIR": str(tmp_path / "cache"),
    }

    def run() -> tuple[list[int], dict]:  # type: ignore[type-arg]
        summary.write_text("")
        statuses = [
            _run_step(step["run"], {**runner, **step_env(step, people.pemohon.token)}, workspace)
            for step in steps
        ]
        log = json.loads((workspace / "patuh.sarif").read_text(encoding="utf-8"))
        return [ran.returncode for ran in statuses], log

    statuses, log = run()
    assert statuses == [0, 1, 0]  # SARIF for the upload; the verdict fails the job
    [result] = [r for r in log["runs"][0]["results"] if r["ruleId"] == HOST]
    assert "suppressions" not in result
    assert log["runs"][0]["properties"]["desk"]["url"] == desk_server

    # In the desk: the applicant asks, the pimpinan approves with the decision letter.
    expires = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=30)).isoformat()
    asked = api.call(
        "POST",
        f"/api/v1/submissions/{created.json()['id']}/waivers",
        people.pemohon,
        json={
            "rule": HOST,
            "path": "spec.hosting.location",
            "justification": "Migrasi DC",
            "expires": expires,
        },
    )
    assert asked.status_code == 201, asked.text
    decided = api.call(
        "POST",
        f"/api/v1/waivers/{asked.json()['id']}/decision",
        people.pimpinan,
        json={"approve": True, "reference": "800/12/Diskominfo/2026"},
    )
    assert decided.status_code == 200, decided.text

    statuses, log = run()
    assert statuses == [0, 0, 0]  # the next run passes
    [result] = [r for r in log["runs"][0]["results"] if r["ruleId"] == HOST]
    [suppression] = result["suppressions"]
    assert suppression["properties"]["reference"] == "800/12/Diskominfo/2026"
    assert suppression["properties"]["expires"] == expires
    desk = log["runs"][0]["properties"]["desk"]
    assert desk["waivers"]["from_copy"] is False
    said = summary.read_text(encoding="utf-8")
    assert said.startswith("## ✅") and "800/12/Diskominfo/2026" in said
