"""A waiver's page in Debian's Chromium against a real `patuh desk serve`, on SQLite and
PostgreSQL (issue 20, item 18; issue 21, item 6): it names the value the waiver was
approved for; the head withdraws it with a reason (a reason over 5,000 characters is
refused beside the form, and a browser cannot type one); the applicant is offered no
such form; the finding counts again."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser

from desk.browser.desk_browser import visitor
from desk.conftest import make_proposal

LONG = "alasan " * 715  # 5,005 characters


def test_the_head_withdraws_a_waiver_in_the_browser(
    browser: Browser, desk_server: str, people: Any
) -> None:
    from engine.desk.models import Waiver
    from engine.desk.submissions.services import submit
    from engine.desk.waivers.services import decide, request_waiver
    from engine.waivers.waiver_file import utc_today

    pk = submit(
        people.pemohon.user, make_proposal(hosting="opd_server_room"), "u.yaml"
    ).submission.pk
    asked = request_waiver(
        people.pemohon.user,
        pk,
        rule="MDN-HOST-01",
        path="spec.hosting.location",
        justification="Sementara, selama migrasi.",
        expires=utc_today(),
    )
    decide(people.pimpinan.user, asked.pk, approve=True, reference="800/88/Diskominfo/2026")

    applicant = visitor(browser, desk_server)
    applicant.login(people.pemohon.username, people.pemohon.password)
    applicant.go(f"/waivers/{asked.pk}/")
    page = applicant.page
    facts = page.inner_text(".waiver-facts")
    assert "Disetujui untuk nilai" in facts and "opd_server_room" in facts
    assert "nilai lain pada jalur ini memerlukan keputusan baru" in facts
    assert page.locator("#w-withdraw-note").count() == 0
    applicant.context.close()

    head = visitor(browser, desk_server)
    head.login(people.pimpinan.username, people.pimpinan.password)
    head.go(f"/waivers/{asked.pk}/")
    page = head.page
    note = page.locator("#w-withdraw-note")
    note.fill(LONG)  # typed: the browser stops at the limit
    assert len(note.input_value()) == 5_000
    # A form that lets more through (maxlength removed) is refused by the server.
    note.evaluate("node => node.removeAttribute('maxlength')")
    note.fill(LONG)
    refused = head.submit_form(page.get_by_role("button", name="Tarik", exact=True))
    assert refused is not None and refused.status == 400
    assert "Catatan terlalu panjang" in page.inner_text("#keputusan .form-error")
    assert Waiver.objects.get(pk=asked.pk).status == "approved"

    page.locator("#w-withdraw-note").fill("Migrasi selesai; server OPD tidak dipakai lagi.")
    head.submit_form(page.get_by_role("button", name="Tarik", exact=True))
    assert f"Pengecualian #{asked.pk} ditarik." in page.inner_text(".flash")
    facts = page.inner_text(".waiver-facts")
    assert "Ditarik oleh" in facts and "Migrasi selesai" in facts
    assert "ditarik" in page.inner_text(".sub-badges")
    head.assert_clean()
    # Fits a phone: nothing wider than 390 pixels.
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    head.shoot("35-pengecualian-ditarik")
    head.context.close()

    waiver = Waiver.objects.get(pk=asked.pk)
    assert waiver.status == "withdrawn"
    latest = waiver.submission.latest_version()
    assert latest is not None and latest.verdict == "non_compliant"
