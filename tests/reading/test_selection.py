"""Which files a check reads (engine/reading/selection.py, engine/reading/changes.py): in an
infrastructure repository only patuh's documents, never skipping one that means to
be patuh's; --exclude and .patuhignore; --changed-since; the hook's --skip-foreign."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from engine.reading.changes import ChangesError, changed_since

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "fixtures/examples/usulan-telemedicine.yaml"

FOREIGN = {
    "k8s/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: simpus\n",
    "k8s/service.yaml": "apiVersion: v1\nkind: Service\nmetadata: {name: simpus}\n---\n"
    "apiVersion: networking.k8s.io/v1\nkind: Ingress\n",
    "charts/web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n",
    "charts/web/values.yaml": "replicaCount: 2\nimage: {tag: '1.4'}\n",
    # Not YAML at all until Helm renders it.
    "charts/web/templates/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\n"
    "metadata:\n  name: {{ .Release.Name }}-web\nspec:\n  replicas: {{ .Values.replicaCount }}\n",
    "docker-compose.yml": "services:\n  web: {image: 'nginx:1.27'}\n",
    "mkdocs.yml": "site_name: Dokumentasi\nnav: [{Beranda: index.md}]\n",
    ".pre-commit-config.yaml": "repos:\n  - repo: local\n    hooks: []\n",
    "empty.yaml": "",
}
TYPO_API = "apiVersion: patu/v1\nkind: Proposal\nmetadata: {id: A-1, title: T, opd: O}\nspec: {}\n"
NO_API = "kind: Proposal\nmetadata: {id: A-2, title: T, opd: O}\nspec: {}\n"
TYPO_KIND_NO_API = "kind: Proposl\nmetadata: {id: A-3, title: T, opd: O}\n"
BROKEN = "apiVersion: patuh/v1\nkind: System\nmetadata: {id: [\n"


def _infra_repository(root: Path) -> Path:
    for name, text in FOREIGN.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (root / "dokumen").mkdir()
    shutil.copy(EXAMPLE, root / "dokumen" / EXAMPLE.name)
    (root / "dokumen/typo-api.yaml").write_text(TYPO_API)
    (root / "dokumen/no-api.yaml").write_text(NO_API)
    (root / "dokumen/typo-kind.yaml").write_text(TYPO_KIND_NO_API)
    (root / "dokumen/broken.yaml").write_text(BROKEN)
    return root


def test_folder_walk_checks_only_patuh_documents(
    patuh: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.chdir(_infra_repository(tmp_path))
    code, report, _ = patuh(".")
    assert code == 2  # the patuh-like documents stay invalid
    verdicts = {r["file"]: r["verdict"] for r in report["results"]}
    assert verdicts == {
        "dokumen/broken.yaml": "invalid",
        "dokumen/no-api.yaml": "invalid",
        "dokumen/typo-api.yaml": "invalid",
        "dokumen/typo-kind.yaml": "invalid",
        f"dokumen/{EXAMPLE.name}": "compliant",
    }
    [notice] = report["notices"]
    assert notice["code"] == "notice.skipped_foreign"
    assert notice["params"]["foreign"] == len(FOREIGN)
    assert "9 berkas YAML dilewati" in notice["message"]


def test_english_notice_counts_one_file(patuh: Any, tmp_path: Path, monkeypatch: Any) -> None:
    shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)
    (tmp_path / "mkdocs.yml").write_text(FOREIGN["mkdocs.yml"])
    monkeypatch.chdir(tmp_path)
    code, report, _ = patuh("--lang", "en", ".")
    assert code == 0
    [notice] = report["notices"]
    assert notice["message"].startswith(
        "1 YAML file was skipped because it is not a patuh document"
    )


def test_a_file_named_is_always_checked(patuh: Any, tmp_path: Path) -> None:
    _infra_repository(tmp_path)
    code, report, _ = patuh(str(tmp_path / "k8s/deployment.yaml"))
    assert code == 2
    [result] = report["results"]
    assert result["verdict"] == "invalid" and result["findings"][0]["rule"] == "SCHEMA"
    assert report["notices"] == []


def test_exclude_and_patuhignore(patuh: Any, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(_infra_repository(tmp_path))
    code, report, _ = patuh("--exclude", "typo-*.yaml", "--exclude", "dokumen/broken.yaml", ".")
    assert code == 2
    assert {r["file"] for r in report["results"]} == {
        "dokumen/no-api.yaml",
        f"dokumen/{EXAMPLE.name}",
    }
    [notice] = report["notices"]
    assert notice["code"] == "notice.skipped_both"
    assert (notice["params"]["foreign"], notice["params"]["excluded"]) == (len(FOREIGN), 3)
    (tmp_path / ".patuhignore").write_text(
        "# drafts\ndokumen/*-api.yaml\n/dokumen/typo-kind.yaml\n"
    )
    code, report, _ = patuh("dokumen")
    assert {r["file"] for r in report["results"]} == {
        "dokumen/broken.yaml",
        f"dokumen/{EXAMPLE.name}",
    }
    # A file named itself is checked whatever the patterns say.
    code, report, _ = patuh("dokumen/no-api.yaml")
    assert [r["file"] for r in report["results"]] == ["dokumen/no-api.yaml"]


def _git(repository: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@patuh.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@patuh.invalid",
    }
    subprocess.run(["git", *args], cwd=repository, env=env, check=True, capture_output=True)


def test_changed_since(patuh: Any, tmp_path: Path, monkeypatch: Any) -> None:
    repository = _infra_repository(tmp_path / "repo")
    docs = repository / "dokumen"
    shutil.copy(ROOT / "fixtures/medan/MDN-SLA-01.fail.yaml", docs / "sla.yaml")
    shutil.copy(ROOT / "fixtures/medan/MDN-KOOR-01.fail.yaml", docs / "koor.yaml")
    shutil.copy(ROOT / "fixtures/medan/MDN-RWT-01.fail.yaml", docs / "rwt.yaml")
    _git(repository, "init", "-q")
    _git(repository, "add", ".")
    _git(repository, "commit", "-q", "-m", "base")
    monkeypatch.chdir(repository)

    code, report, out = patuh("--changed-since", "HEAD")
    assert code == 0, out
    # A report all the same (issue 26): no document, and why.
    assert report["results"] == [] and report["summary"]["documents"] == 0
    assert "Tidak ada dokumen patuh yang ditambahkan" in out

    (docs / "sla.yaml").write_text((docs / "sla.yaml").read_text() + "# diubah\n")  # modified
    shutil.copy(ROOT / "fixtures/medan/MDN-PBJ-03.fail.yaml", docs / "baru.yaml")  # added
    _git(repository, "mv", "dokumen/koor.yaml", "dokumen/koor-2.yaml")  # renamed
    _git(repository, "rm", "-q", "dokumen/rwt.yaml")  # deleted: nothing to check
    (repository / "mkdocs.yml").write_text("site_name: diubah\n")  # changed, not patuh's
    _git(repository, "add", ".")
    _git(repository, "commit", "-q", "-m", "changes")
    code, report, _ = patuh("--changed-since", "HEAD~1", "dokumen", "mkdocs.yml")
    assert code == 2  # mkdocs.yml, named and changed, is not a patuh document
    assert {r["file"] for r in report["results"]} == {
        "dokumen/sla.yaml",
        "dokumen/baru.yaml",
        "dokumen/koor-2.yaml",
        "mkdocs.yml",
    }
    code, report, _ = patuh("--changed-since", "HEAD~1")  # the working folder
    assert code == 1
    assert {r["file"] for r in report["results"]} == {
        "dokumen/sla.yaml",
        "dokumen/baru.yaml",
        "dokumen/koor-2.yaml",
    }
    assert report["notices"][0]["params"]["foreign"] == 1  # mkdocs.yml
    code, _, out = patuh("--changed-since", "no-such-ref", ".")
    assert code == 2 and "no-such-ref" in out and "Pesan git" in out


def test_skip_foreign_for_hooks(patuh: Any, tmp_path: Path) -> None:
    _infra_repository(tmp_path)
    code, _, out = patuh("--skip-foreign")
    assert code == 0 and "Tidak ada dokumen patuh di antara berkas yang disebut" in out
    code, _, out = patuh("--skip-foreign", str(tmp_path / "mkdocs.yml"))
    assert code == 0 and "1 berkas YAML dilewati" in out
    code, report, _ = patuh(
        "--skip-foreign", str(tmp_path / "mkdocs.yml"), str(tmp_path / "dokumen/typo-api.yaml")
    )
    assert code == 2 and report["results"][0]["verdict"] == "invalid"


@pytest.mark.parametrize("args", [[], ["--lang", "en"]])
def test_no_path_is_still_a_usage_error(patuh: Any, args: list[str]) -> None:
    code, _, _ = patuh(*args)
    assert code == 2


def test_a_patuh_document_late_in_a_large_file_is_kept(tmp_path: Path) -> None:
    from engine.reading.selection import select_files

    big = tmp_path / "campuran.yaml"
    filler = "".join(f"key{i}: value\n" for i in range(64 * 1024 // 10))
    big.write_text(
        "apiVersion: v1\nkind: ConfigMap\ndata:\n"
        + filler.replace("key", "  key")
        + "---\n"
        + TYPO_API
    )
    assert big.stat().st_size > 64 * 1024
    (tmp_path / "lain.yaml").write_text("apiVersion: v1\nkind: ConfigMap\n" + filler)
    files, skipped = select_files([str(tmp_path)])
    assert files == [big] and skipped.foreign == [tmp_path / "lain.yaml"]


def test_an_unreadable_or_undecodable_file_is_checked(tmp_path: Path) -> None:
    from engine.reading.selection import select_files

    (tmp_path / "utf16.yaml").write_bytes("apiVersion: patuh/v1\n".encode("utf-16"))
    unreadable = tmp_path / "terkunci.yaml"
    unreadable.write_text("apiVersion: v1\n")
    unreadable.chmod(0)
    try:
        files, _ = select_files([str(tmp_path)])
    finally:
        unreadable.chmod(0o644)
    names = {f.name for f in files}
    assert "utf16.yaml" in names
    if os.geteuid() != 0:  # root reads it anyway, and sees a foreign file
        assert "terkunci.yaml" in names


def test_changed_since_asks_the_repository_of_the_path(patuh: Any, tmp_path: Path) -> None:
    repository = tmp_path / "repo"
    (repository / "dokumen").mkdir(parents=True)
    shutil.copy(EXAMPLE, repository / "dokumen" / EXAMPLE.name)
    _git(repository, "init", "-q")
    _git(repository, "add", ".")
    _git(repository, "commit", "-q", "-m", "base")
    shutil.copy(ROOT / "fixtures/medan/MDN-SLA-01.fail.yaml", repository / "dokumen/sla.yaml")
    # Run from elsewhere (the test's working folder is not this repository).
    code, report, _ = patuh("--changed-since", "HEAD", str(repository / "dokumen"))
    assert code == 1  # a new file, not yet added, is a new document
    assert [r["file"] for r in report["results"]] == [str(repository / "dokumen/sla.yaml")]
    (repository / ".gitignore").write_text("dokumen/sla.yaml\n")
    code, _, out = patuh("--changed-since", "HEAD", str(repository / "dokumen"))
    assert code == 0 and "Tidak ada dokumen patuh" in out  # ignored by git: not a change


def test_changed_since_names_what_git_could_not_answer(tmp_path: Path) -> None:
    """Outside a repository, or with a REF git does not know, the question has no
    answer: an error with git's own words, never an empty set of changes."""
    outside = tmp_path / "bukan-repo"
    outside.mkdir()
    with pytest.raises(ChangesError) as not_a_repository:
        changed_since("HEAD", outside)
    assert "not a git repository" in not_a_repository.value.detail
    repository = tmp_path / "repo"
    repository.mkdir()
    _git(repository, "init", "-q")
    with pytest.raises(ChangesError) as unknown:
        changed_since("tidak-ada-ref", repository)
    assert "tidak-ada-ref" in unknown.value.detail


