"""The version diff's cost is bounded (issue 21, item 1): two versions of 16,000 lines
swapped in pairs (~242 KB each) cost difflib 23 s of CPU a request on d063316. The
desk now diffs with patience diff, refuses beyond 5,000 lines a version with a clear
sentence, and keeps each diff. The CPU figure is bench/desk_diff_bench.py's, not an
assertion here."""

from __future__ import annotations

from desk.conftest import Api, People, make_proposal, new_id
from desk.signing import signed_in

HOSTILE_LINES = 16_000


def hostile_pair(doc_id: str) -> tuple[bytes, bytes]:
    """A compliant proposal followed by 16,000 comment lines, and the same with the
    lines swapped in pairs: the quadratic case of difflib."""
    lines = [f"# {i:05d}: {i:05d}" for i in range(HOSTILE_LINES)]
    swapped = [lines[i ^ 1] for i in range(HOSTILE_LINES)]
    base = make_proposal(doc_id)
    return (
        base + ("\n".join(lines) + "\n").encode(),
        base + ("\n".join(swapped) + "\n").encode(),
    )


def test_the_hostile_pair_is_answered_with_the_limit(
    desk_server: str, api: Api, people: People
) -> None:
    doc = new_id()
    first, second = hostile_pair(doc)
    assert 230_000 < len(first) < 260_000
    lines = len(second.decode().splitlines())
    pk = api.upload(people.pemohon, first).json()["id"]
    assert api.upload(people.pemohon, second).json()["version"] == 2
    reviewer = signed_in(desk_server, people.verifikator.username, people.verifikator.password)
    for _again in range(2):  # the second answer is the kept one
        page = reviewer.get(f"{desk_server}/submissions/{pk}/?a=1&b=2", timeout=60)
        assert page.status_code == 200
        assert f"terlalu panjang ({lines} baris; batas perbandingan 5000 baris per versi)" in (
            page.text
        )
        assert 'class="diff"' not in page.text
    english = reviewer.get(f"{desk_server}/submissions/{pk}/?a=1&b=2&lang=en", timeout=60)
    assert f"too long ({lines} lines;" in english.text
    assert "limit is 5000 lines a version" in english.text


def test_an_ordinary_diff_is_still_shown(desk_server: str, api: Api, people: People) -> None:
    doc = new_id()
    pk = api.upload(people.pemohon, make_proposal(doc, hosting="opd_server_room")).json()["id"]
    api.upload(people.pemohon, make_proposal(doc))
    reviewer = signed_in(desk_server, people.verifikator.username, people.verifikator.password)
    page = reviewer.get(f"{desk_server}/submissions/{pk}/?a=1&b=2", timeout=60)
    assert page.status_code == 200 and 'class="diff"' in page.text
    assert "opd_server_room" in page.text and "diskominfo_datacenter" in page.text
