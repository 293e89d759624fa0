"""The register is no oracle (issue 21, item 4): a caller's check sees only the register
entries of the submissions they may read, so its answer never tells which OPD holds
which letter or proposal, nor that another OPD's letter was revoked. Through the JSON
API of a real `patuh desk serve` (POST /api/v1/check, an upload) and the checks again a
reviewer's decision makes, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from desk.conftest import Api, People, new_id
from desk.letters.test_thread import (
    LETTER,
    PROPOSAL_REF,
    make_procurement,
    recommended,
    thread_findings,
)


def _check(api: Api, person: Any, body: bytes) -> dict[str, Any]:
    answer = api.call(
        "POST", "/api/v1/check", person, data=body, headers={"Content-Type": "application/yaml"}
    )
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def test_a_check_sees_only_what_the_caller_may_read(api: Api, people: People) -> None:
    from engine.desk.models import Letter

    own_opd, other_opd = people.pemohon.opd or "", people.pemohon2.opd or ""
    theirs, their_letter = recommended(people, people.pemohon2, opd=other_opd)
    _, their_revoked = recommended(people, people.pemohon2, opd=other_opd)
    Letter.objects.filter(pk=their_revoked.pk).update(revoked=True)

    # Posing as the other OPD: the document that would pass if the caller saw its
    # register fails as if the letter and the proposal did not exist.
    posing = make_procurement(theirs.document_id, their_letter.number, opd=other_opd)
    assert thread_findings(_check(api, people.pemohon, posing)) == {
        ("MDN-KOOR-04", LETTER, "unknown"),
        ("MDN-PBJ-08", PROPOSAL_REF, "not_recommended"),
    }
    # Citing them from one's own OPD: never `other_opd`, never `revoked`.
    for number in (their_letter.number, their_revoked.number):
        citing = make_procurement(theirs.document_id, number, opd=own_opd)
        assert thread_findings(_check(api, people.pemohon, citing)) == {
            ("MDN-KOOR-04", LETTER, "unknown"),
            ("MDN-PBJ-08", PROPOSAL_REF, "not_recommended"),
        }
    # A reviewer reads the whole register: the other OPD's own document passes.
    assert thread_findings(_check(api, people.verifikator, posing)) == set()
    # And the other OPD's applicant, its own.
    assert thread_findings(_check(api, people.pemohon2, posing)) == set()


def test_stored_answers_name_no_other_opds_records(api: Api, people: People) -> None:
    """An upload, and the check again before a recommendation (made by the head, who
    reads everything, and stored where the applicant reads it), see the register as
    the submission's OPD may: another OPD's letter is `unknown`, not `other_opd`."""
    own_opd, other_opd = people.pemohon.opd or "", people.pemohon2.opd or ""
    own, _ = recommended(people, people.pemohon, opd=own_opd)
    _, their_letter = recommended(people, people.pemohon2, opd=other_opd)
    citing = make_procurement(own.document_id, their_letter.number, opd=own_opd)
    uploaded = api.upload(people.pemohon, citing)
    assert uploaded.status_code == 201, uploaded.text
    expected = {("MDN-KOOR-04", LETTER, "unknown")}
    assert thread_findings(uploaded.json()["report"]) == expected
    pk = uploaded.json()["id"]
    assert api.move(people.pokja, pk, "in_review").status_code == 200
    reviewed = api.move(people.pokja, pk, "reviewed", "Valid.", outcome="valid")
    assert reviewed.status_code == 200, reviewed.text
    refused = api.move(people.pimpinan, pk, "recommended")
    assert refused.status_code == 409, refused.text
    detail = api.call("GET", f"/api/v1/submissions/{pk}", people.pemohon).json()
    assert thread_findings(detail["report"]) == expected


def test_a_letter_of_an_earlier_pattern_is_still_the_desks(api: Api, people: People) -> None:
    """Another OPD's letter numbered under an earlier pattern: the caller's register does
    not list it, yet citing it still fires MDN-KOOR-04 (`unknown`), never passes."""
    from engine.desk.models import DeskSettings

    own_opd, other_opd = people.pemohon.opd or "", people.pemohon2.opd or ""
    own, _ = recommended(people, people.pemohon, opd=own_opd)
    settings, _ = DeskSettings.objects.get_or_create(pk=1)
    settings.letter_pattern = "REK-" + new_id()[4:8] + "-{year}-{seq:04d}"
    settings.save()
    try:
        _, earlier = recommended(people, people.pemohon2, opd=other_opd)
    finally:
        settings.delete()
    assert earlier.number.startswith("REK-")
    citing = make_procurement(own.document_id, earlier.number, opd=own_opd)
    assert thread_findings(_check(api, people.pemohon, citing)) == {
        ("MDN-KOOR-04", LETTER, "unknown")
    }
    # Any number the register does not hold fires, whatever its shape (issue 20.12:
    # fail closed), and says no more than `unknown`.
    other = make_procurement(own.document_id, "SK/12/Diskominfo/2017", opd=own_opd)
    assert thread_findings(_check(api, people.pemohon, other)) == {
        ("MDN-KOOR-04", LETTER, "unknown")
    }
