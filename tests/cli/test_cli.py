"""The command line end to end, with a real OPA: exit statuses, formats, languages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from engine.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "fixtures" / "medan"


def test_exit_statuses(patuh: Any) -> None:
    assert patuh(str(RULES / "MDN-SLA-01.pass.yaml"))[0] == 0
    assert patuh(str(RULES / "MDN-SLA-01.fail.yaml"))[0] == 1
    assert patuh(str(ROOT / "fixtures/invalid/malformed.yaml"))[0] == 2
    # invalid wins over non-compliant: a file that could not be read is reported as such
    both = patuh(str(RULES / "MDN-SLA-01.fail.yaml"), str(ROOT / "fixtures/invalid/malformed.yaml"))
    assert both[0] == 2
    assert both[1]["summary"] == {"documents": 2, "compliant": 0, "non_compliant": 1, "invalid": 1}


def test_fail_on_levels(patuh: Any) -> None:
    warning_only = str(RULES / "MDN-KAM-09.fail.yaml")
    code, report, _ = patuh(warning_only)
    assert code == 0 and report["results"][0]["verdict"] == "compliant"
    code, report, _ = patuh("--fail-on", "warning", warning_only)
    assert code == 1 and report["results"][0]["verdict"] == "non_compliant"
    code, report, _ = patuh("--fail-on", "never", str(RULES / "MDN-SLA-01.fail.yaml"))
    assert code == 0 and report["results"][0]["verdict"] == "non_compliant"


def test_json_shape_as_documents_md(patuh: Any) -> None:
    code, report, _ = patuh(str(RULES / "MDN-KOOR-01.fail.yaml"))
    assert code == 1
    assert set(report) >= {"summary", "engine", "results"}
    assert report["engine"]["name"] == "opa"
    assert report["engine"]["version"] == "1.22.4"
    assert report["engine"]["policy_digest"].startswith("sha256:")
    [result] = report["results"]
    assert result["kind"] == "Proposal"
    assert result["verdict"] == "non_compliant"
    assert result["document_digest"].startswith("sha256:")
    [finding] = result["findings"]
    assert finding["rule"] == "MDN-KOOR-01"
    assert finding["severity"] == "error"
    assert finding["path"] == "spec.coordination.diskominfo"
    assert finding["waived"] is False
    assert "Pasal 5 ayat (2)" in finding["basis"]
    assert isinstance(finding["line"], int) and finding["line"] >= 1


def test_languages_from_one_source(patuh: Any) -> None:
    target = str(RULES / "MDN-PBJ-03.fail.yaml")
    _, indonesian, _ = patuh(target)
    _, english, _ = patuh("--lang", "en", target)
    id_message = indonesian["results"][0]["findings"][0]["message"]
    en_message = english["results"][0]["findings"][0]["message"]
    assert id_message != en_message
    assert "source code" in en_message.lower()


def test_text_report_names_file_line_basis_and_remedy(patuh: Any) -> None:
    target = RULES / "MDN-PBJ-03.fail.yaml"
    code, _, out = patuh(str(target), fmt="text")
    assert code == 1
    assert f"{target}:" in out
    assert "MDN-PBJ-03" in out
    assert "Dasar:" in out and "Perbaikan:" in out
    assert "Ringkasan: 1 dokumen" in out


def test_no_yaml_in_folder_and_missing_path(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert "Tidak ada berkas" in result.stderr
    result = CliRunner().invoke(main, ["check", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2


def test_rules_and_explain() -> None:
    listing = CliRunner().invoke(main, ["rules"])
    assert listing.exit_code == 0
    ids = [line.split()[0] for line in listing.stdout.splitlines() if line.startswith("  MDN-")]
    assert len(ids) == 41
    explained = CliRunner().invoke(main, ["explain", "MDN-PBJ-03", "--lang", "en"])
    assert explained.exit_code == 0
    assert explained.stdout.startswith("MDN-PBJ-03")
    assert "Basis:" in explained.stdout and "Remedy:" in explained.stdout
    unknown = CliRunner().invoke(main, ["explain", "MDN-XXX-99"])
    assert unknown.exit_code == 2


def test_managed_mode_real_process(tmp_path: Path) -> None:
    """The installed `patuh` command, no --opa-url: it starts and stops its own OPA."""
    patuh = Path(sys.executable).with_name("patuh")
    out = subprocess.run(
        [str(patuh), "check", "--format", "json", str(RULES / "MDN-RWT-01.fail.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ},
    )
    assert out.returncode == 1, out.stderr
    report = json.loads(out.stdout)
    assert [f["rule"] for f in report["results"][0]["findings"]] == ["MDN-RWT-01"]


def test_duplicate_id_per_kind_is_invalid(patuh: Any, tmp_path: Path) -> None:
    source = (RULES / "MDN-SLA-01.pass.yaml").read_text()
    (tmp_path / "a.yaml").write_text(source)
    (tmp_path / "b.yaml").write_text(source)
    code, report, _ = patuh(str(tmp_path))
    assert code == 2
    first, second = report["results"]
    assert first["verdict"] == "compliant"
    assert second["verdict"] == "invalid"
    [finding] = second["findings"]
    assert (finding["rule"], finding["path"]) == ("SCHEMA", "metadata.id")
    assert f"{tmp_path / 'a.yaml'}:" in finding["message"]


def test_null_is_named_as_in_yaml(patuh: Any, tmp_path: Path) -> None:
    doc = tmp_path / "null-spec.yaml"
    doc.write_text(
        "apiVersion: patuh/v1\nkind: Procurement\nmetadata: {id: X, title: T, opd: O}\nspec: null\n"
    )
    code, report, _ = patuh(str(doc))
    assert code == 2
    [finding] = report["results"][0]["findings"]
    assert finding["path"] == "spec" and finding["line"] == 4
    assert "`null`" in finding["message"]
