"""The desk's pages in Debian's Chromium, against real `patuh desk serve` servers
(tests/desk/conftest.py) on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from desk.browser.desk_browser import chromium

# Playwright's sync API keeps an asyncio loop running in this thread, and Django then
# refuses every database call from it. The tests' own calls (reading what the server
# stored, making users) are plain synchronous ones, so they are allowed here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as opened:
        yield opened
