"""The JSON API as a whole (desk.md, "The HTTP API") against a real `patuh desk serve`, on
SQLite and PostgreSQL: the request's language, 404 on every route for what the caller
may not read, 401 on every route without a valid token, errors as code and message.
Each domain's routes are tested in its own folder (submissions/test_uploads.py, ...)."""

from __future__ import annotations

import pytest

from desk.conftest import Api, People, make_proposal


def _findings(report: dict) -> list[dict]:
    return [f for result in report["results"] for f in result["findings"]]


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


@pytest.mark.parametrize("lang", ["id", "en"])
def test_errors_have_code_and_message(api: Api, people: People, lang: str) -> None:
    answer = api.call("GET", "/api/v1/submissions/999999", people.verifikator, lang=lang)
    assert answer.status_code == 404
    assert set(answer.json()) == {"error", "message"}
    assert answer.json()["message"] == (
        "Submission not found." if lang == "en" else "Pengajuan tidak ditemukan."
    )
