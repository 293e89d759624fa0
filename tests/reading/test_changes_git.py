"""`--changed-since REF` never checks less than changed (issue 20, items 4 to 8): a
type change, a submodule's new commit, git's `diff.relative`, and a change to an input
that is not a document (waivers, register, policies, `.patuhignore`, the pack
selection), which checks every document. Real git repositories, the real command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from engine.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "fixtures/medan"
FAILING = RULES / "MDN-SLA-01.fail.yaml"  # fires MDN-SLA-01, id UJI-SLA-01-GAGAL
PASSING = RULES / "MDN-SLA-01.pass.yaml"
ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@patuh.invalid",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@patuh.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _git(repository: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "protocol.file.allow=always", *args],
        cwd=repository,
        env={**os.environ, **ENV},
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def _repository(root: Path, documents: dict[str, Path]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, source in documents.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, root / name)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "base")
    return root


def _rules(report: dict[str, Any]) -> set[tuple[str, str]]:
    return {(Path(r["file"]).name, f["rule"]) for r in report["results"] for f in r["findings"]}


def test_a_link_replaced_by_a_file_is_a_change(
    patuh: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git `T` (type changed): a link to a passing document replaced by a failing file."""
    repository = _repository(tmp_path / "repo", {"arsip/lama.yaml": PASSING})
    (repository / "dokumen").mkdir()
    (repository / "dokumen/sla.yaml").symlink_to("../arsip/lama.yaml")
    _git(repository, "add", ".")
    _git(repository, "commit", "-q", "-m", "link")
    (repository / "dokumen/sla.yaml").unlink()
    shutil.copy(FAILING, repository / "dokumen/sla.yaml")
    assert _git(repository, "diff", "--name-status", "HEAD").startswith("T")
    monkeypatch.chdir(repository)
    code, report, out = patuh("--changed-since", "HEAD", "dokumen")
    assert code == 1, out
    assert _rules(report) == {("sla.yaml", "MDN-SLA-01")}


