"""The letterhead's logo as a setting (issue 24 part 7), on SQLite and PostgreSQL: uploaded
in the admin's desk settings (a PNG or JPEG judged by its bytes, anything else refused in
Bahasa Indonesia), it is shown left of the kop on the letter's page (an <img> whose bytes
are the logo) and embedded in the letter's PDF (an image XObject); without one, the
letter is as before."""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from PIL import Image
from pypdf import PdfReader

from desk.conftest import People
from desk.letters.test_thread import recommended


def _png(width: int = 48, height: int = 32) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 40)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def settings_row(people: People) -> Iterator[Any]:
    """The desk's one settings row, given back as it was after the test (other tests on
    this database issue letters too)."""
    from engine.desk.models import DeskSettings

    row = DeskSettings.objects.order_by("pk").first() or DeskSettings.objects.create()
    kept = (bytes(row.letterhead_logo), row.letterhead_logo_type)
    try:
        yield row
    finally:
        DeskSettings.objects.filter(pk=row.pk).update(
            letterhead_logo=kept[0], letterhead_logo_type=kept[1]
        )


def _admin(people: People) -> Client:
    client = Client()
    client.force_login(people.admin.user)
    return client


def _post_settings(client: Client, row: Any, **extra: Any) -> Any:
    """The admin's change form of the settings, sent as shown with `extra` added."""
    fields = {
        "letter_pattern": row.letter_pattern,
        "office_name": row.office_name,
        "letterhead_authority": row.letterhead_authority,
        "letterhead_address": row.letterhead_address,
        "review_days": row.review_days,
        "decision_days": row.decision_days,
        **extra,
    }
    return client.post(f"/admin/desk/desksettings/{row.pk}/change/", fields)


def _logo_of_page(people: People, submission_pk: int) -> list[bytes]:
    """The bytes of each data: image of the kop on the letter's page."""
    client = Client()
    client.force_login(people.pimpinan.user)
    answer = client.get(f"/submissions/{submission_pk}/letter/")
    assert answer.status_code == 200
    page = answer.content.decode()
    kop = re.search(r'<header class="kop[^"]*">(.*?)</header>', page, re.S)
    assert kop is not None
    sources = re.findall(r'<div class="kop-logo"><img src="([^"]+)"', kop.group(1))
    found = []
    for source in sources:
        mime, _, data = html.unescape(source).removeprefix("data:").partition(";base64,")
        assert mime == "image/png"
        found.append(base64.b64decode(data))
    return found


def _pdf_images(pdf: bytes) -> list[tuple[int, int]]:
    """The sizes of the image XObjects on the PDF's pages (pypdf)."""
    return [
        (image.image.width, image.image.height)  # type: ignore[union-attr]
        for page in PdfReader(io.BytesIO(pdf)).pages
        for image in page.images
    ]


def test_a_logo_set_in_the_admin_is_on_the_letter_page_and_in_its_pdf(
    people: People, settings_row: Any
) -> None:
    from engine.desk.models import DeskSettings

    # Without a logo the letter is as before: no image in the kop, none in the PDF.
    before_submission, before = recommended(people, people.pemohon, opd=people.pemohon.opd)
    assert _logo_of_page(people, before_submission.pk) == []
    assert _pdf_images(bytes(before.pdf)) == []

    logo = _png()
    upload = io.BytesIO(logo)
    upload.name = "logo-pemko.png"
    answer = _post_settings(_admin(people), settings_row, letterhead_logo_file=upload)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    stored = DeskSettings.objects.get(pk=settings_row.pk)
    assert (bytes(stored.letterhead_logo), stored.letterhead_logo_type) == (logo, "image/png")

    submission, letter = recommended(people, people.pemohon, opd=people.pemohon.opd)
    assert _logo_of_page(people, submission.pk) == [logo]
    assert _pdf_images(bytes(letter.pdf)) == [(48, 32)]
    # A letter issued before keeps its PDF as issued (no logo in it).
    before.refresh_from_db()
    assert _pdf_images(bytes(before.pdf)) == []

    # The admin shows the logo and removes it: the next letter is text only again.
    shown = _admin(people).get(f"/admin/desk/desksettings/{settings_row.pk}/change/")
    form = shown.content.decode()
    assert "data:image/png;base64," in form
    # ... on a form in the office's words (issue 24: the admin's field names).
    for label in ("Pola nomor surat", "Nama kantor", "Pemerintah pada kop surat", "Logo kop surat"):
        assert f">{label}:<" in form, label
    assert "Letter pattern" not in form and "Letterhead" not in form
    answer = _post_settings(_admin(people), settings_row, letterhead_logo_remove="on")
    assert answer.status_code == 302
    assert bytes(DeskSettings.objects.get(pk=settings_row.pk).letterhead_logo) == b""
    later, _letter = recommended(people, people.pemohon, opd=people.pemohon.opd)
    assert _logo_of_page(people, later.pk) == []


@pytest.mark.parametrize(
    ("name", "body", "said"),
    [
        ("logo.png", b"Ini bukan gambar, hanya teks.\n", "bukan gambar PNG atau JPEG"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "bukan gambar PNG atau JPEG"),
        ("logo.png", _png()[:60], "rusak atau tidak terbaca"),
        ("logo.png", _png(4100, 10), "4000 × 4000 piksel"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (512 * 1024), "paling besar 512 KiB"),
    ],
)
def test_a_logo_that_is_not_a_fitting_image_is_refused_in_bahasa_indonesia(
    people: People, settings_row: Any, name: str, body: bytes, said: str
) -> None:
    from engine.desk.models import DeskSettings

    upload = io.BytesIO(body)
    upload.name = name
    answer = _post_settings(_admin(people), settings_row, letterhead_logo_file=upload)
    assert answer.status_code == 200  # the form again, with the refusal
    errors = re.findall(
        r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', answer.content.decode(), re.S
    )
    assert any(said in html.unescape(error) for error in errors), errors
    stored = DeskSettings.objects.get(pk=settings_row.pk)
    assert bytes(stored.letterhead_logo) == bytes(settings_row.letterhead_logo)


def test_the_settings_read_on_every_page_leave_the_logo_s_bytes_unread(
    people: People, settings_row: Any
) -> None:
    """The queue's deadlines read the settings on every page; the logo (up to 512 KiB)
    is read only where a letter shows it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from engine.desk.letters.letterhead import logo_uri
    from engine.desk.letters.selectors import desk_settings

    settings_row.letterhead_logo, settings_row.letterhead_logo_type = _png(), "image/png"
    settings_row.save()
    with CaptureQueriesContext(connection) as read:
        found = desk_settings()
    assert "letterhead_logo" in found.get_deferred_fields()
    assert "letterhead_logo_type" not in found.get_deferred_fields()
    assert len(read.captured_queries) == 1
    assert logo_uri(found).startswith("data:image/png;base64,")  # read when needed
