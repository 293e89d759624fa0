"""Bahasa Indonesia by default, English on request, from one source: `?lang=en` (kept in the
session), or the browser's Accept-Language; the findings' own words follow (the check's
English answer, stored with the version)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml
from playwright.sync_api import Browser

from desk.browser.desk_browser import line_of, plain, submission_id, submitted_by, visitor
from engine.desk.core import words


def test_indonesian_by_default_english_on_request_and_kept(
    browser: Browser, desk_server: str, people: Any, proposal: Callable[..., bytes]
) -> None:
    from engine.desk.models import Version

    person = visitor(browser, desk_server)
    person.go("/accounts/login/")
    assert person.page.inner_text("h1") == "Masuk ke Meja Telaah"
    assert person.page.get_attribute("html", "lang") == "id"
    person.login(people.pemohon.username, people.pemohon.password)
    person.go("/submit/")
    body = proposal(hosting="opd_server_room")
    person.upload("#id_file", "usulan.yaml", body)
    pk = submission_id(person.page)
    assert person.page.inner_text(".sub-badges .status") == "Diajukan"

    # The language link asks for English (on the same page, with its query); the choice
    # stays for the next pages.
    person.go(f"/submissions/{pk}/?v=1")
    person.submit_form(person.page.get_by_role("link", name="English"))
    assert person.page.url.endswith(f"/submissions/{pk}/?v=1&lang=en")
    assert person.page.get_attribute("html", "lang") == "en"
    assert person.page.inner_text(".sub-badges .status") == "Submitted"
    assert person.page.inner_text(".sub-badges .badge") == "NON-COMPLIANT"
    line = line_of(body, "location: opd_server_room")
    english = next(
        f
        for r in Version.objects.get(submission_id=pk, number=1).report_en["results"]
        for f in r["findings"]
        if f["rule"] == "MDN-HOST-01"
    )
    beside = person.page.inner_text(f"#T{line}")
    assert plain(english["title"]) in beside and plain(english["remedy"]) in beside
    assert f"line {line}" in beside
    person.go("/")
    assert person.page.inner_text("h1") == "Submissions of Dinas Kesehatan"
    person.shoot("30-english")
    # ... and back.
    person.go("/?lang=id")
    assert person.page.inner_text("h1") == "Pengajuan Dinas Kesehatan"
    person.assert_clean()
    person.context.close()


def test_accept_language_english(browser: Browser, desk_server: str) -> None:
    person = visitor(browser, desk_server, locale="en-GB")
    person.go("/accounts/login/")
    assert person.page.inner_text("h1") == "Log in to the review desk"
    assert person.go("/verify/NOSUCHCODE/").status == 404
    assert "there is no recommendation letter with this verification code" in (
        person.page.inner_text("main")
    )
    person.context.close()


def test_every_page_word_is_in_both_languages() -> None:
    """One source: each entry of messages/web.yaml has an Indonesian and an English text."""
    data = yaml.safe_load(words.WEB_MESSAGES.read_text(encoding="utf-8"))
    assert data
    for key, entry in data.items():
        assert set(entry) == {"id", "en"}, key
        assert entry["id"].strip() and entry["en"].strip(), key


def test_language_link_on_a_refused_decision_page(
    browser: Browser, desk_server: str, people: Any, proposal: Callable[..., bytes]
) -> None:
    applicant, pk = submitted_by(browser, desk_server, people.pemohon, proposal())
    reviewer = visitor(browser, desk_server)
    reviewer.login(people.verifikator.username, people.verifikator.password)
    reviewer.go(f"/submissions/{pk}/")
    reviewer.submit_form(reviewer.page.get_by_role("button", name="Mulai telaah"))
    back = reviewer.page.locator("form.action", has=reviewer.page.locator("input[value=returned]"))
    back.locator("textarea").fill(" ")
    refused = reviewer.submit_form(back.get_by_role("button"))
    assert refused is not None and refused.status == 400
    answer = reviewer.submit_form(reviewer.page.get_by_role("link", name="English"))
    assert answer is not None and answer.status == 200
    assert reviewer.page.url.endswith(f"/submissions/{pk}/?lang=en")
    assert reviewer.page.inner_text(".sub-badges .status") == "In review"
    for person in (applicant, reviewer):
        person.context.close()
