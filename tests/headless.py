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

from playwright.sync_api import BrowserContext, sync_playwright

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
def chromium(width: int = A4_WIDTH_PX, height: int = 1123) -> Iterator[BrowserContext]:
    """A fresh profile (a new --user-data-dir) for every run."""
    with (
        tempfile.TemporaryDirectory(prefix="patuh-chromium-") as profile,
        sync_playwright() as playwright,
    ):
        context = playwright.chromium.launch_persistent_context(
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
