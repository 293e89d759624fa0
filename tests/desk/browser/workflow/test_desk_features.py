"""Steps of features/desk_*.feature (Bahasa Indonesia, `# language: id`): the desk's workflow
in Debian's Chromium against a real `patuh desk serve`, on SQLite and on PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.sync_api import Browser, Response
from pytest_bdd import given, parsers, scenarios, then, when

from desk.browser.desk_browser import Visitor, line_of, submission_id, visitor

scenarios("desk_alur.feature")

ROLES = {
    "pemohon": "pemohon",
    "pemohon OPD lain": "pemohon2",
    "verifikator": "verifikator",
    "pimpinan": "pimpinan",
}


@dataclass
class Desk:
    """What a scenario has done so far: who is logged in where, and the submission."""

    browser: Browser
    base: str
    people: Any
    visitors: dict[str, Visitor] = field(default_factory=dict)
    pk: int | None = None
    document: bytes = b""
    last: Response | None = None
    actor: Visitor | None = None  # who acted last: their page shows the answer

    def person(self, role: str) -> Visitor:
        if role not in self.visitors:
            found = getattr(self.people, ROLES[role])
            self.visitors[role] = visitor(self.browser, self.base)
            self.visitors[role].login(found.username, found.password)
        return self.visitors[role]

    def open(self, role: str) -> Visitor:
        seen = self.person(role)
        self.last = seen.go(f"/submissions/{self.pk}/")
        return seen


@pytest.fixture(autouse=True)
def _on_each_database(desk_server: str) -> None:
    """Named here so that every scenario runs on SQLite and on PostgreSQL: pytest-bdd asks
    for the steps' fixtures only while running, too late for a parametrized one."""


@pytest.fixture
def meja(browser: Browser, desk_server: str, people: Any) -> Iterator[Desk]:
    desk = Desk(browser, desk_server, people)
    yield desk
    for seen in desk.visitors.values():
        seen.assert_clean()
        seen.context.close()


# --- Diketahui ---------------------------------------------------------------------------------


@given(parsers.parse("{role} masuk ke meja telaah"))
def given_logged_in(meja: Desk, role: str) -> None:
    meja.person(role)


def _upload(meja: Desk, body: bytes, name: str) -> None:
    applicant = meja.person("pemohon")
    applicant.go("/submit/")
    meja.last = applicant.upload("#id_file", name, body)
    meja.pk = submission_id(applicant.page)
    meja.document = body


@given(parsers.parse('pemohon sudah mengajukan usulan dengan lokasi hosting "{hosting}"'))
@when(parsers.parse('pemohon mengunggah usulan dengan lokasi hosting "{hosting}"'))
def upload_with_hosting(meja: Desk, proposal: Callable[..., bytes], hosting: str) -> None:
    _upload(meja, proposal(hosting=hosting), "usulan.yaml")


@given("pemohon sudah mengajukan usulan yang patuh")
def given_compliant(meja: Desk, proposal: Callable[..., bytes]) -> None:
    _upload(meja, proposal(), "usulan.yaml")


# --- Ketika ------------------------------------------------------------------------------------


@when("pemohon mengunggah perbaikannya")
def when_fix(meja: Desk, proposal: Callable[..., bytes]) -> None:
    found = re.search(rb"(?m)^  id: (\S+)", meja.document)
    assert found
    _upload(meja, proposal(found.group(1).decode()), "usulan-perbaikan.yaml")


@when(parsers.parse("{role} mulai menelaah pengajuan itu"))
def when_take(meja: Desk, role: str) -> None:
    _act(meja, role, "Mulai telaah")


@when(parsers.parse("{role} merekomendasikan pengajuan itu"))
def when_recommend(meja: Desk, role: str) -> None:
    _act(meja, role, "Rekomendasikan dan terbitkan surat")


def _act(meja: Desk, role: str, button: str) -> None:
    seen = meja.open(role)
    meja.actor = seen
    meja.last = seen.submit_form(seen.page.get_by_role("button", name=button))


@when(parsers.parse('{role} mengembalikan pengajuan itu dengan catatan "{note}"'))
def when_return(meja: Desk, role: str, note: str) -> None:
    _with_note(meja, role, "returned", note)


@when(parsers.parse('{role} menandai pengajuan itu sudah ditelaah dengan catatan "{note}"'))
def when_reviewed(meja: Desk, role: str, note: str) -> None:
    meja.open(role)
    _with_note(meja, role, "reviewed", note)


@when(parsers.parse('{role} menolak pengajuan itu dengan catatan "{note}"'))
def when_reject(meja: Desk, role: str, note: str) -> None:
    _with_note(meja, role, "rejected", note)


