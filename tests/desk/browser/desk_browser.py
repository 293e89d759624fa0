"""Debian's Chromium (tests/headless.py: never a downloaded browser), driven by Playwright,
for the desk's pages: one browser, one context (cookies) per person, and a watch on
every page for what must never happen (a dialog, a script error, a request elsewhere).

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
        self.go("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        with self.page.expect_navigation(wait_until="load") as navigation:
            self.page.click("form button[type=submit]")
        return navigation.value

    def submit_form(self, button: Any) -> Response | None:
        """Click a form's button and wait for the page the server answers with."""
        with self.page.expect_navigation(wait_until="load") as navigation:
            button.click()
        return navigation.value

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
    context = browser.new_context(base_url=base, viewport=SCREEN, locale=locale)  # type: ignore[arg-type]
    page = context.new_page()
    seen = Visitor(context, page, base)
    origin = urlsplit(base).netloc

    def on_dialog(dialog: Any) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: seen.page_errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            seen.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on(
        "request",
        lambda request: (
            seen.foreign_requests.append(request.url)
            if urlsplit(request.url).netloc not in (origin, "")
            and not request.url.startswith("data:")
            else None
        ),
    )
    return seen


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
