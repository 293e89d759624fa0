"""A decision's note on a submission's page is at most 5,000 characters (issue 21,
item 6), in Debian's Chromium against a real `patuh desk serve` on SQLite and
PostgreSQL: the browser stops typing at the limit, and a longer note sent anyway is
refused beside the form in the reader's language; nothing moves."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser

from desk.browser.desk_browser import visitor
from desk.conftest import make_proposal

LONG = "c" * 5_008


def test_a_note_over_the_limit_is_refused_beside_the_form(
    browser: Browser, desk_server: str, people: Any
) -> None:
    from engine.desk.models import Submission
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import transition

    pk = submit(people.pemohon.user, make_proposal(), "u.yaml").submission.pk
    transition(people.verifikator.user, pk, "in_review")

    reviewer = visitor(browser, desk_server, locale="en-GB")
    reviewer.login(people.verifikator.username, people.verifikator.password)
    reviewer.go(f"/submissions/{pk}/?lang=en")
    page = reviewer.page
    note = page.locator("#note-returned")
    note.fill(LONG)
    assert len(note.input_value()) == 5_000
    note.evaluate("node => node.removeAttribute('maxlength')")
    note.fill(LONG)
    form = page.locator("form.action", has=page.locator("#note-returned"))
    answer = reviewer.submit_form(form.locator("button[type=submit]"))
    assert answer is not None and answer.status == 400
    assert "The note is too long: 5008 characters, at most 5000." in page.inner_text(
        "#tindakan .form-error"
    )
    assert Submission.objects.get(pk=pk).status == "in_review"
    reviewer.assert_clean()
    reviewer.context.close()
