"""`patuh check --register FILE.json`: the desk's register given to the rules of
references (MDN-KOOR-04, MDN-PBJ-08) outside the desk, validated, and part of the
result cache's key, so an answer given under one register is never served under another."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from engine.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
REGISTER = json.loads((ROOT / "fixtures" / "register.json").read_text(encoding="utf-8"))
PASSING = ROOT / "fixtures" / "medan" / "MDN-KOOR-04.pass.yaml"  # cites 555/142/Diskominfo/2026


def _check(opa_binary: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    result = CliRunner().invoke(
        main, ["check", "--format", "json", "--opa-binary", str(opa_binary), *args]
    )
    assert not (result.exception and not isinstance(result.exception, SystemExit)), result.output
    report = json.loads(result.stdout) if result.stdout.strip() else {}
    return result.exit_code, report, result.output


def _rules(report: dict[str, Any]) -> set[tuple[str, str]]:
    return {(f["rule"], f["path"]) for r in report["results"] for f in r["findings"]}


def test_the_cache_never_serves_an_answer_across_registers(
    opa_binary: Path, tmp_path: Path
) -> None:
    valid = tmp_path / "valid.json"
    valid.write_text(json.dumps(REGISTER), encoding="utf-8")
    revoked_register = json.loads(json.dumps(REGISTER))
    revoked_register["letters"]["555/142/Diskominfo/2026"]["valid"] = False
    revoked = tmp_path / "revoked.json"
    revoked.write_text(json.dumps(revoked_register), encoding="utf-8")

    code, report, _ = _check(opa_binary, "--register", str(valid), str(PASSING))
    assert (code, _rules(report), report["notices"]) == (0, set(), [])
    code, report, _ = _check(opa_binary, "--register", str(revoked), str(PASSING))
    assert code == 1
    assert _rules(report) == {("MDN-KOOR-04", "spec.coordination.diskominfo.reference")}
    # Without a register: not applied, said once.
    code, report, _ = _check(opa_binary, str(PASSING))
    assert code == 0 and _rules(report) == set()
    assert [n["code"] for n in report["notices"]] == ["notice.register_absent"]


def test_an_invalid_register_is_refused_with_exit_2(opa_binary: Path, tmp_path: Path) -> None:
    broken = tmp_path / "register.json"
    broken.write_text(json.dumps({**REGISTER, "letters": {"555/1/X/2026": {"valid": True}}}))
    code, _, output = _check(opa_binary, "--register", str(broken), str(PASSING))
    assert code == 2
    assert "Berkas register" in output and "opd" in output
    broken.write_text("{not json")
    code, _, output = _check(opa_binary, "--register", str(broken), str(PASSING))
    assert code == 2 and "Berkas register" in output


def test_no_notice_without_a_procurement(opa_binary: Path) -> None:
    proposal = ROOT / "fixtures" / "medan" / "MDN-RENC-05.pass.yaml"
    code, report, _ = _check(opa_binary, str(proposal))
    assert code == 0 and report["notices"] == []
