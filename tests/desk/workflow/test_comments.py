"""Comments (desk.md, "Comments"): POST/GET /api/v1/submissions/ID/comments through a
real `patuh desk serve`, on SQLite and PostgreSQL: by everyone who may read the
submission, at most 5,000 characters (400 above), each with its author, role and time,
in the audit trail, escaped on the page."""

from __future__ import annotations

from django.test import Client

from desk.conftest import Api, People, make_proposal

COMMENT_FIELDS = {"id", "author", "name", "role", "at", "version", "text"}


def test_both_sides_comment_and_the_thread_lists_them_in_order(api: Api, people: People) -> None:
    pk = api.upload(people.pemohon, make_proposal()).json()["id"]
    asked = api.call(
        "POST",
        f"/api/v1/submissions/{pk}/comments",
        people.verifikator,
        json={"text": "Berapa puskesmas yang dilayani?"},
    )
    assert asked.status_code == 201, asked.text
    body = asked.json()
    assert set(body) == COMMENT_FIELDS
    assert (body["author"], body["name"], body["role"], body["version"]) == (
        "verifikator",
        "Uji verifikator",
        "verifikator",
        1,
    )
    assert body["at"].endswith("Z")
    answered = api.call(
        "POST",
        f"/api/v1/submissions/{pk}/comments",
        people.pemohon,
        json={"text": "41 puskesmas."},
    )
    assert answered.status_code == 201
    listed = api.call("GET", f"/api/v1/submissions/{pk}/comments", people.pimpinan).json()
    assert [(c["author"], c["text"]) for c in listed["comments"]] == [
        ("verifikator", "Berapa puskesmas yang dilayani?"),
        ("pemohon.dinkes", "41 puskesmas."),
    ]
    events = api.call("GET", f"/api/v1/submissions/{pk}/audit", people.verifikator).json()
    said = [
        (e["actor"], e["role"], e["note"]) for e in events["events"] if e["action"] == "comment"
    ]
    assert said == [
        ("verifikator", "verifikator", "Berapa puskesmas yang dilayani?"),
        ("pemohon.dinkes", "pemohon", "41 puskesmas."),
    ]


def test_comments_are_limited_to_5000_characters(api: Api, people: People) -> None:
    pk = api.upload(people.pemohon, make_proposal()).json()["id"]
    url = f"/api/v1/submissions/{pk}/comments"
    longest = api.call("POST", url, people.pemohon, json={"text": "a" * 5000})
    assert longest.status_code == 201 and len(longest.json()["text"]) == 5000
    too_long = api.call("POST", url, people.pemohon, json={"text": "a" * 5001})
    assert too_long.status_code == 400 and too_long.json()["error"] == "comment_too_long"
    assert "5001" in too_long.json()["message"]
    empty = api.call("POST", url, people.pemohon, json={"text": "   "})
    assert empty.status_code == 400 and empty.json()["error"] == "comment_empty"
    listed = api.call("GET", url, people.pemohon).json()["comments"]
    assert [len(c["text"]) for c in listed] == [5000]


def test_who_may_not_read_it_may_not_comment_or_list(api: Api, people: People) -> None:
    pk = api.upload(people.pemohon, make_proposal()).json()["id"]
    url = f"/api/v1/submissions/{pk}/comments"
    for stranger in (people.pemohon2, people.pokja, people.admin):
        refused = api.call("POST", url, stranger, json={"text": "Halo"})
        assert refused.status_code == 404 and refused.json()["error"] == "not_found"
        assert api.call("GET", url, stranger).status_code == 404
    assert api.call("GET", url).status_code == 401


def test_a_comment_is_escaped_on_the_page(people: People) -> None:
    from engine.desk.submissions.discussion import add_comment
    from engine.desk.submissions.services import submit

    pk = submit(people.pemohon.user, make_proposal(), "a.yaml").submission.pk
    add_comment(people.verifikator.user, pk, '<script>alert("x")</script> & <b>tebal</b>')
    client = Client()
    client.force_login(people.pemohon.user)
    page = client.get(f"/submissions/{pk}/").content.decode()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;tebal&lt;/b&gt;" in page
    assert "<script>" not in page and "<b>tebal</b>" not in page
    # The form: a comment too long is refused on the page, the text kept.
    answer = client.post(f"/submissions/{pk}/comments/", {"text": "x" * 5001})
    assert answer.status_code == 400
    assert "Komentar terlalu panjang: 5001 karakter" in answer.content.decode()
