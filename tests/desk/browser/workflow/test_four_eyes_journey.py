"""The four-eyes journey (issue 24, "Tests"), in Debian's Chromium against a real `patuh
desk serve`, on SQLite and on PostgreSQL: an applicant with a mail address submits a
proposal; the verifikator takes it, comments and marks it reviewed, and is offered no
recommendation; the pimpinan who did not review it recommends it; `patuh desk notify`
(the CLI, as cron runs it) mails the applicant through a real SMTP server (aiosmtpd)
started here; the code typed at `/verify/` says SAH; the QR code on the letter, read
back from a screenshot by zxing-cpp, is the letter's verification address. Beside it, a
pimpinan who reviewed a submission is refused its recommendation on the page
(`same_person`), and another pimpinan recommends it.

With PATUH_DESK_SCREENSHOTS=FOLDER (`make desk-screenshots`) every page is saved there,
at desktop width and at a 390 px phone's.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import uuid
from collections.abc import Callable, Iterator
from email.header import decode_header, make_header
from urllib.parse import urlsplit

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser

from desk.browser.desk_browser import SCREEN, Visitor, submission_id, submitted_by, visitor
from desk.conftest import PASSWORD, People
from desk.servers import PATUH, SECRET_KEY
from desk.smtp import Mailbox, set_aside_waiting_mail, smtp_server

COMMENT = "Anggaran <RAB> & jumlah puskesmas sudah dicek — lanjut."
REVIEW_NOTE = "Telaah selesai: hosting, SLA dan keamanan sesuai; diteruskan ke pimpinan."
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    set_aside_waiting_mail()
    with smtp_server(box) as port:
        yield box, port


def _applicant_with_mail() -> tuple[str, str, str]:
    """A pemohon of an OPD of their own, with a mail address: (login, OPD, address)."""
    from engine.desk.accounts import services

    opd = f"Dinas Uji Empat Mata {uuid.uuid4().hex[:6]}"
    user = services.create_user(f"p.{uuid.uuid4().hex[:8]}", "pemohon", opd, PASSWORD)
    user.email = f"{user.username}@pemkomedan.example"
    user.save()
    return user.username, opd, user.email


def _another_pimpinan() -> str:
    from engine.desk.accounts import services

    name = f"pimpinan.{uuid.uuid4().hex[:6]}"
    services.create_user(name, "pimpinan", None, PASSWORD, full_name="Uji pimpinan kedua")
    return name


def shoot_both(person: Visitor, name: str) -> None:
    """The page at desktop width, then at a 390 px phone's."""
    person.shoot(name)
    person.page.set_viewport_size(PHONE)
    person.shoot(f"{name}-ponsel")
    person.page.set_viewport_size(SCREEN)


