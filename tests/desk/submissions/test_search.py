"""Search, sorting and pages of the list (desk.md, "Search and pages"), through a real
`patuh desk serve` on SQLite and PostgreSQL: `q` matches the number, document id,
title, OPD and letter number; pages of `page_size` with the total `count`."""

from __future__ import annotations

import uuid

from desk.conftest import Api, People, make_proposal, new_id


def _list(api: Api, person: object, query: str) -> dict[str, object]:
    answer = api.call("GET", f"/api/v1/submissions?status=&{query}", person)  # type: ignore[arg-type]
    assert answer.status_code == 200, answer.text
    body: dict[str, object] = answer.json()
    assert set(body) == {"count", "page", "submissions"}
    return body


def _ids(body: dict[str, object]) -> list[int]:
    return [row["id"] for row in body["submissions"]]  # type: ignore[attr-defined, index]


def test_q_matches_title_document_id_number_opd_and_letter(api: Api, people: People) -> None:
    word = f"Cari{uuid.uuid4().hex[:8]}"
    doc = new_id()
    titled = api.upload(people.pemohon, make_proposal(title=f"Sistem {word} Puskesmas")).json()
    by_doc = api.upload(people.pemohon, make_proposal(doc)).json()
    other = api.upload(people.pemohon2, make_proposal(opd="Dinas Pendidikan")).json()
    assert _ids(_list(api, people.verifikator, f"q={word.lower()}")) == [titled["id"]]
    assert _ids(_list(api, people.verifikator, f"q={doc}")) == [by_doc["id"]]
    assert by_doc["id"] in _ids(_list(api, people.verifikator, f"q={by_doc['id']}"))
    pendidikan = _ids(_list(api, people.verifikator, "q=pendidikan"))
    assert other["id"] in pendidikan and titled["id"] not in pendidikan
    # Only what the caller may read: the other OPD's applicant never finds it.
    assert _list(api, people.pemohon2, f"q={word}")["count"] == 0
    # The letter number, once recommended.
    api.move(people.verifikator, by_doc["id"], "in_review")
    api.move(people.verifikator, by_doc["id"], "reviewed", "Telaah selesai.")
    number = api.move(people.pimpinan, by_doc["id"], "recommended").json()["letter"]["number"]
    assert _ids(_list(api, people.verifikator, f"q={number}")) == [by_doc["id"]]


def test_pages_and_sorting(api: Api, people: People) -> None:
    word = f"Hal{uuid.uuid4().hex[:8]}"
    made = [
        api.upload(people.pemohon, make_proposal(title=f"{word} {n}")).json()["id"]
        for n in range(5)
    ]
    first = _list(api, people.verifikator, f"q={word}&sort=id&page=1&page_size=2")
    assert (first["count"], first["page"], _ids(first)) == (5, 1, made[:2])
    third = _list(api, people.verifikator, f"q={word}&sort=id&page=3&page_size=2")
    assert (third["count"], third["page"], _ids(third)) == (5, 3, made[4:])
    beyond = _list(api, people.verifikator, f"q={word}&page=9&page_size=2")
    assert (beyond["count"], _ids(beyond)) == (5, [])
    newest = _list(api, people.verifikator, f"q={word}&sort=newest")
    assert _ids(newest) == made[::-1] and newest["count"] == 5
    for bad in ("page=0", "page_size=0", "page_size=501"):
        refused = api.call("GET", f"/api/v1/submissions?{bad}", people.verifikator)
        assert refused.status_code == 400 and refused.json()["error"] == "bad_page", bad


def test_the_queue_page_searches_the_same_way(people: People) -> None:
    from django.test import Client

    from engine.desk.submissions.services import submit

    word = f"Antre{uuid.uuid4().hex[:8]}"
    found = submit(people.pemohon.user, make_proposal(title=f"Sistem {word}"), "a.yaml")
    other = submit(people.pemohon.user, make_proposal(), "b.yaml")
    client = Client()
    client.force_login(people.verifikator.user)
    page = client.get("/", {"status": "", "q": word.upper(), "sort": "newest"}).content.decode()
    assert f'href="/submissions/{found.submission.pk}/"' in page
    assert f'href="/submissions/{other.submission.pk}/"' not in page
    assert "1 pengajuan" in page and f'value="{word.upper()}"' in page


def test_a_page_beyond_the_last_shows_the_last(people: People) -> None:
    """An old link to page 9 of a queue that now has one page shows that page, not
    "no submission matches" beside a count of one."""
    from django.test import Client

    from engine.desk.submissions.services import submit

    word = f"Lewat{uuid.uuid4().hex[:8]}"
    found = submit(people.pemohon.user, make_proposal(title=f"Sistem {word}"), "a.yaml")
    client = Client()
    client.force_login(people.verifikator.user)
    page = client.get("/", {"status": "", "q": word, "page": "9"}).content.decode()
    assert f'href="/submissions/{found.submission.pk}/"' in page
    assert "1 pengajuan" in page
