"""The pages' protections, each shown in Debian's Chromium against a real server (and each
checked once to fail when its protection is taken away; see the report of issue 8):
CSRF on every form, OPD isolation on every page (404), a strict Content-Security-Policy,
every user-supplied text escaped, the upload limit, login throttling."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
import requests
from playwright.sync_api import Browser

from desk.browser.desk_browser import submission_id, visitor

# Markup in every place a user writes text: none of it may become an element or run.
SCRIPT = "<script>alert('xss-script')</script>"
IMG = "<img src=x onerror=alert('xss-img')>"
PAYLOAD = f"{SCRIPT}{IMG}"


def _upload(browser: Browser, base: str, person: Any, body: bytes, name: str) -> tuple[Any, int]:
    applicant = visitor(browser, base)
    applicant.login(person.username, person.password)
    applicant.go("/submit/")
    applicant.upload("#id_file", name, body)
    return applicant, submission_id(applicant.page)


def test_csrf_token_is_required_on_every_form(
    browser: Browser, desk_server: str, people: Any, proposal: Callable[..., bytes]
) -> None:
    from engine.desk.models import Submission

    applicant, pk = _upload(browser, desk_server, people.pemohon, proposal(), "usulan.yaml")
    reviewer = visitor(browser, desk_server)
    reviewer.login(people.verifikator.username, people.verifikator.password)
    reviewer.go(f"/submissions/{pk}/")
    forms = reviewer.page.locator("form[method=post]")
    assert forms.count() >= 2  # the transition and logout
    for index in range(forms.count()):  # every form the page offers carries the token
        assert forms.nth(index).locator("input[name=csrfmiddlewaretoken]").count() == 1
    # The same form, sent from the browser without its token, is refused.
    take = reviewer.page.locator("form.action", has=reviewer.page.locator("input[value=in_review]"))
    take.locator("input[name=csrfmiddlewaretoken]").evaluate("node => node.remove()")
    refused = reviewer.submit_form(take.get_by_role("button"))
    assert refused is not None and refused.status == 403
    assert "Formulir kedaluwarsa" in reviewer.page.inner_text("main")
    assert Submission.objects.get(pk=pk).status == "submitted"
    reviewer.shoot("20-csrf-ditolak")
    # The upload form too.
    applicant.go("/submit/")
    upload = applicant.page.locator("form", has=applicant.page.locator("#id_file"))
    upload.locator("input[name=csrfmiddlewaretoken]").evaluate("node => node.remove()")
    upload.locator("#id_file").set_input_files(
        {"name": "u.yaml", "mimeType": "application/yaml", "buffer": proposal()}
    )
    refused = applicant.submit_form(upload.locator("button[type=submit]"))
    assert refused is not None and refused.status == 403
    for person in (applicant, reviewer):
        person.context.close()


def test_other_opd_gets_404_on_every_page(
    browser: Browser, desk_server: str, people: Any, proposal: Callable[..., bytes]
) -> None:
    from engine.desk.models import Submission

    owner, pk = _upload(browser, desk_server, people.pemohon, proposal(), "usulan.yaml")
    # Recommended, so that its letter page exists too: reviewed, then recommended by another.
    checker = visitor(browser, desk_server)
    checker.login(people.verifikator.username, people.verifikator.password)
    checker.go(f"/submissions/{pk}/")
    checker.submit_form(checker.page.get_by_role("button", name="Mulai telaah"))
    checker.mark_reviewed("Telaah selesai.")
    head = visitor(browser, desk_server)
    head.login(people.pimpinan.username, people.pimpinan.password)
    head.go(f"/submissions/{pk}/")
    head.submit_form(head.page.get_by_role("button", name="Rekomendasikan dan terbitkan surat"))
    assert head.page.url.endswith(f"/submissions/{pk}/letter/")

    stranger = visitor(browser, desk_server)
    stranger.login(people.pemohon2.username, people.pemohon2.password)
    for path in (
        f"/submissions/{pk}/",
        f"/submissions/{pk}/?v=1",
        f"/submissions/{pk}/?a=1&b=1",
        f"/submissions/{pk}/audit.csv",
        f"/submissions/{pk}/letter/",
    ):
        answer = stranger.go(path)
        assert answer.status == 404, path
        assert "tidak ada, atau tidak dapat Anda lihat" in stranger.page.inner_text("main")
    stranger.shoot("21-bukan-opd-anda-404")
    # Not in their queue either, whatever the filters say.
    stranger.go("/?status=")
    assert f'href="/submissions/{pk}/"' not in stranger.page.content()
    # A POST with a valid token for that submission: 404 too, and nothing changes.
    stranger.go("/submit/")
    token = stranger.page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    answer = stranger.page.request.post(
        f"{desk_server}/submissions/{pk}/transition/",
        form={"csrfmiddlewaretoken": token or "", "to": "in_review", "note": ""},
        headers={"Referer": f"{desk_server}/submit/"},
    )
    assert answer.status == 404
    assert Submission.objects.get(pk=pk).status == "recommended"
    # The pokja reads Procurement only: a proposal does not exist for them.
    pokja = visitor(browser, desk_server)
    pokja.login(people.pokja.username, people.pokja.password)
    assert pokja.go(f"/submissions/{pk}/").status == 404
    # The owner does see it.
    assert owner.go(f"/submissions/{pk}/").status == 200
    for person in (owner, head, stranger, pokja):
        person.context.close()


PAGES_WITHOUT_LOGIN = ("/accounts/login/", "/verify/TIDAKADA/")


@pytest.mark.parametrize("path", PAGES_WITHOUT_LOGIN)
def test_strict_content_security_policy(desk_server: str, path: str) -> None:
    answer = requests.get(desk_server + path, timeout=30)
    policy = answer.headers.get("Content-Security-Policy", "")
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip()
    )
    assert directives.get("default-src") in (["'self'"], ["'none'"])
    for name in ("script-src", "style-src"):
        assert name in directives
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:"} & set(directives[name])
    assert directives.get("object-src") == ["'none'"]
    assert directives.get("frame-ancestors") == ["'none'"]
    assert "<script" not in answer.text
    assert not re.search(r"\son[a-z]+=", answer.text)  # no inline event handler
    assert "style=" not in answer.text  # no inline style either


def test_user_text_is_escaped_everywhere_and_never_runs(
    browser: Browser, desk_server: str, people: Any, proposal: Callable[..., bytes]
) -> None:
    """Title, OPD name, file name, YAML and a reviewer's note, all holding markup, on every
    page that shows them: shown as text, no element made, nothing run."""
    from engine.desk.accounts.services import create_user

    opd = f"Dinas Uji {IMG}"
    username = "pemohon.xss"
    create_user(username, "pemohon", opd, people.pemohon.password)
    body = proposal(opd=opd, title=f"Judul {SCRIPT}").replace(
        b"apiVersion: patuh/v1", f"# komentar {PAYLOAD}\napiVersion: patuh/v1".encode(), 1
    )
    name = f"{IMG}.yaml"
    applicant = visitor(browser, desk_server)
    applicant.login(username, people.pemohon.password)
    applicant.go("/submit/")
    applicant.upload("#id_file", name, body)
    pk = submission_id(applicant.page)
    reviewer = visitor(browser, desk_server)
    reviewer.login(people.verifikator.username, people.verifikator.password)
    reviewer.go(f"/submissions/{pk}/")
    reviewer.submit_form(reviewer.page.get_by_role("button", name="Mulai telaah"))
    back = reviewer.page.locator("form.action", has=reviewer.page.locator("input[value=returned]"))
    back.locator("textarea").fill(f"Catatan {PAYLOAD}")
    reviewer.submit_form(back.get_by_role("button"))

    for person, path in (
        (reviewer, f"/submissions/{pk}/"),
        (reviewer, "/?status="),
        (applicant, f"/submissions/{pk}/"),
        (applicant, "/"),
    ):
        answer = person.go(path)
        assert "'unsafe-inline'" not in answer.headers["content-security-policy"]
        page = person.page
        text = page.inner_text("body")
        assert IMG in text, path  # the OPD name, shown as text
        if "submissions" in path:
            assert f"Judul {SCRIPT}" in text
            assert name in text  # the file name
            assert f"# komentar {PAYLOAD}" in text  # the YAML line
            assert f"Catatan {PAYLOAD}" in text  # the note
        assert page.locator("img").count() == 0, path
        person.assert_clean()  # no dialog, no error, no script element
    applicant.go(f"/submissions/{pk}/")
    applicant.shoot("22-teks-pengguna-tersaring")
    for person in (applicant, reviewer):
        person.context.close()


def test_upload_over_the_limit_is_refused_with_a_clear_message(
    browser: Browser, desk_server: str, people: Any, proposal: Callable[..., bytes]
) -> None:
    from engine.desk.models import Submission

    before = Submission.objects.count()
    applicant = visitor(browser, desk_server)
    applicant.login(people.pemohon.username, people.pemohon.password)
    applicant.go("/submit/")
    big = proposal() + b"#" * (2 * 1024 * 1024)
    answer = applicant.upload("#id_file", "besar.yaml", big)
    assert answer is not None and answer.status == 413
    message = applicant.page.inner_text(".form-error")
    assert "besar.yaml" in message and "lebih besar dari batas 2 MiB" in message
    assert f"{len(big):,} bita".replace(",", ".") in message
    assert Submission.objects.count() == before
    applicant.assert_clean()
    applicant.shoot("23-berkas-terlalu-besar")
    applicant.context.close()


def test_login_throttling_says_so_clearly(browser: Browser, desk_server: str, people: Any) -> None:
    from engine.desk.accounts.services import create_user

    username = "pemohon.lupa"
    create_user(username, "pemohon", "Dinas Kesehatan", people.pemohon.password)
    from django.conf import settings

    limit = settings.AXES_FAILURE_LIMIT
    person = visitor(browser, desk_server)
    for _ in range(limit - 1):
        answer = person.login(username, "salah-kata-sandi")
        assert answer is not None and answer.status == 200
        assert "Nama pengguna atau kata sandi salah" in person.page.inner_text(".form-error")
    person.shoot("24-kata-sandi-salah")
    # The last failure the limit allows locks the name out, and the page says why ...
    answer = person.login(username, "salah-kata-sandi")
    assert answer is not None and answer.status == 429
    assert "Terlalu banyak percobaan masuk" in person.page.inner_text("main")
    # ... and from then on even the right password is refused the same way.
    answer = person.login(username, people.pemohon.password)
    assert answer is not None and answer.status == 429
    assert "Terlalu banyak percobaan masuk" in person.page.inner_text("main")
    assert person.page.url.endswith("/accounts/login/")
    person.assert_clean()
    person.shoot("25-terkunci")
    assert person.go("/").url.endswith("/accounts/login/?next=/")  # not logged in
    person.context.close()
