"""`patuh impact`: the same documents under two real policy folders, each run by its own
managed OPA (no mocks). The drafts are copies of the project's policies with one change
each, so every expected difference follows from that change alone."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from engine.cli.main import main
from engine.resources import policies_dir

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "fixtures/medan"
INVALID = ROOT / "fixtures/invalid"

# Special application software with 40 hours of training (the PBJ-04 pass fixture has
# 1 hour, the fail fixture 0): a draft minimum of 41 hours touches exactly these two
# compliant ones, and the failing one stays failing at the same path.
PBJ04_PASS = RULES / "MDN-PBJ-04.pass.yaml"  # 1 hour: fires under the draft
PBJ03_PASS = RULES / "MDN-PBJ-03.pass.yaml"  # hardware: PBJ-04 does not apply
PBJ04_FAIL = RULES / "MDN-PBJ-04.fail.yaml"  # 0 hours: fires under both


def _draft(tmp_path: Path, name: str = "draft") -> Path:
    folder = tmp_path / name
    shutil.copytree(policies_dir(), folder)
    return folder


def _with_params(folder: Path, **params: Any) -> Path:
    data_file = folder / "medan" / "data.json"
    data = json.loads(data_file.read_text())
    data["params"].update(params)
    data_file.write_text(json.dumps(data))
    return folder


def _impact(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["impact", *args])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.stdout, result.stderr


def test_a_stricter_parameter_lists_only_the_documents_it_changes(tmp_path: Path) -> None:
    draft = _with_params(_draft(tmp_path), min_training_hours=41)
    code, out, _ = _impact(
        "--format",
        "json",
        "--policy-dir",
        str(draft),
        str(PBJ04_PASS),
        str(PBJ03_PASS),
        str(PBJ04_FAIL),
    )
    answer = json.loads(out)
    assert code == 1
    assert answer["changes"] == [
        {
            "file": str(PBJ04_PASS),
            "index": 0,
            "id": "UJI-PBJ-04-LOLOS",
            "before": "compliant",
            "after": "non_compliant",
            "added": [
                {
                    "rule": "MDN-PBJ-04",
                    "path": "spec.technology_transfer.training.hours",
                    "severity": "error",
                }
            ],
            "removed": [],
        }
    ]
    summary = answer["summary"]
    assert summary["documents"] == 3
    assert (summary["changed"], summary["verdicts_changed"]) == (1, 1)
    assert (summary["findings_added"], summary["findings_removed"]) == (1, 0)
    assert summary["before"]["compliant"] == 2 and summary["after"]["compliant"] == 1


def test_base_policy_dir_is_compared_with_the_draft_both_ways(tmp_path: Path) -> None:
    strict = _with_params(_draft(tmp_path, "strict"), min_training_hours=41)
    code, out, _ = _impact(
        "--format",
        "json",
        "--policy-dir",
        str(policies_dir()),
        "--base-policy-dir",
        str(strict),
        str(PBJ04_PASS),
    )
    [change] = json.loads(out)["changes"]
    assert code == 1
    assert (change["before"], change["after"]) == ("non_compliant", "compliant")
    assert [f["rule"] for f in change["removed"]] == ["MDN-PBJ-04"] and change["added"] == []


def test_a_change_of_path_within_one_rule_is_a_change(tmp_path: Path) -> None:
    """Same rule, same verdict, another place: the reader must still see it."""
    draft = _with_params(_draft(tmp_path), min_training_hours=41, min_training_participants=0)
    document = tmp_path / "doc.yaml"
    text = PBJ04_FAIL.read_text().replace("participants: 12", "participants: 0")
    document.write_text(text.replace("hours: 0", "hours: 40"))
    base = _with_params(_draft(tmp_path, "base"), min_training_participants=1)
    code, out, _ = _impact(
        "--format",
        "json",
        "--policy-dir",
        str(draft),
        "--base-policy-dir",
        str(base),
        str(document),
    )
    [change] = json.loads(out)["changes"]
    assert code == 1
    assert change["before"] == change["after"] == "non_compliant"
    assert [f["path"] for f in change["added"]] == ["spec.technology_transfer.training.hours"]
    assert [f["path"] for f in change["removed"]] == [
        "spec.technology_transfer.training.participants"
    ]


def test_no_change_exits_0_and_says_so_in_bahasa_indonesia(tmp_path: Path) -> None:
    code, out, _ = _impact(
        "--policy-dir", str(_draft(tmp_path)), str(RULES / "MDN-SLA-01.fail.yaml")
    )
    assert code == 0
    assert "Tidak ada dokumen yang berubah" in out
    assert "Ringkasan: 1 dokumen, 0 berubah" in out
    assert "kebijakan bawaan patuh" in out


def test_text_report_names_each_changed_document_and_rule_in_english(tmp_path: Path) -> None:
    draft = _with_params(_draft(tmp_path), min_training_hours=41)
    code, out, _ = _impact(
        "--lang", "en", "--policy-dir", str(draft), str(PBJ04_PASS), str(PBJ03_PASS)
    )
    assert code == 1
    assert f"{PBJ04_PASS} document 1 (UJI-PBJ-04-LOLOS): COMPLIANT → NON-COMPLIANT" in out
    assert "  + MDN-PBJ-04 (error) spec.technology_transfer.training.hours" in out
    assert str(PBJ03_PASS) not in out  # unchanged documents are not listed
    assert "Summary: 2 documents, 1 changed (1 changed verdict), 1 findings added" in out


def test_an_invalid_document_exits_2_as_check_does(tmp_path: Path) -> None:
    code, out, _ = _impact(
        "--format",
        "json",
        "--policy-dir",
        str(_draft(tmp_path)),
        str(INVALID / "wrong-enum.yaml"),
        str(PBJ04_PASS),
    )
    answer = json.loads(out)
    assert code == 2
    assert answer["changes"] == []  # invalid under both: not a change
    assert answer["summary"]["after"]["invalid"] == 1


def test_a_broken_draft_exits_3_and_reports_nothing_compliant(tmp_path: Path) -> None:
    draft = _draft(tmp_path)
    (draft / "rusak.rego").write_text("package patuh.rules.rusak\n\ndeny contains x if {\n")
    code, out, err = _impact("--format", "json", "--policy-dir", str(draft), str(PBJ04_PASS))
    answer = json.loads(out)
    assert code == 3
    [change] = answer["changes"]
    assert (change["before"], change["after"]) == ("compliant", "error")
    assert answer["summary"]["after"]["compliant"] == 0
    assert "Mesin kebijakan gagal" in err


def test_a_draft_rule_missing_from_the_catalog_is_an_engine_failure(tmp_path: Path) -> None:
    """The catalog words every finding: a draft rule without an entry is not trusted."""
    draft = _draft(tmp_path)
    (draft / "baru.rego").write_text(
        "package patuh.rules.medan.baru\n\n"
        'deny contains {"rule": "MDN-BARU-01", "path": "spec", "msg": "x", "params": {}} if true\n'
    )
    code, _, err = _impact("--policy-dir", str(draft), str(PBJ04_PASS))
    assert code == 3
    assert "MDN-BARU-01" in err


@pytest.mark.parametrize(
    "args",
    [
        ["fixtures/medan"],  # --policy-dir is required
        ["--policy-dir", "no/such/folder", "fixtures/medan"],
        ["--policy-dir", "policies"],  # no document
        ["--policy-dir", "policies", "--format", "html", "fixtures/medan"],
    ],
)
def test_option_mistakes_exit_2(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, _, _ = _impact(*args)
    assert code == 2
