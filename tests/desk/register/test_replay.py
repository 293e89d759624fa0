"""`patuh desk impact` (engine/desk/register/replay.py), the real command on SQLite and
PostgreSQL: the register's latest versions checked again under a real draft policy
folder (a copy of patuh's policies with one threshold raised), each run by its own
managed OPA."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from desk.conftest import People, make_proposal
from desk.servers import PATUH
from engine.resources import policies_dir


def _draft(tmp_path: Path, **params: Any) -> Path:
    folder = tmp_path / "draft"
    shutil.copytree(policies_dir(), folder)
    data_file = folder / "medan" / "data.json"
    data = json.loads(data_file.read_text())
    data["params"].update(params)
    data_file.write_text(json.dumps(data))
    return folder


def _with_availability(body: bytes, percent: str) -> bytes:
    text = re.sub(
        r"(?m)^    availability_percent: .*$",
        f"    availability_percent: {percent}",
        body.decode("utf-8"),
        count=1,
    )
    return text.encode("utf-8")


def _desk_impact(database: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PATUH), "desk", "impact", "--database-url", database, *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PATUH_LANG": "id"},
    )


def test_a_raised_threshold_flips_exactly_the_submissions_below_it(
    people: People, desk_db: str, tmp_path: Path
) -> None:
    from engine.desk.submissions.services import submit

    # 99.5 % passes today's minimum (99.0) and not the draft's (99.9); 99.95 % passes both.
    below = submit(people.pemohon.user, _with_availability(make_proposal(), "99.5"), "a.yaml")
    above = submit(
        people.pemohon2.user,
        _with_availability(make_proposal(opd="Dinas Pendidikan"), "99.95"),
        "b.yaml",
    )
    # The replay reads the latest version: a first, failing version must not count.
    submit(
        people.pemohon.user,
        make_proposal(below.submission.document_id, hosting="opd_server_room"),
        "a.yaml",
    )
    fixed = submit(
        people.pemohon.user,
        _with_availability(make_proposal(below.submission.document_id), "99.5"),
        "a.yaml",
    )
    assert (below.version.verdict, above.version.verdict) == ("compliant", "compliant")
    assert fixed.version.number == 3

    draft = _draft(tmp_path, min_availability_percent=99.9)
    ran = _desk_impact(desk_db, "--policy-dir", str(draft), "--format", "json")
    assert ran.returncode == 1, ran.stderr  # something changes
    answer = json.loads(ran.stdout)
    changed = {c["submission"]: c for c in answer["changes"]}
    flip = changed[below.submission.pk]
    assert (flip["before"], flip["after"]) == ("compliant", "non_compliant")
    assert flip["version"] == 3 and flip["opd"] == "Dinas Kesehatan"
    assert flip["kind"] == "Proposal" and flip["document_id"] == below.submission.document_id
    assert flip["added"] == [
        {"rule": "MDN-SLA-01", "path": "spec.sla.availability_percent", "severity": "error"}
    ]
    assert flip["removed"] == []
    assert above.submission.pk not in changed
    # Every change is a raised-threshold one: nothing else differs between the folders.
    for change in answer["changes"]:
        assert [a["rule"] for a in change["added"]] == ["MDN-SLA-01"] and not change["removed"]
    assert answer["summary"]["submissions"] >= 2
    assert answer["summary"]["verdicts_changed"] >= 1

    text = _desk_impact(desk_db, "--policy-dir", str(draft))
    assert text.returncode == 1, text.stderr
    line = next(
        row
        for row in text.stdout.splitlines()
        if row.startswith(f"Pengajuan #{below.submission.pk} ")
    )
    assert line.endswith("versi 3: PATUH → TIDAK PATUH")
    assert "  + MDN-SLA-01 (galat) spec.sla.availability_percent" in text.stdout
    assert f"Pengajuan #{above.submission.pk} " not in text.stdout


def test_an_unchanged_copy_changes_nothing(desk_db: str, people: People, tmp_path: Path) -> None:
    from engine.desk.submissions.services import submit

    submit(people.pemohon.user, make_proposal(hosting="opd_server_room"), "a.yaml")
    # An invalid latest version is part of the register (kept so the applicant sees
    # why), not a mistake in the command's input: no exit status 2 for it.
    invalid = make_proposal().replace(b"\nspec:\n", b"\nspec:\n  bogus_field: 1\n", 1)
    stored = submit(people.pemohon.user, invalid, "invalid.yaml")
    assert stored.version.verdict == "invalid"
    ran = _desk_impact(desk_db, "--policy-dir", str(_draft(tmp_path)))
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "Tidak ada pengajuan yang berubah putusan maupun temuannya." in ran.stdout


def test_the_replay_checks_references_against_the_register(
    people: People, desk_db: str, tmp_path: Path
) -> None:
    """The replay gives both runs the desk's register: a procurement citing a proposal
    the desk never recommended fails MDN-PBJ-08 under today's policies, so a draft
    without the area of references flips it. Without the register both runs would skip
    the rule (a notice) and nothing would change."""
    from desk.letters.test_thread import make_procurement
    from engine.desk.submissions.services import submit

    opd = people.pemohon.opd or ""
    pending = submit(people.pemohon.user, make_proposal(opd=opd), "u.yaml").submission
    citing = submit(
        people.pemohon.user,
        make_procurement(pending.document_id, "SK/12/Diskominfo/2017", opd=opd),
        "b.yaml",
    )
    assert citing.version.verdict == "non_compliant"
    draft = _draft(tmp_path)
    # A draft whose references area applies to nothing (its rules still declared: a
    # draft missing a rule of the pack is refused, issue 20 item 9).
    area = draft / "medan" / "rujukan.rego"
    area.write_text(
        area.read_text(encoding="utf-8").replace(
            'input.kind == "Procurement"', 'input.kind == "TidakAda"'
        ),
        encoding="utf-8",
    )
    (draft / "medan" / "rujukan_test.rego").unlink(missing_ok=True)
    ran = _desk_impact(desk_db, "--policy-dir", str(draft), "--format", "json")
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert ran.stdout.startswith("{"), ran.stdout + ran.stderr
    changed = {c["submission"]: c for c in json.loads(ran.stdout)["changes"]}
    flip = changed[citing.submission.pk]
    assert (flip["before"], flip["after"]) == ("non_compliant", "compliant")
    # A number the register does not hold fires MDN-KOOR-04 too (issue 20.12).
    assert sorted(flip["removed"], key=lambda f: f["rule"]) == [
        {
            "rule": "MDN-KOOR-04",
            "path": "spec.coordination.diskominfo.reference",
            "severity": "error",
        },
        {"rule": "MDN-PBJ-08", "path": "metadata.proposal_ref", "severity": "error"},
    ]
