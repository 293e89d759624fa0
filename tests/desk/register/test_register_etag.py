"""GET /api/v1/register.json answers an ETag and 304 Not Modified while the register
is unchanged (`patuh check --desk` asks again at every run), and the new register as
soon as a letter changes it; against a real `patuh desk serve`."""

from __future__ import annotations

import hashlib

from desk.conftest import Api, People, make_proposal, new_id


def test_register_json_answers_an_etag_and_304_until_a_letter_changes_it(
    api: Api, people: People
) -> None:
    first = api.call("GET", "/api/v1/register.json", people.pemohon)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert etag == '"' + hashlib.sha256(first.content).hexdigest() + '"'
    # The caller's alone, revalidated at every use, and kept by no cache on the way
    # (issue 21: no-store on every API answer).
    assert first.headers["Cache-Control"] == "private, no-cache, no-store"
    unchanged = api.call(
        "GET", "/api/v1/register.json", people.pemohon, headers={"If-None-Match": etag}
    )
    assert unchanged.status_code == 304 and unchanged.content == b""
    # A proposal recommended: a letter and a proposal enter the register.
    doc = new_id()
    pk = api.upload(people.pemohon, make_proposal(doc)).json()["id"]
    assert api.move(people.verifikator, pk, "in_review").status_code == 200
    api.move(people.verifikator, pk, "reviewed", "Telaah selesai.")
    recommended = api.move(people.pimpinan, pk, "recommended")
    assert recommended.status_code == 200, recommended.text
    changed = api.call(
        "GET", "/api/v1/register.json", people.pemohon, headers={"If-None-Match": etag}
    )
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert doc in changed.json()["proposals"]
    assert recommended.json()["letter"]["number"] in changed.json()["letters"]
