"""What the fail-closed tests share: patuh's check run in-process, and the one shape of a
run that failed closed (exit 3, nothing compliant, an ENGINE finding, the reason said)."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from engine.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
COMPLIANT = str(ROOT / "fixtures/medan/MDN-KOOR-01.pass.yaml")


def run(*args: str) -> tuple[int, dict[str, Any], str]:
    result = CliRunner().invoke(main, ["check", "--format", "json", *args])
    assert not (result.exception and not isinstance(result.exception, SystemExit)), result.exception
    return result.exit_code, json.loads(result.stdout), result.stderr


def assert_failed_closed(code: int, report: dict[str, Any], stderr: str, words: str) -> None:
    assert code == 3
    assert report["summary"]["compliant"] == 0
    assert report["summary"]["not_evaluated"] == 1
    [result] = report["results"]
    assert result["verdict"] == "error"
    assert [f["rule"] for f in result["findings"]] == ["ENGINE"]
    assert words in report["engine"]["error"]
    assert words in stderr
    assert "Traceback" not in stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
