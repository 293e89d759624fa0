"""Signed letters in Chromium (issue 25), against a real `patuh desk serve` that signs
with the demo certificate: the letter page's download gives the stored PDF's very bytes,
and the public verify page (/verify/) checks a code typed in, or a PDF uploaded: the
issued file says SAH with its signature intact, a page added after signing says it was
changed. Both pages fit a 390-pixel phone screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Browser

from desk.browser.desk_browser import visitor
from desk.letters.signed import add_page, recommend

PHONE = {"width": 390, "height": 844}


def _fits_a_phone(page: Any) -> None:
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a phone"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_letter_downloads_as_issued_and_verifies_by_upload(
    browser: Browser,
    desk_db: str,
    people: Any,
    signing: Any,
    start_desk_server: Any,
    tmp_path: Path,
) -> None:
    server = start_desk_server(desk_db).url  # signs and trusts as the `signing` office does
    letter = recommend(people)
    assert letter.signed

    applicant = visitor(browser, server)
    applicant.login(people.pemohon.username, people.pemohon.password)
    applicant.go(f"/submissions/{letter.submission_id}/letter/")
    page = applicant.page
    assert page.locator(".verify-qr svg").count() == 1  # the QR code, inline
    assert "ditandatangani secara elektronik" in page.inner_text("article.letter")
    with page.expect_download() as waiting:
        page.click("#letter-pdf")
    download = waiting.value
    assert download.suggested_filename == f"surat-{letter.code}.pdf"
    assert Path(download.path()).read_bytes() == bytes(letter.pdf)
    applicant.shoot("61-surat-tte")
    _fits_a_phone(page)
    applicant.assert_clean()
    applicant.context.close()

    auditor = visitor(browser, server)
    auditor.go("/verify/")
    page = auditor.page
    _fits_a_phone(page)
    auditor.shoot("62-verifikasi")
    issued = tmp_path / "surat.pdf"
    issued.write_bytes(bytes(letter.pdf))
    page.set_input_files("#verify-file", str(issued))
    auditor.submit_form(page.locator("form[enctype] button"))
    assert page.locator("#keabsahan").inner_text() == "SAH"
    assert f"SAMA persis dengan surat {letter.number}" in page.inner_text("#verify-match")
    assert "Tanda tangan UTUH dan sah" in page.inner_text("#verify-signatures")
    assert "DEMO Pimpinan Diskominfo Kota Medan" in page.inner_text("#verify-signatures")
    auditor.shoot("63-verifikasi-berkas-sah")
    _fits_a_phone(page)

    forged = tmp_path / "surat-ditambah.pdf"
    forged.write_bytes(add_page(bytes(letter.pdf)))
    auditor.go("/verify/")
    page.set_input_files("#verify-file", str(forged))
    auditor.submit_form(page.locator("form[enctype] button"))
    assert page.locator("#keabsahan").inner_text() == "TIDAK SAH"
    assert f"mengaku sebagai surat {letter.number}" in page.inner_text("#verify-match")
    assert "diubah setelah ditandatangani" in page.inner_text("#verify-signatures")
    auditor.shoot("64-verifikasi-berkas-diubah")

    auditor.go("/verify/")
    page.fill("#verify-code", letter.code.lower())
    auditor.submit_form(page.locator("form[method=get] button"))
    assert page.url.endswith(f"/verify/{letter.code}/")
    assert page.locator("#keabsahan").inner_text() == "SAH"
    auditor.assert_clean()
    auditor.context.close()
