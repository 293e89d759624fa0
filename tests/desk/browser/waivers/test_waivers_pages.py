"""Waivers in Debian's Chromium against a real `patuh desk serve`, on SQLite and on
PostgreSQL: the applicant asks a waiver for the one error of a proposal; a reviewer
sees no decision button and a forged decision is refused; the head approves it with the
decision letter's reference; the finding shows as waived with who approved it and until
when, the verdict is compliant, the head recommends it; CI's `patuh check --waivers`
passes with the served file. With PATUH_DESK_SCREENSHOTS (`make desk-screenshots`) the
waiver pages are saved there."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests
from playwright.sync_api import Browser

from desk.browser.desk_browser import submission_id, visitor
from desk.servers import PATUH

JUSTIFICATION = '<script>alert("x")</script> Migrasi ke pusat data: Maret & "April"'
REFERENCE = "800/77/Diskominfo/2026"


def test_waiver_journey_in_the_browser(
    browser: Browser,
    desk_server: str,
    people: Any,
    proposal: Callable[..., bytes],
    tmp_path: Path,
) -> None:
    from engine.desk.models import Submission, Waiver

    wrong = proposal(hosting="opd_server_room")
    doc_id = re.search(rb"(?m)^  id: (\S+)", wrong).group(1).decode()  # type: ignore[union-attr]
    expires = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=20)).isoformat()

    # --- the applicant uploads, and asks a waiver for the finding -----------------------------
    applicant = visitor(browser, desk_server)
    applicant.login(people.pemohon.username, people.pemohon.password)
    applicant.go("/submit/")
    applicant.upload("#id_file", "usulan.yaml", wrong)
    pk = submission_id(applicant.page)
    page = applicant.page
    assert page.inner_text(".sub-badges .badge") == "TIDAK PATUH"
    section = page.locator("#pengecualian")
    assert "MDN-HOST-01" in section.inner_text()
    # The action sits beside the finding, under its line.
    line = wrong.decode().splitlines().index("    location: opd_server_room") + 1
    beside = page.locator(f"#T{line} .ask-waiver a")
    assert beside.inner_text() == "Minta pengecualian: MDN-HOST-01"
    beside.scroll_into_view_if_needed()
    applicant.shoot("30-temuan-dan-minta-pengecualian", full_page=False)
    applicant.submit_form(beside)
    assert page.locator("#w-rule").input_value() == "MDN-HOST-01"
    assert page.locator("#w-path").input_value() == "spec.hosting.location"
    page.fill("#w-justification", JUSTIFICATION)
    page.fill("#w-expires", expires)
    applicant.shoot("30-minta-pengecualian-formulir")
    # Without the CSRF token the request is refused and nothing is stored.
    form = page.locator("form.waiver-form")
    form.locator("input[name=csrfmiddlewaretoken]").evaluate("node => node.remove()")
    refused = applicant.submit_form(form.get_by_role("button", name="Kirim permintaan"))
    assert refused is not None and refused.status == 403
    assert not Waiver.objects.filter(submission_id=pk).exists()
    applicant.page.go_back()
    applicant.page.reload()
    page.fill("#w-justification", JUSTIFICATION)
    page.fill("#w-expires", expires)
    applicant.submit_form(page.get_by_role("button", name="Kirim permintaan"))
    assert "menunggu keputusan pimpinan" in page.inner_text(".flash")
    waiver = Waiver.objects.get(submission_id=pk)
    assert (waiver.status, waiver.justification) == ("requested", JUSTIFICATION)
    # Text, never markup: shown as typed, and no script element anywhere.
    assert JUSTIFICATION in page.inner_text("#pengecualian")
    applicant.assert_clean()
    applicant.shoot("31-pengajuan-dengan-permintaan")

    # --- a reviewer sees no decision button; a forged decision is refused (403) ---------------
    reviewer = visitor(browser, desk_server)
    reviewer.login(people.verifikator.username, people.verifikator.password)
    reviewer.go(f"/waivers/{waiver.pk}/")
    assert reviewer.page.get_by_role("button", name="Setujui").count() == 0
    assert "Hanya pimpinan" in reviewer.page.inner_text("#keputusan")
    token = reviewer.page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    forged = reviewer.page.request.post(
        f"{desk_server}/waivers/{waiver.pk}/decision/",
        form={"csrfmiddlewaretoken": token or "", "decision": "approve", "reference": "X"},
        headers={"Referer": f"{desk_server}/waivers/{waiver.pk}/"},
    )
    assert forged.status == 403
    waiver.refresh_from_db()
    assert waiver.status == "requested"
    assert reviewer.go(f"/submissions/{pk}/waivers/new/").status == 403  # applicants only
    reviewer.go(f"/submissions/{pk}/")
    assert reviewer.page.locator("#pengecualian a", has_text="Minta pengecualian").count() == 0
    reviewer.submit_form(reviewer.page.get_by_role("button", name="Mulai telaah"))
    reviewer.mark_reviewed("Telaah selesai; menunggu keputusan pengecualian.")
    # Another OPD's applicant: the waiver does not exist for them.
    stranger = visitor(browser, desk_server)
    stranger.login(people.pemohon2.username, people.pemohon2.password)
    assert stranger.go(f"/waivers/{waiver.pk}/").status == 404
    assert stranger.go(f"/submissions/{pk}/waivers/new/").status == 404
    stranger.go("/waivers/")
    assert doc_id not in stranger.page.inner_text("main")

    # --- the head finds it in the list and approves it with the reference ---------------------
    head = visitor(browser, desk_server)
    head.login(people.pimpinan.username, people.pimpinan.password)
    head.go("/waivers/")
    waiting = head.page.locator("#w-requested")
    assert doc_id in waiting.inner_text()
    head.shoot("32-daftar-pengecualian")
    head.submit_form(waiting.locator(f"a[href='/waivers/{waiver.pk}/']").first)
    head.shoot("33-keputusan-pimpinan")
    approve = head.page.locator("form.action", has=head.page.locator("input[value=approve]"))
    approve.locator("input[name=csrfmiddlewaretoken]").evaluate("node => node.remove()")
    head.page.fill("#w-reference", REFERENCE)
    assert head.submit_form(approve.get_by_role("button")).status == 403  # type: ignore[union-attr]
    assert Waiver.objects.get(pk=waiver.pk).status == "requested"
    head.go(f"/waivers/{waiver.pk}/")
    head.page.fill("#w-reference", REFERENCE)
    head.submit_form(head.page.get_by_role("button", name="Setujui"))
    assert head.page.url.endswith(f"/submissions/{pk}/")
    assert "disetujui" in head.page.inner_text(".flash")
    assert head.page.inner_text(".sub-badges .badge") == "PATUH"
    finding = head.page.locator("li.finding.s-waived")
    assert "MDN-HOST-01" in finding.inner_text()
    shown = finding.locator("dl.waiver").inner_text()
    assert REFERENCE in shown and "Uji pimpinan" in shown and expires in shown
    assert JUSTIFICATION in shown
    assert "segera berakhir" in head.page.inner_text("#pengecualian")  # within 30 days
    head.assert_clean()
    head.shoot("34-temuan-dikecualikan")
    head.go("/waivers/")
    assert doc_id in head.page.inner_text("#w-expiring")
    head.shoot("35-daftar-berakhir-30-hari")
    head.go("/waivers/?lang=en")
    assert head.page.inner_text("h1") == "Waivers"
    assert "Expiring within 30 days" in head.page.inner_text("#w-expiring")
    head.go("/waivers/?lang=id")

    # --- recommended: the letter is issued ------------------------------------------------------
    head.go(f"/submissions/{pk}/")
    head.submit_form(head.page.get_by_role("button", name="Rekomendasikan dan terbitkan surat"))
    assert Submission.objects.get(pk=pk).status == "recommended"
    assert "/letter/" in head.page.url
    # The letter says PATUH only with the waiver named: rule, decision, until when.
    named = head.page.inner_text(".letter-waived")
    assert "MDN-HOST-01" in named and REFERENCE in named and expires in named
    head.page.emulate_media(media="print")
    assert head.page.locator(".letter-waived").is_visible()
    head.page.emulate_media(media="screen")
    head.shoot("36-surat-dengan-pengecualian")

    # --- CI: the served file, unchanged, passes `patuh check --waivers` -------------------------
    served = requests.get(
        f"{desk_server}/api/v1/waivers.yaml",
        headers={"Authorization": f"Bearer {people.pemohon.token}"},
        timeout=60,
    )
    assert served.status_code == 200
    waivers_file = tmp_path / "waivers.yaml"
    waivers_file.write_bytes(served.content)
    document = tmp_path / "usulan.yaml"
    document.write_bytes(wrong)
    run = subprocess.run(
        [str(PATUH), "check", "--waivers", str(waivers_file), str(document)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "MDN-HOST-01" in run.stdout
