"""The CI recipes of the README, tried for real as far as this machine allows.

- pre-commit: the real `pre-commit` tool runs the hook of .pre-commit-hooks.yaml from
  this repository as it is on disk (what `pre-commit try-repo` runs) in a new git
  repository configured as the README shows; it builds the hook's own virtualenv with
  pip, as it would on a user's machine.
- GitHub Actions and GitLab CI (examples/ci/): the YAML is read, the steps are wired as
  the consumers need (the SARIF file uploaded is the one written, the JUnit report is
  the one declared), and their patuh commands are run in a shell as the runner would.
  Not run here: the install steps (apt-get, pip install of a published patuh, go install
  of OPA), and the upload to GitHub or GitLab themselves.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from junitparser import JUnitXml
from report_samples import ROOT
from reporting.test_report_formats import _valid_sarif

from engine import __version__

BIN = Path(sys.executable).parent
FAILING = ROOT / "fixtures/medan/MDN-SLA-01.fail.yaml"
PASSING = ROOT / "fixtures/examples/usulan-telemedicine.yaml"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    assert os.environ.get("PATUH_OPA_BINARY"), "make exports the pinned OPA"
    return {
        **{k: v for k, v in os.environ.items() if k != "PATUH_OPA_URL"},
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "GIT_AUTHOR_NAME": "patuh test",
        "GIT_AUTHOR_EMAIL": "test@patuh.invalid",
        "GIT_COMMITTER_NAME": "patuh test",
        "GIT_COMMITTER_EMAIL": "test@patuh.invalid",
        "HOME": str(tmp_path),  # no user's git or pre-commit configuration
        # ... but pip's cache of wheels, which `make setup` filled.
        "PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip")),
    }


def _documents(folder: Path, *sources: Path) -> Path:
    folder.mkdir(parents=True)
    for source in sources:
        shutil.copy(source, folder / source.name)
    return folder


# --- pre-commit -----------------------------------------------------------------------


def test_pre_commit_hook_definition() -> None:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "patuh"
    assert hook["entry"] == "patuh check --skip-foreign"
    assert hook["language"] == "python"
    assert hook["require_serial"] is True


def _readme_block(after: str) -> str:
    """The first ```yaml block of the README after the text `after`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rest = readme[readme.index(after) :]
    return rest[rest.index("```yaml\n") + 8 : rest.index("\n```", rest.index("```yaml\n"))] + "\n"