def _with_note(meja: Desk, role: str, to: str, note: str) -> None:
    seen = meja.person(role)
    form = seen.page.locator("form.action", has=seen.page.locator(f"input[value={to}]"))
    form.locator("textarea").fill(note)
    meja.actor = seen
    meja.last = seen.submit_form(form.get_by_role("button"))


@when(parsers.parse("{role} membuka halaman pengajuan itu"))
def when_open(meja: Desk, role: str) -> None:
    meja.open(role)


# --- Maka --------------------------------------------------------------------------------------


@then(parsers.parse('hasil pemeriksaan pengajuan itu adalah "{verdict}"'))
def then_verdict(meja: Desk, verdict: str) -> None:
    page = meja.person("pemohon").page
    assert page.inner_text(".sub-badges .badge") == verdict


@then(parsers.parse('temuan "{rule}" tampil di samping baris yang memuat "{text}"'))
def then_beside(meja: Desk, rule: str, text: str) -> None:
    page = meja.person("pemohon").page
    line = line_of(meja.document, text)
    assert text in page.inner_text(f"#L{line} td.code")
    assert rule in page.inner_text(f"#T{line}")
    assert page.locator(".listing .finding", has_text=rule).count() == 1


@then(parsers.parse('riwayat versi mencatat bahwa versi {number:d} memperbaiki "{rule}"'))
def then_fixed(meja: Desk, number: int, rule: str) -> None:
    page = meja.person("pemohon").page
    row = page.locator(".versions tbody tr").nth(number - 1)
    assert rule in row.locator("td.delta").nth(0).inner_text()


@then(parsers.parse('status pengajuan itu adalah "{status}"'))
def then_status(meja: Desk, status: str) -> None:
    from engine.desk.models import Submission

    words = {
        "Diajukan": "submitted",
        "Ditelaah": "in_review",
        "Sudah ditelaah": "reviewed",
        "Dikembalikan untuk revisi": "returned",
        "Direkomendasikan": "recommended",
        "Ditolak": "rejected",
    }
    assert Submission.objects.get(pk=meja.pk).status == words[status]
    seen = meja.open("pemohon")
    assert seen.page.inner_text(".sub-badges .status") == status


@then(parsers.parse('pemohon membaca catatan "{note}" pada pengajuan itu'))
def then_reads_note(meja: Desk, note: str) -> None:
    seen = meja.open("pemohon")
    assert note in seen.page.inner_text(".note-box")


@then(parsers.parse('{role} tidak ditawari tombol "{button}"'))
def then_not_offered(meja: Desk, role: str, button: str) -> None:
    seen = meja.open(role)
    assert seen.page.get_by_role("button", name=button).count() == 0


@then(parsers.parse('halaman itu menyebut "{text}"'))
def then_page_says(meja: Desk, text: str) -> None:
    assert meja.actor is not None
    assert text in meja.actor.page.inner_text("#tindakan")


@then(parsers.parse('tindakan ditolak dengan pesan "{text}"'))
def then_refused(meja: Desk, text: str) -> None:
    assert meja.last is not None and meja.last.status in (400, 409)
    assert meja.actor is not None
    assert text in meja.actor.page.inner_text(".actions-box .form-error")


@then(parsers.parse('surat rekomendasi bernomor menurut pola "{pattern}" terbit'))
def then_letter(meja: Desk, pattern: str) -> None:
    from engine.desk.models import Letter

    letter = Letter.objects.get(submission_id=meja.pk)
    shape = re.escape(pattern).replace(r"\{seq:03d\}", r"\d{3,}").replace(r"\{year\}", r"\d{4}")
    assert re.fullmatch(shape, letter.number), letter.number
    head = meja.person("pimpinan").page
    assert head.url.endswith(f"/submissions/{meja.pk}/letter/")
    assert letter.number in head.inner_text(".letter-number")


@then(parsers.parse('halaman verifikasi publik menyatakan surat itu "{word}"'))
def then_verified(meja: Desk, word: str) -> None:
    url = meja.person("pimpinan").page.inner_text(".verify-url")
    public = visitor(meja.browser, meja.base)  # nobody logged in
    try:
        assert public.go(url.removeprefix(meja.base)).status == 200
        assert public.page.inner_text("#keabsahan") == word
        public.assert_clean()
    finally:
        public.context.close()


@then(parsers.parse('jejak audit mencatat catatan "{note}"'))
def then_audit_note(meja: Desk, note: str) -> None:
    seen = meja.open("pemohon")
    assert note in seen.page.inner_text("#audit")


@then("pemohon tidak dapat mengunggah versi baru pengajuan itu")
def then_closed(meja: Desk) -> None:
    seen = meja.open("pemohon")
    assert seen.page.locator("#id_file").count() == 0


@then("halaman itu tidak ditemukan")
def then_not_found(meja: Desk) -> None:
    assert meja.last is not None and meja.last.status == 404
