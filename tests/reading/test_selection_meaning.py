"""The folder walk judges "is this patuh's?" on what the YAML means (issue 20, items 1
to 3): a patuh document written in valid but unusual YAML is checked, never skipped as
foreign; a file the walk cannot judge (over 2 MiB, not YAML) is checked and refused;
documents in hidden folders are named in a notice (and checked with --include-hidden);
JSON documents are documents. Real files, the real command, a real OPA."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from engine.reading.selection import means_patuh, select_files

ROOT = Path(__file__).resolve().parents[2]
FAILING = ROOT / "fixtures/medan/MDN-SLA-01.fail.yaml"  # fires MDN-SLA-01
BODY = FAILING.read_text().split("metadata:", 1)[1]  # metadata onwards, without the header

# A failing document whose `apiVersion` and `kind` are written in valid YAML that a
# line pattern does not read: each must still be checked (and fire MDN-SLA-01).
UNUSUAL = {
    "explicit-keys": "? apiVersion\n: patuh/v1\n? kind\n: {kind}\n",
    "escaped-keys": '"\\x61piVersion": patuh/v1\n"\\u006bind": {kind}\n',
    "tags": "apiVersion: !!str patuh/v1\nkind: ! {kind}\n",
    "anchors": "apiVersion: &api patuh/v1\nkind: &k {kind}\n",
    "block-scalars": "apiVersion: >-\n  patuh/v1\nkind: |-\n  {kind}\n",
    "comment-after-colon": "apiVersion: # versi\n  patuh/v1\nkind: # jenis\n  {kind}\n",
    "value-next-line": "apiVersion:\n  patuh/v1\nkind:\n  {kind}\n",
    "yaml-directive": "%YAML 1.1\n---\napiVersion: patuh/v1\nkind: {kind}\n",
    "quoted-single": "'apiVersion': 'patuh/v1'\n'kind': '{kind}'\n",
}


def _kind() -> str:
    for line in FAILING.read_text().splitlines():
        if line.startswith("kind:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError("the fixture has a kind")


def _unusual_document(header: str) -> str:
    # `opd` is written as an escaped key too, so no sign of the document is plain text.
    body = BODY.replace("opd:", '"\\x6fpd":')
    assert '"\\x6fpd":' in body
    return header.format(kind=_kind()) + "metadata:" + body


@pytest.mark.parametrize("name", sorted(UNUSUAL))
def test_a_patuh_document_in_unusual_yaml_is_checked_in_a_folder(
    patuh: Any, tmp_path: Path, name: str
) -> None:
    (tmp_path / f"{name}.yaml").write_text(_unusual_document(UNUSUAL[name]))
    (tmp_path / "mkdocs.yml").write_text("site_name: Dokumentasi\n")  # foreign beside it
    code, report, out = patuh(str(tmp_path))
    assert code == 1, out  # checked, and it fails: never a pass by being skipped
    [result] = report["results"]
    assert result["file"].endswith(f"{name}.yaml")
    assert "MDN-SLA-01" in {f["rule"] for f in result["findings"]}
    [notice] = report["notices"]
    assert notice["params"]["foreign"] == 1  # only mkdocs.yml


@pytest.mark.parametrize(
    "text",
    [
        'metadata: {"\\x6fpd": Dinas Kesehatan}\n',  # escaped opd one level down
        "? metadata\n: ? opd\n  : Bapenda\n",  # explicit keys all the way
        "kind: !!str >-\n  Usulan\n",
        "apiVersion: &a\n  patuh/v1\n",
        '{ "apiVersion": "patuh/v1" }\n',  # flow (JSON) style
        "- apiVersion: patuh/v1\n  kind: Proposal\n",  # a list of documents
        "x: 1\n---\n\"kind\": 'Sistem'\n",  # the second document
        "metadata:\n  title: <ISI judul>\n",  # a template placeholder in a value
        "x: {y: &k Proposal}\nkind: *k\n",  # an alias of a scalar stands for it
        "x: {y: &m {opd: Bapenda}}\nmetadata: *m\n",  # metadata.opd through an alias
        "x: {y: &m {kind: Sistem}}\nz: 1\n<<: *m\n",  # merged into the top
    ],
)
def test_signs_are_read_from_the_meaning(text: str) -> None:
    assert means_patuh(text.encode())


@pytest.mark.parametrize(
    "text",
    [
        "description: |\n  apiVersion: patuh/v1 is what we write\n",  # a value, not a key
        "# kind: Proposal\napiVersion: v1\nkind: ConfigMap\n",  # a comment
        "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n"
        "      containers: [{name: opd, image: x}]\n",
        # The JSON Schema `patuh schema` writes for editors: `opd` four levels down.
        '{"properties": {"metadata": {"properties": {"opd": {"type": "string"}}}}}\n',
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-web\n",
        # Anchors and merges as docker-compose and GitLab CI use them.
        "x-base: &base {restart: always}\nservices:\n  web:\n    <<: *base\n    image: nginx\n",
        ".tpl: &tpl {script: [make], variables: {KIND: unit}}\ntest:\n  stage: t\n  job:\n"
        "    <<: *tpl\n",
    ],
)
def test_foreign_yaml_is_judged_foreign_by_its_meaning(text: str) -> None:
    assert not means_patuh(text.encode())


def test_a_file_over_two_mib_found_in_a_folder_is_checked_and_refused(
    patuh: Any, tmp_path: Path
) -> None:
    big = tmp_path / "besar.yaml"
    # A foreign-looking head, then more than the loader reads (2 MiB).
    big.write_text("apiVersion: v1\nkind: ConfigMap\ndata:\n" + "  k: v\n" * 400_000)
    assert big.stat().st_size > 2 * 1024 * 1024
    found, skipped = select_files([str(tmp_path)])
    assert found == [big] and skipped.foreign == []
    code, report, _ = patuh(str(tmp_path))
    assert code == 2
    [result] = report["results"]
    assert result["verdict"] == "invalid"
    assert result["findings"][0]["rule"] == "YAML"
    assert "2 MiB" in result["findings"][0]["message"]


def test_a_file_the_walk_cannot_parse_is_checked_and_refused(patuh: Any, tmp_path: Path) -> None:
    """Not YAML, and no template action to blank: the walk cannot say what it
    means, so it is checked (refused), never skipped as foreign."""
    (tmp_path / "rusak.yaml").write_text("kind: [Proposal\nmetadata: {\n")
    (tmp_path / "bidi.yaml").write_text("kind: Deployment\nnote: \u202eabc\n")
    code, report, _ = patuh(str(tmp_path))
    assert code == 2
    assert {(Path(r["file"]).name, r["verdict"]) for r in report["results"]} == {
        ("rusak.yaml", "invalid"),
        ("bidi.yaml", "invalid"),
    }


def test_documents_in_hidden_folders_are_counted_and_checked_on_request(
    patuh: Any, tmp_path: Path
) -> None:
    (tmp_path / ".bapenda").mkdir()
    shutil.copy(FAILING, tmp_path / ".bapenda/usulan.yaml")
    shutil.copy(ROOT / "fixtures/medan/MDN-KOOR-01.fail.yaml", tmp_path / ".bapenda/usulan-2.yaml")
    (tmp_path / "dokumen").mkdir()
    shutil.copy(ROOT / "fixtures/medan/MDN-SLA-01.pass.yaml", tmp_path / "dokumen/ok.yaml")
    (tmp_path / ".git").mkdir()  # never entered, not even with --include-hidden
    shutil.copy(FAILING, tmp_path / ".git/ORIG.yaml")

    code, report, _ = patuh("--lang", "en", str(tmp_path))
    assert code == 0  # only dokumen/ok.yaml was checked ...
    [notice] = report["notices"]  # ... and the report says what was left, and where
    assert notice["code"] == "notice.skipped_hidden"
    assert notice["params"]["count"] == 2
    assert notice["params"]["folders"] == [f"{tmp_path / '.bapenda'}/ (2)"]
    assert "2 YAML/JSON files in hidden folders were not checked" in notice["message"]

    code, report, _ = patuh("--include-hidden", str(tmp_path))
    assert code == 1
    assert sorted(Path(r["file"]).name for r in report["results"]) == [
        "ok.yaml",
        "usulan-2.yaml",
        "usulan.yaml",
    ]
    assert report["notices"] == []


def test_a_json_document_in_a_folder_is_checked(patuh: Any, tmp_path: Path) -> None:
    from engine.reading.yaml_loader import load_bytes

    [document] = load_bytes(FAILING.read_bytes()).documents
    (tmp_path / "usulan.json").write_text(json.dumps(document.data, indent="\t"))
    (tmp_path / "package.json").write_text('{"name": "web", "version": "1.0.0"}\n')
    code, report, _ = patuh(str(tmp_path))
    assert code == 1
    [result] = report["results"]
    assert result["file"].endswith("usulan.json")
    assert "MDN-SLA-01" in {f["rule"] for f in result["findings"]}
    assert report["notices"][0]["params"]["foreign"] == 1  # package.json
