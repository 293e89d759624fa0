"""The office sets its logo (issue 24 part 7), in Debian's Chromium against a real `patuh desk
serve`, on SQLite and on PostgreSQL: the admin uploads a PNG in the desk settings; a
letter issued next shows it left of the kop, drawn by the browser within the desk's
strict CSP (a data: image), on a desktop and a 390 px phone; a text file offered as the
logo is refused in Bahasa Indonesia. The settings are given back after the test.

With PATUH_DESK_SCREENSHOTS=FOLDER (`make desk-screenshots`) every page is saved there.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Browser
from pypdf import PdfReader

from desk.browser.desk_browser import SCREEN, save_artifact, submitted_by, visitor
from desk.browser.workflow.test_four_eyes_journey import PHONE
from desk.conftest import People


def _logo() -> bytes:
    """A round emblem, 160 × 160, as an office's logo might be."""
    image = Image.new("RGB", (160, 160), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 152, 152), fill=(20, 70, 140), outline=(200, 160, 30), width=8)
    draw.rectangle((60, 40, 100, 120), fill=(200, 160, 30))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def settings_kept(people: People) -> Iterator[Any]:
    from engine.desk.models import DeskSettings

    row = DeskSettings.objects.order_by("pk").first() or DeskSettings.objects.create()
    kept = (bytes(row.letterhead_logo), row.letterhead_logo_type)
    try:
        yield row
    finally:
        DeskSettings.objects.filter(pk=row.pk).update(
            letterhead_logo=kept[0], letterhead_logo_type=kept[1]
        )


def test_the_logo_set_by_the_admin_is_on_the_letter(
    browser: Browser,
    desk_server: str,
    people: People,
    proposal: Callable[..., bytes],
    settings_kept: Any,
) -> None:
    from engine.desk.models import DeskSettings

    logo = _logo()
    admin = visitor(browser, desk_server)
    admin.login(people.admin.username, people.admin.password)
    change = f"/admin/desk/desksettings/{settings_kept.pk}/change/"
    admin.go(change)
    form = admin.page.locator("form#desksettings_form")
    # A text file named like an image is refused, in Bahasa Indonesia.
    form.locator("input[name=letterhead_logo_file]").set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": b"bukan gambar\n"}
    )
    refused = admin.submit_form(form.locator("input[name=_save]"))
    assert refused is not None and refused.status == 200
    assert "bukan gambar PNG atau JPEG" in admin.page.inner_text(".errorlist")
    assert bytes(DeskSettings.objects.get(pk=settings_kept.pk).letterhead_logo) == bytes(
        settings_kept.letterhead_logo
    )
    admin.shoot("90-admin-logo-ditolak")
    # The PNG is taken.
    form = admin.page.locator("form#desksettings_form")
    form.locator("input[name=letterhead_logo_file]").set_input_files(
        {"name": "logo-pemko.png", "mimeType": "image/png", "buffer": logo}
    )
    admin.submit_form(form.locator("input[name=_save]"))
    assert bytes(DeskSettings.objects.get(pk=settings_kept.pk).letterhead_logo) == logo
    admin.go(change)
    admin.shoot("91-admin-logo")

    # A letter issued now carries it.
    applicant, pk = submitted_by(browser, desk_server, people.pemohon, proposal())
    reviewer = visitor(browser, desk_server)
    reviewer.login(people.verifikator.username, people.verifikator.password)
    reviewer.go(f"/submissions/{pk}/")
    reviewer.submit_form(reviewer.page.get_by_role("button", name="Mulai telaah"))
    reviewer.mark_reviewed("Telaah selesai.")
    head = visitor(browser, desk_server)
    head.login(people.pimpinan.username, people.pimpinan.password)
    head.go(f"/submissions/{pk}/")
    head.submit_form(head.page.get_by_role("button", name="Rekomendasikan dan terbitkan surat"))
    assert head.page.url == f"{desk_server}/submissions/{pk}/letter/"

    shown = head.page.locator("header.kop .kop-logo img")
    assert shown.count() == 1
    # The browser drew it (the CSP let the data: image through), at its own size ...
    assert shown.evaluate("img => [img.complete, img.naturalWidth, img.naturalHeight]") == [
        True,
        160,
        160,
    ]
    # ... left of the kop's text on a desktop; above it, centred, on a phone, where the
    # text needs the width; never wider than the screen.
    for size in (SCREEN, PHONE):
        head.page.set_viewport_size(size)
        box = shown.bounding_box()
        office = head.page.locator("header.kop .office").bounding_box()
        gov = head.page.locator("header.kop .gov").bounding_box()
        assert box is not None and office is not None and gov is not None
        assert box["width"] > 40
        if size is SCREEN:
            assert box["x"] + box["width"] <= office["x"] + 1
        else:
            assert box["y"] + box["height"] <= gov["y"] + 1
            middle = box["x"] + box["width"] / 2
            assert abs(middle - (office["x"] + office["width"] / 2)) < 2
        assert head.page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        head.shoot("92-surat-dengan-logo" + ("-ponsel" if size is PHONE else ""))
    head.page.set_viewport_size(SCREEN)
    head.assert_clean()
    # The PDF the server issued carries the logo as an image, at its own size.
    code = head.page.inner_text(".verify-code")
    pdf = head.page.request.get(f"{desk_server}/letters/{code}.pdf")
    assert pdf.status == 200
    save_artifact("surat-dengan-logo.pdf", pdf.body())
    images = [i.image for page in PdfReader(io.BytesIO(pdf.body())).pages for i in page.images]
    assert [(i.width, i.height) for i in images if i is not None] == [(160, 160)]
    for person in (admin, applicant, reviewer, head):
        person.context.close()
