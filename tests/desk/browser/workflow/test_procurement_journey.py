"""The procurement journey with the pokja (issue 24, "Tests"), in Debian's Chromium against
a real `patuh desk serve`, on SQLite and on PostgreSQL: a proposal of the OPD was
recommended (set up through the services); the applicant submits, in the browser, a
procurement citing it and its letter; the pokja sees the cited proposal on the page (not
"tidak ada usulan OPD ini"), opens the cited letter, takes the procurement and marks it
reviewed with the outcome of its validation and the SPSE/LPSE package code; the pimpinan
recommends it; the letter names the pokja as reviewer; the audit trail shows each
person's step (by name to the office, by role to the applicant).

With PATUH_DESK_SCREENSHOTS=FOLDER (`make desk-screenshots`) every page is saved there,
at desktop width and at a 390 px phone's.
"""

from __future__ import annotations

from playwright.sync_api import Browser

from desk.browser.desk_browser import Visitor, submission_id, visitor
from desk.browser.workflow.test_four_eyes_journey import shoot_both
from desk.conftest import People
from desk.letters.test_thread import make_procurement, recommended

PACKAGE_CODE = "10234567000"
REVIEW_NOTE = "Dokumen pengadaan, HPS dan spesifikasi sudah divalidasi pokja."


def _audit_rows(person: Visitor) -> list[list[str]]:
    """The audit trail as shown: per row, its cells' text (time left out)."""
    rows = person.page.locator("#audit table.audit tbody tr")
    return [
        [cell.strip() for cell in rows.nth(i).locator("td").all_inner_texts()[1:]]
        for i in range(rows.count())
    ]


