"""The desk's pages in Debian's Chromium, against real `patuh desk serve` servers
(tests/desk/conftest.py) on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Playwright

from desk.browser.desk_browser import chromium

# Playwright's sync API keeps an asyncio loop running in this thread, and Django then
# refuses every database call from it. The tests' own calls (reading what the server
# stored, making users) are plain synchronous ones, so they are allowed here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """One Chromium for the session (under xdist: per worker); every visitor has a
    context of its own (cookies, storage), so tests share nothing through it."""
    with chromium(playwright) as opened:
        yield opened


@pytest.fixture(autouse=True)
def _connection_of_this_database(request: pytest.FixtureRequest) -> None:
    """The in-process Django talks to the database of this test's server.

    tests/desk/conftest.py's `desk_db` re-points the default connection when a test of the
    other database starts; with Playwright's greenlets in this process, the connection
    object made before can outlive that in the test's context (seen: a PostgreSQL test
    reading SQLite). A connection whose settings are not this database's is dropped here,
    so the next query opens the right one.
    """
    if "desk_db" not in request.fixturenames:
        return
    url = request.getfixturevalue("desk_db")
    from django.db import connections

    current = connections["default"]
    if current.settings_dict.get("_patuh_url") != url:
        current.close()
        del connections["default"]
        assert connections["default"].settings_dict.get("_patuh_url") == url