def _patuh_release(folder: Path, env: dict[str, str]) -> str:
    """This repository as it is on disk (tracked and new files), committed in a git
    repository of its own and tagged as a release is (`make release-tag`)."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "patuh"]):
        subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)
    tagged = subprocess.run(
        ["make", "-s", "release-tag"],
        cwd=folder,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return tagged.stdout.strip()


def test_pre_commit_runs_the_pasted_config(env: dict[str, str], tmp_path: Path) -> None:
    """The README's .pre-commit-config.yaml, pasted unchanged into a new repository of
    documents beside a copy of patuh (`../patuh`) tagged by `make release-tag`: the
    real `pre-commit` builds the hook (pip installs patuh from that tag) and runs it
    on what is staged."""
    config = _readme_block("**pre-commit**")
    pasted = yaml.safe_load(config)
    [repo] = pasted["repos"]
    assert repo["rev"] == f"v{__version__}"  # the tag a release makes
    (tmp_path / "patuh").mkdir()
    assert _patuh_release(tmp_path / "patuh", env) == repo["rev"]
    repository = tmp_path / "dokumen-opd"
    assert (repository / repo["repo"]).resolve() == (tmp_path / "patuh").resolve()
    _documents(repository / "dokumen", PASSING)
    (repository / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    env = {
        **env,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        # The hook's virtualenv gets the versions patuh is tested with.
        "PIP_CONSTRAINT": str(ROOT / "constraints.txt"),
    }

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repository, env=env, check=True, capture_output=True)

    def pre_commit() -> subprocess.CompletedProcess[str]:
        # What `git commit` runs: the hooks on the staged files.
        return subprocess.run(
            [str(BIN / "pre-commit"), "run"],
            cwd=repository,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "dokumen")
    # A changed failing document: the commit is refused, with the finding.
    shutil.copy(FAILING, repository / "dokumen" / FAILING.name)
    git("add", ".")
    failing = pre_commit()
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "Failed" in failing.stdout
    assert f"dokumen/{FAILING.name}:" in failing.stdout
    assert "MDN-SLA-01" in failing.stdout and "TIDAK PATUH" in failing.stdout
    git("rm", "-q", "--cached", f"dokumen/{FAILING.name}")
    (repository / "dokumen" / FAILING.name).unlink()
    # A changed foreign file (mkdocs): left with a notice; no patuh document left is
    # a success, as with --changed-since in CI.
    (repository / "mkdocs.yml").write_text("site_name: Dokumen OPD\n")
    git("add", "mkdocs.yml")
    foreign = pre_commit()
    assert foreign.returncode == 0, foreign.stdout + foreign.stderr
    assert "Passed" in foreign.stdout
    # A changed compliant document passes.
    (repository / "dokumen" / PASSING.name).write_bytes(PASSING.read_bytes() + b"# revisi\n")
    git("add", ".")
    passing = pre_commit()
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout


# --- GitHub Actions -------------------------------------------------------------------


def _workflow() -> dict[Any, Any]:
    return yaml.safe_load((ROOT / "examples/ci/github-actions.yml").read_text(encoding="utf-8"))


CHANGED_SINCE = (
    "${{ github.event_name == 'pull_request' && format('origin/{0}', github.base_ref) || '' }}"
)
DESK_URL = "${{ vars.PATUH_DESK_URL }}"
DESK_TOKEN = "${{ secrets.PATUH_DESK_TOKEN }}"


def _github_env(
    workflow: dict[Any, Any], event: str, base_ref: str = "main", desk: str = ""
) -> dict[str, str]:
    """The workflow's env as the runner sets it: its expressions evaluated (the
    repository variable PATUH_DESK_URL is `desk`; empty: not set)."""
    env = dict(workflow["env"])
    assert env["PATUH_CHANGED_SINCE"] == CHANGED_SINCE
    env["PATUH_CHANGED_SINCE"] = f"origin/{base_ref}" if event == "pull_request" else ""
    assert env["PATUH_DESK_URL"] == DESK_URL
    env["PATUH_DESK_URL"] = desk
    return env


def step_env(step: dict[str, Any], token: str = "") -> dict[str, str]:
    """A step's own env, its secret evaluated (the secret PATUH_DESK_TOKEN: `token`)."""
    env = {key: str(value) for key, value in step.get("env", {}).items()}
    if "PATUH_DESK_TOKEN" in env:
        assert env["PATUH_DESK_TOKEN"] == DESK_TOKEN
        env["PATUH_DESK_TOKEN"] = token
    return {key: value for key, value in env.items() if "${{" not in value}


def github_patuh_steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    """The steps that check and report, in order: the SARIF check, the verdict and
    the job summary (the install and the optional submission left out)."""
    steps = workflow["jobs"]["patuh"]["steps"]
    return [
        s for s in steps if "patuh check" in s.get("run", "") or "STEP_SUMMARY" in s.get("run", "")
    ]


