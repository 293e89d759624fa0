"""`patuh check --desk URL` against a real `patuh desk serve`: the waivers approved in
the desk and its register fetched, validated by the loaders of --waivers/--register and
applied as they are; provenance in the report; the copy kept for when the desk cannot
be reached; and each fault (HTML, 401, 500, a timeout, a waiver of an unknown rule)
an exit 3 or 2 with a sentence saying what came back, never a pass. The faults the
real desk cannot produce on demand (a login page answered with 200, a truncated
waiver file, a register with a bad letter_form) come from a FAKE desk (fake_desk.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from desk.conftest import Api, People, make_proposal, new_id, people_on, use_database
from desk.fake_desk import fake_desk
from desk.servers import PATUH, DeskServer, start_server, stop_server

HOST = "MDN-HOST-01"
HOST_PATH = "spec.hosting.location"
FORMATS = ("json", "sarif", "junit", "github", "markdown", "html", "text")


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _check(
    desk: str,
    token: str,
    document: Path,
    cache: Path,
    opa_url: str,
    *extra: str,
    fmt: str = "json",
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PATUH_DESK")}
    env.pop("PATUH_WAIVERS", None)
    env.update(PATUH_DESK_TOKEN=token, PATUH_CACHE_DIR=str(cache))
    command = [str(PATUH), "check", "--format", fmt, "--opa-url", opa_url, "--desk", desk]
    return subprocess.run(
        [*command, *extra, str(document)],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def _failing(api: Api, people: People, tmp_path: Path) -> tuple[int, str, Path]:
    """A proposal of the applicant's OPD whose one error is MDN-HOST-01, uploaded; the
    same document in the OPD's repository."""
    doc = new_id()
    body = make_proposal(doc, hosting="opd_server_room")
    uploaded = api.upload(people.pemohon, body)
    assert uploaded.status_code == 201, uploaded.text
    document = tmp_path / "repo" / "usulan.yaml"
    document.parent.mkdir(parents=True, exist_ok=True)
    document.write_bytes(body)
    return uploaded.json()["id"], doc, document


def _approve(api: Api, people: People, pk: int) -> None:
    expires = (_today() + dt.timedelta(days=30)).isoformat()
    body = {"rule": HOST, "path": HOST_PATH, "justification": "Migrasi", "expires": expires}
    asked = api.call("POST", f"/api/v1/submissions/{pk}/waivers", people.pemohon, json=body)
    assert asked.status_code == 201, asked.text
    decided = api.call(
        "POST",
        f"/api/v1/waivers/{asked.json()['id']}/decision",
        people.pimpinan,
        json={"approve": True, "reference": "800/77/Diskominfo/2026"},
    )
    assert decided.status_code == 200, decided.text


def _sha(body: bytes) -> str:
    return "sha256:" + hashlib.sha256(body).hexdigest()


def test_a_waiver_approved_in_the_desk_makes_the_next_ci_run_pass(
    api: Api, people: People, desk_server: str, opa_url: str, tmp_path: Path
) -> None:
    pk, doc, document = _failing(api, people, tmp_path)
    cache = tmp_path / "cache"
    before = _check(desk_server, people.pemohon.token, document, cache, opa_url)
    assert before.returncode == 1, before.stdout + before.stderr
    report = json.loads(before.stdout)
    [finding] = [f for f in report["results"][0]["findings"] if f["severity"] == "error"]
    assert (finding["rule"], finding["waived"]) == (HOST, False)

    _approve(api, people, pk)
    after = _check(desk_server, people.pemohon.token, document, cache, opa_url)
    assert after.returncode == 0, after.stdout + after.stderr
    report = json.loads(after.stdout)
    assert report["results"][0]["verdict"] == "compliant"
    [waived] = [f for f in report["results"][0]["findings"] if f["rule"] == HOST]
    assert waived["waived"] is True
    assert waived["waiver"]["reference"] == "800/77/Diskominfo/2026"
    assert waived["waiver"]["document"] == doc
    # Provenance: the desk, when, and the digests of exactly the bytes it served.
    served_waivers = api.call("GET", "/api/v1/waivers.yaml", people.pemohon).content
    served_register = api.call("GET", "/api/v1/register.json", people.pemohon).content
    desk = report["engine"]["desk"]
    assert desk["url"] == desk_server
    assert desk["waivers"]["digest"] == _sha(served_waivers) == report["engine"]["waivers_digest"]
    assert desk["register"]["digest"] == _sha(served_register)
    assert desk["waivers"]["url"] == desk_server + "/api/v1/waivers.yaml"
    fetched = dt.datetime.fromisoformat(desk["waivers"]["fetched_at"])
    assert abs(dt.datetime.now(dt.UTC) - fetched) < dt.timedelta(minutes=5)
    assert desk["waivers"]["from_copy"] is False
    # The register was applied: no "register absent" notice for this run.
    assert "notice.register_absent" not in [n["code"] for n in report["notices"]]
    # The copies were kept, private to the user, each with the desk's ETag to ask
    # with next time (If-None-Match; the desk answers 304 while it is current).
    copies = sorted((cache / "patuh-desk").glob("*.copy.json"))
    assert len(copies) == 2
    assert all(copy.stat().st_mode & 0o077 == 0 for copy in copies)
    etags = {json.loads(copy.read_text())["etag"] for copy in copies}
    served_etags = {
        api.call("GET", path, people.pemohon).headers["ETag"]
        for path in ("/api/v1/waivers.yaml", "/api/v1/register.json")
    }
    assert etags == served_etags


