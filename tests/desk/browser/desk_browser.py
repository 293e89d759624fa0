"""Debian's Chromium (tests/headless.py: never a downloaded browser), driven by Playwright,
for the desk's pages: one browser, one context (cookies) per person (given back cleared
for the next person when they leave, LentContext), and a watch on every page for what
must never happen (a dialog, a script error, a request elsewhere).

This module is a helper; it has no test of its own.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from headless import CHROMIUM, FLAGS, driver, settle
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Response

SCREEN = {"width": 1280, "height": 900}
SHOTS_ENV = "PATUH_DESK_SCREENSHOTS"  # a folder: the journey saves each page there
# 1: every login through the login form (Visitor.login), never as before.
FORM_LOGINS_ENV = "PATUH_DESK_FORM_LOGINS"
# 1: a new browser context for every visitor, never one given back (LentContext).
FRESH_CONTEXTS_ENV = "PATUH_DESK_FRESH_CONTEXTS"

# (server, user name, password) of the logins the form has accepted in this process.
_form_logins: set[tuple[str, str, str]] = set()


@contextlib.contextmanager
def chromium(playwright: Playwright | None = None) -> Iterator[Browser]:
    """One Chromium; `playwright`: the driver to launch it with (default: its own)."""
    with driver(playwright) as running:
        browser = running.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Visitor:
    """One person at one browser: their cookies, their page, and what went wrong."""

    context: BrowserContext
    page: Page
    base: str
    dialogs: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def go(self, path: str) -> Response:
        response = self.page.goto(self.base + path, wait_until="load")
        assert response is not None
        return response

    def login(self, username: str, password: str) -> Response | None:
        """Log in through the login form, the first time this person does on this server
        (in this process); after that, as Django's login does once the form's password
        check has passed (see _login_as_before), unless PATUH_DESK_FORM_LOGINS=1."""
        again = (self.base, username, password) in _form_logins
        if again and os.environ.get(FORM_LOGINS_ENV) != "1":
            answer = self._login_as_before(username)
            if answer is not None:
                return answer
        self.go("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        with self.page.expect_navigation(wait_until="load") as navigation:
            self.page.click("form button[type=submit]")
        answer = navigation.value
        if answer is not None and answer.ok and not self._on_login_page():
            _form_logins.add((self.base, username, password))
        return answer

    def _login_as_before(self, username: str) -> Response | None:
        """Log in a person whose password this server has already accepted through the
        form: Django's own `login()`, in this process, on the server's database, does what
        the form's POST does once argon2 has checked the password (~0.2 s of CPU, more on
        a loaded machine, by design): a new session key keeping what the session held (the
        language chosen), the user's keys in it, last_login, django-axes' access log. The
        browser then gets that session's cookie, as the server's answer would set it, and
        opens the page the form leads to. None if the server does not know that session
        (another database than the in-process Django's): the form is used then."""
        from importlib import import_module

        from django.conf import settings
        from django.contrib.auth import get_user_model, login
        from django.http import HttpRequest

        name = settings.SESSION_COOKIE_NAME
        held = [c["value"] for c in self.context.cookies(self.base) if c["name"] == name]
        request = HttpRequest()
        request.method = "POST"
        request.path = request.path_info = "/accounts/login/"
        request.META.update(
            REMOTE_ADDR="127.0.0.1",
            HTTP_USER_AGENT=self.page.evaluate("navigator.userAgent"),
            PATH_INFO=request.path_info,
        )
        request.session = import_module(settings.SESSION_ENGINE).SessionStore(
            held[0] if held else None
        )
        user = get_user_model().objects.get(username=username)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        request.session.save()
        self.context.add_cookies(
            [
                {
                    "name": name,
                    "value": request.session.session_key or "",
                    "url": self.base,
                    "httpOnly": settings.SESSION_COOKIE_HTTPONLY,
                    "sameSite": settings.SESSION_COOKIE_SAMESITE or "Lax",
                    "secure": settings.SESSION_COOKIE_SECURE,
                }
            ]
        )
        answer = self.go(settings.LOGIN_REDIRECT_URL)
        return None if self._on_login_page() else answer

    def _on_login_page(self) -> bool:
        return urlsplit(self.page.url).path == "/accounts/login/"

    def submit_form(self, button: Any) -> Response | None:
        """Click a form's button and wait for the page the server answers with."""
        with self.page.expect_navigation(wait_until="load") as navigation:
            button.click()
        return navigation.value

    def action_form(self, to: str) -> Any:
        """The form on this submission's page that moves it to `to`."""
        return self.page.locator("form.action", has=self.page.locator(f"input[value={to}]"))

    def mark_reviewed(self, note: str) -> Response | None:
        """Mark the submission on this page reviewed (desk.md, four eyes), with `note`."""
        form = self.action_form("reviewed")
        form.locator("textarea").fill(note)
        return self.submit_form(form.get_by_role("button", name="Tandai sudah ditelaah"))

    def upload(self, selector: str, name: str, body: bytes) -> Response | None:
        form = self.page.locator("form", has=self.page.locator(selector))
        form.locator(selector).set_input_files(
            {"name": name, "mimeType": "application/yaml", "buffer": body}
        )
        return self.submit_form(form.locator("button[type=submit]"))

    def assert_clean(self) -> None:
        """Nothing ran that should not have: no dialog, no script error, no request to
        another address, and no script element at all."""
        settle(self.page)  # let anything that would run, run
        assert self.dialogs == []
        assert self.page_errors == []
        assert [e for e in self.console_errors if "Content Security Policy" in e] == []
        assert self.foreign_requests == []
        assert self.page.evaluate("document.querySelectorAll('script').length") == 0

    def shoot(self, name: str, full_page: bool = True) -> None:
        folder = os.environ.get(SHOTS_ENV)
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)


