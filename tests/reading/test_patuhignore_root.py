"""Who may hide a document (issue 20, item 8): `.patuhignore` is read from the
repository root only, so an author cannot hide their own failing document with an
ignore file in their OPD's folder; every document it leaves out is named in the
report, in every format. Real files, a real git repository, the real command."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FAILING = ROOT / "fixtures/medan/MDN-SLA-01.fail.yaml"
OTHER = ROOT / "fixtures/medan/MDN-KOOR-01.fail.yaml"
PASSING = ROOT / "fixtures/medan/MDN-SLA-01.pass.yaml"


def _repository(root: Path) -> Path:
    (root / "dokumen/bapenda").mkdir(parents=True)
    shutil.copy(FAILING, root / "dokumen/bapenda/usulan.yaml")
    shutil.copy(OTHER, root / "dokumen/draf.yaml")
    shutil.copy(PASSING, root / "dokumen/ok.yaml")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    return root


def test_a_patuhignore_in_an_opd_folder_hides_nothing(
    patuh: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = _repository(tmp_path)
    (repository / "dokumen/bapenda/.patuhignore").write_text("usulan.yaml\n*.yaml\n")
    (repository / "dokumen/.patuhignore").write_text("bapenda/\n")
    monkeypatch.chdir(repository / "dokumen")  # not even from the folder itself
    code, report, out = patuh("bapenda")
    assert code == 1, out
    assert {f["rule"] for r in report["results"] for f in r["findings"]} == {"MDN-SLA-01"}
    assert report["notices"] == []


def test_the_root_patuhignore_names_every_document_it_leaves(
    patuh: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = _repository(tmp_path)
    (repository / ".patuhignore").write_text("dokumen/bapenda/\ndokumen/draf.yaml\n")
    monkeypatch.chdir(repository / "dokumen")  # a subfolder: the root's file still counts
    code, report, _ = patuh("--lang", "en", ".")
    assert code == 0
    assert [Path(r["file"]).name for r in report["results"]] == ["ok.yaml"]
    [notice] = report["notices"]
    assert notice["code"] == "notice.skipped_patuhignore"
    assert notice["params"]["files"] == ["bapenda/usulan.yaml", "draf.yaml"]
    assert notice["message"] == (
        "2 patuh documents were not checked because of the .patuhignore at the repository "
        "root: `bapenda/usulan.yaml`, `draf.yaml`."
    )
    for fmt in ("text", "markdown", "html", "github", "sarif", "junit"):
        _, _, out = patuh("--lang", "en", ".", fmt=fmt)
        if fmt == "sarif":
            out = json.dumps(json.loads(out)["runs"][0]["invocations"])
        if fmt == "junit":
            out = " ".join(p.get("value") or "" for p in ET.fromstring(out).iter("property"))
        assert "bapenda/usulan.yaml" in out and "draf.yaml" in out, fmt
