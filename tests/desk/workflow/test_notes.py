"""Notes are at most 5,000 characters everywhere (issue 21, item 6): a transition's, a
waiver decision's and withdrawal's, a revocation's reason. Through the JSON API of a
real `patuh desk serve` (400 `text_too_long`, saying the limit) and the services
themselves (NoteTooLong), on SQLite and PostgreSQL; nothing is stored past the limit."""

from __future__ import annotations

import pytest

from desk.conftest import Api, People, make_proposal
from desk.waivers.test_waivers import _decide, _request, _upload_failing

LONG = "catatan " * 625 + "x"  # 5,001 characters
LIMIT = "a" * 5_000


def _too_long(answer: object) -> None:
    assert answer.status_code == 400, answer.text  # type: ignore[attr-defined]
    body = answer.json()  # type: ignore[attr-defined]
    assert body["error"] == "text_too_long"
    assert "note" in body["message"] and "5000" in body["message"], body["message"]


def test_api_refuses_notes_over_5000_characters(api: Api, people: People) -> None:
    from engine.desk.models import AuditEvent

    assert len(LONG) == 5_001
    pk = api.upload(people.pemohon, make_proposal()).json()["id"]
    assert api.move(people.verifikator, pk, "in_review").status_code == 200
    _too_long(api.move(people.verifikator, pk, "returned", LONG))
    assert api.call("GET", f"/api/v1/submissions/{pk}", people.pemohon).json()["status"] == (
        "in_review"
    )
    exactly = api.move(people.verifikator, pk, "returned", LIMIT)
    assert exactly.status_code == 200, exactly.text
    assert AuditEvent.objects.filter(submission_id=pk, action="transition").last().note == LIMIT

    # A waiver's refusal and withdrawal.
    failing = _upload_failing(api, people.pemohon)["id"]
    wid = _request(api, people.pemohon, failing).json()["id"]
    _too_long(_decide(api, people.pimpinan, wid, approve=False, note=LONG))
    assert _decide(api, people.pimpinan, wid, approve=True, reference="800/9/D/2026").ok
    _too_long(
        api.call("POST", f"/api/v1/waivers/{wid}/withdraw", people.pimpinan, json={"note": LONG})
    )

    # A revocation's reason, on a recommended proposal's letter.
    done = api.upload(people.pemohon, make_proposal()).json()["id"]
    assert api.move(people.verifikator, done, "in_review").status_code == 200
    api.move(people.verifikator, done, "reviewed", "Telaah selesai.")
    assert api.move(people.pimpinan, done, "recommended").status_code == 200
    revoke = f"/api/v1/submissions/{done}/letter/revoke"
    _too_long(api.call("POST", revoke, people.pimpinan, json={"note": LONG}))
    letter = api.call("GET", f"/api/v1/submissions/{done}", people.pemohon).json()["letter"]
    verified = api.call("GET", f"/api/v1/verify/{letter['code']}").json()
    assert verified["valid"] is True


def test_services_refuse_notes_over_5000_characters(people: People) -> None:
    """Whoever calls them (a page, the API, a script): the services refuse too."""
    from engine.desk.core.notes import NoteTooLong
    from engine.desk.letters.services import revoke_letter
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import transition

    pk = submit(people.pemohon.user, make_proposal(), "a.yaml").submission.pk
    transition(people.verifikator.user, pk, "in_review")
    with pytest.raises(NoteTooLong) as refused:
        transition(people.verifikator.user, pk, "returned", LONG)
    assert refused.value.status == 400
    assert "5001" in refused.value.message("en") and "5000" in refused.value.message("en")
    transition(people.verifikator.user, pk, "reviewed", "Telaah selesai.")
    transition(people.pimpinan.user, pk, "recommended")
    with pytest.raises(NoteTooLong):
        revoke_letter(people.pimpinan.user, pk, LONG)
