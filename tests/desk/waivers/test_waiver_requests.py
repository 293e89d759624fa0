"""One open waiver request per (submission, rule, path) (issue 21, item 7): in the
database (a constraint, on SQLite and PostgreSQL) and through a real `patuh desk serve`
receiving the same request many times at once."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from desk.conftest import Api, People
from desk.waivers.test_waivers import HOST, HOST_PATH, _request, _upload_failing


def test_the_database_holds_one_open_request_per_finding(api: Api, people: People) -> None:
    """Past the services (a second writer the check did not see): the database refuses
    a second open request for the same submission, rule and path; a decided one does
    not count."""
    from django.db import IntegrityError, transaction

    from engine.desk.models import Waiver, WaiverStatus

    pk = _upload_failing(api, people.pemohon)["id"]
    asked = _request(api, people.pemohon, pk)
    assert asked.status_code == 201, asked.text
    first = Waiver.objects.get(pk=asked.json()["id"])
    copy = {
        "submission_id": pk,
        "version": first.version,
        "rule": HOST,
        "path": HOST_PATH,
        "justification": "lagi",
        "expires": first.expires,
        "requested_by": people.pemohon.user,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Waiver.objects.create(**copy)
    # Another path, or a request no longer open, is another matter.
    Waiver.objects.filter(pk=first.pk).update(status=WaiverStatus.REFUSED)
    again = Waiver.objects.create(**copy)
    assert again.status == WaiverStatus.REQUESTED


def test_identical_requests_at_once_create_one(api: Api, people: People) -> None:
    """Eight identical requests sent together to a real server (2 workers): one is
    created (201), every other is told it exists (409 waiver_already_requested)."""
    from engine.desk.models import Waiver

    pk = _upload_failing(api, people.pemohon)["id"]
    start = threading.Barrier(8)
    answers: list[Any] = []

    def ask() -> None:
        start.wait()
        answers.append(_request(api, people.pemohon, pk))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = sorted(answer.status_code for answer in answers)
    assert codes == [201] + [409] * 7, [a.text for a in answers]
    assert {a.json()["error"] for a in answers if a.status_code == 409} == {
        "waiver_already_requested"
    }
    assert Waiver.objects.filter(submission_id=pk, rule=HOST).count() == 1