def test_a_cache_folder_others_may_write_keeps_no_copy_and_says_so(
    people: People, desk_server: str, opa_url: str, tmp_path: Path
) -> None:
    document = tmp_path / "usulan.yaml"
    document.write_bytes(make_proposal(new_id()))
    cache = tmp_path / "shared-cache"
    cache.mkdir()
    cache.chmod(0o777)  # anyone could plant a copy here: none is read or written
    run = _check(desk_server, people.pemohon.token, document, cache, opa_url)
    assert run.returncode == 0, run.stdout + run.stderr
    [notice] = [
        n for n in json.loads(run.stdout)["notices"] if n["code"] == "notice.desk_no_copies"
    ]
    assert "may be written by other users" in notice["message"]
    assert not list(cache.rglob("*.copy.json"))


def test_desk_opd_narrows_a_reviewers_waivers_to_one_opd(
    api: Api, people: People, desk_server: str, opa_url: str, tmp_path: Path
) -> None:
    pk, _doc, document = _failing(api, people, tmp_path)
    _approve(api, people, pk)
    cache = tmp_path / "cache"
    # A reviewer's file for another OPD does not hold it: the finding counts.
    other = _check(
        desk_server,
        people.pimpinan.token,
        document,
        cache,
        opa_url,
        "--desk-opd",
        "Dinas Pendidikan",
    )
    assert other.returncode == 1, other.stdout + other.stderr
    assert json.loads(other.stdout)["engine"]["desk"]["opd"] == "Dinas Pendidikan"
    ours = _check(
        desk_server,
        people.pimpinan.token,
        document,
        cache,
        opa_url,
        "--desk-opd",
        people.pemohon.opd or "",
    )
    assert ours.returncode == 0, ours.stdout + ours.stderr


@dataclass
class OwnDesk:
    """A real desk of its own (its own SQLite database), for the faults that stop or
    break it."""

    server: DeskServer
    api: Api
    people: People
    url: str  # its database


@pytest.fixture
def own_desk(_django: str, opa_url: str, tmp_path: Path) -> Iterator[OwnDesk]:
    url = f"sqlite:///{tmp_path / 'eigen.sqlite3'}"
    people = people_on(url)  # migrates it, users per role
    server = start_server(url, opa_url, tmp_path / "serve.log")
    try:
        yield OwnDesk(server, Api(server.url), people, url)
    finally:
        os.killpg(server.process.pid, signal.SIGCONT)
        stop_server(server.process)
        use_database(_django)


