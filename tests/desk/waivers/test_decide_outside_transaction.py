"""A waiver decision's check runs outside the database transaction (issue 21, item 11),
so OPA's time never holds SQLite's one writer lock (or, on PostgreSQL, the waiver's
row): while the check of an approval is under way, another writer gets in at once.

HeldOpaProxy is a fake (named as such) in front of the session's real OPA: it forwards
every request, and holds the evaluation query until the test lets it go, which a real
OPA cannot be made to do on demand. The decision itself and its answer are real."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests
from loopback import serve

from desk.conftest import People, make_proposal

RESULTS_PATH = "/v1/data/patuh/main/results"


class HeldOpaProxy:
    def __init__(self, upstream: str) -> None:
        self.held = threading.Event()  # an evaluation query has arrived and waits
        self.release = threading.Event()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                proxy.forward(self, None)

            def do_POST(self) -> None:
                proxy.forward(self, self.rfile.read(int(self.headers.get("Content-Length", 0))))

            def log_message(self, *args: Any) -> None:
                pass

        self.upstream = upstream
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.stop = serve(self.server)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def forward(self, handler: BaseHTTPRequestHandler, body: bytes | None) -> None:
        if handler.path == RESULTS_PATH:
            self.held.set()
            self.release.wait(60)
        answer = requests.request(
            "GET" if body is None else "POST",
            self.upstream + handler.path,
            data=body,
            headers={"Content-Type": "application/json"},
            timeout=30,
        )
        handler.send_response(answer.status_code)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(answer.content)))
        handler.end_headers()
        handler.wfile.write(answer.content)


@pytest.fixture
def held_opa(opa_url: str) -> Iterator[HeldOpaProxy]:
    proxy = HeldOpaProxy(opa_url)
    try:
        yield proxy
    finally:
        proxy.release.set()
        proxy.stop()


def _another_writer_gets_in(desk_db: str, waiver_id: int) -> None:
    """Another connection writes at once (no waiting): SQLite's writer lock is free, the
    PostgreSQL row of the waiver is not locked."""
    if desk_db.startswith("sqlite:///"):
        other = sqlite3.connect(desk_db.removeprefix("sqlite://"), timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")  # "database is locked" while a writer holds it
            other.execute("ROLLBACK")
        finally:
            other.close()
        return
    import psycopg

    with psycopg.connect(desk_db) as other:
        other.execute("SELECT id FROM desk_waiver WHERE id = %s FOR UPDATE NOWAIT", [waiver_id])
        other.rollback()


def test_the_check_of_an_approval_holds_no_lock(
    people: People, desk_db: str, held_opa: HeldOpaProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection

    from engine.desk.models import Waiver
    from engine.desk.submissions.services import submit
    from engine.desk.waivers.services import decide, request_waiver
    from engine.waivers.waiver_file import utc_today

    pk = submit(
        people.pemohon.user, make_proposal(hosting="opd_server_room"), "a.yaml"
    ).submission.pk
    asked = request_waiver(
        people.pemohon.user,
        pk,
        rule="MDN-HOST-01",
        path="spec.hosting.location",
        justification="sementara",
        expires=utc_today(),
    )
    monkeypatch.setenv("PATUH_DESK_OPA_URL", held_opa.url)
    outcome: list[Any] = []

    def approve() -> None:
        try:
            outcome.append(
                decide(people.pimpinan.user, asked.pk, approve=True, reference="800/5/D")
            )
        except Exception as exc:  # reported by the test below
            outcome.append(exc)
        finally:
            connection.close()

    deciding = threading.Thread(target=approve)
    deciding.start()
    try:
        assert held_opa.held.wait(60), "the approval's check never reached OPA"
        _another_writer_gets_in(desk_db, asked.pk)
    finally:
        held_opa.release.set()
        deciding.join(60)
    assert len(outcome) == 1 and isinstance(outcome[0], Waiver), outcome
    assert outcome[0].status == "approved"
    latest = outcome[0].submission.latest_version()
    assert latest is not None and latest.verdict == "compliant"
