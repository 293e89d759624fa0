"""A new applicant writes a proposal through the form only, in Debian's Chromium against
a real `patuh desk serve`, on SQLite and on PostgreSQL (issue 23): a public Wi-Fi
project for Dinas Perhubungan. They save a draft and see the findings beside the fields,
fix them, attach the KAK as a PDF and submit. The verifikator sees nothing of it before
(404, not in the queue), and then sees it with its attachment. The applicant never sees
YAML. Every new page is shot at desktop width and at 390 px (no sideways scrolling).

With PATUH_DESK_SCREENSHOTS=FOLDER (`make desk-screenshots`: out/desk) the pages are
saved there.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page

from desk.attachments import files
from desk.browser.desk_browser import SCREEN, Visitor, submission_id, visitor
from desk.conftest import PASSWORD, People

ROOT = Path(__file__).resolve().parents[4]
EXAMPLE = ROOT / "fixtures" / "examples" / "usulan-telemedicine.yaml"
PHONE = {"width": 390, "height": 844}
OPD = "Dinas Perhubungan"


def _wifi_values() -> dict[str, str]:
    """What a clerk types for a public Wi-Fi project: every field the rules ask for
    (those of the compliant example proposal), the coordination section left out (in
    the desk, the submission is the coordination), OPD and id left to the form."""
    from engine.desk.forms.document import values_of
    from engine.reading.yaml_loader import load_bytes

    document = load_bytes(EXAMPLE.read_bytes()).documents[0].data
    values = {
        path: value
        for path, value in values_of(document).items()
        if not path.startswith(("spec.coordination", "metadata.opd", "metadata.id"))
    }
    values["metadata.title"] = "Wi-Fi Publik Gratis di Taman Kota"
    values["spec.summary"] = "Titik akses Wi-Fi gratis di 20 taman kota dan halte bus."
    values["spec.dimensions.0"] = "smart_living"
    values["spec.funding.amount_idr"] = "1.250.000.000"  # as a clerk writes rupiah
    values["spec.integration.0.system"] = "Sistem manajemen jaringan Diskominfo"
    return values


def _fill(person: Visitor, values: dict[str, str]) -> None:
    """Type each value into its field; a list's row that is not there yet is asked for
    with the list's "add a row" button (the form comes back one row longer)."""
    page = person.page
    for path, value in values.items():
        field = page.locator(f'[name="{path}"]:not([type=hidden])')
        while field.count() == 0:
            rows = re.match(r"(.*?)\.\d+(?:\.|$)", path)
            assert rows, path
            person.submit_form(page.locator(f'button[name="_add"][value="{rows.group(1)}"]'))
            field = page.locator(f'[name="{path}"]:not([type=hidden])')
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def _shoot_both(person: Visitor, name: str) -> None:
    """The page at desktop width and at a phone's 390 px: it must fit (no sideways
    scrolling), then back to the desktop."""
    page = person.page
    person.shoot(name)
    page.set_viewport_size(PHONE)
    try:
        person.shoot(f"{name}-390")
        width = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate(_WIDEST)
        assert width <= PHONE["width"], (name, width, wide)
    finally:
        page.set_viewport_size(SCREEN)


# The elements wider than the phone's screen, for the message of a failed check.
_WIDEST = """[...document.querySelectorAll('main *')]
  .filter(e => e.getBoundingClientRect().right > 390.5)
  .slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' +
  Math.round(e.getBoundingClientRect().right))"""


def _never_yaml(page: Page) -> None:
    assert page.locator(".listing, textarea.yaml").count() == 0, page.url
    assert "apiVersion" not in page.inner_text("main"), page.url


