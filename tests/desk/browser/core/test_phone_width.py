"""Every page of the desk fits a 390 px phone (issue 24, item 9): in Chromium at 390x844,
each page, as each role that can see it, is no wider than the screen
(`document.documentElement.scrollWidth <= 390`); a page that is names the element that
sticks out furthest. The desk's routes are read from the URLconf, so a new page that is
not visited here fails the test (NOT_PAGES lists, with the reason, the routes that are no
page). With PATUH_DESK_SCREENSHOTS set (make desk-screenshots), each page visited is saved
at phone width, and the pages of issue 24 at desktop width too.

The submissions, letters, waivers and comments are made through the services, in this
process, on the server's database: what is tested is how the pages are laid out."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser

from desk.attachments import files
from desk.browser.desk_browser import SCREEN, Visitor, visitor
from desk.conftest import People, Person, make_proposal, new_id
from desk.letters.test_thread import make_procurement, recommended
from desk.servers import DeskServer

PHONE = {"width": 390, "height": 844}

# The desk's routes (namespace `desk`) that are no page to lay out, and why.
NOT_PAGES = {
    "logout": "POST only: a button in the top bar",
    "transition": "POST only (a GET goes back to the submission's page)",
    "comment": "POST only: the discussion's form on the submission's page",
    "letter_revoke": "POST only (a GET goes back to the letter's page)",
    "waiver_decide": "POST only: the decision's form on the waiver's page",
    "waiver_withdraw": "POST only: the form on an approved waiver's page",
    "audit_csv": "a download (CSV)",
    "version_yaml": "a download (the version's YAML)",
    "letter_pdf": "a download (the letter's PDF)",
    "register_export": "a download (the register as XLSX)",
    "attachment": "a download (the attachment's bytes)",
}

# Everything on the page that is wider than the screen, the element furthest right first;
# an element inside a box that scrolls by itself does not widen the page, and is skipped.
WIDTH_SCRIPT = """() => {
  const screen = window.innerWidth;
  const inScroller = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const x = getComputedStyle(up).overflowX;
      if (x !== 'visible' && x !== 'clip') return true;
    }
    return false;
  };
  const name = (el) => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += '#' + el.id;
    if (typeof el.className === 'string' && el.className.trim())
      text += '.' + el.className.trim().split(/\\s+/).join('.');
    return text;
  };
  let widest = null, right = 0;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect().right;
    if (r > right && !inScroller(el)) { right = r; widest = el; }
  }
  return {
    scroll: document.documentElement.scrollWidth,
    right: Math.round(right),
    widest: widest ? name(widest) : '',
    text: widest ? (widest.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 80) : '',
  };
}"""


@dataclass
class Seen:
    """What the phones saw: the paths opened, and each page wider than the screen."""

    paths: list[str] = field(default_factory=list)
    too_wide: list[str] = field(default_factory=list)


class Phone:
    """A person at a 390 px wide screen; every page they open is measured."""

    def __init__(self, browser: Browser, base: str, seen: Seen) -> None:
        self.person: Visitor = visitor(browser, base)
        self.person.page.set_viewport_size(PHONE)  # type: ignore[arg-type]
        self.seen = seen

    def login(self, who: Person) -> Phone:
        self.person.login(who.username, who.password)
        return self

    def visit(self, path: str, name: str, status: int = 200, desktop: bool = False) -> None:
        answer = self.person.go(path)
        assert answer.status == status, f"{name}: {path} answered {answer.status}"
        self.measure(name)
        self.seen.paths.append(urlsplit(self.person.page.url).path)
        if desktop:  # issue 24's pages, for make desk-screenshots: the desktop's too
            self.person.page.set_viewport_size(SCREEN)  # type: ignore[arg-type]
            self.person.shoot(f"desktop-{name}")
            self.person.page.set_viewport_size(PHONE)  # type: ignore[arg-type]

    def measure(self, name: str) -> None:
        found = self.person.page.evaluate(WIDTH_SCRIPT)
        if found["scroll"] > PHONE["width"]:
            self.seen.too_wide.append(
                f"{name} ({self.person.page.url}): {found['scroll']} px wide; furthest right"
                f" ({found['right']} px): <{found['widest']}> {found['text']!r}"
            )
        self.person.shoot(f"phone-{name}")

    def leave(self) -> None:
        self.person.assert_clean()
        self.person.page.set_viewport_size(SCREEN)  # type: ignore[arg-type]
        self.person.context.close()


def _desk_routes() -> set[str]:
    """The names of the desk's routes, from the URLconf."""
    from django.urls import get_resolver

    names: set[str] = set()
    for pattern in get_resolver().url_patterns:
        for inner in getattr(pattern, "url_patterns", []):
            if getattr(pattern, "namespace", None) == "desk" and inner.name:
                names.add(inner.name)
    return names


