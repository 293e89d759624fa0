"""The desk as people use it, in Debian's Chromium against a real `patuh desk serve`, on
SQLite and on PostgreSQL: an applicant uploads a proposal with a wrong hosting location,
sees the finding at its line and uploads a fix; a reviewer takes it and returns it with a
note; the applicant fixes it; the reviewer marks it reviewed (and cannot recommend it);
the head, who did not review it, recommends it (four eyes); the letter, naming both,
prints on A4; the public verification page confirms it.

With PATUH_DESK_SCREENSHOTS=FOLDER (`make desk-screenshots`) every page is saved there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from headless import A4_WIDTH_PX
from playwright.sync_api import Browser

from desk.browser.desk_browser import SCREEN, line_of, plain, save_artifact, submission_id, visitor

NOTE = "Mohon lengkapi ringkasan: sebutkan jumlah puskesmas yang dilayani."
COMMENT = "Jumlah <41> puskesmas sudah sesuai & SLA 99,5% — terima kasih."
REVIEW_NOTE = "Hosting di pusat data, SLA dan keamanan sesuai; diteruskan ke pimpinan."


def _findings(pk: int, number: int) -> list[dict[str, Any]]:
    from engine.desk.models import Version

    version = Version.objects.get(submission_id=pk, number=number)
    return [f for r in version.report["results"] for f in r["findings"]]


def test_whole_journey(
    browser: Browser, desk_server: str, people: Any, proposal: Callable[..., bytes]
) -> None:
    from engine.desk.models import Letter, Submission

    wrong = proposal(hosting="opd_server_room")
    doc_id = re.search(rb"(?m)^  id: (\S+)", wrong).group(1).decode()  # type: ignore[union-attr]
    fixed = proposal(doc_id)
    revised = fixed.replace(b"  summary: ", b"  summary: Melayani 41 puskesmas. ", 1)
    assert revised != fixed

    # --- the applicant uploads the proposal with the wrong hosting location -------------------
    applicant = visitor(browser, desk_server)
    applicant.login(people.pemohon.username, people.pemohon.password)
    assert applicant.page.url == desk_server + "/"
    applicant.shoot("01-antrean-pemohon")
    applicant.go("/submit/")
    assert applicant.page.locator("#id_text").input_value().startswith("#")  # patuh init
    applicant.shoot("02-ajukan")
    answer = applicant.upload("#id_file", "usulan-telemedicine.yaml", wrong)
    assert answer is not None and answer.status == 200
    pk = submission_id(applicant.page)
    page = applicant.page
    assert "dibuat dan diperiksa" in page.inner_text(".flash")
    assert page.inner_text(".sub-badges .badge") == "TIDAK PATUH"
    assert page.inner_text(".sub-badges .status") == "Diajukan"

    # ... and sees the finding at its line, with rule, message, basis and remedy
    line = line_of(wrong, "location: opd_server_room")
    assert page.inner_text(f"#L{line} td.code") == "    location: opd_server_room"
    assert page.locator(f"#L{line}.hit").count() == 1
    beside = page.inner_text(f"#T{line}")
    host = [f for f in _findings(pk, 1) if f["rule"] == "MDN-HOST-01"]
    assert len(host) == 1 and host[0]["line"] == line
    for part in ("rule", "title", "message", "basis", "remedy"):
        assert plain(host[0][part]) in beside, part
    assert f"baris {line}" in beside
    # no other line carries that finding
    assert page.locator(".listing .finding", has_text="MDN-HOST-01").count() == 1
    applicant.assert_clean()
    applicant.shoot("03-pengajuan-temuan")

    # ... and uploads the fix: version 2, compliant, and the page says what it fixed
    applicant.upload("#id_file", "usulan-telemedicine-perbaikan.yaml", fixed)
    assert submission_id(page) == pk
    assert "Versi 2 ditambahkan" in page.inner_text(".flash")
    assert page.inner_text(".sub-badges .badge") == "PATUH"
    second = page.locator(".versions tbody tr").nth(1)
    assert "MDN-HOST-01" in second.locator("td.delta").nth(0).inner_text()  # fixed
    assert page.locator(".listing .finding.s-error").count() == 0
    applicant.assert_clean()

    # --- a reviewer takes it (submitted -> in_review) and returns it with a note ---------------
    reviewer = visitor(browser, desk_server)
    reviewer.login(people.verifikator.username, people.verifikator.password)
    row = reviewer.page.locator(".queue tbody tr", has_text=doc_id)
    assert row.count() == 1
    reviewer.shoot("04-antrean-verifikator")
    reviewer.submit_form(row.locator("a.doc-name"))
    assert submission_id(reviewer.page) == pk
    reviewer.submit_form(reviewer.page.get_by_role("button", name="Mulai telaah"))
    assert reviewer.page.inner_text(".sub-badges .status") == "Ditelaah"
    assert Submission.objects.get(pk=pk).status == "in_review"
    # a note of only spaces passes the browser's `required`, never the server
    back = reviewer.page.locator("form.action", has=reviewer.page.locator("input[value=returned]"))
    back.locator("textarea").fill("   ")
    refused = reviewer.submit_form(back.get_by_role("button"))
    assert refused is not None and refused.status == 400
    assert "Catatan wajib diisi" in reviewer.page.inner_text(".actions-box .form-error")
    assert Submission.objects.get(pk=pk).status == "in_review"
    reviewer.shoot("05-catatan-wajib")
    back = reviewer.page.locator("form.action", has=reviewer.page.locator("input[value=returned]"))
    back.locator("textarea").fill(NOTE)
    reviewer.submit_form(back.get_by_role("button"))
    assert reviewer.page.inner_text(".sub-badges .status") == "Dikembalikan untuk revisi"
    assert NOTE in reviewer.page.inner_text("#audit")
    reviewer.assert_clean()

    # --- the applicant reads the note and uploads the revision ----------------------------------
    applicant.go(f"/submissions/{pk}/")
    assert NOTE in page.inner_text(".note-box")
    applicant.shoot("06-dikembalikan")
    applicant.upload("#id_file", "usulan-telemedicine-revisi.yaml", revised)
    assert page.inner_text(".sub-badges .status") == "Diajukan"
    assert page.locator(".versions tbody tr").count() == 3
    # the diff between versions 2 and 3, chosen with a GET form
    page.select_option("#d-a", "2")
    page.select_option("#d-b", "3")
    applicant.submit_form(page.get_by_role("button", name="Bandingkan"))
    assert "a=2" in page.url and "b=3" in page.url
    added = page.locator(".diff tr.add td.code").all_inner_texts()
    removed = page.locator(".diff tr.del td.code").all_inner_texts()
    assert any("Melayani 41 puskesmas." in text for text in added)
    assert len(added) == len(removed) == 1
    applicant.assert_clean()
    applicant.shoot("07-riwayat-dan-perbandingan")

    # --- the reviewer takes it again and marks it reviewed, with a note --------------------------
    reviewer.go(f"/submissions/{pk}/")
    reviewer.submit_form(reviewer.page.get_by_role("button", name="Mulai telaah"))
    # ... comments on it in the discussion, escaped like every text ...
    reviewer.page.fill("#comment-text", COMMENT)
    reviewer.submit_form(reviewer.page.get_by_role("button", name="Kirim komentar"))
    assert reviewer.page.url.endswith(f"/submissions/{pk}/#diskusi")
    said = reviewer.page.locator("#diskusi .comment").last
    assert said.locator(".comment-text").inner_text() == COMMENT
    assert "Uji verifikator" in said.inner_text() and "Verifikator" in said.inner_text()
    assert COMMENT in reviewer.page.inner_text("#audit")
    reviewer.shoot("08-diskusi")
    reviewer.mark_reviewed(REVIEW_NOTE)
    assert reviewer.page.inner_text(".sub-badges .status") == "Sudah ditelaah"
    assert "Sudah ditelaah oleh Uji verifikator" in reviewer.page.inner_text(".review-box")
    # The reviewer is offered no recommendation: that is another person's step.
    assert (
        reviewer.page.get_by_role("button", name="Rekomendasikan dan terbitkan surat").count() == 0
    )
    reviewer.assert_clean()
    reviewer.shoot("08-sudah-ditelaah")

    # --- the head, who did not review it, recommends it: a numbered letter -----------------------
    head = visitor(browser, desk_server)
    head.login(people.pimpinan.username, people.pimpinan.password)
    head.go(f"/submissions/{pk}/")
    assert REVIEW_NOTE in head.page.inner_text(".review-box")
    head.shoot("08-pimpinan-memutuskan")
    head.submit_form(head.page.get_by_role("button", name="Rekomendasikan dan terbitkan surat"))
    assert head.page.url.endswith(f"/submissions/{pk}/letter/")
    letter = Letter.objects.get(submission_id=pk)
    assert re.fullmatch(r"555/\d{3}/Diskominfo/\d{4}", letter.number)
    sheet = head.page.inner_text("article.letter")
    for stated in (
        letter.number,
        letter.document_digest,
        letter.policy_digest,
        letter.catalog_digest,
        letter.code,
        letter.signer_name,
        "Penelaah: Uji verifikator",
        "Dinas Kesehatan",
    ):
        assert stated in sheet
    assert (letter.signer_name, letter.reviewer_name) == ("Uji pimpinan", "Uji verifikator")
    assert letter.version.number == 3 and letter.document_digest
    verify_url = head.page.inner_text(".verify-url")
    assert verify_url == f"{desk_server}/verify/{letter.code}/"
    head.assert_clean()
    head.shoot("09-surat")

    # ... which prints on one A4 sheet, without the desk's bar and buttons
    head.page.set_viewport_size({"width": A4_WIDTH_PX, "height": 1123})
    head.page.emulate_media(media="print")
    assert head.page.locator(".topbar").is_hidden()
    assert head.page.locator(".screen-only").is_hidden()
    pdf = head.page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    save_artifact("surat-rekomendasi.pdf", pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    head.shoot("10-surat-cetak")
    head.page.emulate_media(media="screen")
    head.page.set_viewport_size(SCREEN)

    # --- anyone can verify it, without logging in ---------------------------------------
    public = visitor(browser, desk_server)
    answer = public.go(verify_url.removeprefix(desk_server))
    assert answer.status == 200
    assert public.page.inner_text("#keabsahan") == "SAH"
    facts = public.page.inner_text(".verify-facts")
    for stated in (letter.number, letter.document_digest, letter.title, "Dinas Kesehatan"):
        assert stated in facts
    assert NOTE not in public.page.content()  # only what the letter states
    public.assert_clean()
    public.shoot("11-verifikasi")
    assert public.go("/verify/TIDAKADAKODEINI/").status == 404
    assert "TIDAK DIKENAL" in public.page.inner_text("main")
    public.shoot("12-verifikasi-tidak-ada")

    # the submission is closed: the applicant is offered no upload, the head no action
    applicant.go(f"/submissions/{pk}/")
    assert page.inner_text(".sub-badges .status") == "Direkomendasikan"
    assert page.locator("#id_file").count() == 0
    assert letter.number in page.inner_text(".sub-side")
    applicant.shoot("13-direkomendasikan")
    for person in (applicant, reviewer, head, public):
        person.context.close()


def test_recommendation_is_refused_while_not_compliant(
    browser: Browser, desk_server: str, people: Any, proposal: Callable[..., bytes]
) -> None:
    from engine.desk.models import Submission

    applicant = visitor(browser, desk_server)
    applicant.login(people.pemohon.username, people.pemohon.password)
    applicant.go("/submit/")
    applicant.upload("#id_file", "usulan.yaml", proposal(hosting="opd_server_room"))
    pk = submission_id(applicant.page)

    reviewer = visitor(browser, desk_server)
    reviewer.login(people.verifikator.username, people.verifikator.password)
    reviewer.go(f"/submissions/{pk}/")
    reviewer.submit_form(reviewer.page.get_by_role("button", name="Mulai telaah"))
    reviewer.mark_reviewed("Diteruskan ke pimpinan.")
    head = visitor(browser, desk_server)
    head.login(people.pimpinan.username, people.pimpinan.password)
    head.go(f"/submissions/{pk}/")
    hint = head.page.inner_text(".actions-box .hint")
    assert "TIDAK PATUH" in hint  # said before anyone clicks
    refused = head.submit_form(
        head.page.get_by_role("button", name="Rekomendasikan dan terbitkan surat")
    )
    assert refused is not None and refused.status == 409
    error = head.page.inner_text(".actions-box .form-error")
    assert "Rekomendasi ditolak" in error and "TIDAK PATUH" in error
    assert Submission.objects.get(pk=pk).status == "reviewed"
    assert not hasattr(Submission.objects.get(pk=pk), "letter")
    head.assert_clean()
    head.shoot("14-rekomendasi-ditolak")
    for person in (applicant, reviewer, head):
        person.context.close()


def test_write_in_the_browser_from_the_template(
    browser: Browser, desk_server: str, people: Any, proposal: Callable[..., bytes]
) -> None:
    from engine.desk.models import Submission

    applicant = visitor(browser, desk_server)
    applicant.login(people.pemohon.username, people.pemohon.password)
    applicant.go("/submit/?kind=System")
    page = applicant.page
    template = page.locator("#id_text").input_value()
    assert "kind: System" in template and "<ISI:" in template
    assert 'opd: "Dinas Kesehatan"' in template  # the applicant's own OPD, filled in
    # The template as it is still holds placeholders: stored as an invalid version (desk.md:
    # "so the applicant sees why"), each placeholder's finding beside its line.
    applicant.submit_form(page.get_by_role("button", name="Ajukan dan periksa"))
    assert page.inner_text(".sub-badges .badge") == "TIDAK VALID"
    first = line_of(template.encode(), 'id: "<ISI:')
    assert "<ISI:" in page.inner_text(f"#L{first} td.code")
    assert page.locator(f"#T{first} .finding.s-error").count() >= 1
    applicant.shoot("16-tulis-templat-tidak-valid")
    # Written out properly, it is checked at once and filed.
    body = proposal().decode()
    page.goto(desk_server + "/submit/?kind=Proposal")
    page.fill("#id_text", body)
    applicant.submit_form(page.get_by_role("button", name="Ajukan dan periksa"))
    pk = submission_id(page)
    assert page.inner_text(".sub-badges .badge") == "PATUH"
    stored = Submission.objects.get(pk=pk).versions.get(number=1)
    assert stored.yaml_text == body and stored.filename == "proposal-ditulis-di-peramban.yaml"
    # The audit trail is exported as CSV, the upload and the check in it.
    csv = page.request.get(f"{desk_server}/submissions/{pk}/audit.csv")
    assert csv.status == 200 and csv.headers["content-type"].startswith("text/csv")
    lines = csv.text().lstrip("\ufeff").splitlines()
    assert lines[0].startswith("at,actor,role,action")
    assert [line.split(",")[3] for line in lines[1:]] == ["upload", "check"]
    applicant.assert_clean()
    applicant.context.close()
