"""Revoking a recommendation letter (engine/desk/letters/services.py), on SQLite and
PostgreSQL: only a pimpinan, with a reason, once; the verification and the register
follow at once, so a procurement citing the letter fails MDN-KOOR-04 at its next check."""

from __future__ import annotations

from desk.conftest import Api, People, make_proposal
from desk.letters.test_thread import (
    LETTER,
    PROPOSAL_REF,
    make_procurement,
    recommended,
    thread_findings,
)


def test_only_a_pimpinan_revokes_with_a_reason_and_only_once(api: Api, people: People) -> None:
    opd = people.pemohon.opd or ""
    proposal, letter = recommended(people, people.pemohon, opd=opd)
    path = f"/api/v1/submissions/{proposal.pk}/letter/revoke"
    for person in (people.pemohon, people.verifikator):
        refused = api.call("POST", path, person, json={"note": "salah terbit"})
        assert refused.status_code == 403, (person.username, refused.text)
        assert refused.json()["error"] == "forbidden"
    # Another OPD's applicant does not even learn that the submission exists.
    assert api.call("POST", path, people.pemohon2, json={"note": "x"}).status_code == 404
    empty = api.call("POST", path, people.pimpinan, json={"note": "  "})
    assert (empty.status_code, empty.json()["error"]) == (400, "note_required")
    assert api.call("GET", f"/api/v1/verify/{letter.code}", None).json()["valid"] is True

    done = api.call("POST", path, people.pimpinan, json={"note": "Anggaran dibatalkan"})
    assert done.status_code == 200, done.text
    assert done.json()["number"] == letter.number and done.json()["valid"] is False
    again = api.call("POST", path, people.pimpinan, json={"note": "lagi"})
    assert (again.status_code, again.json()["error"]) == (409, "already_revoked")
    assert api.call("GET", f"/api/v1/verify/{letter.code}", None).json()["valid"] is False

    events = api.call("GET", f"/api/v1/submissions/{proposal.pk}/audit", people.pemohon).json()
    revoked = [e for e in events["events"] if e["action"] == "letter_revoked"]
    assert len(revoked) == 1
    assert revoked[0]["note"] == "Anggaran dibatalkan" and revoked[0]["role"] == "pimpinan"
    # The decision on the document stands; only the letter is withdrawn.
    detail = api.call("GET", f"/api/v1/submissions/{proposal.pk}", people.pemohon).json()
    assert detail["status"] == "recommended"


def test_a_submission_without_a_letter_has_nothing_to_revoke(api: Api, people: People) -> None:
    uploaded = api.upload(people.pemohon, make_proposal(opd=people.pemohon.opd or ""))
    path = f"/api/v1/submissions/{uploaded.json()['id']}/letter/revoke"
    answer = api.call("POST", path, people.pimpinan, json={"note": "x"})
    assert (answer.status_code, answer.json()["error"]) == (404, "no_letter")


def test_a_procurement_citing_a_revoked_letter_fails_at_its_next_check(people: People) -> None:
    from engine.desk.letters.services import revoke_letter
    from engine.desk.submissions.services import submit

    opd = people.pemohon.opd or ""
    proposal, letter = recommended(people, people.pemohon, opd=opd)
    upload = make_procurement(proposal.document_id, letter.number, opd=opd)
    assert submit(people.pemohon.user, upload, "p.yaml").version.verdict == "compliant"
    revoke_letter(people.pimpinan.user, proposal.pk, "Dicabut untuk diuji")
    again = submit(people.pemohon.user, upload, "p.yaml")
    # The revoked letter, and the proposal it recommended is no longer recommended.
    assert thread_findings(again.checked.answer) == {
        ("MDN-KOOR-04", LETTER, "revoked"),
        ("MDN-PBJ-08", PROPOSAL_REF, "not_recommended"),
    }
    assert again.version.verdict == "non_compliant"