def _route_of(path: str) -> str | None:
    from django.urls import Resolver404, resolve

    try:
        found = resolve(path)
    except Resolver404:
        return None
    return found.url_name if found.namespace == "desk" else found.view_name


def _office(people: People) -> dict[str, Any]:
    """A submission in every status, a procurement with the pokja, a revoked letter, a
    waiver, comments, an assignee, an attachment and a second version (for the diff)."""
    from engine.desk.attachments.services import attach
    from engine.desk.letters.services import revoke_letter
    from engine.desk.submissions.discussion import add_comment
    from engine.desk.submissions.services import submit
    from engine.desk.waivers.services import request_waiver
    from engine.desk.workflow.services import transition

    applicant, reviewer, head = _applicant_with_mail(people), people.verifikator, people.pimpinan
    opd = applicant.opd or ""
    long_title = "Sistem Informasi Pelayanan Kesehatan Terpadu Berbasis Telemedisin Puskesmas"

    def new(
        hosting: str = "diskominfo_datacenter",
        *,
        draft: bool = False,
        doc: str = "",
        title: str = "",
    ) -> Any:
        body = make_proposal(doc or None, hosting=hosting, title=title or long_title, opd=opd)
        return submit(applicant.user, body, "usulan.yaml", draft=draft).submission

    made: dict[str, Any] = {"draft": new(draft=True)}
    doc = new_id() + "-DENGAN-NOMOR-DOKUMEN-YANG-SANGAT-PANJANG-SEKALI"
    findings = new("opd_server_room", doc=doc)
    again = new("opd_server_room", doc=doc, title=long_title + " Tahap II")  # a diff
    assert again.pk == findings.pk
    attach(
        applicant.user,
        findings.pk,
        "kerangka-acuan-kerja-sistem-informasi-pelayanan-kesehatan-terpadu.pdf",
        files.pdf(),
        "Kerangka Acuan Kerja (KAK) dan Rencana Anggaran Biaya",
    )
    made["findings"] = findings
    made["waiver"] = request_waiver(
        applicant.user,
        findings.pk,
        rule="MDN-HOST-01",
        path="spec.hosting.location",
        justification="Server ruang OPD dipakai sampai pusat data siap; " * 4,
        expires=dt.date.today() + dt.timedelta(days=60),
    )
    reviewing = new()
    transition(reviewer.user, reviewing.pk, "in_review")
    add_comment(reviewer.user, reviewing.pk, "Mohon lengkapi lampiran arsitektur. " * 12)
    add_comment(applicant.user, reviewing.pk, "Baik, segera kami lengkapi." + "x" * 120)
    made["in_review"] = reviewing
    reviewed = new()
    transition(reviewer.user, reviewed.pk, "in_review")
    transition(reviewer.user, reviewed.pk, "reviewed", "Telaah selesai, dokumen lengkap.")
    made["reviewed"] = reviewed
    returned = new()
    transition(reviewer.user, returned.pk, "in_review")
    transition(reviewer.user, returned.pk, "returned", "Perbaiki bagian hosting. " * 20)
    made["returned"] = returned
    rejected = new()
    transition(reviewer.user, rejected.pk, "in_review")
    transition(head.user, rejected.pk, "rejected", "Tidak sesuai rencana induk.")
    made["rejected"] = rejected
    withdrawn = new()
    transition(applicant.user, withdrawn.pk, "withdrawn", "Diganti usulan baru.")
    made["withdrawn"] = withdrawn
    made["submitted"] = new()
    made["recommended"], made["letter"] = recommended(people, applicant, opd=opd)
    revoked, made["revoked_letter"] = recommended(people, applicant, opd=opd)
    revoke_letter(head.user, revoked.pk, "Dicabut: data tidak benar.")
    upload = make_procurement(made["recommended"].document_id, made["letter"].number, opd=opd)
    procurement = submit(applicant.user, upload, "pengadaan.yaml").submission
    transition(people.pokja.user, procurement.pk, "in_review")
    made["procurement"] = procurement
    made["applicant"] = applicant
    _mail_log_and_a_day_off(applicant)
    return made


