"""Shared fixtures: a real OPA server with the project's policies, for the session, and
Playwright's driver for the tests that use Debian's Chromium.

No mocks of OPA: every test that evaluates a document talks to this server (or to
a managed one that patuh starts itself).

Under pytest-xdist (`make test` runs `pytest -n auto`) a session fixture is made once per
worker process: each worker has its own OPA (a port of its own, chosen by the kernel), its
own PostgreSQL, desk servers and Chromium (tests/desk/conftest.py), and its own temporary
folders (tmp_path_factory gives each worker a folder of its own).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner

from engine.cli.main import main
from engine.evaluating.opa.binary import find_opa_binary
from engine.evaluating.opa.managed import managed_opa
from engine.resources import policies_dir

if TYPE_CHECKING:
    from playwright.sync_api import Playwright

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def opa_binary() -> Path:
    return find_opa_binary()


@pytest.fixture(scope="session")
def opa_url(opa_binary: Path) -> Iterator[str]:
    with managed_opa(opa_binary, policies_dir()) as url:
        yield url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Playwright's driver, started once for the session (per xdist worker) when a test
    first needs Chromium: its sync API allows one driver per thread at a time, so every
    browser (the report's, tests/headless.py; the desk's, tests/desk/browser/) is launched
    from this one."""
    import os

    from playwright.sync_api import sync_playwright

    # The driver keeps an asyncio loop running in this thread from now on, and Django
    # would refuse the in-process desk tests' plain synchronous database calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(autouse=True)
def _private_result_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: Any) -> None:
    """Every test has its own, empty result cache (engine/cache/store.py): no test reads
    answers another test, or the user's own runs, left behind, and none writes to
    ~/.cache. Processes the tests start inherit it."""
    monkeypatch.setenv("PATUH_CACHE_DIR", str(tmp_path_factory.mktemp("result-cache")))
    monkeypatch.delenv("PATUH_NO_CACHE", raising=False)


@pytest.fixture
def patuh(opa_url: str) -> Any:
    """Run `patuh check --format json` in-process against the session's OPA."""

    def run(*args: str, fmt: str = "json") -> tuple[int, Any, str]:
        result = CliRunner().invoke(main, ["check", "--format", fmt, "--opa-url", opa_url, *args])
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        output = result.stdout
        parsed = json.loads(output) if fmt == "json" and output.strip() else None
        return result.exit_code, parsed, output + result.stderr

    return run


def _default_opa_binary() -> None:
    """`make test` exports PATUH_OPA_BINARY; a bare `pytest` finds the pinned build too."""
    import os
    import subprocess

    if os.environ.get("PATUH_OPA_BINARY"):
        return
    try:
        tools = subprocess.run(
            ["make", "-s", "tools-path"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return
    if (Path(tools) / "opa").is_file():
        os.environ["PATUH_OPA_BINARY"] = str(Path(tools) / "opa")


_default_opa_binary()
