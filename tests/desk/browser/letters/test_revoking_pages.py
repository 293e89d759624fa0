"""Revoking a letter in Chromium: the pimpinan's form on the letter page (a reason is
required), the banner on the letter (printed too), the public verification saying
TIDAK SAH; a verifikator sees no form (the API test shows the 403)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser

from desk.browser.desk_browser import visitor
from desk.letters.test_thread import recommended


def test_pimpinan_revokes_a_letter_and_the_verification_says_so(
    browser: Browser, desk_server: str, people: Any
) -> None:
    proposal, letter = recommended(people, people.pemohon, opd=people.pemohon.opd)

    reviewer = visitor(browser, desk_server)
    reviewer.login(people.verifikator.username, people.verifikator.password)
    reviewer.go(f"/submissions/{proposal.pk}/letter/")
    assert reviewer.page.locator("section.revoke").count() == 0
    reviewer.context.close()

    boss = visitor(browser, desk_server)
    boss.login(people.pimpinan.username, people.pimpinan.password)
    boss.go(f"/submissions/{proposal.pk}/letter/")
    page = boss.page
    form = page.locator("section.revoke form")
    assert "Cabut surat ini" in page.locator("section.revoke").inner_text()
    # The browser itself refuses an empty reason (required); the server does too.
    page.locator("section.revoke button").click()
    assert page.url.endswith(f"/submissions/{proposal.pk}/letter/")
    assert page.locator(".revoked-banner").count() == 0
    form.locator("textarea").fill("Anggaran <b>dibatalkan</b>")
    boss.submit_form(page.locator("section.revoke button"))
    assert f"Surat {letter.number} telah dicabut." in page.inner_text("body")
    banner = page.locator(".revoked-banner").inner_text()
    assert "DICABUT" in banner and "Anggaran <b>dibatalkan</b>" in banner  # shown as text
    assert page.locator("section.revoke").count() == 0  # nothing left to revoke
    page.emulate_media(media="print")
    assert page.locator(".revoked-banner").is_visible()  # a paper copy says it too
    page.emulate_media(media="screen")
    boss.assert_clean()
    boss.shoot("60-surat-dicabut")
    boss.context.close()

    public = visitor(browser, desk_server)
    public.go(f"/verify/{letter.code}/")
    assert "TIDAK SAH" in public.page.inner_text("body")
    public.context.close()
