"""`patuh submit --desk URL FILE...` against a real `patuh desk serve`: each file a new
submission or a new version, with its desk address, verdict and status; exit statuses
as for `check`; the desk's refusals said with its reason."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from desk.conftest import OTHER_OPD, Api, People, make_proposal, new_id
from desk.servers import PATUH


def _submit(desk: str, token: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PATUH_DESK")}
    env["PATUH_DESK_TOKEN"] = token
    return subprocess.run(
        [str(PATUH), "submit", "--desk", desk, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_submit_uploads_each_file_and_says_where_what_and_how(
    api: Api, people: People, desk_server: str, tmp_path: Path
) -> None:
    failing, passing = tmp_path / "gagal.yaml", tmp_path / "lulus.yaml"
    failing_id, passing_id = new_id(), new_id()
    failing.write_bytes(make_proposal(failing_id, hosting="opd_server_room"))
    passing.write_bytes(make_proposal(passing_id))
    run = _submit(desk_server, people.pemohon.token, str(failing), str(passing))
    assert run.returncode == 1, run.stdout + run.stderr  # one non-compliant: as `check`
    lines = run.stdout.splitlines()
    assert len(lines) == 2
    pattern = re.escape(desk_server) + r"/submissions/(\d+)/ · versi (\d+) · (.+) · status (\w+)$"
    found = [re.search(pattern, line) for line in lines]
    assert all(found), lines
    assert lines[0].startswith(f"{failing}: ") and lines[1].startswith(f"{passing}: ")
    first, second = (match.groups() for match in found if match)
    assert first[1:] == ("1", "TIDAK PATUH", "submitted")
    assert second[1:] == ("1", "PATUH", "submitted")
    stored = api.call("GET", f"/api/v1/submissions/{first[0]}", people.pemohon).json()
    assert (
        stored["document_id"] == failing_id and stored["versions"][-1]["verdict"] == "non_compliant"
    )
    # The same document again: its next version.
    failing.write_bytes(make_proposal(failing_id))
    again = _submit(desk_server, people.pemohon.token, str(failing))
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"/submissions/{first[0]}/ · versi 2 · PATUH · status submitted" in again.stdout


def test_submit_another_opds_document_is_refused_with_the_desks_reason(
    people: People, desk_server: str, tmp_path: Path
) -> None:
    theirs = tmp_path / "dinas-lain.yaml"
    theirs.write_bytes(make_proposal(new_id(), opd=OTHER_OPD))
    run = _submit(desk_server, people.pemohon.token, str(theirs))
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.stdout == ""
    assert f"{theirs}: desk menolak (HTTP 403)" in run.stderr


def test_submit_with_a_wrong_token_is_exit_3(desk_server: str, tmp_path: Path) -> None:
    document = tmp_path / "u.yaml"
    document.write_bytes(make_proposal(new_id()))
    run = _submit(desk_server, "bukan-token", str(document))
    assert run.returncode == 3
    assert "menolak token (HTTP 401)" in run.stderr


def test_submit_draft_asks_for_a_draft_and_never_passes_a_submission_off_as_one(
    api: Api, people: People, desk_server: str, tmp_path: Path
) -> None:
    document = tmp_path / "draf.yaml"
    document.write_bytes(make_proposal(new_id()))
    run = _submit(desk_server, people.pemohon.token, "--draft", str(document))
    pk = re.search(r"/submissions/(\d+)/", run.stdout)
    assert pk, run.stdout + run.stderr
    status = api.call("GET", f"/api/v1/submissions/{pk.group(1)}", people.pemohon).json()["status"]
    if status == "draft":  # a desk with drafts (POST /api/v1/submissions?draft=1)
        assert run.returncode == 0, run.stdout + run.stderr
        assert "status draft" in run.stdout
    else:  # a desk without them took it as a submission: said, and not a success
        assert run.returncode == 2, run.stdout + run.stderr
        assert f"diminta sebagai draf, tetapi desk ini menyimpannya dengan status {status}" in (
            run.stderr
        )
