"""The queue: filtered by status, OPD, kind and waiting time, the longest waiting first;
an applicant sees only their OPD's; an administrator finds the admin."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from playwright.sync_api import Browser

from desk.browser.desk_browser import submission_id, visitor


def _rows(page: Any) -> list[int]:
    return [int(n) for n in page.locator(".queue tbody td.n:first-child").all_inner_texts()]


def test_queue_filters_and_order(
    browser: Browser, desk_server: str, people: Any, proposal: Callable[..., bytes]
) -> None:
    from django.utils import timezone

    from engine.desk.models import Submission

    made = []
    for person, opd in ((people.pemohon, "Dinas Kesehatan"), (people.pemohon2, "Dinas Pendidikan")):
        applicant = visitor(browser, desk_server)
        applicant.login(person.username, person.password)
        applicant.go("/submit/")
        applicant.upload("#id_file", "usulan.yaml", proposal(opd=opd))
        made.append(submission_id(applicant.page))
        applicant.context.close()
    kesehatan, pendidikan = made
    # The Dinas Kesehatan one has waited ten days: it comes first, and passes "≥ 7 days".
    Submission.objects.filter(pk=kesehatan).update(updated_at=timezone.now() - timedelta(days=10))

    reviewer = visitor(browser, desk_server)
    reviewer.login(people.verifikator.username, people.verifikator.password)
    rows = _rows(reviewer.page)
    assert rows.index(kesehatan) < rows.index(pendidikan)
    waited = {
        row.pk: row.updated_at
        for row in Submission.objects.filter(pk__in=rows).only("pk", "updated_at")
    }
    assert [waited[pk] for pk in rows] == sorted(waited.values())  # oldest waiting first
    reviewer.shoot("15-antrean-saring")

    reviewer.page.select_option("#f-opd", "Dinas Pendidikan")
    reviewer.submit_form(reviewer.page.get_by_role("button", name="Saring"))
    rows = _rows(reviewer.page)
    assert pendidikan in rows and kesehatan not in rows
    assert set(reviewer.page.locator(".queue tbody td:nth-child(3)").all_inner_texts()) == {
        "Dinas Pendidikan"
    }

    reviewer.go("/?status=open&age=7")
    rows = _rows(reviewer.page)
    assert kesehatan in rows and pendidikan not in rows
    # Each filter shows the rows that match it, not only hides the others (an empty
    # page would pass a test of absence alone).
    reviewer.go("/?status=&kind=Proposal")
    rows = _rows(reviewer.page)
    assert kesehatan in rows and pendidikan in rows
    reviewer.go("/?status=&kind=Procurement")
    assert kesehatan not in _rows(reviewer.page) and pendidikan not in _rows(reviewer.page)
    # Pendidikan's taken up for review (as the verifier's "telaah" does); the filter
    # by status shows it and not Kesehatan's, still submitted.
    Submission.objects.filter(pk=pendidikan).update(status="in_review")
    reviewer.go("/?status=in_review")
    rows = _rows(reviewer.page)
    assert pendidikan in rows and kesehatan not in rows
    reviewer.go("/?status=submitted")
    rows = _rows(reviewer.page)
    assert kesehatan in rows and pendidikan not in rows

    # The applicant of Dinas Pendidikan sees only their OPD's, whatever they ask for.
    applicant = visitor(browser, desk_server)
    applicant.login(people.pemohon2.username, people.pemohon2.password)
    applicant.go("/?status=&opd=Dinas+Kesehatan")
    assert _rows(applicant.page) == []
    applicant.go("/?status=")
    rows = _rows(applicant.page)
    assert pendidikan in rows and kesehatan not in rows
    assert applicant.page.inner_text("h1") == "Pengajuan Dinas Pendidikan"
    assert Submission.objects.filter(pk__in=rows).exclude(opd__name="Dinas Pendidikan").count() == 0
    for person in (reviewer, applicant):
        person.assert_clean()
        person.context.close()


def test_admin_link_only_for_administrators(
    browser: Browser, desk_server: str, people: Any
) -> None:
    admin = visitor(browser, desk_server)
    admin.login(people.admin.username, people.admin.password)
    link = admin.page.get_by_role("link", name="Administrasi")
    assert link.get_attribute("href") == "/admin/"
    reviewer = visitor(browser, desk_server)
    reviewer.login(people.verifikator.username, people.verifikator.password)
    assert reviewer.page.get_by_role("link", name="Administrasi").count() == 0
    # Logging out is a POST (with its token); afterwards the pages ask for a login again.
    reviewer.submit_form(reviewer.page.get_by_role("button", name="Keluar"))
    assert reviewer.page.url.endswith("/accounts/login/")
    assert "Anda telah keluar." in reviewer.page.inner_text(".flash")
    assert reviewer.go("/").url.endswith("/accounts/login/?next=/")
    for person in (admin, reviewer):
        person.context.close()
