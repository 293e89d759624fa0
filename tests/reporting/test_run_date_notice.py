"""A run date other than today (`--run-date`, or a PATUH_RUN_DATE left in a CI
environment) weakens the rules that count from today; every report format says so in
a notice, not only the provenance (issue 20, item 11). Real OPA, the real command."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
AUDIT_PASS = str(ROOT / "fixtures/nasional/NAS-AUD-01.pass.yaml")
PAST = "2025-01-15"
EN_WORDS = f"The run date {PAST} is not today"


def _render(opa_url: str, fmt: str, *args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(
        main,
        [
            "check",
            "--format",
            fmt,
            "--lang",
            "en",
            "--opa-url",
            opa_url,
            "--pack",
            "nasional",
            *args,
            AUDIT_PASS,
        ],
        env=env,
    )
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "github"])
def test_patuh_run_date_gives_a_notice_in_the_human_formats(opa_url: str, fmt: str) -> None:
    out = _render(opa_url, fmt, env={"PATUH_RUN_DATE": PAST})
    assert EN_WORDS in out


def test_patuh_run_date_gives_a_notice_in_json(opa_url: str) -> None:
    report = json.loads(_render(opa_url, "json", env={"PATUH_RUN_DATE": PAST}))
    [notice] = [n for n in report["notices"] if n["code"] == "notice.run_date_not_today"]
    assert notice["params"] == {
        "run_date": PAST,
        "today": dt.datetime.now(dt.UTC).date().isoformat(),
    }
    assert notice["severity"] == "warning"
    assert notice["message"].startswith(EN_WORDS)


def test_run_date_gives_a_notice_in_sarif(opa_url: str) -> None:
    run = json.loads(_render(opa_url, "sarif", "--run-date", PAST))["runs"][0]
    texts = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert any(text.startswith(EN_WORDS) for text in texts)


def test_run_date_gives_a_notice_in_junit(opa_url: str) -> None:
    suite = ET.fromstring(_render(opa_url, "junit", "--run-date", PAST)).find("testsuite")
    assert suite is not None
    notices = [
        p.get("value") or "" for p in suite.iter("property") if p.get("name") == "patuh.notice"
    ]
    assert any(value.startswith(f"warning: {EN_WORDS}") for value in notices)


def test_todays_run_date_gives_no_notice(opa_url: str) -> None:
    today = dt.datetime.now(dt.UTC).date().isoformat()
    report = json.loads(_render(opa_url, "json", "--run-date", today))
    assert not [n for n in report["notices"] if n["code"] == "notice.run_date_not_today"]
    report = json.loads(_render(opa_url, "json"))
    assert not [n for n in report["notices"] if n["code"] == "notice.run_date_not_today"]
