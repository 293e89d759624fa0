"""Recommendation letters (engine/desk/letters/) on SQLite and PostgreSQL: the number's
pattern is a setting, a recommendation issues a letter that closes the submission and
verifies publicly, and numbers follow each other."""

from __future__ import annotations

from typing import Any

from desk.conftest import Api, People, make_proposal, new_id

VERIFY_FIELDS = {"valid", "number", "issued_at", "opd", "kind", "document_id", "title"}
VERIFY_FIELDS |= {"document_digest", "policy_digest", "pdf_sha256", "signed"}


def test_letter_pattern_is_configurable(people: People) -> None:
    from engine.desk.letters.selectors import valid_letter_pattern, verify_letter
    from engine.desk.models import DeskSettings
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import transition

    assert valid_letter_pattern("555/{seq:03d}/Diskominfo/{year}")
    assert not valid_letter_pattern("555/{year}")  # would repeat
    assert not valid_letter_pattern("{seq.__class__}")
    settings, _ = DeskSettings.objects.get_or_create(pk=1)
    settings.letter_pattern = "REK-{year}-{seq:05d}"
    settings.save()
    try:
        result = submit(people.pemohon.user, make_proposal(), "a.yaml")
        transition(people.verifikator.user, result.submission.pk, "in_review")
        transition(people.verifikator.user, result.submission.pk, "reviewed", "Telaah selesai.")
        letter: Any = transition(people.pimpinan.user, result.submission.pk, "recommended").letter
        assert letter.number == f"REK-{letter.year}-{letter.seq:05d}"
        assert letter.signer_name == "Uji pimpinan" and len(letter.code) == 16
        assert verify_letter(letter.code.lower()) == letter
    finally:
        settings.delete()


def test_recommendation_letter_closes_and_verifies(api: Api, people: People) -> None:
    doc = new_id()
    pk = api.upload(people.pemohon, make_proposal(doc)).json()["id"]
    api.move(people.verifikator, pk, "in_review")
    api.move(people.verifikator, pk, "reviewed", "Telaah selesai.")
    answer = api.move(people.pimpinan, pk, "recommended")
    assert answer.status_code == 200, answer.text
    letter = answer.json()["letter"]
    assert set(letter) == {"number", "code", "issued_at", "url"}
    assert letter["number"].startswith("555/") and "/Diskominfo/" in letter["number"]
    assert letter["url"].endswith(f"/verify/{letter['code']}")
    closed = api.upload(people.pemohon, make_proposal(doc))
    assert closed.status_code == 409 and closed.json()["error"] == "closed"

    verified = api.call("GET", f"/api/v1/verify/{letter['code']}")  # public: no token
    assert verified.status_code == 200 and set(verified.json()) == VERIFY_FIELDS
    detail = api.call("GET", f"/api/v1/submissions/{pk}", people.pemohon).json()
    assert verified.json()["valid"] is True
    assert verified.json()["document_digest"] == detail["versions"][-1]["document_digest"]
    assert (verified.json()["document_id"], verified.json()["opd"]) == (doc, "Dinas Kesehatan")
    assert detail["letter"]["number"] == letter["number"]
    assert api.call("GET", "/api/v1/verify/NOSUCHCODE0000").status_code == 404


def test_letter_numbers_follow_each_other(api: Api, people: People) -> None:
    numbers = []
    for _ in range(2):
        pk = api.upload(people.pemohon, make_proposal()).json()["id"]
        api.move(people.verifikator, pk, "in_review")
        api.move(people.verifikator, pk, "reviewed", "Telaah selesai.")
        numbers.append(api.move(people.pimpinan, pk, "recommended").json()["letter"]["number"])
    first, second = (int(n.split("/")[1]) for n in numbers)
    assert second == first + 1
    assert numbers[0].split("/")[3] == numbers[1].split("/")[3]  # the year