def save_artifact(name: str, data: bytes) -> None:
    folder = os.environ.get(SHOTS_ENV)
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(data)


def visitor(browser: Browser, base: str, locale: str = "id-ID") -> Visitor:
    """A person at the browser, with no cookies: a context (and page) given back by an
    earlier visitor of this server in this language, cleared, or a new one."""
    key = (id(browser), base, locale)
    kept = _given_back.get(key)
    if kept and os.environ.get(FRESH_CONTEXTS_ENV) != "1":
        context, page = kept.pop()
    else:
        context = browser.new_context(base_url=base, viewport=SCREEN, locale=locale)  # type: ignore[arg-type]
        page = context.new_page()
    seen = Visitor(context, page, base)
    origin = urlsplit(base).netloc

    def on_dialog(dialog: Any) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    watches: list[tuple[str, Any]] = [
        ("dialog", on_dialog),
        ("pageerror", lambda error: seen.page_errors.append(str(error))),
        (
            "console",
            lambda message: (
                seen.console_errors.append(message.text) if message.type == "error" else None
            ),
        ),
        (
            "request",
            lambda request: (
                seen.foreign_requests.append(request.url)
                if urlsplit(request.url).netloc not in (origin, "")
                and not request.url.startswith("data:")
                else None
            ),
        ),
    ]
    for event, watch in watches:
        page.on(event, watch)
    seen.context = LentContext(context, page, base, key, watches)  # type: ignore[assignment]
    return seen


# Contexts (each with its page) given back by a visitor's `context.close()`, per browser,
# server and language. A new context costs Chromium ~0.5 s of CPU (a renderer process, a
# network context), about four of the page loads a test makes; the desk's tests open ~200.
_given_back: dict[tuple[int, str, str], list[tuple[BrowserContext, Page]]] = {}


class LentContext:
    """A visitor's browser context. close() gives it back, cleared as a new one is (no
    cookies, no storage or cache of the server's origin, no permissions, the page on
    about:blank, none of the visitor's watches), for the next visitor; with
    PATUH_DESK_FRESH_CONTEXTS=1 it closes it, and every visitor gets a new context.
    Anything else is the context's own (cookies(), add_cookies(), ...)."""

    def __init__(
        self,
        context: BrowserContext,
        page: Page,
        base: str,
        key: tuple[int, str, str],
        watches: list[tuple[str, Any]],
    ) -> None:
        self._context, self._page, self._base, self._key = context, page, base, key
        self._watches = watches
        self._lent = True

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)

    def close(self) -> None:
        if not self._lent:
            return
        self._lent = False
        for event, watch in self._watches:
            self._page.remove_listener(event, watch)
        if os.environ.get(FRESH_CONTEXTS_ENV) == "1" or self._page.is_closed():
            self._context.close()
            return
        self._page.goto("about:blank")
        self._context.clear_cookies()
        self._context.clear_permissions()
        cdp = self._context.new_cdp_session(self._page)
        try:
            cdp.send("Storage.clearDataForOrigin", {"origin": self._base, "storageTypes": "all"})
            cdp.send("Network.clearBrowserCache")
        finally:
            cdp.detach()
        _given_back.setdefault(self._key, []).append((self._context, self._page))


def line_of(body: bytes, text: str) -> int:
    """The 1-based number of the first line of `body` that contains `text`."""
    for number, line in enumerate(body.decode("utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"no line contains {text!r}")


def plain(text: str) -> str:
    """A catalog text as the page shows it: `code` spans become plain code elements."""
    return re.sub(r"`([^`]*)`", r"\1", text)


def submission_id(page: Page) -> int:
    found = re.search(r"/submissions/(\d+)/", page.url)
    assert found, page.url
    return int(found.group(1))


def submitted_by(
    browser: Browser, base: str, person: Any, body: bytes, name: str = "usulan.yaml"
) -> tuple[Visitor, int]:
    """`person` (an applicant) signs in and uploads `body` on the submit page: their
    browser, and the new submission's number."""
    applicant = visitor(browser, base)
    applicant.login(person.username, person.password)
    applicant.go("/submit/")
    applicant.upload("#id_file", name, body)
    return applicant, submission_id(applicant.page)