def _run_step(script: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # GitHub's default shell for `run:` on Linux.
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_github_workflow_uploads_the_sarif_it_writes() -> None:
    workflow = _workflow()
    assert workflow["permissions"]["security-events"] == "write"
    steps = workflow["jobs"]["patuh"]["steps"]
    [check] = [s for s in steps if "--format sarif" in s.get("run", "")]
    [upload] = [
        s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")
    ]
    assert f"--output {upload['with']['sarif_file']}" in check["run"]
    assert steps.index(check) < steps.index(upload)
    assert "!cancelled()" in upload["if"]  # uploaded even when the check found something


@pytest.mark.parametrize(("sources", "verdict_status"), [((FAILING, PASSING), 1), ((PASSING,), 0)])
def test_github_workflow_steps_run(
    sources: tuple[Path, ...], verdict_status: int, env: dict[str, str], tmp_path: Path
) -> None:
    workflow = _workflow()
    workspace = tmp_path / "workspace"
    _documents(workspace / "dokumen", *sources)
    summary = tmp_path / "step-summary.md"
    runner_env = {
        **env,
        **_github_env(workflow, "push"),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_ENV": str(tmp_path / "github-env"),
        "RUNNER_TEMP": str(tmp_path),
    }
    check, verdict, job_summary = github_patuh_steps(workflow)
    ran = _run_step(check["run"], {**runner_env, **step_env(check)}, workspace)
    assert ran.returncode == 0, ran.stderr  # findings do not stop the upload
    log = json.loads((workspace / "patuh.sarif").read_text(encoding="utf-8"))
    _valid_sarif(log)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert uris == ({f"dokumen/{FAILING.name}"} if FAILING in sources else set())
    ran = _run_step(verdict["run"], {**runner_env, **step_env(verdict)}, workspace)
    assert ran.returncode == verdict_status, ran.stderr
    assert "!cancelled()" in job_summary["if"]  # also after a failing verdict
    assert _run_step(job_summary["run"], runner_env, workspace).returncode == 0
    assert summary.read_text(encoding="utf-8").startswith("## ")


def test_github_workflow_invalid_input_is_uploaded_and_fails_the_job(
    env: dict[str, str], tmp_path: Path
) -> None:
    workflow = _workflow()
    workspace = tmp_path / "workspace"
    _documents(workspace / "dokumen", ROOT / "fixtures/invalid/wrong-enum.yaml")
    runner_env = {
        **env,
        **_github_env(workflow, "push"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary"),
    }
    steps = github_patuh_steps(workflow)
    statuses = [_run_step(step["run"], runner_env, workspace).returncode for step in steps]
    assert statuses == [0, 2, 0]  # SARIF written for upload; the verdict step fails the job
    [result] = json.loads((workspace / "patuh.sarif").read_text())["runs"][0]["results"]
    assert result["ruleId"] == "SCHEMA"


# --- GitLab CI ------------------------------------------------------------------------


def test_gitlab_job_reports_the_junit_it_writes(env: dict[str, str], tmp_path: Path) -> None:
    job = yaml.safe_load((ROOT / "examples/ci/gitlab-ci.yml").read_text(encoding="utf-8"))["patuh"]
    junit_file = job["artifacts"]["reports"]["junit"]
    assert job["artifacts"]["when"] == "always"
    assert any(f"--output {junit_file}" in line for line in job["script"])
    project = tmp_path / "project"
    _documents(project / "dokumen", FAILING, PASSING)
    variables = {k: str(v) for k, v in job["variables"].items() if k != "PATUH_OPA_BINARY"}
    # A branch pipeline: GitLab expands the undefined merge-request variable to nothing.
    assert variables.pop("PATUH_CHANGED_SINCE") == "$CI_MERGE_REQUEST_DIFF_BASE_SHA"
    status = 0
    for line in job["script"]:  # as the runner does: one line after the other, stop at a failure
        ran = subprocess.run(
            ["sh", "-e", "-c", line],
            cwd=project,
            env={**env, **variables},
            capture_output=True,
            text=True,
            timeout=120,
        )
        status = ran.returncode
        if status:
            break
    assert status == 1  # non-compliant: the job fails, after writing both reports
    xml = JUnitXml.fromfile(str(project / junit_file))
    assert xml.failures == 1 and xml.tests == 2
    assert {suite.name for suite in xml} == {f"dokumen/{FAILING.name}", f"dokumen/{PASSING.name}"}
    for path in job["artifacts"]["paths"]:
        assert (project / path).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_github_workflow_passes_actionlint(tmp_path: Path) -> None:
    actionlint = os.environ.get("PATUH_ACTIONLINT")
    assert actionlint and Path(actionlint).is_file(), "make builds the pinned actionlint"
    assert shutil.which("shellcheck"), "make installs shellcheck, which actionlint runs"
    workflow = ROOT / "examples/ci/github-actions.yml"
    linted = subprocess.run([actionlint, "-verbose", str(workflow)], capture_output=True, text=True)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    assert 'Rule "shellcheck" was disabled' not in linted.stderr
    # The same linter does catch a broken workflow: a misspelt expression function.
    broken = tmp_path / "broken.yml"
    broken.write_text(workflow.read_text().replace("!cancelled()", "!canceled()"))
    linted = subprocess.run([actionlint, str(broken)], capture_output=True, text=True)
    assert linted.returncode == 1 and "canceled" in linted.stdout


def test_readme_shows_the_recipes_that_are_tested() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for recipe in ("github-actions.yml", "gitlab-ci.yml"):
        assert (ROOT / "examples/ci" / recipe).read_text(encoding="utf-8") in readme, recipe


def _git_repository(repository: Path, env: dict[str, str]) -> Any:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=repository, env=env, check=True, capture_output=True, text=True
        ).stdout

    git("init", "-q", "-b", "main")
    return git


def test_github_pull_request_checks_only_changed_documents(
    env: dict[str, str], tmp_path: Path
) -> None:
    """On a pull request the workflow checks what the branch changed since its base:
    a new non-compliant document fails the job; a branch that changes only other
    YAML succeeds with a notice."""
    workflow = _workflow()
    workspace = tmp_path / "workspace"
    _documents(workspace / "dokumen", PASSING)
    (workspace / "k8s").mkdir()
    (workspace / "k8s/deployment.yaml").write_text("apiVersion: apps/v1\nkind: Deployment\n")
    git = _git_repository(workspace, env)
    git("add", ".")
    git("commit", "-q", "-m", "base")
    git("update-ref", "refs/remotes/origin/main", "HEAD")  # what actions/checkout fetches
    git("switch", "-q", "-c", "usulan-baru")
    shutil.copy(FAILING, workspace / "dokumen" / FAILING.name)
    git("add", ".")
    git("commit", "-q", "-m", "usulan baru")
    summary = tmp_path / "summary.md"
    runner_env = {
        **env,
        **_github_env(workflow, "pull_request"),
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    steps = github_patuh_steps(workflow)
    statuses = [_run_step(step["run"], runner_env, workspace).returncode for step in steps]
    assert statuses == [0, 1, 0]
    results = json.loads((workspace / "patuh.sarif").read_text())["runs"][0]["results"]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} == {
        f"dokumen/{FAILING.name}"
    }
    # A branch that only touches the Kubernetes manifest: nothing of patuh's to check.
    git("switch", "-q", "-c", "hanya-k8s", "main")
    (workspace / "k8s/deployment.yaml").write_text("apiVersion: apps/v1\nkind: Service\n")
    git("commit", "-q", "-am", "k8s")
    (workspace / "patuh.sarif").unlink()
    summary.unlink()
    ran = [_run_step(step["run"], runner_env, workspace) for step in steps]
    assert [r.returncode for r in ran] == [0, 0, 0]
    assert "Tidak ada dokumen patuh yang ditambahkan" in ran[1].stderr
    # The upload finds its file: a valid SARIF log with no result, saying why.
    log = json.loads((workspace / "patuh.sarif").read_text(encoding="utf-8"))
    _valid_sarif(log)
    assert log["runs"][0]["results"] == []
    # And the job summary says that nothing was checked, and why.
    said = summary.read_text(encoding="utf-8")
    assert said.startswith("## ℹ️") and "Tidak ada dokumen patuh yang ditambahkan" in said


def test_gitlab_merge_request_checks_only_changed_documents(
    env: dict[str, str], tmp_path: Path
) -> None:
    job = yaml.safe_load((ROOT / "examples/ci/gitlab-ci.yml").read_text(encoding="utf-8"))["patuh"]
    assert job["variables"]["GIT_DEPTH"] == 0
    project = tmp_path / "project"
    _documents(project / "dokumen", PASSING)
    git = _git_repository(project, env)
    git("add", ".")
    git("commit", "-q", "-m", "base")
    base = git("rev-parse", "HEAD").strip()
    shutil.copy(FAILING, project / "dokumen" / FAILING.name)
    git("add", ".")
    git("commit", "-q", "-m", "usulan baru")
    variables = {k: v for k, v in job["variables"].items() if k != "PATUH_OPA_BINARY"}
    variables = {k: str(v) for k, v in variables.items()}
    variables["PATUH_CHANGED_SINCE"] = base  # $CI_MERGE_REQUEST_DIFF_BASE_SHA
    status = 0
    for line in job["script"]:
        ran = subprocess.run(
            ["sh", "-e", "-c", line],
            cwd=project,
            env={**env, **variables},
            capture_output=True,
            text=True,
            timeout=120,
        )
        status = ran.returncode
        if status:
            break
    assert status == 1
    xml = JUnitXml.fromfile(str(project / job["artifacts"]["reports"]["junit"]))
    assert xml.tests == 1 and xml.failures == 1
    assert {suite.name for suite in xml} == {f"dokumen/{FAILING.name}"}
