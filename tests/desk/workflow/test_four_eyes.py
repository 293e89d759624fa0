"""Four eyes (desk.md, "The office's process"): the `reviewed` status between review and
decision, through the JSON API of a real `patuh desk serve`, on SQLite and PostgreSQL.
Nobody recommends what nobody else reviewed (409 `review_required`), nor what they
reviewed themselves (409 `same_person`); a procurement's review is the pokja's
validation, with its outcome and the SPSE/LPSE package code; each person's step is in
the audit trail, and the letter names the reviewer beside the signer."""

from __future__ import annotations

import uuid
from typing import Any

from django.test import Client

from desk.conftest import PASSWORD, Api, People, Person, make_proposal
from desk.letters.test_thread import make_procurement, recommended


def _second_pimpinan() -> Person:
    """Another pimpinan: the one who did not review."""
    from engine.desk.accounts import services

    name = f"pimpinan.{uuid.uuid4().hex[:6]}"
    user = services.create_user(name, "pimpinan", None, PASSWORD, full_name="Uji Pimpinan Kedua")
    return Person(name, PASSWORD, "pimpinan", None, user, services.new_token(user))


def _letter_of(pk: int) -> Any:
    from engine.desk.models import Letter

    return Letter.objects.get(submission_id=pk)


def test_recommending_what_nobody_reviewed_is_refused_review_required(
    api: Api, people: People
) -> None:
    pk = api.upload(people.pemohon, make_proposal()).json()["id"]
    assert api.move(people.pimpinan, pk, "in_review").status_code == 200
    refused = api.move(people.pimpinan, pk, "recommended")
    assert refused.status_code == 409 and refused.json()["error"] == "review_required"
    detail = api.call("GET", f"/api/v1/submissions/{pk}", people.pimpinan).json()
    assert detail["status"] == "in_review" and detail["letter"] is None
    assert detail["review"] is None


def test_a_note_is_required_to_mark_it_reviewed(api: Api, people: People) -> None:
    pk = api.upload(people.pemohon, make_proposal()).json()["id"]
    api.move(people.verifikator, pk, "in_review")
    refused = api.move(people.verifikator, pk, "reviewed", note="  ")
    assert refused.status_code == 400 and refused.json()["error"] == "note_required"


def test_the_pimpinan_who_reviewed_may_not_recommend_another_may(api: Api, people: People) -> None:
    other = _second_pimpinan()
    pk = api.upload(people.pemohon, make_proposal()).json()["id"]
    api.move(people.pimpinan, pk, "in_review")
    reviewed = api.move(people.pimpinan, pk, "reviewed", note="Sudah saya telaah.")
    assert reviewed.json() == {"status": "reviewed", "letter": None}
    refused = api.move(people.pimpinan, pk, "recommended")
    assert refused.status_code == 409 and refused.json()["error"] == "same_person"
    assert "Uji pimpinan" in refused.json()["message"]
    answer = api.move(other, pk, "recommended")
    assert answer.status_code == 200, answer.text
    assert _letter_of(pk).reviewer_name == "Uji pimpinan"
    events = api.call("GET", f"/api/v1/submissions/{pk}/audit", other).json()["events"]
    steps = [
        (e["actor"], e["role"], e["from"], e["to"]) for e in events if e["action"] == "transition"
    ]
    assert steps == [
        ("pimpinan", "pimpinan", "submitted", "in_review"),
        ("pimpinan", "pimpinan", "in_review", "reviewed"),
        (other.username, "pimpinan", "reviewed", "recommended"),
    ]