def test_changes_are_found_with_diff_relative_set(
    patuh: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = _repository(tmp_path / "repo", {"dokumen/sla.yaml": PASSING})
    _git(repository, "config", "diff.relative", "true")
    shutil.copy(FAILING, repository / "dokumen/sla.yaml")
    monkeypatch.chdir(repository / "dokumen")  # git now answers relative to here
    code, report, out = patuh("--changed-since", "HEAD", ".")
    assert code == 1, out
    assert _rules(report) == {("sla.yaml", "MDN-SLA-01")}


def _with_submodule(tmp_path: Path) -> tuple[Path, Path]:
    module = _repository(tmp_path / "opd-bapenda", {"usulan.yaml": PASSING})
    repository = _repository(tmp_path / "repo", {"README.md": PASSING})
    _git(repository, "submodule", "add", "-q", str(module), "bapenda")
    _git(repository, "commit", "-q", "-m", "submodule")
    inside = repository / "bapenda"
    shutil.copy(FAILING, inside / "usulan.yaml")
    _git(inside, "commit", "-q", "-am", "gagal")  # the submodule's commit moves
    return repository, inside


def test_documents_of_a_submodule_whose_commit_changed_are_checked(
    patuh: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository, _ = _with_submodule(tmp_path)
    _git(repository, "config", "diff.ignoreSubmodules", "all")  # must not hide it
    monkeypatch.chdir(repository)
    code, report, out = patuh("--lang", "en", "--changed-since", "HEAD")
    assert code == 1, out  # never "nothing changed"
    assert _rules(report) == {("usulan.yaml", "MDN-SLA-01")}
    codes = [n["code"] for n in report["notices"]]
    assert "notice.changed_submodule" in codes


def test_a_changed_submodule_not_checked_out_is_refused(
    patuh: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository, _ = _with_submodule(tmp_path)
    _git(repository, "commit", "-q", "-am", "bump")
    _git(repository, "submodule", "deinit", "-q", "-f", "bapenda")
    monkeypatch.chdir(repository)
    code, report, out = patuh("--lang", "en", "--changed-since", "HEAD~1")
    assert code == 2 and report is None
    assert "The submodule" in out and "is not checked out" in out


# --- inputs that are not documents -----------------------------------------------------

WAIVER = (
    "apiVersion: patuh/v1\nkind: Waivers\nwaivers:\n"
    "  - rule: MDN-SLA-01\n    kind: System\n    document: UJI-SLA-01-GAGAL\n"
    "    justification: Migrasi pusat data; SLA baru menyusul.\n"
    "    approved_by: Kepala Dinas Kominfo Kota Medan\n"
    "    reference: 555/401/Diskominfo/2026\n    expires: {expires}\n"
)


def test_a_changed_waiver_file_checks_every_document(
    patuh: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = _repository(tmp_path / "repo", {"dokumen/sla.yaml": FAILING})
    (repository / "pengecualian.yaml").write_text(WAIVER.format(expires="2099-12-31"))
    _git(repository, "add", ".")
    _git(repository, "commit", "-q", "-m", "waiver")
    monkeypatch.chdir(repository)
    assert patuh("--changed-since", "HEAD", "--waivers", "pengecualian.yaml", "dokumen")[0] == 0
    # The waiver is withdrawn (expired); the document it covered did not change.
    (repository / "pengecualian.yaml").write_text(WAIVER.format(expires="2020-01-01"))
    code, report, out = patuh(
        "--lang", "en", "--changed-since", "HEAD", "--waivers", "pengecualian.yaml", "dokumen"
    )
    assert code == 1, out
    assert _rules(report) == {("sla.yaml", "MDN-SLA-01")}
    [why] = [n for n in report["notices"] if n["code"] == "notice.changed_input"]
    assert why["params"]["option"] == "--waivers"
    assert why["message"].endswith("every document is checked, not only those that changed.")


def test_a_waiver_file_outside_the_repository_checks_every_document(
    patuh: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = _repository(tmp_path / "repo", {"dokumen/sla.yaml": FAILING})
    outside = tmp_path / "served-waivers.yaml"  # fetched from the desk, say
    outside.write_text(WAIVER.format(expires="2020-01-01"))
    monkeypatch.chdir(repository)
    code, report, _ = patuh("--changed-since", "HEAD", "--waivers", str(outside), "dokumen")
    assert code == 1
    assert "notice.unknown_input" in [n["code"] for n in report["notices"]]


def test_a_changed_register_checks_every_document(
    patuh: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = _repository(
        tmp_path / "repo",
        {"dokumen/sla.yaml": FAILING, "register.json": ROOT / "fixtures/register.json"},
    )
    register = repository / "register.json"
    register.write_text(json.dumps(json.loads(register.read_text()), indent=4))
    monkeypatch.chdir(repository)
    code, report, _ = patuh("--changed-since", "HEAD", "--register", "register.json", "dokumen")
    assert code == 1
    assert _rules(report) == {("sla.yaml", "MDN-SLA-01")}
    [why] = [n for n in report["notices"] if n["code"] == "notice.changed_input"]
    assert why["params"]["option"] == "--register"


def test_changed_policies_check_every_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = _repository(tmp_path / "repo", {"dokumen/sla.yaml": FAILING})
    shutil.copytree(ROOT / "policies", repository / "kebijakan")
    _git(repository, "add", ".")
    _git(repository, "commit", "-q", "-m", "policies")
    sla = repository / "kebijakan/medan/sla.rego"
    sla.write_text(sla.read_text() + "\n# diubah\n")
    monkeypatch.chdir(repository)
    result = CliRunner().invoke(
        main,
        [
            "check",
            "--format",
            "json",
            "--no-cache",
            "--changed-since",
            "HEAD",
            "--policy-dir",
            "kebijakan",
            "dokumen",
        ],
    )
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert _rules(report) == {("sla.yaml", "MDN-SLA-01")}
    [why] = [n for n in report["notices"] if n["code"] == "notice.changed_input"]
    assert why["params"]["option"] == "--policy-dir"


def test_a_changed_pack_selection_checks_every_document(
    patuh: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workflow = ".github/workflows/patuh.yml"
    repository = _repository(tmp_path / "repo", {"dokumen/sla.yaml": FAILING})
    (repository / workflow).parent.mkdir(parents=True)
    (repository / workflow).write_text("env:\n  PATUH_PACKS: medan\n")
    _git(repository, "add", ".")
    _git(repository, "commit", "-q", "-m", "ci")
    (repository / workflow).write_text("env:\n  PATUH_PACKS: medan,nasional\n")
    monkeypatch.chdir(repository)
    code, report, _ = patuh("--changed-since", "HEAD", "dokumen")
    assert code == 1
    [why] = [n for n in report["notices"] if n["code"] == "notice.changed_input"]
    assert why["params"]["option"] == "--pack/PATUH_PACKS"
    assert why["params"]["path"] == workflow


def test_a_changed_patuhignore_checks_every_document(
    patuh: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = _repository(
        tmp_path / "repo",
        {"dokumen/sla.yaml": FAILING, "dokumen/lain.yaml": RULES / "MDN-KOOR-01.fail.yaml"},
    )
    (repository / ".patuhignore").write_text("dokumen/lain.yaml\n")  # new in this change
    monkeypatch.chdir(repository)
    code, report, _ = patuh("--changed-since", "HEAD", ".")
    assert code == 1
    assert _rules(report) == {("sla.yaml", "MDN-SLA-01")}  # lain.yaml: left, and named
    codes = [n["code"] for n in report["notices"]]
    assert "notice.changed_input" in codes and "notice.skipped_patuhignore" in codes


def test_nothing_changed_is_still_a_success(
    patuh: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = _repository(tmp_path / "repo", {"dokumen/sla.yaml": FAILING})
    monkeypatch.chdir(repository)
    code, _, out = patuh("--changed-since", "HEAD", "dokumen")
    assert code == 0 and "Tidak ada dokumen patuh" in out
