"""The JSON API of desk.md against a real `patuh desk serve`, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from desk.conftest import ROOT, Api, People, make_proposal, new_id

LIST_FIELDS = {"id", "kind", "document_id", "opd", "title", "status", "verdict", "version"}
LIST_FIELDS |= {"updated_at"}
DETAIL_FIELDS = {"id", "kind", "document_id", "opd", "title", "status", "versions", "report"}
DETAIL_FIELDS |= {"letter"}
VERSION_FIELDS = {"version", "verdict", "document_digest", "uploaded_at", "uploaded_by"}
EVENT_FIELDS = {"at", "actor", "role", "action", "from", "to", "version", "note"}
EVENT_FIELDS |= {"document_digest"}
VERIFY_FIELDS = {"valid", "number", "issued_at", "opd", "kind", "document_id", "title"}
VERIFY_FIELDS |= {"document_digest", "policy_digest"}


def _findings(report: dict) -> list[dict]:
    return [f for result in report["results"] for f in result["findings"]]


def test_upload_then_new_version_and_the_finding_at_its_line(api: Api, people: People) -> None:
    doc = new_id()
    first = api.upload(people.pemohon, make_proposal(doc, hosting="opd_server_room"))
    assert first.status_code == 201, first.text
    body = first.json()
    assert set(body) == {"id", "version", "status", "verdict", "report"}
    assert (body["version"], body["status"], body["verdict"]) == (1, "submitted", "non_compliant")
    host = [f for f in _findings(body["report"]) if f["rule"] == "MDN-HOST-01"]
    assert host and host[0]["path"] == "spec.hosting.location"
    text = make_proposal(doc, hosting="opd_server_room").decode().splitlines()
    assert text[host[0]["line"] - 1].strip() == "location: opd_server_room"
    assert "Lokasi penempatan sistem" in host[0]["message"]  # Bahasa Indonesia by default

    second = api.upload(people.pemohon, make_proposal(doc))
    assert second.status_code == 200, second.text
    assert (second.json()["id"], second.json()["version"]) == (body["id"], 2)
    assert second.json()["verdict"] == "compliant"

    detail = api.call("GET", f"/api/v1/submissions/{body['id']}", people.verifikator).json()
    assert set(detail) == DETAIL_FIELDS
    assert [v["version"] for v in detail["versions"]] == [1, 2]
    assert set(detail["versions"][0]) == VERSION_FIELDS
    assert detail["versions"][0]["uploaded_by"] == people.pemohon.username
    assert detail["versions"][0]["document_digest"].startswith("sha256:")
    assert detail["letter"] is None
    assert detail["report"]["summary"]["compliant"] == 1

    listed = api.call("GET", "/api/v1/submissions?status=submitted", people.verifikator).json()
    rows = [r for r in listed["submissions"] if r["id"] == body["id"]]
    assert len(rows) == 1 and set(rows[0]) == LIST_FIELDS
    assert (rows[0]["version"], rows[0]["verdict"], rows[0]["opd"]) == (
        2,
        "compliant",
        "Dinas Kesehatan",
    )


def test_english_on_request(api: Api, people: People) -> None:
    answer = api.upload(people.pemohon, make_proposal(hosting="opd_server_room"), lang="en")
    host = [f for f in _findings(answer.json()["report"]) if f["rule"] == "MDN-HOST-01"]
    assert "The hosting location" in host[0]["message"]
    refused = api.call("GET", "/api/v1/submissions", token="wrong", lang="en").json()
    assert refused["error"] == "unauthorized" and "token" in refused["message"]


def test_opd_isolation_is_404_on_every_route(api: Api, people: People) -> None:
    created = api.upload(people.pemohon, make_proposal()).json()
    pk = created["id"]
    for outsider in (people.pemohon2, people.pokja, people.admin):  # pokja: procurements only
        assert api.call("GET", f"/api/v1/submissions/{pk}", outsider).status_code == 404
        assert api.call("GET", f"/api/v1/submissions/{pk}/audit", outsider).status_code == 404
        moved = api.move(outsider, pk, "in_review")
        assert moved.status_code == 404 and moved.json()["error"] == "not_found"
        listed = api.call("GET", "/api/v1/submissions", outsider).json()["submissions"]
        assert pk not in [row["id"] for row in listed]
    assert api.call("GET", f"/api/v1/submissions/{pk}", people.pemohon).status_code == 200


def test_missing_or_wrong_token_is_401_everywhere(api: Api, people: People) -> None:
    body = make_proposal()
    routes = [
        ("POST", "/api/v1/check", {"data": body}),
        ("POST", "/api/v1/submissions", {"data": body}),
        ("GET", "/api/v1/submissions", {}),
        ("GET", "/api/v1/submissions/1", {}),
        ("POST", "/api/v1/submissions/1/transitions", {"json": {"to": "in_review"}}),
        ("GET", "/api/v1/submissions/1/audit", {}),
    ]
    for method, path, kwargs in routes:
        for token in (None, "patuh_not-a-token", people.pemohon.token + "x"):
            answer = api.call(method, path, token=token, **kwargs)
            assert answer.status_code == 401, (method, path, token)
            assert answer.json()["error"] == "unauthorized"
            assert "Token API" in answer.json()["message"]  # Bahasa Indonesia by default


def test_upload_of_another_opds_document_is_403(api: Api, people: People) -> None:
    refused = api.upload(people.pemohon2, make_proposal(opd="Dinas Kesehatan"))
    assert refused.status_code == 403 and refused.json()["error"] == "not_your_opd"
    assert api.upload(people.verifikator, make_proposal()).status_code == 403


def test_recommendation_refused_unless_latest_is_compliant(api: Api, people: People) -> None:
    pk = api.upload(people.pemohon, make_proposal(hosting="opd_server_room")).json()["id"]
    assert api.move(people.verifikator, pk, "in_review").status_code == 200
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
    assert api.move(people.pimpinan, pk, "recommended").status_code == 409


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


def test_versions_only_while_submitted_or_returned(api: Api, people: People) -> None:
    doc = new_id()
    pk = api.upload(people.pemohon, make_proposal(doc)).json()["id"]
    api.move(people.verifikator, pk, "in_review")
    in_review = api.upload(people.pemohon, make_proposal(doc))
    assert in_review.status_code == 409 and in_review.json()["error"] == "not_accepting"
    api.move(people.verifikator, pk, "returned", note="Perbaiki.")
    again = api.upload(people.pemohon, make_proposal(doc))
    assert again.status_code == 200 and again.json()["status"] == "submitted"
    assert again.json()["version"] == 2


def test_roles_that_may_not_get_403(api: Api, people: People) -> None:
    pk = api.upload(people.pemohon, make_proposal()).json()["id"]
    assert api.move(people.pemohon, pk, "in_review").status_code == 403
    api.move(people.verifikator, pk, "in_review")
    refused = api.move(people.verifikator, pk, "recommended")
    assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
    assert api.move(people.verifikator, pk, "in_review").status_code == 409  # already there
    assert api.move(people.verifikator, pk, "nowhere").status_code == 400


def test_recommendation_letter_closes_and_verifies(api: Api, people: People) -> None:
    doc = new_id()
    pk = api.upload(people.pemohon, make_proposal(doc)).json()["id"]
    api.move(people.verifikator, pk, "in_review")
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
        numbers.append(api.move(people.pimpinan, pk, "recommended").json()["letter"]["number"])
    first, second = (int(n.split("/")[1]) for n in numbers)
    assert second == first + 1
    assert numbers[0].split("/")[3] == numbers[1].split("/")[3]  # the year


def test_check_stores_nothing(api: Api, people: People) -> None:
    before = len(api.call("GET", "/api/v1/submissions", people.pemohon).json()["submissions"])
    two = make_proposal() + b"\n---\n" + make_proposal()
    answer = api.call(
        "POST",
        "/api/v1/check",
        people.pemohon,
        data=two,
        headers={"Content-Type": "application/yaml"},
    )
    assert answer.status_code == 200
    assert answer.json()["summary"]["documents"] == 2
    assert set(answer.json()) >= {"summary", "engine", "results", "generated_at"}
    after = len(api.call("GET", "/api/v1/submissions", people.pemohon).json()["submissions"])
    assert after == before


def test_upload_limits_as_in_the_cli(api: Api, people: People) -> None:
    big = make_proposal() + b"# " + b"x" * (2 * 1024 * 1024) + b"\n"
    for path in ("/api/v1/submissions", "/api/v1/check"):
        refused = api.call("POST", path, people.pemohon, data=big)
        assert refused.status_code == 413
        assert refused.json()["error"] == "too_large" and "2 MiB" in refused.json()["message"]


def test_several_documents_cannot_be_one_submission(api: Api, people: People) -> None:
    two = make_proposal() + b"\n---\n" + make_proposal()
    refused = api.upload(people.pemohon, two)
    assert refused.status_code == 400 and refused.json()["error"] == "not_one_document"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_errors_have_code_and_message(api: Api, people: People, lang: str) -> None:
    answer = api.call("GET", "/api/v1/submissions/999999", people.verifikator, lang=lang)
    assert answer.status_code == 404
    assert set(answer.json()) == {"error", "message"}
    assert answer.json()["message"] == (
        "Submission not found." if lang == "en" else "Pengajuan tidak ditemukan."
    )


def test_the_loaders_limits_apply_to_uploads(api: Api, people: People) -> None:
    """The same loader as `patuh check`: an alias bomb is refused as YAML, never expanded;
    as an upload of a pemohon of another OPD (Dinas Pendidikan's file) nothing is filed."""
    bomb = (ROOT / "fixtures" / "invalid" / "alias-bomb.yaml").read_bytes()
    checked = api.call("POST", "/api/v1/check", people.pemohon2, data=bomb)
    assert checked.status_code == 200
    (result,) = checked.json()["results"]
    assert result["verdict"] == "invalid"
    assert [f["rule"] for f in result["findings"]] == ["YAML"]
    filed = api.upload(people.pemohon2, bomb)
    assert filed.status_code == 400 and filed.json()["error"] == "unidentified"
    assert filed.json()["report"]["results"][0]["findings"][0]["rule"] == "YAML"
