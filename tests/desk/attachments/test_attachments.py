"""Attachments through a real `patuh desk serve` on SQLite and PostgreSQL (issue 23):
each accepted type judged by its bytes, a file lying about its type refused (415), the
size and count limits (413, 409) with Indonesian messages and configurable, the sha256
recorded, downloads only for readers as `attachment` with `nosniff`, the bytes kept in
the database on PostgreSQL and in a 0600 file beside the database on SQLite, the audit
trail, the letter listing them, and the optional ClamAV scan failing closed."""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk.attachments import files
from desk.conftest import Api, People, make_proposal, new_id


def _attach(api: Api, person, pk: int, name: str, body: bytes, label: str = "", **kw):  # type: ignore[no-untyped-def]
    return api.call(
        "POST",
        f"/api/v1/submissions/{pk}/attachments",
        person,
        files={"file": (name, body, "application/pdf")},
        data={"label": label},
        **kw,
    )


def _draft(api: Api, people: People) -> int:
    answer = api.call(
        "POST",
        "/api/v1/submissions?draft=1",
        people.pemohon,
        data=make_proposal(new_id()),
        headers={"Content-Type": "application/yaml"},
    )
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


def test_each_accepted_type_by_its_bytes_and_the_sha256(
    api: Api, people: People, desk_db: str
) -> None:
    from engine.desk.models import Attachment

    pk = _draft(api, people)
    kinds = {
        "kak.pdf": (files.pdf(), "application/pdf", "kak.pdf"),
        "denah.png": (files.png(), "image/png", "denah.png"),
        "rab.xlsx": (
            files.xlsx(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "rab.xlsx",
        ),
        "surat.odt": (files.odt(), "application/vnd.oasis.opendocument.text", "surat.odt"),
        # a real PNG whose name says PDF: kept as what it is
        "diagram.pdf": (files.png(), "image/png", "diagram.png"),
    }
    for name, (body, mime, kept) in kinds.items():
        answer = _attach(api, people.pemohon, pk, name, body, label=f"Berkas {name}")
        assert answer.status_code == 201, answer.text
        got = answer.json()
        assert set(got) >= {"id", "name", "label", "size", "sha256", "content_type"}
        assert (got["name"], got["content_type"], got["size"]) == (kept, mime, len(body))
        assert got["sha256"] == hashlib.sha256(body).hexdigest()
    listed = api.call("GET", f"/api/v1/submissions/{pk}/attachments", people.pemohon).json()
    assert [a["name"] for a in listed["attachments"]] == [k[2] for k in kinds.values()]

    # where the bytes are: the database on PostgreSQL, a 0600 file on SQLite
    kept = Attachment.objects.filter(submission_id=pk).first()
    assert kept is not None
    if desk_db.startswith("postgresql"):
        assert bytes(kept.content) == files.pdf() and kept.stored_as == ""
    else:
        assert kept.content is None
        path = Path(desk_db.removeprefix("sqlite:///")).parent / "desk-attachments" / kept.sha256
        assert path.read_bytes() == files.pdf()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700

    # the audit trail
    events = api.call("GET", f"/api/v1/submissions/{pk}/audit", people.pemohon).json()["events"]
    assert [e["action"] for e in events].count("attachment") == len(kinds)


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("kak.pdf", files.executable()),
        ("kak.pdf", files.HTML),
        (files.PLAIN_ZIP_NAME, files.plain_zip()),
        ("catatan.pdf", b"hanya teks biasa, bukan PDF"),
    ],
    ids=["executable-as-pdf", "html-as-pdf", "zip-as-xlsx", "text-as-pdf"],
)
def test_a_file_lying_about_its_type_is_refused(
    api: Api, people: People, name: str, body: bytes
) -> None:
    pk = _draft(api, people)
    answer = _attach(api, people.pemohon, pk, name, body)
    assert answer.status_code == 415, answer.text
    assert answer.json()["error"] == "attachment_type"
    assert "bukan jenis yang diterima" in answer.json()["message"]
    assert api.call("GET", f"/api/v1/submissions/{pk}/attachments", people.pemohon).json() == {
        "attachments": []
    }


def test_ten_mib_at_most_by_default(api: Api, people: People) -> None:
    pk = _draft(api, people)
    big = files.pdf() + b"%" + b"0" * (10 * 1024 * 1024)
    answer = _attach(api, people.pemohon, pk, "besar.pdf", big)
    assert answer.status_code == 413, answer.text
    assert answer.json()["error"] == "attachment_too_large"
    assert "paling besar 10 MiB" in answer.json()["message"]
    just = files.pdf() + b"%" + b"0" * (10 * 1024 * 1024 - len(files.pdf()) - 1)
    assert len(just) == 10 * 1024 * 1024
    assert _attach(api, people.pemohon, pk, "pas.pdf", just).status_code == 201