def test_an_unreachable_desk_uses_a_recent_copy_with_a_notice_in_every_format(
    own_desk: OwnDesk, opa_url: str, tmp_path: Path
) -> None:
    pk, _doc, document = _failing(own_desk.api, own_desk.people, tmp_path)
    _approve(own_desk.api, own_desk.people, pk)
    token = own_desk.people.pemohon.token
    cache = tmp_path / "cache"
    fresh = _check(own_desk.server.url, token, document, cache, opa_url)
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    fetched = json.loads(fresh.stdout)["engine"]["desk"]
    # The desk hangs (stopped): each request times out, the copy stands in.
    os.killpg(own_desk.server.process.pid, signal.SIGSTOP)
    quick = ("--desk-timeout", "1")
    for fmt in FORMATS:
        run = _check(own_desk.server.url, token, document, cache, opa_url, *quick, fmt=fmt)
        assert run.returncode == 0, (fmt, run.stdout + run.stderr)
        assert "tidak dapat dihubungi" in run.stdout, fmt  # the notice, in this format
        assert "tidak menjawab dalam 1 detik" in run.stdout, fmt
        # The provenance: the digest of the waivers applied (their copy), in this format.
        assert fetched["waivers"]["digest"][:23] in run.stdout, fmt
        if fmt == "json":
            report = json.loads(run.stdout)
            codes = [n["code"] for n in report["notices"]]
            assert codes.count("notice.desk_copy") == 2  # the waivers and the register
            desk = report["engine"]["desk"]
            assert desk["waivers"]["from_copy"] is True
            assert desk["waivers"]["digest"] == fetched["waivers"]["digest"]
            assert desk["waivers"]["fetched_at"] == fetched["waivers"]["fetched_at"]
            assert report["results"][0]["verdict"] == "compliant"
    # A copy older than --desk-max-age is no copy: exit 3, nothing reported compliant.
    old = _check(
        own_desk.server.url, token, document, cache, opa_url, *quick, "--desk-max-age", "0s"
    )
    assert old.returncode == 3, old.stdout + old.stderr
    assert old.stdout == ""
    assert "tidak menjawab dalam 1 detik" in old.stderr
    assert "Tidak ada salinan yang lebih muda dari 0 jam" in old.stderr
    # No copy at all (another cache folder): exit 3.
    none = _check(own_desk.server.url, token, document, tmp_path / "empty", opa_url, *quick)
    assert none.returncode == 3 and none.stdout == ""


def test_a_desk_failing_with_500_is_exit_3_and_never_a_pass(
    own_desk: OwnDesk, opa_url: str, tmp_path: Path
) -> None:
    document = tmp_path / "usulan.yaml"
    document.write_bytes(make_proposal(new_id()))  # compliant: only a bad fetch could fail it
    # Its database broken under it (a table gone): the real desk answers 500
    # {"error": "server_error"}.
    from django.db import connection

    use_database(own_desk.url)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE desk_waiver RENAME TO desk_waiver_gone")
    run = _check(
        own_desk.server.url, own_desk.people.pemohon.token, document, tmp_path / "c", opa_url
    )
    assert run.returncode == 3, run.stdout + run.stderr
    assert run.stdout == ""
    assert "galat server HTTP 500" in run.stderr


def test_a_waiver_of_a_rule_no_pack_has_is_refused_with_its_line(
    own_desk: OwnDesk, opa_url: str, tmp_path: Path
) -> None:
    from django.utils import timezone

    from engine.desk.models import Version, Waiver

    pk, _doc, document = _failing(own_desk.api, own_desk.people, tmp_path)
    use_database(own_desk.url)
    # Served by the real desk as it stands in its database (an older patuh's rule),
    # for the version it was approved on (served waivers name their versions).
    Waiver.objects.create(
        submission_id=pk,
        version=1,
        document_digest=Version.objects.get(submission_id=pk, number=1).document_digest,
        path="spec.hosting.location",
        rule="MDN-ZZZ-99",
        justification="aturan lama",
        expires=_today() + dt.timedelta(days=10),
        requested_by=own_desk.people.pemohon.user,
        status="approved",
        decided_by=own_desk.people.pimpinan.user,
        decided_by_name="Uji pimpinan",
        decided_at=timezone.now(),
        reference="800/1/X/2026",
    )
    run = _check(
        own_desk.server.url, own_desk.people.pemohon.token, document, tmp_path / "c", opa_url
    )
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.stdout == ""
    waivers_url = own_desk.server.url + "/api/v1/waivers.yaml"
    assert f"Berkas pengecualian {waivers_url} tidak dapat dipakai" in run.stderr
    assert f"{waivers_url}:" in run.stderr and "MDN-ZZZ-99` tidak ada di katalog" in run.stderr


