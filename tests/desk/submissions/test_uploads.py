"""Uploads through the JSON API against a real `patuh desk serve`, on SQLite and
PostgreSQL: a new submission then a new version with the finding at its line, another
OPD's document refused, versions only while submitted or returned, a check that stores
nothing, the CLI's limits, one document per submission."""

from __future__ import annotations

from desk.conftest import ROOT, Api, People, make_proposal, new_id

LIST_FIELDS = {"id", "kind", "document_id", "opd", "title", "status", "verdict", "version"}
LIST_FIELDS |= {"updated_at"}
DETAIL_FIELDS = {"id", "kind", "document_id", "opd", "title", "status", "versions", "report"}
DETAIL_FIELDS |= {"letter"}
DETAIL_FIELDS |= {"review"}
LIST_FIELDS |= {
    "assignee",
    "due",
    "overdue",
}  # assignment and deadlines (issue 24)  # four eyes: who marked it reviewed (issue 24)
VERSION_FIELDS = {"version", "verdict", "document_digest", "uploaded_at", "uploaded_by"}


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


def test_upload_of_another_opds_document_is_403(api: Api, people: People) -> None:
    refused = api.upload(people.pemohon2, make_proposal(opd="Dinas Kesehatan"))
    assert refused.status_code == 403 and refused.json()["error"] == "not_your_opd"
    assert api.upload(people.verifikator, make_proposal()).status_code == 403


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