def test_who_may_attach_and_download(api: Api, people: People) -> None:
    pk = _draft(api, people)
    aid = _attach(api, people.pemohon, pk, "kak.pdf", files.pdf()).json()["id"]
    path = f"/api/v1/submissions/{pk}/attachments/{aid}"
    # a draft: its OPD only
    assert api.call("GET", path, people.verifikator).status_code == 404
    assert api.call("GET", path, people.pemohon2).status_code == 404
    assert _attach(api, people.pemohon2, pk, "x.pdf", files.pdf()).status_code == 404
    own = api.call("GET", path, people.pemohon)
    assert own.status_code == 200 and own.content == files.pdf()
    assert own.headers["Content-Disposition"] == 'attachment; filename="kak.pdf"'
    assert own.headers["X-Content-Type-Options"] == "nosniff"
    assert own.headers["Content-Type"] == "application/pdf"
    # submitted: the reviewers read it too, but only the OPD attaches
    assert api.move(people.pemohon, pk, "submitted").status_code == 200
    assert api.call("GET", path, people.verifikator).content == files.pdf()
    assert _attach(api, people.verifikator, pk, "x.pdf", files.pdf()).status_code == 403


def test_the_letter_lists_the_attachments_with_their_sha256(api: Api, people: People) -> None:
    from django.test import Client

    pk = api.upload(people.pemohon, make_proposal(new_id())).json()["id"]
    body = files.pdf("KAK Wi-Fi")
    assert _attach(api, people.pemohon, pk, "kak.pdf", body, label="KAK").status_code == 201
    assert api.move(people.verifikator, pk, "in_review").status_code == 200
    api.move(people.verifikator, pk, "reviewed", "Telaah selesai.")
    moved = api.move(people.pimpinan, pk, "recommended", "Lengkap.")
    assert moved.status_code == 200, moved.text
    client = Client()
    client.force_login(people.pimpinan.user)
    letter = client.get(f"/submissions/{pk}/letter/").content.decode()
    assert hashlib.sha256(body).hexdigest() in letter and "kak.pdf (KAK)" in letter


# --- a configured desk: smaller limits, and ClamAV ------------------------------------------
class FakeClamd:
    """A stand-in for clamd (not installed here), speaking its INSTREAM protocol: it
    answers FOUND for the EICAR test string and OK otherwise; `down()` closes it, the
    fault a real daemon cannot be asked to produce on demand."""

    EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                data = b""
                while not data.endswith(b"\0\0\0\0"):
                    got = conn.recv(65536)
                    if not got:
                        break
                    data += got
                found = self.EICAR in data
                conn.sendall(b"stream: Eicar-Signature FOUND\0" if found else b"stream: OK\0")

    def down(self) -> None:
        # shutdown first: a close alone leaves the socket listening while the thread
        # waits in accept().
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()
        self.thread.join(timeout=10)


@pytest.fixture
def configured(
    desk_db: str, people: People, opa_url: str, start_desk_server, monkeypatch
) -> Iterator[tuple[Api, FakeClamd]]:  # type: ignore[no-untyped-def]
    clamd = FakeClamd()
    monkeypatch.setenv("PATUH_DESK_CLAMD", f"127.0.0.1:{clamd.port}")
    monkeypatch.setenv("PATUH_DESK_ATTACHMENT_MAX_MIB", "1")
    monkeypatch.setenv("PATUH_DESK_ATTACHMENTS_PER_VERSION", "2")
    server = start_desk_server(desk_db, opa_url, workers=1)
    try:
        yield Api(server.url), clamd
    finally:
        clamd.down()
        os.environ.pop("PATUH_DESK_CLAMD", None)


def test_configured_limits_and_the_clamav_scan(
    configured: tuple[Api, FakeClamd], people: People
) -> None:
    api, clamd = configured
    pk = _draft(api, people)
    infected = files.pdf() + b"\n%" + FakeClamd.EICAR + b"\n"
    refused = _attach(api, people.pemohon, pk, "virus.pdf", infected)
    assert refused.status_code == 422 and refused.json()["error"] == "attachment_infected"
    big = _attach(api, people.pemohon, pk, "besar.pdf", files.pdf() + b"0" * (1024 * 1024))
    assert big.status_code == 413 and "paling besar 1 MiB" in big.json()["message"]
    assert _attach(api, people.pemohon, pk, "a.pdf", files.pdf()).status_code == 201
    assert _attach(api, people.pemohon, pk, "b.png", files.png()).status_code == 201
    third = _attach(api, people.pemohon, pk, "c.pdf", files.pdf("c"))
    assert third.status_code == 409 and third.json()["error"] == "attachment_too_many"
    assert "2 lampiran" in third.json()["message"]
    clamd.down()  # the scanner cannot be reached: nothing is stored unscanned
    other = _draft(api, people)
    down = _attach(api, people.pemohon, other, "a.pdf", files.pdf())
    assert down.status_code == 503 and down.json()["error"] == "attachment_scan_unavailable"