def test_a_refused_token_is_exit_3_with_the_status(
    desk_server: str, opa_url: str, tmp_path: Path
) -> None:
    document = tmp_path / "usulan.yaml"
    document.write_bytes(make_proposal(new_id()))
    run = _check(desk_server, "salah-" + new_id(), document, tmp_path / "c", opa_url)
    assert run.returncode == 3, run.stdout + run.stderr
    assert run.stdout == ""
    assert "menolak token (HTTP 401)" in run.stderr and "PATUH_DESK_TOKEN" in run.stderr


def test_a_desk_answering_an_html_page_is_exit_3_with_what_came_back(
    people: People, desk_server: str, opa_url: str, tmp_path: Path
) -> None:
    document = tmp_path / "usulan.yaml"
    document.write_bytes(make_proposal(new_id()))
    # The real desk, at a wrong address: its own HTML "not found" page.
    run = _check(desk_server + "/accounts/login", people.pemohon.token, document, tmp_path, opa_url)
    assert run.returncode == 3, run.stdout + run.stderr
    assert run.stdout == ""
    assert "halaman HTML (HTTP 404" in run.stderr
    # A FAKE single sign-on proxy in front of it, answering its login page with 200.
    login = b"<!DOCTYPE html><html><head><title>Masuk - SSO Pemko Medan</title></head></html>"
    answers = {"/api/v1/waivers.yaml": (200, "text/html; charset=utf-8", login)}
    with fake_desk(answers) as fake:
        run = _check(fake.url, people.pemohon.token, document, tmp_path / "c2", opa_url)
    assert run.returncode == 3, run.stdout + run.stderr
    assert "halaman HTML (HTTP 200, judul “Masuk - SSO Pemko Medan”)" in run.stderr
    # The token went along, as the header; never in the address.
    assert fake.requests[0][1]["Authorization"] == f"Bearer {people.pemohon.token}"


def _served_pair(api: Api, people: People) -> tuple[bytes, bytes]:
    waivers = api.call("GET", "/api/v1/waivers.yaml", people.pemohon).content
    register = api.call("GET", "/api/v1/register.json", people.pemohon).content
    return waivers, register


def test_a_truncated_waiver_file_is_exit_2_with_its_line(
    api: Api, people: People, opa_url: str, tmp_path: Path
) -> None:
    pk, _doc, document = _failing(api, people, tmp_path)
    _approve(api, people, pk)
    waivers, register = _served_pair(api, people)
    cut = waivers[: waivers.index(b"justification")] + b"justification: 'Migr"
    answers = {
        "/api/v1/waivers.yaml": (200, "application/yaml", cut),
        "/api/v1/register.json": (200, "application/json", register),
    }
    with fake_desk(answers) as fake:  # FAKE: the real desk never cuts its answer
        run = _check(fake.url, people.pemohon.token, document, tmp_path / "c", opa_url)
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.stdout == ""
    assert f"Berkas pengecualian {fake.url}/api/v1/waivers.yaml tidak dapat dipakai" in run.stderr
    assert "bukan YAML yang valid" in run.stderr
    # Nothing of it was kept as a copy to fall back on.
    assert not list((tmp_path / "c").rglob("*.copy.json"))


@pytest.mark.parametrize("letter_form", ["", 42])
def test_a_register_with_an_invalid_letter_form_is_exit_2(
    letter_form: Any, api: Api, people: People, opa_url: str, tmp_path: Path
) -> None:
    _pk, _doc, document = _failing(api, people, tmp_path)
    waivers, register = _served_pair(api, people)
    bad = json.dumps({**json.loads(register), "letter_form": letter_form}).encode()
    answers = {
        "/api/v1/waivers.yaml": (200, "application/yaml", waivers),
        "/api/v1/register.json": (200, "application/json", bad),
    }
    with fake_desk(answers) as fake:  # FAKE: the real desk builds letter_form itself
        run = _check(fake.url, people.pemohon.token, document, tmp_path / "c", opa_url)
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.stdout == ""
    assert f"Berkas register {fake.url}/api/v1/register.json tidak dapat dipakai" in run.stderr
    assert "letter_form" in run.stderr
