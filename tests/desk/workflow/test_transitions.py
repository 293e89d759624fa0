"""Transitions through the JSON API against a real `patuh desk serve`, on SQLite and
PostgreSQL: a recommendation only of a compliant latest version (an invalid one blocks
it too), notes to return or reject (in the audit trail), 403 for a role that may not."""

from __future__ import annotations

from desk.conftest import Api, People, make_proposal, new_id

EVENT_FIELDS = {"at", "actor", "role", "action", "from", "to", "version", "note"}
EVENT_FIELDS |= {"document_digest"}


def test_recommendation_refused_unless_latest_is_compliant(api: Api, people: People) -> None:
    pk = api.upload(people.pemohon, make_proposal(hosting="opd_server_room")).json()["id"]
    assert api.move(people.verifikator, pk, "in_review").status_code == 200
    assert api.move(people.verifikator, pk, "reviewed", "Telaah selesai.").status_code == 200
    refused = api.move(people.pimpinan, pk, "recommended")
    assert refused.status_code == 409 and refused.json()["error"] == "not_compliant"
    assert "non_compliant" in refused.json()["message"]


def test_invalid_version_is_stored_and_blocks_recommendation(api: Api, people: People) -> None:
    doc = new_id()
    broken = make_proposal(doc).replace(b"  hosting:\n", b"  hosting:\n    nonsense: 1\n")
    answer = api.upload(people.pemohon, broken)
    assert answer.status_code == 201 and answer.json()["verdict"] == "invalid"
    pk = answer.json()["id"]
    api.move(people.verifikator, pk, "in_review")
    api.move(people.verifikator, pk, "reviewed", "Telaah selesai.")
    refused = api.move(people.pimpinan, pk, "recommended")
    assert refused.status_code == 409 and refused.json()["error"] == "not_compliant"


def test_notes_are_required_to_return_or_reject(api: Api, people: People) -> None:
    pk = api.upload(people.pemohon, make_proposal()).json()["id"]
    api.move(people.verifikator, pk, "in_review")
    for to, who in (("returned", people.verifikator), ("rejected", people.pimpinan)):
        refused = api.move(who, pk, to, note="   ")
        assert refused.status_code == 400 and refused.json()["error"] == "note_required"
    returned = api.move(people.verifikator, pk, "returned", note="Lengkapi kajian.")
    assert returned.json() == {"status": "returned", "letter": None}
    events = api.call("GET", f"/api/v1/submissions/{pk}/audit", people.verifikator).json()
    last = events["events"][-1]
    assert set(last) == EVENT_FIELDS
    assert (last["action"], last["from"], last["to"], last["note"]) == (
        "transition",
        "in_review",
        "returned",
        "Lengkapi kajian.",
    )
    assert last["actor"] == people.verifikator.username and last["role"] == "verifikator"


def test_roles_that_may_not_get_403(api: Api, people: People) -> None:
    pk = api.upload(people.pemohon, make_proposal()).json()["id"]
    assert api.move(people.pemohon, pk, "in_review").status_code == 403
    api.move(people.verifikator, pk, "in_review")
    refused = api.move(people.verifikator, pk, "recommended")
    assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
    assert api.move(people.verifikator, pk, "in_review").status_code == 409  # already there
    assert api.move(people.verifikator, pk, "nowhere").status_code == 400