def _applicant_with_mail(people: People) -> Person:
    """An applicant who is told by mail, of an OPD of this test's own: the other tests'
    OPDs get no mail from it."""
    from engine.desk.accounts.services import create_user

    name = f"pemohon.layar.{new_id().lower()}"
    opd = f"Dinas Uji Layar {new_id()}"
    user = create_user(name, "pemohon", opd, people.pemohon.password, full_name="Uji Layar")
    user.email = f"{name}@pemkomedan.example"
    user.save(update_fields=["email"])
    return Person(name, people.pemohon.password, "pemohon", opd, user, "")


def _mail_log_and_a_day_off(applicant: Person) -> None:
    """The admin's outbox and days-off lists with a row each: the applicant's mails
    marked sent (no other test's SMTP server gets them), a day off long past (no
    deadline of today moves)."""
    from django.utils import timezone

    from engine.desk.models import DayOff, OutboxMail

    assert OutboxMail.objects.filter(to=applicant.user.email).exists()
    OutboxMail.objects.filter(to=applicant.user.email).update(sent_at=timezone.now())
    DayOff.objects.get_or_create(
        date=dt.date(2020, 12, 24), defaults={"name": "Cuti bersama Natal"}
    )


def _admin_changelists() -> list[tuple[str, str]]:
    """(name, address) of the change list of every model in the admin."""
    from django.contrib import admin
    from django.urls import reverse

    return sorted(
        (
            f"admin-{model._meta.model_name}",
            reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"),
        )
        for model in admin.site._registry
    )