def test_the_verifikator_reviews_the_pimpinan_recommends_and_the_letter_names_both(
    api: Api, people: People
) -> None:
    pk = api.upload(people.pemohon, make_proposal()).json()["id"]
    api.move(people.verifikator, pk, "in_review")
    assert api.move(people.verifikator, pk, "recommended").status_code == 403
    assert api.move(people.verifikator, pk, "reviewed", "Hosting dan SLA sesuai.").ok
    assert api.move(people.verifikator, pk, "recommended").status_code == 403
    detail = api.call("GET", f"/api/v1/submissions/{pk}", people.pemohon).json()
    assert detail["status"] == "reviewed"
    assert detail["review"]["by"] == "verifikator" and detail["review"]["role"] == "verifikator"
    assert detail["review"]["note"] == "Hosting dan SLA sesuai."
    assert detail["review"]["outcome"] is None
    assert api.move(people.pimpinan, pk, "recommended").json()["letter"]["number"]
    assert _letter_of(pk).reviewer_name == "Uji verifikator"
    client = Client()
    client.force_login(people.pemohon.user)
    page = client.get(f"/submissions/{pk}/letter/").content.decode()
    assert "Penelaah: Uji verifikator" in page and "Uji pimpinan" in page


def test_either_may_return_a_reviewed_submission(api: Api, people: People) -> None:
    for who in (people.verifikator, people.pimpinan):
        pk = api.upload(people.pemohon, make_proposal()).json()["id"]
        api.move(people.verifikator, pk, "in_review")
        api.move(people.verifikator, pk, "reviewed", "Telaah selesai.")
        returned = api.move(who, pk, "returned", "Lengkapi kajian risiko.")
        assert returned.json() == {"status": "returned", "letter": None}, returned.text


def test_the_pokja_validates_a_procurement_with_its_outcome_and_package_code(
    api: Api, people: People
) -> None:
    opd = people.pemohon.opd or ""
    proposal, letter = recommended(people, people.pemohon, opd=opd)
    upload = make_procurement(proposal.document_id, letter.number, opd=opd)
    pk = api.upload(people.pemohon, upload).json()["id"]
    assert api.move(people.pokja, pk, "in_review").status_code == 200
    # The verifikator does not validate a procurement: that is the pokja's.
    assert api.move(people.verifikator, pk, "reviewed", "Telaah.").status_code == 403
    missing = api.move(people.pokja, pk, "reviewed", "Validasi selesai.")
    assert missing.status_code == 400 and missing.json()["error"] == "outcome_required"
    bad = api.call(
        "POST",
        f"/api/v1/submissions/{pk}/transitions",
        people.pokja,
        json={"to": "reviewed", "note": "x", "outcome": "valid", "package_code": "<b>12</b>"},
    )
    assert bad.status_code == 400 and bad.json()["error"] == "bad_package_code"
    done = api.call(
        "POST",
        f"/api/v1/submissions/{pk}/transitions",
        people.pokja,
        json={
            "to": "reviewed",
            "note": "Dokumen pemilihan sesuai.",
            "outcome": "valid",
            "package_code": "10234567000",
        },
    )
    assert done.json() == {"status": "reviewed", "letter": None}, done.text
    review = api.call("GET", f"/api/v1/submissions/{pk}", people.pimpinan).json()["review"]
    assert (review["by"], review["role"], review["outcome"], review["package_code"]) == (
        "pokja",
        "pokja",
        "valid",
        "10234567000",
    )
    answer = api.move(people.pimpinan, pk, "recommended")
    assert answer.status_code == 200, answer.text
    assert _letter_of(pk).reviewer_name == "Uji pokja"


def test_the_page_leads_a_phone_to_the_actions(people: People) -> None:
    """On one column (a phone) the actions follow the whole document: a link at the top
    leads to them for whoever has one to take, and only for them."""
    from engine.desk.submissions.services import submit

    pk = submit(people.pemohon.user, make_proposal(), "a.yaml").submission.pk
    reviewer = Client()
    reviewer.force_login(people.verifikator.user)
    page = reviewer.get(f"/submissions/{pk}/").content.decode()
    assert '<p class="to-actions"><a href="#tindakan">Ke tindakan ↓</a></p>' in page
    assert 'id="tindakan"' in page
    closed, _letter = recommended(people, people.pemohon)  # nothing left to do on it
    assert 'href="#tindakan"' not in reviewer.get(f"/submissions/{closed.pk}/").content.decode()