@pytest.mark.parametrize(
    "text",
    [
        "apiVersion: patuh/v1\nkind: Proposal\n",
        "# a comment first\napiVersion: patuh/v1\nkind: System\n",
        "kind: Deployment\n---\napiVersion: patuh/v2\n",
        "\ufeffapiVersion: patuh/v1\n",
        "metadata: {name: x}\n  apiVersion: patuh/v1\n",
        *FOREIGN.values(),
        TYPO_API,
        NO_API,
    ],
)
def test_the_api_line_shortcut_judges_as_the_pattern(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`means_patuh` answers at once for a file with the line `apiVersion: patuh/`
    (issue 12); without that shortcut (a fake line no file holds), the pattern
    reaches the same verdict for every file, patuh's or not. (A block scalar that
    only mentions `apiVersion: patuh/v1` is foreign by its meaning since issue 20:
    tests/reading/test_selection_meaning.py.)"""
    from engine.reading import selection

    raw = text.encode()
    with_shortcut = selection.means_patuh(raw)
    monkeypatch.setattr(selection, "_API_LINE", b"\x00never in a file\x00")
    assert selection.means_patuh(raw) == with_shortcut
    assert with_shortcut == ("patuh" in text or "opd" in text or text.startswith("kind: Propos"))


def test_a_patuh_document_saved_with_a_byte_order_mark_is_checked(tmp_path: Path) -> None:
    """Found in passing (issue 12): Notepad's UTF-8 byte-order mark hid the first
    line's `apiVersion` from the test, and a document without another sign (no
    `opd`, a foreign-looking kind) was skipped in a folder walk, never reported."""
    from engine.reading.selection import select_files

    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbfapiVersion: patuh/v1\nkind: Sistim\n")
    files, skipped = select_files([str(tmp_path)])
    assert [f.name for f in files] == ["bom.yaml"] and skipped.foreign == []