def test_every_page_fits_a_390_px_phone(
    browser: Browser,
    desk_server: str,
    desk_db: str,
    opa_url: str,
    people: People,
    start_desk_server: Callable[..., DeskServer],
) -> None:
    from engine.desk.accounts.services import create_user
    from engine.desk.core import checking

    made = _office(people)
    seen = Seen()
    code, revoked_code = made["letter"].code, made["revoked_letter"].code
    sub = {key: value.pk for key, value in made.items() if hasattr(value, "document_id")}
    assert set(sub) >= {"draft", "findings", "in_review", "reviewed", "procurement"}
    rule = sorted(checking.catalog().rules)[0]

    anonymous = Phone(browser, desk_server, seen)
    anonymous.visit("/accounts/login/", "login")
    anonymous.visit("/verify/", "verify-form", desktop=True)
    anonymous.visit(f"/verify/{code}/", "verify-sah")
    anonymous.visit(f"/verify/{revoked_code}/", "verify-revoked")
    anonymous.visit("/verify/TIDAKADA/", "verify-unknown", status=404)
    anonymous.visit("/tidak-ada/", "404", status=404)
    anonymous.leave()

    applicant = Phone(browser, desk_server, seen).login(made["applicant"])
    applicant.visit("/", "queue-pemohon")
    applicant.visit("/submit/", "submit")
    for kind in ("Proposal", "Procurement", "System"):
        applicant.visit(f"/submit/form/?kind={kind}", f"form-{kind.lower()}")
    applicant.visit(f"/submissions/{sub['draft']}/", "draft")
    applicant.visit(f"/submissions/{sub['draft']}/edit/", "draft-edit")
    applicant.visit(f"/submissions/{sub['draft']}/edit/yaml/", "draft-edit-yaml")
    for status in ("submitted", "returned", "rejected", "withdrawn", "recommended", "in_review"):
        applicant.visit(f"/submissions/{sub[status]}/", f"submission-{status}-pemohon")
    applicant.visit(f"/submissions/{sub['findings']}/", "findings-pemohon")
    applicant.visit(f"/submissions/{sub['findings']}/?a=1&b=2", "diff")
    applicant.visit(f"/submissions/{sub['findings']}/?v=1&view=form", "findings-form-view")
    applicant.visit(f"/submissions/{sub['findings']}/attachments/", "attachments")
    applicant.visit(
        f"/submissions/{sub['findings']}/waivers/new/?rule=MDN-HOST-01&path=spec.hosting.location",
        "waiver-request",
    )
    applicant.visit(f"/submissions/{sub['recommended']}/letter/", "letter-pemohon")
    applicant.visit("/waivers/", "waivers-pemohon")
    applicant.visit(f"/waivers/{made['waiver'].pk}/", "waiver-pemohon")
    applicant.visit("/rules/", "rules")
    applicant.visit(f"/rules/{rule}/", "rule")
    applicant.visit("/accounts/tokens/", "tokens")
    applicant.visit("/accounts/mail/", "mail-settings")
    applicant.visit("/register/", "register-pemohon")
    applicant.leave()

    reviewer = Phone(browser, desk_server, seen).login(people.verifikator)
    reviewer.visit("/", "queue-verifikator", desktop=True)
    reviewer.visit(
        "/?status=all&q=Telemedisin&sort=newest&page=1", "queue-search-sort-page", desktop=True
    )
    reviewer.visit("/?q=tidak-ada-yang-cocok", "queue-nothing-found")
    reviewer.visit(f"/submissions/{sub['in_review']}/", "review-box-discussion", desktop=True)
    reviewer.visit(f"/submissions/{sub['findings']}/", "findings-verifikator")
    reviewer.visit(f"/waivers/{made['waiver'].pk}/", "waiver-verifikator")
    reviewer.visit("/register/", "register-verifikator")
    reviewer.visit("/accounts/tokens/", "tokens-listed")  # the fixtures gave each a token
    reviewer.visit("/submit/form/", "403", status=403)  # only an applicant writes one
    reviewer.leave()

    pokja = Phone(browser, desk_server, seen).login(people.pokja)
    pokja.visit("/", "queue-pokja")
    pokja.visit(f"/submissions/{sub['procurement']}/", "pokja-validation", desktop=True)
    pokja.visit(f"/submissions/{sub['recommended']}/letter/", "letter-pokja")
    pokja.leave()

    head = Phone(browser, desk_server, seen).login(people.pimpinan)
    head.visit("/", "queue-pimpinan")
    head.visit(f"/submissions/{sub['reviewed']}/", "reviewed-pimpinan", desktop=True)
    head.visit(f"/submissions/{sub['recommended']}/letter/", "letter-pimpinan")
    head.visit("/waivers/", "waivers-pimpinan")
    head.visit(f"/waivers/{made['waiver'].pk}/", "waiver-decision")
    head.visit("/register/", "register")
    head.leave()

    admin = Phone(browser, desk_server, seen).login(people.admin)
    admin.visit("/admin/", "admin-index")
    for name, address in _admin_changelists():
        wanted = ("outboxmail", "dayoff")
        admin.visit(address, name, desktop=any(name.endswith(w) for w in wanted))
    admin.visit(f"/admin/desk/submission/{sub['in_review']}/change/", "admin-submission")
    admin.visit("/", "queue-admin")
    admin.leave()

    # A page over the upload limit: 413, the submit page again with the reason.
    big = Phone(browser, desk_server, seen).login(made["applicant"])
    big.person.go("/submit/")
    from engine.desk.submissions.forms import MAX_FILE_BYTES

    answer = big.person.upload("#id_file", "besar.yaml", b"a: b\n" * (MAX_FILE_BYTES // 5 + 1))
    assert answer is not None and answer.status == 413
    big.measure("413")
    big.leave()

    # The second factor's pages, on a desk that asks for it (PATUH_DESK_REQUIRE_2FA=1).
    guarded = start_desk_server(desk_db, opa_url, env={"PATUH_DESK_REQUIRE_2FA": "1"}).url
    name = "kepala." + new_id().lower()
    create_user(name, "pimpinan", None, people.pimpinan.password)
    signing_in = Phone(browser, guarded, seen)
    signing_in.person.login(name, people.pimpinan.password)
    assert urlsplit(signing_in.person.page.url).path == "/accounts/2fa/"
    signing_in.measure("2fa-setup")
    seen.paths.append("/accounts/2fa/")
    signing_in.leave()

    assert seen.too_wide == [], "\n".join(seen.too_wide)
    visited = {_route_of(path) for path in seen.paths}
    missing = _desk_routes() - visited - set(NOT_PAGES)
    assert missing == set(), f"pages of the desk this test does not visit: {sorted(missing)}"
    assert not set(NOT_PAGES) - _desk_routes(), "NOT_PAGES names a route that is gone"
    assert {address for _, address in _admin_changelists()} <= set(seen.paths)
    assert re.search(r"/submissions/\d+/letter/", " ".join(seen.paths))
