"""The thread in Chromium: a procurement's page links to its proposal and that
proposal's letter; the proposal's page lists the procurement; in both languages."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser

from desk.browser.desk_browser import visitor
from desk.letters.test_thread import make_procurement, recommended


def test_procurement_and_proposal_pages_link_each_other(
    browser: Browser, desk_server: str, people: Any
) -> None:
    from engine.desk.submissions.services import submit

    opd = people.pemohon.opd
    proposal, letter = recommended(people, people.pemohon, opd=opd)
    upload = make_procurement(proposal.document_id, letter.number, opd=opd)
    procurement = submit(people.pemohon.user, upload, "pengadaan.yaml").submission

    reviewer = visitor(browser, desk_server)
    reviewer.login(people.verifikator.username, people.verifikator.password)
    reviewer.go(f"/submissions/{procurement.pk}/")
    page = reviewer.page
    section = page.locator("section.thread")
    assert "Rangkaian usulan–pengadaan" in section.inner_text()
    link = section.locator("a.thread-proposal")
    assert link.inner_text() == proposal.document_id
    assert link.get_attribute("href") == f"/submissions/{proposal.pk}/"
    letter_link = section.locator("a.thread-proposal-letter")
    assert letter_link.inner_text() == letter.number
    assert "surat rekomendasi usulan di atas" in section.inner_text()  # the same letter cited
    reviewer.assert_clean()
    reviewer.shoot("50-rangkaian-pengadaan")

    reviewer.submit_form(letter_link)
    assert letter.number in page.inner_text("body")
    reviewer.go(f"/submissions/{procurement.pk}/")
    reviewer.submit_form(page.locator("section.thread a.thread-proposal"))
    assert page.url.endswith(f"/submissions/{proposal.pk}/")
    cited = page.locator("section.thread a.thread-procurement")
    assert cited.all_inner_texts() == [procurement.document_id]
    assert "1 pengadaan merujuk usulan ini" in page.locator("section.thread").inner_text()
    reviewer.assert_clean()
    reviewer.shoot("51-rangkaian-usulan")
    reviewer.submit_form(cited)
    assert page.url.endswith(f"/submissions/{procurement.pk}/")
    reviewer.context.close()

    english = visitor(browser, desk_server, locale="en-US")
    english.login(people.pemohon.username, people.pemohon.password)
    english.go(f"/submissions/{proposal.pk}/")
    text = english.page.locator("section.thread").inner_text()
    assert "From proposal to tender" in text and "1 procurement cites this proposal" in text
    english.context.close()

    # Another OPD's applicant cannot open the procurement, nor see it cited.
    outsider = visitor(browser, desk_server)
    outsider.login(people.pemohon2.username, people.pemohon2.password)
    assert outsider.go(f"/submissions/{procurement.pk}/").status == 404
    outsider.context.close()
