"""Scale-out (desk.md): two real `patuh desk serve` processes, each with its own managed
OPA, share one PostgreSQL database, with no lost updates."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from desk.conftest import Api, People, make_proposal, new_id, people_on
from desk.servers import DeskServer

UPLOADS = 12


def _together(calls: list[Callable[[], requests.Response]]) -> list[requests.Response]:
    """Run the calls at the same moment (a barrier), each on its own thread."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], requests.Response]) -> requests.Response:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


@pytest.fixture(scope="module")
def pg_people(postgres_url: str, _django: str) -> People:
    return people_on(postgres_url)


@pytest.fixture(scope="module")  # both tests talk to the same two servers
def two_servers(
    postgres_url: str, pg_people: People, start_module_desk_server: Callable[..., DeskServer]
) -> tuple[Api, Api]:
    first = start_module_desk_server(postgres_url, opa_url=None, workers=3)
    second = start_module_desk_server(postgres_url, opa_url=None, workers=3)
    return Api(first.url), Api(second.url)


def test_concurrent_uploads_get_unique_gapless_versions(
    two_servers: tuple[Api, Api], pg_people: People
) -> None:
    doc = new_id()
    body = make_proposal(doc)
    servers = [two_servers[i % 2] for i in range(UPLOADS)]
    answers = _together([lambda s=s: s.upload(pg_people.pemohon, body) for s in servers])
    assert all(a.status_code in (200, 201) for a in answers), [a.text for a in answers]
    assert [a.status_code for a in answers].count(201) == 1  # one submission, made once
    assert len({a.json()["id"] for a in answers}) == 1
    assert sorted(a.json()["version"] for a in answers) == list(range(1, UPLOADS + 1))
    pk = answers[0].json()["id"]
    detail = two_servers[0].call("GET", f"/api/v1/submissions/{pk}", pg_people.verifikator).json()
    assert [v["version"] for v in detail["versions"]] == list(range(1, UPLOADS + 1))


def test_conflicting_decisions_one_wins_the_others_409(
    two_servers: tuple[Api, Api], pg_people: People
) -> None:
    first, second = two_servers
    head, reviewer = pg_people.pimpinan, pg_people.verifikator
    for _ in range(5):
        pk = first.upload(pg_people.pemohon, make_proposal()).json()["id"]
        assert first.move(reviewer, pk, "in_review").status_code == 200
        assert first.move(reviewer, pk, "reviewed", note="Telaah selesai.").status_code == 200
        answers = _together(
            [
                lambda pk=pk: first.move(head, pk, "recommended"),
                lambda pk=pk: second.move(head, pk, "rejected", note="Tidak sejalan."),
                lambda pk=pk: first.move(reviewer, pk, "returned", note="Perbaiki SLA."),
                lambda pk=pk: second.move(reviewer, pk, "returned", note="Lengkapi kajian."),
            ]
        )
        assert sorted(a.status_code for a in answers) == [200, 409, 409, 409], [
            a.text for a in answers
        ]
        assert {a.json()["error"] for a in answers if a.status_code == 409} <= {
            "conflict",
            "wrong_status",
        }
        winner = next(a for a in answers if a.status_code == 200).json()
        detail = first.call("GET", f"/api/v1/submissions/{pk}", reviewer).json()
        assert detail["status"] == winner["status"]
        audit = first.call("GET", f"/api/v1/submissions/{pk}/audit", reviewer).json()
        assert len([e for e in audit["events"] if e["from"] == "reviewed"]) == 1