def test_procurement_journey_with_the_pokja(
    browser: Browser, desk_server: str, people: People
) -> None:
    from engine.desk.models import AuditEvent, Letter, Submission

    opd = people.pemohon.opd or ""
    proposal, proposal_letter = recommended(people, people.pemohon, opd=opd)

    # --- the applicant submits the procurement citing the proposal and its letter ----------
    applicant = visitor(browser, desk_server)
    applicant.login(people.pemohon.username, people.pemohon.password)
    applicant.go("/submit/")
    upload = make_procurement(proposal.document_id, proposal_letter.number, opd=opd)
    answer = applicant.upload("#id_file", "pengadaan-telemedicine.yaml", upload)
    assert answer is not None and answer.status == 200
    pk = submission_id(applicant.page)
    assert applicant.page.inner_text(".sub-badges .status") == "Diajukan"
    assert applicant.page.inner_text(".sub-badges .badge") == "PATUH"
    assert Submission.objects.get(pk=pk).kind == "Procurement"
    applicant.assert_clean()

    # --- the pokja sees the cited proposal and opens its letter -----------------------------
    pokja = visitor(browser, desk_server)
    pokja.login(people.pokja.username, people.pokja.password)
    pokja.go(f"/submissions/{pk}/")
    page = pokja.page
    assert "tidak ada usulan OPD ini" not in page.content()
    thread = page.locator("section.thread")
    assert thread.locator(".thread-proposal").inner_text() == proposal.document_id
    assert "Direkomendasikan" in thread.inner_text()
    cited = thread.locator(".thread-proposal-letter")
    assert cited.inner_text() == proposal_letter.number
    pokja.assert_clean()
    shoot_both(pokja, "85-pokja-pengadaan")
    opened = pokja.submit_form(cited)
    assert opened is not None and opened.status == 200
    assert page.url == f"{desk_server}/submissions/{proposal.pk}/letter/"
    assert page.inner_text(".letter-number") == proposal_letter.number
    assert page.locator(".revoke").count() == 0  # reading it, never revoking it
    pokja.assert_clean()
    shoot_both(pokja, "86-pokja-surat-usulan")

    # --- the pokja takes the procurement and records its validation -------------------------
    pokja.go(f"/submissions/{pk}/")
    pokja.submit_form(page.get_by_role("button", name="Mulai telaah"))
    assert page.inner_text(".sub-badges .status") == "Ditelaah"
    done = pokja.action_form("reviewed")
    done.locator("select[name=outcome]").select_option("valid")
    done.locator("input[name=package_code]").fill(PACKAGE_CODE)
    done.locator("textarea").fill(REVIEW_NOTE)
    pokja.submit_form(done.get_by_role("button", name="Tandai sudah ditelaah"))
    assert page.inner_text(".sub-badges .status") == "Sudah ditelaah"
    review = page.inner_text(".review-box")
    assert "Uji pokja" in review and REVIEW_NOTE in review
    # The pokja validates; recommending is the pimpinan's step.
    assert page.get_by_role("button", name="Rekomendasikan dan terbitkan surat").count() == 0
    pokja.assert_clean()
    shoot_both(pokja, "87-pokja-sudah-divalidasi")

    # --- the pimpinan recommends it: the letter names the pokja as reviewer -----------------
    head = visitor(browser, desk_server)
    head.login(people.pimpinan.username, people.pimpinan.password)
    head.go(f"/submissions/{pk}/")
    head.submit_form(head.page.get_by_role("button", name="Rekomendasikan dan terbitkan surat"))
    assert head.page.url == f"{desk_server}/submissions/{pk}/letter/"
    letter = Letter.objects.get(submission_id=pk)
    assert (letter.signer_name, letter.reviewer_name) == ("Uji pimpinan", "Uji pokja")
    sheet = head.page.inner_text("article.letter")
    assert "Penelaah: Uji pokja" in sheet and "Uji pimpinan" in sheet
    assert letter.number in sheet
    head.assert_clean()
    shoot_both(head, "88-surat-pengadaan")

    # --- the audit trail shows each person's step -------------------------------------------
    head.go(f"/submissions/{pk}/")
    steps = [row for row in _audit_rows(head) if row[1] == "Perubahan status"]
    assert [row[3] for row in steps] == [
        "Diajukan → Ditelaah",
        "Ditelaah → Sudah ditelaah",
        "Sudah ditelaah → Direkomendasikan",
    ]
    # The office reads who acted by login (the test's logins "pokja" and "pimpinan" are
    # their roles' names, shown once), each step by the person who took it:
    assert [row[0] for row in steps] == ["Pokja pemilihan", "Pokja pemilihan", "Pimpinan"]
    moves = AuditEvent.objects.filter(submission_id=pk, action="transition").order_by("id")
    assert [(e.actor_id, e.to_status) for e in moves] == [
        (people.pokja.user.pk, "in_review"),
        (people.pokja.user.pk, "reviewed"),
        (people.pimpinan.user.pk, "recommended"),
    ]
    assert "Valid" in steps[1][4] and f"Kode paket {PACKAGE_CODE}" in steps[1][4]
    assert REVIEW_NOTE in steps[1][4]
    assert letter.number in steps[2][4]
    uploads = [row for row in _audit_rows(head) if row[1] == "Unggah versi"]
    assert len(uploads) == 1 and uploads[0][0].startswith("pemohon.dinkes"), uploads
    shoot_both(head, "89-jejak-audit-pengadaan")

    # ... and to the applicant, the staff's steps by role, never by name
    applicant.go(f"/submissions/{pk}/")
    shown = [row for row in _audit_rows(applicant) if row[1] == "Perubahan status"]
    assert [(row[0], row[3]) for row in shown] == [
        ("Pokja pemilihan", "Diajukan → Ditelaah"),
        ("Pokja pemilihan", "Ditelaah → Sudah ditelaah"),
        ("Pimpinan", "Sudah ditelaah → Direkomendasikan"),
    ]
    assert "Uji pokja" not in applicant.page.inner_text("#audit")
    assert "Uji pimpinan" not in applicant.page.inner_text("#audit")
    applicant.assert_clean()
    for person in (applicant, pokja, head):
        person.context.close()
