"""Debian's Chromium, headless, driven by Playwright: for the HTML report's test and for
`make report-screenshot`. Playwright never downloads a browser here: it is pointed at
/usr/bin/chromium (installed by `make chromium`).

This module is a helper; it has no test of its own.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, Playwright, sync_playwright

CHROMIUM = Path(os.environ.get("PATUH_CHROMIUM", "/usr/bin/chromium"))

# Root in CI: no sandbox. Nothing in the background may reach the network, so that the
# only request the test sees is the report file itself.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

A4_WIDTH_PX = 794  # 210 mm at 96 px per inch


@contextlib.contextmanager
def driver(running: Playwright | None = None) -> Iterator[Playwright]:
    """Playwright's driver: `running` if given, else one started for the block.

    Playwright's sync API allows one driver per thread at a time (a second one fails:
    "using Playwright Sync API inside the asyncio loop"), so the tests share one for the
    session (tests/conftest.py, `playwright`)."""
    if running is not None:
        yield running
        return
    with sync_playwright() as started:
        yield started


@contextlib.contextmanager
def chromium(
    width: int = A4_WIDTH_PX, height: int = 1123, playwright: Playwright | None = None
) -> Iterator[BrowserContext]:
    """A fresh profile (a new --user-data-dir) for every run; `playwright`: the driver
    to launch it with (default: one of its own)."""
    with (
        tempfile.TemporaryDirectory(prefix="patuh-chromium-") as profile,
        driver(playwright) as running,
    ):
        context = running.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            args=FLAGS,
            headless=True,
            viewport={"width": width, "height": height},
            device_scale_factor=1,
        )
        try:
            yield context
        finally:
            context.close()


# A promise the page keeps once it has painted a frame and then run the tasks queued
# until then (a setTimeout of 0 queues behind them).
_A_FRAME_AND_ITS_TASKS = "() => new Promise(done => requestAnimationFrame(() => setTimeout(done)))"


def settle(page: Page) -> None:
    """Let anything the page would do on its own be done, and be seen: it has loaded,
    rendered (styles, and the requests they make), and run what was queued meanwhile
    (an image's error handler, say); then the answer's round trip through Playwright's
    connection delivers, before it, every event the page raised until then (a dialog, a
    script error, a console message, a request)."""
    page.wait_for_load_state("load")
    page.evaluate(_A_FRAME_AND_ITS_TASKS)
