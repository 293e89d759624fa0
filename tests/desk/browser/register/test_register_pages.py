"""The register in Chromium, against a real `patuh desk serve`: a reviewer opens the
dashboard from the navigation, follows the longest waiting submission, and downloads
the queue as an Excel workbook that openpyxl opens with the queue's own rows; an
applicant's dashboard holds their OPD only."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from openpyxl import load_workbook
from playwright.sync_api import Browser

from desk.browser.desk_browser import save_artifact, visitor
from desk.conftest import OTHER_OPD


def _queue_ids(page: Any) -> list[int]:
    return [int(n) for n in page.locator(".queue tbody td.n:first-child").all_inner_texts()]


def test_dashboard_journey_and_export(
    browser: Browser, desk_server: str, people: Any, proposal: Callable[..., bytes]
) -> None:
    from django.utils import timezone

    from engine.desk.models import Submission
    from engine.desk.submissions.services import submit

    waiting = submit(
        people.pemohon.user,
        proposal(hosting="opd_server_room", title="Telemedicine menunggu paling lama"),
        "usulan.yaml",
    ).submission
    other = submit(
        people.pemohon2.user, proposal(opd=OTHER_OPD, title="Rapor digital Disdik"), "b.yaml"
    ).submission
    # It has waited longer than anything else in the register: first in "oldest waiting".
    Submission.objects.filter(pk=waiting.pk).update(
        updated_at=timezone.now() - timedelta(days=9000)
    )
    waiting.refresh_from_db()

    reviewer = visitor(browser, desk_server)
    reviewer.login(people.verifikator.username, people.verifikator.password)
    reviewer.submit_form(reviewer.page.get_by_role("link", name="Register"))
    assert reviewer.page.url.endswith("/register/")
    assert reviewer.page.inner_text("h1") == "Register pengajuan"
    for chart in ("status", "age", "kind", "area", "opd"):
        assert reviewer.page.locator(f"#chart-{chart} svg.bars").count() == 1, chart
    opd_chart = reviewer.page.locator("#chart-opd svg.bars").get_attribute("aria-label") or ""
    assert "Dinas Kesehatan" in opd_chart and OTHER_OPD in opd_chart
    reviewer.shoot("40-register-dasbor")

    # The first row is the register's longest waiting undecided submission (this one, or
    # an older one that another test of this database left), and its link leads there.
    longest = (
        Submission.objects.filter(status__in=("submitted", "in_review", "reviewed", "returned"))
        .order_by("updated_at", "pk")
        .first()
    )
    assert longest is not None
    assert waiting.pk in [
        int(n) for n in reviewer.page.locator("#oldest td.n:first-child").all_inner_texts()
    ]
    first = reviewer.page.locator("#oldest tbody tr").first
    assert first.locator("td.n").first.inner_text() == str(longest.pk)
    reviewer.submit_form(first.locator("a.doc-name"))
    assert reviewer.page.url.endswith(f"/submissions/{longest.pk}/")
    assert longest.title in reviewer.page.inner_text("h1")

    # The queue's button: the workbook holds exactly the rows the page lists.
    reviewer.go("/?status=")
    listed = _queue_ids(reviewer.page)
    assert waiting.pk in listed and other.pk in listed
    with reviewer.page.expect_download() as download:
        reviewer.page.click("#export-xlsx")
    saved = download.value.path().read_bytes()
    assert download.value.suggested_filename.startswith("register-pengajuan-")
    assert download.value.suggested_filename.endswith(".xlsx")
    save_artifact("40-register.xlsx", saved)
    book = load_workbook(io.BytesIO(saved))
    ids = [row[0].value for row in book.active.iter_rows(min_row=3)]
    assert ids == listed
    assert book.active["A2"].value == "No. pengajuan"
    reviewer.assert_clean()
    reviewer.context.close()

    # The applicant of Dinas Pendidikan: their OPD's register, nothing of Dinas Kesehatan.
    applicant = visitor(browser, desk_server)
    applicant.login(people.pemohon2.username, people.pemohon2.password)
    applicant.go("/register/")
    assert applicant.page.inner_text("h1") == f"Register pengajuan {OTHER_OPD}"
    body = applicant.page.inner_text("main")
    assert "Rapor digital Disdik" in body
    assert "Telemedicine menunggu paling lama" not in body and "Dinas Kesehatan" not in body
    assert applicant.page.locator("#chart-opd").count() == 0
    applicant.shoot("41-register-pemohon")
    with applicant.page.expect_download() as download:
        applicant.page.click("#export-xlsx")
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    rows = list(book.active.iter_rows(min_row=3))
    assert rows and {row[3].value for row in rows} == {OTHER_OPD}
    applicant.go("/register/?lang=en")
    assert applicant.page.inner_text("h1") == f"Submission register of {OTHER_OPD}"
    applicant.shoot("42-register-english")
    applicant.assert_clean()
    applicant.context.close()
