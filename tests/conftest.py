"""Shared fixtures: a real OPA server with the project's policies, for the session.

No mocks of OPA: every test that evaluates a document talks to this server (or to
a managed one that patuh starts itself).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from engine.cli import main
from engine.opa.binary import find_opa_binary
from engine.opa.managed import managed_opa
from engine.resources import policies_dir

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def opa_binary() -> Path:
    return find_opa_binary()


@pytest.fixture(scope="session")
def opa_url(opa_binary: Path) -> Iterator[str]:
    with managed_opa(opa_binary, policies_dir()) as url:
        yield url


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
