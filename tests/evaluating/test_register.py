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
    # The letter revoked, and with it the recommendation of the proposal it was issued for.
    assert _rules(report) == {
        ("MDN-KOOR-04", "spec.coordination.diskominfo.reference"),
        ("MDN-PBJ-08", "metadata.proposal_ref"),
    }
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


# --- issue 20.12 / 22.6 -----------------------------------------------------------------------
MEDAN = ROOT / "fixtures" / "medan"


def _reasons(report: dict[str, Any]) -> set[tuple[str, str]]:
    """(rule, reason) of the rules of references, the reason as the message names it."""
    import re

    found = set()
    for result in report["results"]:
        for finding in result["findings"]:
            if finding["rule"] in ("MDN-KOOR-04", "MDN-PBJ-08"):
                reason = re.search(r"(?:alasan|reason): `?([a-z_]+)`?;", finding["message"])
                assert reason, finding["message"]
                found.add((finding["rule"], reason.group(1)))
    return found


def test_letter_numbers_compare_normalised_and_link_to_their_proposal(opa_binary: Path) -> None:
    """A revoked letter written in upper case, with "Nomor:" and a full stop, is still
    revoked; the same writing of a valid letter passes; a valid letter of the OPD
    issued for another proposal fires; a proposal whose letter was revoked is not
    recommended."""
    register = str(ROOT / "fixtures" / "register.json")
    expected = {
        "MDN-KOOR-04.dicabut-ditulis-lain.fail.yaml": {("MDN-KOOR-04", "revoked")},
        "MDN-KOOR-04.ditulis-lain.pass.yaml": set(),
        "MDN-KOOR-04.usulan-lain.fail.yaml": {("MDN-KOOR-04", "other_proposal")},
        "MDN-PBJ-08.usulan-dicabut.fail.yaml": {("MDN-PBJ-08", "revoked")},
    }
    for name, reasons in expected.items():
        code, report, output = _check(opa_binary, "--register", register, str(MEDAN / name))
        assert _reasons(report) == reasons, (name, output)
        assert code == (1 if reasons else 0), name


def test_a_number_the_register_does_not_hold_fires_whatever_its_form(
    opa_binary: Path, tmp_path: Path
) -> None:
    text = (MEDAN / "MDN-KOOR-04.pass.yaml").read_text(encoding="utf-8")
    document = tmp_path / "pengadaan.yaml"
    document.write_text(text.replace("555/142/Diskominfo/2026", "SK/12/Diskominfo/2017"))
    register = str(ROOT / "fixtures" / "register.json")
    code, report, _ = _check(opa_binary, "--register", register, str(document))
    assert (code, _reasons(report)) == (1, {("MDN-KOOR-04", "unknown")})


def test_a_letter_form_that_is_not_re2_or_absent_is_refused(
    opa_binary: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "register.json"
    for letter_form in ("^555/(?=[0-9]+)/", "^555/([0-9]+", r"^(\d)\1$", "a*+", None, ""):
        data = dict(REGISTER)
        if letter_form is None:
            del data["letter_form"]
        else:
            data["letter_form"] = letter_form
        broken.write_text(json.dumps(data), encoding="utf-8")
        code, report, output = _check(opa_binary, "--register", str(broken), str(PASSING))
        assert code == 2, (letter_form, output)
        assert "Berkas register" in output and "letter_form" in output, output
        assert not report.get("results"), letter_form


def test_a_letter_without_what_it_was_issued_for_is_refused(
    opa_binary: Path, tmp_path: Path
) -> None:
    data = json.loads(json.dumps(REGISTER))
    del data["letters"]["555/142/Diskominfo/2026"]["document_id"]
    broken = tmp_path / "register.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    code, _, output = _check(opa_binary, "--register", str(broken), str(PASSING))
    assert code == 2 and "document_id" in output, output


# Patterns RE2 reads and Python reads alike, and patterns one of them refuses.
RE2_ACCEPTED = [
    r"^555/[0-9]+/Diskominfo/[0-9]+$",
    r"^555\/[0-9]+\/Diskominfo\/[0-9]+$",
    r"^REK [0-9]+\.[0-9]+$",
    r"(?i)^a{2,5}?b*?$",
    r"(?P<seq>[0-9]{3})",
    r"\d+\s\w\b",
    r"a{1000}",
    r"[]a]",
    r"(?s:.)",
]
RE2_REFUSED = [
    "(",
    "a(?=b)",
    "a(?!b)",
    "(?<=a)b",
    r"(a)\1",
    "a*+",
    "a{2}+",
    r"a\Z",
    r"\u0041",
    "(?x)a",
    "(?#c)a",
    "a{1001}",
    "(?>a)",
    "(?(1)a|b)",
]


def test_the_re2_check_never_accepts_what_opa_refuses(opa_binary: Path) -> None:
    import subprocess

    from engine.evaluating.re2_syntax import re2_problem

    run = subprocess.run(
        [
            str(opa_binary),
            "eval",
            "--format",
            "json",
            "--stdin-input",
            "[regex.is_valid(p) | some p in input]",
        ],
        input=json.dumps(RE2_ACCEPTED),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert json.loads(run.stdout)["result"][0]["expressions"][0]["value"] == [True] * len(
        RE2_ACCEPTED
    )
    assert [p for p in RE2_ACCEPTED if re2_problem(p) is not None] == []
    assert [p for p in RE2_REFUSED if re2_problem(p) is None] == []
