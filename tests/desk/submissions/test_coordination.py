"""Coordination without circularity (issue 23): submitting a proposal to the desk is its
coordination with Diskominfo (Perwali 28/2018 Pasal 5 ayat (2)). A version checked in
the desk gets no MDN-KOOR-01..03 finding for the recommendation letter the desk itself
has yet to issue; the same document checked by `patuh check` (also with the desk's
exported register) still gets them, and a register file may not claim to be the desk."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from desk.conftest import Api, People, make_proposal, new_id

KOOR = ("MDN-KOOR-01", "MDN-KOOR-02", "MDN-KOOR-03")


def _without_coordination(body: bytes) -> bytes:
    """The proposal as a clerk writes it in the desk: no coordination section at all."""
    text = body.decode()
    text = re.sub(r"(?m)^  coordination:\n(?:    .*\n)+", "", text)
    assert "coordination" not in text
    return text.encode()


def _pending(body: bytes) -> bytes:
    text = body.decode()
    text = re.sub(r"(?m)^      reference: .*$", '      reference: "-"', text)
    return re.sub(r"(?m)^      status: .*$", "      status: pending", text).encode()


def _rules(report: dict[str, Any]) -> set[str]:
    return {f["rule"] for r in report["results"] for f in r["findings"]}


def test_in_the_desk_no_koor_finding_for_the_letter_it_will_issue(
    api: Api, people: People, patuh: Any, tmp_path: Path
) -> None:
    for body in (_without_coordination(make_proposal(new_id())), _pending(make_proposal(new_id()))):
        answer = api.upload(people.pemohon, body)
        assert answer.status_code == 201, answer.text
        assert not _rules(answer.json()["report"]) & set(KOOR)
        assert answer.json()["verdict"] == "compliant", _rules(answer.json()["report"])

        # the CLI keeps asking, also with the desk's own register exported for CI
        path = tmp_path / "usulan.yaml"
        path.write_bytes(body)
        exported = api.call("GET", "/api/v1/register.json", people.pemohon).json()
        assert "desk" not in exported
        register = tmp_path / "register.json"
        register.write_text(json.dumps(exported))
        for extra in ((), ("--register", str(register))):
            _code, report, _out = patuh(str(path), *extra)
            assert _rules(report) & set(KOOR), extra


def test_a_register_file_may_not_claim_to_be_the_desk(patuh: Any, tmp_path: Path) -> None:
    path = tmp_path / "usulan.yaml"
    path.write_bytes(_without_coordination(make_proposal(new_id())))
    register = tmp_path / "register.json"
    register.write_text(
        json.dumps(
            {
                "letter_form": "^x$",
                "letters": {},
                "proposals": {},
                "desk": {"checked_on": "2026-03-02"},
            }
        )
    )
    code, _report, out = patuh(str(path), "--register", str(register))
    assert code != 0 and code != 1  # refused as a usage error, never a verdict
    assert "desk" in out