def _notify(database_url: str, port: int) -> subprocess.CompletedProcess[str]:
    """`patuh desk notify`, as cron runs it, with the mail server at `port`."""
    env = {
        **os.environ,
        "PATUH_DESK_SECRET_KEY": SECRET_KEY,
        "PATUH_DESK_EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "PATUH_DESK_EMAIL_FROM": "meja-telaah@pemkomedan.example",
    }
    return subprocess.run(
        [str(PATUH), "desk", "notify", "--database-url", database_url],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _qr_text(person: Visitor) -> list[str]:
    """The texts of the QR codes in the letter's `.verify-qr`, as a camera would read them
    from the screen: a screenshot of the element, decoded by zxing-cpp."""
    shot = person.page.locator(".verify-qr").screenshot()
    image = Image.open(io.BytesIO(shot)).convert("L")
    return [found.text for found in zxingcpp.read_barcodes(image)]


def test_four_eyes_journey(
    browser: Browser,
    desk_server: str,
    desk_db: str,
    people: People,
    proposal: Callable[..., bytes],
    smtp: tuple[Mailbox, int],
) -> None:
    from engine.desk.core.words import t
    from engine.desk.models import Letter, OutboxMail, Submission

    login, opd, address = _applicant_with_mail()

    # --- 1. the applicant submits, in the browser ------------------------------------------
    applicant = visitor(browser, desk_server)
    applicant.login(login, PASSWORD)
    applicant.go("/submit/")
    answer = applicant.upload("#id_file", "usulan-empat-mata.yaml", proposal(opd=opd))
    assert answer is not None and answer.status == 200
    pk = submission_id(applicant.page)
    assert applicant.page.inner_text(".sub-badges .status") == "Diajukan"
    assert applicant.page.inner_text(".sub-badges .badge") == "PATUH"
    assert Submission.objects.get(pk=pk).opd.name == opd
    applicant.assert_clean()

    # --- 2. the verifikator takes it, comments, and marks it reviewed -------------------------
    reviewer = visitor(browser, desk_server)
    reviewer.login(people.verifikator.username, people.verifikator.password)
    reviewer.go(f"/submissions/{pk}/")
    reviewer.submit_form(reviewer.page.get_by_role("button", name="Mulai telaah"))
    assert reviewer.page.inner_text(".sub-badges .status") == "Ditelaah"
    reviewer.page.fill("#comment-text", COMMENT)
    reviewer.submit_form(reviewer.page.get_by_role("button", name="Kirim komentar"))
    said = reviewer.page.locator("#diskusi .comment").last
    assert said.locator(".comment-text").inner_text() == COMMENT  # escaped, shown as typed
    assert "Verifikator" in said.inner_text()
    reviewer.mark_reviewed(REVIEW_NOTE)
    assert reviewer.page.inner_text(".sub-badges .status") == "Sudah ditelaah"
    assert REVIEW_NOTE in reviewer.page.inner_text(".review-box")
    # --- 3. ... the reviewer cannot recommend: no such button for them ---------------------
    recommend = "Rekomendasikan dan terbitkan surat"
    assert reviewer.page.get_by_role("button", name=recommend).count() == 0
    assert Submission.objects.get(pk=pk).status == "reviewed"
    reviewer.assert_clean()
    shoot_both(reviewer, "80-empat-mata-sudah-ditelaah")

    # ... the pimpinan who did not review it recommends it: the letter
    head = visitor(browser, desk_server)
    head.login(people.pimpinan.username, people.pimpinan.password)
    head.go(f"/submissions/{pk}/")
    assert REVIEW_NOTE in head.page.inner_text(".review-box")
    head.submit_form(head.page.get_by_role("button", name=recommend))
    assert head.page.url == f"{desk_server}/submissions/{pk}/letter/"
    letter = Letter.objects.get(submission_id=pk)
    assert (letter.signer_name, letter.reviewer_name) == ("Uji pimpinan", "Uji verifikator")
    code = head.page.inner_text(".verify-code")
    verify_url = head.page.inner_text(".verify-url")
    assert code == letter.code and verify_url == f"{desk_server}/verify/{code}/"
    head.assert_clean()

    # --- 6. the QR code on the letter decodes to the verification address -----------------
    assert _qr_text(head) == [verify_url]
    shoot_both(head, "81-empat-mata-surat")

    # --- 4. the applicant gets the mail, sent by `patuh desk notify` -------------------------
    box, port = smtp
    assert OutboxMail.objects.filter(to=address, event="recommended", sent_at=None).count() == 1
    ran = _notify(desk_db, port)
    assert ran.returncode == 0, ran.stderr
    # The verifikator's comment was told to the applicant too (the other side), the
    # recommendation after it; neither carries the comment's or the note's words.
    told = OutboxMail.objects.filter(to=address).order_by("id")
    assert list(told.values_list("event", flat=True)) == ["comment", "recommended"]
    mails = [m for m in box.received if m["To"] == address]
    assert len(mails) == 2, [m["To"] for m in box.received]
    for each in mails:
        text = each.get_payload(decode=True).decode("utf-8")  # type: ignore[union-attr]
        assert COMMENT not in text and REVIEW_NOTE not in text
    mail = mails[1]
    assert mail["From"] == "meja-telaah@pemkomedan.example"
    subject = str(make_header(decode_header(mail["Subject"])))
    assert f"pengajuan {pk}" in subject
    body = mail.get_payload(decode=True).decode("utf-8")  # type: ignore[union-attr]
    assert "direkomendasikan" in body
    assert REVIEW_NOTE not in body and COMMENT not in body  # the title and the link only
    link = re.search(rf"https?://\S+/submissions/{pk}/", body)
    assert link is not None, body
    assert OutboxMail.objects.get(to=address, event="recommended").sent_at is not None
    # ... and the link leads the applicant to the recommended submission and its letter.
    applicant.go(urlsplit(link.group(0)).path)
    assert applicant.page.inner_text(".sub-badges .status") == "Direkomendasikan"
    assert letter.number in applicant.page.inner_text(".sub-side")
    applicant.assert_clean()

    # --- 5. the code typed at /verify/ says SAH ---------------------------------------------
    public = visitor(browser, desk_server)
    assert public.go("/verify/").status == 200
    shoot_both(public, "82-verifikasi-formulir")
    public.page.fill("#verify-code", code)
    answer = public.submit_form(
        public.page.get_by_role("button", name=t("verify.code_button", "id"))
    )
    assert answer is not None and answer.status == 200
    assert public.page.url == verify_url
    assert public.page.inner_text("#keabsahan") == "SAH"
    assert letter.number in public.page.inner_text(".verify-facts")
    public.assert_clean()
    shoot_both(public, "83-verifikasi-sah")
    for person in (applicant, reviewer, head, public):
        person.context.close()


def test_a_pimpinan_who_reviewed_is_not_offered_the_recommendation(
    browser: Browser, desk_server: str, people: People, proposal: Callable[..., bytes]
) -> None:
    from engine.desk.core.words import t
    from engine.desk.models import Letter, Submission

    second = _another_pimpinan()
    applicant, pk = submitted_by(browser, desk_server, people.pemohon, proposal())

    # The pimpinan reviews it themself (a pimpinan may), then tries to recommend it.
    head = visitor(browser, desk_server)
    head.login(people.pimpinan.username, people.pimpinan.password)
    head.go(f"/submissions/{pk}/")
    head.submit_form(head.page.get_by_role("button", name="Mulai telaah"))
    head.mark_reviewed("Sudah saya telaah sendiri.")
    assert head.page.inner_text(".sub-badges .status") == "Sudah ditelaah"
    # Not offered: the page says why (a forged POST is refused 409 `same_person`:
    # tests/desk/workflow/test_four_eyes.py).
    recommend = head.page.get_by_role("button", name="Rekomendasikan dan terbitkan surat")
    assert recommend.count() == 0
    assert head.page.inner_text(".four-eyes-hint") == t("web.refusal.same_person", "id")
    assert Submission.objects.get(pk=pk).status == "reviewed"
    assert not Letter.objects.filter(submission_id=pk).exists()
    head.assert_clean()
    shoot_both(head, "84-empat-mata-orang-yang-sama")

    # Another pimpinan, who did not review it, recommends it.
    other = visitor(browser, desk_server)
    other.login(second, PASSWORD)
    other.go(f"/submissions/{pk}/")
    other.submit_form(other.page.get_by_role("button", name="Rekomendasikan dan terbitkan surat"))
    assert other.page.url == f"{desk_server}/submissions/{pk}/letter/"
    letter = Letter.objects.get(submission_id=pk)
    assert (letter.signer_name, letter.reviewer_name) == ("Uji pimpinan kedua", "Uji pimpinan")
    assert "Penelaah: Uji pimpinan" in other.page.inner_text("article.letter")
    other.assert_clean()
    for person in (applicant, head, other):
        person.context.close()
