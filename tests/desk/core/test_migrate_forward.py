"""A desk database made by the code before the desk was laid out by domain (commit
509d675, tests/desk/data/README.md): copied, upgraded by the real `patuh desk migrate`,
then read by a real `patuh desk serve`. Nothing is lost: every table keeps its rows, the
letters verify (the revoked one as not valid), and each submission's versions and audit
trail read back through the API as that commit's server answered them."""

from __future__ import annotations

import gzip
import json
import os
import re
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from desk.servers import PATUH, SECRET_KEY, DeskServer

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURE = DATA / "desk-509d675.sqlite3.gz"
ANSWERS = DATA / "desk-509d675.answers.json"  # what 509d675's server answered on it


def _counts(path: Path) -> dict[str, int]:
    """The rows of every table of the SQLite file, read without the desk's code."""
    with sqlite3.connect(path) as database:
        tables = [
            name
            for (name,) in database.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: database.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def _latest_reports(path: Path) -> dict[int, Any]:
    """Each submission's latest version's stored answer (Bahasa Indonesia)."""
    with sqlite3.connect(path) as database:
        rows = database.execute(
            "SELECT submission_id, report FROM desk_version v WHERE number = "
            "(SELECT MAX(number) FROM desk_version w WHERE w.submission_id = v.submission_id)"
        ).fetchall()
    return {pk: json.loads(report) for pk, report in rows}


def _desk(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATUH_DESK_SECRET_KEY": SECRET_KEY,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "PATUH_LANG": "id",
    }
    return subprocess.run(
        [str(PATUH), "desk", *args], capture_output=True, text=True, timeout=120, env=env
    )


def _holds(answer: Any, before: Any) -> None:
    """`answer` says everything `before` said, the same (it may say more)."""
    if isinstance(before, dict):
        assert isinstance(answer, dict), answer
        for key, value in before.items():
            assert key in answer, key
            _holds(answer[key], value)
    elif isinstance(before, list):
        assert isinstance(answer, list) and len(answer) == len(before), answer
        for new, old in zip(answer, before, strict=True):
            _holds(new, old)
    else:
        assert answer == before


def test_a_database_of_509d675_migrates_and_reads_back(
    tmp_path: Path, opa_url: str, start_desk_server: Callable[..., DeskServer]
) -> None:
    path = tmp_path / "desk-509d675.sqlite3"
    path.write_bytes(gzip.decompress(FIXTURE.read_bytes()))
    url = f"sqlite:///{path}"
    before = _counts(path)
    # What the fixture holds: submissions with several versions, letters (one revoked),
    # waivers in every state with their re-checks, the audit log.
    assert before["desk_submission"] == 9 and before["desk_version"] == 10
    assert before["desk_letter"] == 2 and before["desk_waiver"] == 4
    assert before["desk_recheck"] == 2 and before["desk_auditevent"] == 64
    with sqlite3.connect(path) as database:
        assert database.execute("SELECT COUNT(*) FROM desk_letter WHERE revoked").fetchone() == (1,)
    reports = _latest_reports(path)

    migrated = _desk(tmp_path, "migrate", "--database-url", url)
    assert migrated.returncode == 0, migrated.stderr
    # Nothing lost, nothing added: a later migration's own rows and tables aside, and
    # Django's bookkeeping of a newly installed app (django-otp: its content types and
    # permissions).
    after = _counts(path)
    bookkeeping = ("django_migrations", "django_content_type", "auth_permission")
    kept = {table: count for table, count in before.items() if table not in bookkeeping}
    assert {table: after[table] for table in kept} == kept

    token = _desk(tmp_path, "token", "verifikator", "--database-url", url)
    assert token.returncode == 0, token.stderr
    bearer = {"Authorization": f"Bearer {token.stdout.strip()}", "Accept-Language": "id"}
    server = start_desk_server(url, opa_url)
    recorded = json.loads(ANSWERS.read_text(encoding="utf-8"))

    for pk, old in recorded["submissions"].items():
        detail = requests.get(f"{server.url}/api/v1/submissions/{pk}", headers=bearer, timeout=60)
        assert detail.status_code == 200, detail.text
        answer = detail.json()
        if old["detail"]["letter"] is not None:
            old["detail"]["letter"]["url"] = old["detail"]["letter"]["url"].replace(
                recorded["base"], server.url
            )
        _holds(answer, old["detail"])  # the versions, the letter
        assert answer["report"] == reports[int(pk)]
        audit = requests.get(
            f"{server.url}/api/v1/submissions/{pk}/audit", headers=bearer, timeout=60
        )
        assert audit.status_code == 200, audit.text
        _holds(audit.json(), old["audit"])  # every event, as before

    for code, old in recorded["letters"].items():
        verified = requests.get(f"{server.url}/api/v1/verify/{code}", timeout=60)
        assert verified.status_code == 200, verified.text
        _holds(verified.json(), old)
        page = requests.get(f"{server.url}/verify/{code}/", timeout=60)
        assert page.status_code == 200
        validity = re.search(r'id="keabsahan">([^<]*)<', page.text)
        assert validity is not None
        assert validity.group(1) == ("SAH" if old["valid"] else "TIDAK SAH")
        assert old["number"] in page.text and old["document_digest"] in page.text
    assert sorted(old["valid"] for old in recorded["letters"].values()) == [False, True]