def test_a_new_applicant_writes_a_wifi_proposal_with_the_form_only(
    browser: Browser, desk_server: str, people: People
) -> None:
    from engine.desk.accounts import services
    from engine.desk.models import Attachment, Submission

    name = f"staf.dishub.{uuid.uuid4().hex[:6]}"
    services.create_user(name, "pemohon", OPD, PASSWORD, full_name="Staf Dishub")

    applicant = visitor(browser, desk_server)
    page = applicant.page
    applicant.login(name, PASSWORD)
    applicant.go("/submit/")
    _shoot_both(applicant, "f01-ajukan-pilihan")
    applicant.submit_form(page.locator("fieldset.fill-form button[type=submit]"))
    assert "/submit/form/" in page.url
    assert page.locator('[name="metadata.opd"]').input_value() == OPD  # filled from the user
    _never_yaml(page)
    applicant.assert_clean()
    _shoot_both(applicant, "f02-formulir-baru")

    # --- a first draft: title, summary and the wrong hosting location ------------------------
    _fill(
        applicant,
        {
            "metadata.title": "Wi-Fi Publik Gratis di Taman Kota",
            "spec.summary": "Titik akses Wi-Fi gratis di taman kota.",
            "spec.hosting.location": "opd_server_room",
        },
    )
    applicant.submit_form(page.locator('button[name="_action"][value="save"]'))
    pk = submission_id(page)
    assert page.url.endswith(f"/submissions/{pk}/edit/#hasil")
    assert "Draf #" in page.inner_text(".flash")
    assert Submission.objects.get(pk=pk).status == "draft"
    beside = page.locator('[id="f-spec.hosting.location"] .finding')
    assert beside.count() == 1 and "MDN-HOST-01" in beside.inner_text()
    # the rule's page is linked from the finding
    assert beside.locator("a.rule-link").get_attribute("href") == "/rules/MDN-HOST-01/"
    assert page.locator('[id="f-spec.security"] .finding.s-error').count() >= 1
    _never_yaml(page)
    applicant.assert_clean()
    _shoot_both(applicant, "f03-draf-temuan-di-samping-kolom")

    # --- the verifikator does not see the draft -----------------------------------------------
    reviewer = visitor(browser, desk_server)
    reviewer.login(people.verifikator.username, people.verifikator.password)
    assert reviewer.go(f"/submissions/{pk}/").status == 404
    reviewer.go("/?status=")
    assert reviewer.page.locator(f'a[href="/submissions/{pk}/"]').count() == 0

    # --- fixed: every field the rules ask for -------------------------------------------------
    _fill(applicant, _wifi_values())
    applicant.submit_form(page.locator('button[name="_action"][value="save"]'))
    assert submission_id(page) == pk
    assert "versi 2" in page.inner_text(".flash")
    assert page.locator(".form-summary .badge").inner_text() == "PATUH"
    assert page.locator(".doc-form .finding.s-error").count() == 0
    saved = Submission.objects.get(pk=pk).latest_version()
    assert saved is not None and "amount_idr: 1250000000" in saved.yaml_text
    _never_yaml(page)
    _shoot_both(applicant, "f04-draf-patuh")

    # --- the KAK, as a PDF ------------------------------------------------------------------
    kak = files.pdf("KAK Wi-Fi Publik")
    page.click('a[href$="/attachments/"]')
    page.wait_for_load_state("load")
    page.locator("#id_attach_file").set_input_files(
        {"name": "KAK-wifi-publik.pdf", "mimeType": "application/pdf", "buffer": kak}
    )
    page.fill("#id_attach_label", "KAK Wi-Fi publik")
    applicant.submit_form(page.locator(".attach-form button[type=submit]"))
    assert page.locator(".attachments li").count() == 1
    assert "KAK-wifi-publik.pdf" in page.inner_text(".attachments")
    applicant.assert_clean()
    _shoot_both(applicant, "f05-lampiran")

    # --- submitted ------------------------------------------------------------------------------
    applicant.go(f"/submissions/{pk}/edit/")
    applicant.submit_form(page.locator("form.submit-draft button[type=submit]"))
    assert submission_id(page) == pk
    assert page.inner_text(".sub-badges .status") == "Diajukan"
    assert page.locator(".doc-view").count() == 1  # the form's view of the document
    _never_yaml(page)
    applicant.assert_clean()
    _shoot_both(applicant, "f06-diajukan-tampilan-formulir")

    # --- now the verifikator sees it, with its attachment -------------------------------------
    reviewer.go("/")
    assert reviewer.page.locator(f'a[href="/submissions/{pk}/"]').count() >= 1
    assert reviewer.go(f"/submissions/{pk}/").status == 200
    listed = reviewer.page.locator("#lampiran .attachments a")
    assert listed.inner_text() == "KAK-wifi-publik.pdf"
    download = reviewer.page.request.get(desk_server + listed.get_attribute("href"))
    assert download.status == 200 and download.body() == kak
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["x-content-type-options"] == "nosniff"
    reviewer.assert_clean()
    (attachment,) = Attachment.objects.filter(submission_id=pk)
    assert attachment.version_number == 2
    reviewer.context.close()
    applicant.context.close()


def test_the_rules_pages_and_the_yaml_editor_fit_a_phone(
    browser: Browser, desk_server: str, people: People, proposal: Any
) -> None:
    applicant = visitor(browser, desk_server)
    applicant.login(people.pemohon.username, people.pemohon.password)
    applicant.go("/rules/")
    assert applicant.page.locator('a[href="/rules/MDN-KOOR-01/"]').count() == 1
    _shoot_both(applicant, "f07-aturan")
    applicant.go("/rules/MDN-HOST-01/")
    assert "spec.hosting.location" in applicant.page.inner_text("main")
    assert "patuh " not in applicant.page.inner_text("main").replace("patuh/v1", "")
    _shoot_both(applicant, "f08-aturan-satu")
    # a YAML upload opens for its next version as YAML (it was written as YAML)
    applicant.go("/submit/")
    applicant.upload("#id_file", "usulan.yaml", proposal(hosting="opd_server_room"))
    pk = submission_id(applicant.page)
    applicant.go(f"/submissions/{pk}/edit/yaml/")
    assert applicant.page.locator("#id_text").input_value().startswith("# Contoh: usulan")
    applicant.assert_clean()
    _shoot_both(applicant, "f09-ubah-yaml")
    applicant.go(f"/submissions/{pk}/edit/")
    assert applicant.page.locator('[id="f-spec.hosting.location"] .finding').count() == 1
    _shoot_both(applicant, "f10-ubah-formulir-dari-yaml")
    applicant.context.close()
