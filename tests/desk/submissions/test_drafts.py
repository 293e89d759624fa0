"""Drafts, submitting and withdrawing, through the JSON API of a real `patuh desk serve`
on SQLite and PostgreSQL (issue 23): `?draft=1` keeps a new document a draft, checked at
every save and seen by nobody but its OPD's applicants (404 for every reviewer, absent
from their lists, the register and the export) until a pemohon submits it; a draft or a
submitted document is withdrawn with a note, and is closed then; at most 50 open drafts
per applicant; any version downloads exactly as stored."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from desk.conftest import Api, People, make_proposal, new_id


def _draft(api: Api, people: People, body: bytes) -> dict:
    answer = api.call(
        "POST",
        "/api/v1/submissions?draft=1",
        people.pemohon,
        data=body,
        headers={"Content-Type": "application/yaml"},
    )
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def test_a_draft_is_checked_and_invisible_to_reviewers_until_submitted(
    api: Api, people: People
) -> None:
    doc = new_id()
    first = _draft(api, people, make_proposal(doc, hosting="opd_server_room"))
    assert (first["status"], first["version"], first["verdict"]) == (
        "draft",
        1,
        "non_compliant",
    )
    rules = {f["rule"] for r in first["report"]["results"] for f in r["findings"]}
    assert "MDN-HOST-01" in rules  # every save is checked and shown
    pk = first["id"]

    # saved again: still a draft, version 2
    again = _draft(api, people, make_proposal(doc))
    assert (again["id"], again["version"], again["status"]) == (pk, 2, "draft")

    # nobody but the OPD's applicants: 404 everywhere, in no list, count or export
    for reviewer in (people.verifikator, people.pimpinan):
        assert api.call("GET", f"/api/v1/submissions/{pk}", reviewer).status_code == 404
        assert api.call("GET", f"/api/v1/submissions/{pk}/audit", reviewer).status_code == 404
        assert (
            api.call("GET", f"/api/v1/submissions/{pk}/versions/1.yaml", reviewer).status_code
            == 404
        )
        listed = api.call("GET", "/api/v1/submissions", reviewer).json()["submissions"]
        assert pk not in {row["id"] for row in listed}
        moved = api.move(reviewer, pk, "in_review")
        assert moved.status_code == 404, moved.text
    assert api.call("GET", f"/api/v1/submissions/{pk}", people.pemohon2).status_code == 404
    export = api.call("GET", "/api/v1/export.xlsx", people.pimpinan)
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert doc not in {str(cell.value) for row in sheet.iter_rows() for cell in row}
    mine = api.call("GET", "/api/v1/submissions", people.pemohon).json()["submissions"]
    assert [row["status"] for row in mine if row["id"] == pk] == ["draft"]
    # no waiver for a draft (nobody could decide it), and not in the register's counts
    asked = api.call(
        "POST",
        f"/api/v1/submissions/{pk}/waivers",
        people.pemohon,
        json={"rule": "MDN-HOST-01", "justification": "x", "expires": "2099-01-01"},
    )
    assert asked.status_code == 404, asked.text
    from engine.desk.register.selectors import dashboard

    for person in (people.pemohon, people.pimpinan):
        board = dashboard(person.user, "id")
        assert "draft" not in board.status_counts

    # a pemohon of the OPD submits it: now the reviewers see it
    submitted = api.move(people.pemohon, pk, "submitted")
    assert submitted.status_code == 200, submitted.text
    seen = api.call("GET", f"/api/v1/submissions/{pk}", people.verifikator)
    assert seen.status_code == 200 and seen.json()["status"] == "submitted"
    assert [v["version"] for v in seen.json()["versions"]] == [1, 2]


def test_a_reviewer_cannot_submit_a_draft_and_another_opd_cannot_see_it(
    api: Api, people: People
) -> None:
    pk = _draft(api, people, make_proposal(new_id()))["id"]
    assert api.move(people.pemohon2, pk, "submitted").status_code == 404
    assert api.move(people.verifikator, pk, "submitted").status_code == 404


def test_withdraw_needs_a_note_and_closes_the_submission(api: Api, people: People) -> None:
    doc = new_id()
    pk = _draft(api, people, make_proposal(doc))["id"]
    bare = api.move(people.pemohon, pk, "withdrawn")
    assert bare.status_code == 400 and bare.json()["error"] == "note_required"
    done = api.move(people.pemohon, pk, "withdrawn", "Digabung dengan usulan lain.")
    assert done.status_code == 200 and done.json()["status"] == "withdrawn"
    again = api.upload(people.pemohon, make_proposal(doc))
    assert again.status_code == 409 and again.json()["error"] == "closed"
    # withdrawn from submitted too, by the applicant only
    other = api.upload(people.pemohon, make_proposal(new_id())).json()["id"]
    assert api.move(people.verifikator, other, "withdrawn", "bukan saya").status_code == 403
    moved = api.move(people.pemohon, other, "withdrawn", "Anggaran dialihkan.")
    assert moved.status_code == 200
    events = api.call("GET", f"/api/v1/submissions/{other}/audit", people.verifikator).json()
    last = events["events"][-1]
    assert (last["from"], last["to"], last["note"]) == (
        "submitted",
        "withdrawn",
        "Anggaran dialihkan.",
    )


def test_at_most_fifty_open_drafts_per_applicant(api: Api, people: People) -> None:
    from engine.desk.models import Opd, Status, Submission, Version
    from engine.desk.submissions.selectors import open_drafts
    from engine.desk.submissions.services import MAX_OPEN_DRAFTS

    # Drafts this applicant already keeps, filed as the desk files them (one version each).
    opd = Opd.objects.get(name=people.pemohon.opd)
    have = open_drafts(people.pemohon.user)
    for _ in range(MAX_OPEN_DRAFTS - have):
        kept = Submission.objects.create(
            opd=opd, kind="Proposal", document_id=new_id(), title="x", status=Status.DRAFT
        )
        Version.objects.create(
            submission=kept,
            number=1,
            filename="x.yaml",
            yaml_text="",
            verdict="invalid",
            report={},
            report_en={},
            uploaded_by=people.pemohon.user,
        )
    assert open_drafts(people.pemohon.user) == MAX_OPEN_DRAFTS
    refused = api.call(
        "POST",
        "/api/v1/submissions?draft=1",
        people.pemohon,
        data=make_proposal(new_id()),
        headers={"Content-Type": "application/yaml"},
    )
    assert refused.status_code == 409 and refused.json()["error"] == "too_many_drafts"
    assert "50 draf" in refused.json()["message"]
    # a submission (not a draft) is still accepted; and withdrawing one frees a place
    assert api.upload(people.pemohon, make_proposal(new_id())).status_code == 201
    Submission.objects.filter(opd=opd, status=Status.DRAFT).update(status=Status.WITHDRAWN)
    assert _draft(api, people, make_proposal(new_id()))["status"] == "draft"


def test_a_version_downloads_exactly_as_stored(api: Api, people: People) -> None:
    body = b"# komentar tetap ada\n" + make_proposal(new_id()) + b"\n# akhir \xc3\xa9\n"
    pk = api.upload(people.pemohon, body).json()["id"]
    got = api.call("GET", f"/api/v1/submissions/{pk}/versions/1.yaml", people.verifikator)
    assert got.status_code == 200
    assert got.content == body
    assert got.headers["Content-Disposition"].startswith("attachment;")
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert (
        api.call("GET", f"/api/v1/submissions/{pk}/versions/2.yaml", people.pemohon).status_code
        == 404
    )
    assert (
        api.call("GET", f"/api/v1/submissions/{pk}/versions/1.yaml", people.pemohon2).status_code
        == 404
    )
