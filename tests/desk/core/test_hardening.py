"""What a reviewer of the desk's security asks for (issue 21, item 11), against real
`patuh desk serve` servers on SQLite and PostgreSQL: nothing private kept by caches,
openapi.json for signed-in callers only, the secret key's length and rotation, letter
numbers that cannot repeat, and an access log without query strings."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import requests

from desk.conftest import People, make_proposal
from desk.servers import PATUH, SECRET_KEY, DeskServer
from desk.signing import signed_in


def test_private_answers_are_not_stored(desk_server: str, people: People) -> None:
    """Every page a signed-in user gets, every API answer and every download says
    `Cache-Control: no-store`; the static files stay cacheable."""
    from engine.desk.submissions.services import submit

    pk = submit(people.pemohon.user, make_proposal(), "a.yaml").submission.pk
    browser = signed_in(desk_server, people.verifikator.username, people.verifikator.password)
    for path in (
        "/",
        f"/submissions/{pk}/",
        f"/submissions/{pk}/audit.csv",
        "/register/",
        "/register/export.xlsx",
        "/accounts/tokens/",
    ):
        answer = browser.get(desk_server + path, timeout=60)
        assert answer.status_code == 200, path
        assert "no-store" in answer.headers.get("Cache-Control", ""), path
    bearer = {"Authorization": f"Bearer {people.verifikator.token}"}
    for path in (
        "/api/v1/submissions",
        f"/api/v1/submissions/{pk}/audit",
        "/api/v1/export.xlsx",
        "/api/v1/waivers.yaml",
        "/api/v1/register.json",
    ):
        answer = requests.get(desk_server + path, headers=bearer, timeout=60)
        assert answer.status_code == 200, path
        assert "no-store" in answer.headers.get("Cache-Control", ""), path
    css = requests.get(f"{desk_server}/static/report.css", timeout=60)
    assert css.status_code == 200 and "no-store" not in css.headers.get("Cache-Control", "")


def test_openapi_is_for_signed_in_callers_only(desk_server: str, people: People) -> None:
    anonymous = requests.get(f"{desk_server}/api/v1/openapi.json", timeout=60)
    assert anonymous.status_code == 401 and anonymous.json()["error"] == "unauthorized"
    bearer = {"Authorization": f"Bearer {people.pemohon.token}"}
    with_token = requests.get(f"{desk_server}/api/v1/openapi.json", headers=bearer, timeout=60)
    assert with_token.status_code == 200 and "/api/v1/submissions" in with_token.json()["paths"]
    wrong = requests.get(
        f"{desk_server}/api/v1/openapi.json",
        headers={"Authorization": "Bearer patuh_salah"},
        timeout=60,
    )
    assert wrong.status_code == 401
    browser = signed_in(desk_server, people.pemohon.username, people.pemohon.password)
    assert browser.get(f"{desk_server}/api/v1/openapi.json", timeout=60).status_code == 200


def _desk(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PATUH), "desk", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PATUH_LANG": "id", **env},
    )


def test_a_short_secret_key_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    short = _desk("migrate", "--database-url", url, env={"PATUH_DESK_SECRET_KEY": "k" * 49})
    assert short.returncode == 2
    assert "PATUH_DESK_SECRET_KEY hanya 49 karakter" in short.stderr
    assert "Traceback" not in short.stderr
    fallback = _desk(
        "migrate",
        "--database-url",
        url,
        env={"PATUH_DESK_SECRET_KEY": "k" * 50, "PATUH_DESK_SECRET_KEY_FALLBACKS": "lama"},
    )
    assert fallback.returncode == 2
    assert "PATUH_DESK_SECRET_KEY_FALLBACKS hanya 4 karakter" in fallback.stderr
    fine = _desk("migrate", "--database-url", url, env={"PATUH_DESK_SECRET_KEY": "k" * 50})
    assert fine.returncode == 0, fine.stderr


def test_a_rotated_key_keeps_sessions_through_its_fallbacks(
    desk_server: str,
    desk_db: str,
    people: People,
    opa_url: str,
    start_desk_server: Callable[..., DeskServer],
) -> None:
    """A session signed with the old key (on the fixture's server) stays signed in on a
    server with a new key and the old one as fallback (which signs it anew); a server
    without the fallback signs it out."""
    new_key = "patuh-desk-rotated-" + "r" * 40
    forgotten = start_desk_server(desk_db, opa_url, env={"PATUH_DESK_SECRET_KEY": new_key}).url
    browser = signed_in(desk_server, people.verifikator.username, people.verifikator.password)
    answer = browser.get(f"{forgotten}/", allow_redirects=False, timeout=60)
    assert answer.status_code == 302 and "/accounts/login/" in answer.headers["Location"]

    rotated = start_desk_server(
        desk_db,
        opa_url,
        env={"PATUH_DESK_SECRET_KEY": new_key, "PATUH_DESK_SECRET_KEY_FALLBACKS": SECRET_KEY},
    ).url
    browser = signed_in(desk_server, people.verifikator.username, people.verifikator.password)
    assert browser.get(f"{rotated}/", allow_redirects=False, timeout=60).status_code == 200
    # Signed anew with the new key: the server that knows only the new key accepts it.
    assert browser.get(f"{forgotten}/", allow_redirects=False, timeout=60).status_code == 200


def test_a_letter_pattern_without_the_year_is_refused(desk_db: str) -> None:
    """The sequence starts again each year: a pattern without {year} would give next
    year's first letter this year's first number."""
    from engine.desk.admin import DeskSettingsForm
    from engine.desk.letters.selectors import letter_pattern, valid_letter_pattern
    from engine.desk.models import DEFAULT_LETTER_PATTERN, DeskSettings

    assert not valid_letter_pattern("555/{seq:03d}/Diskominfo")
    assert valid_letter_pattern("555/{seq:03d}/Diskominfo/{year}")
    form = DeskSettingsForm(
        data={"letter_pattern": "555/{seq:03d}/Diskominfo", "office_name": "Diskominfo"}
    )
    assert not form.is_valid() and "{year}" in str(form.errors["letter_pattern"])
    stored = DeskSettings.objects.order_by("pk").first() or DeskSettings()
    before = stored.letter_pattern
    stored.letter_pattern = "555/{seq:03d}/Diskominfo"  # written before this check existed
    stored.save()
    try:
        assert letter_pattern() == DEFAULT_LETTER_PATTERN
    finally:
        stored.letter_pattern = before
        stored.save()


def test_the_access_log_leaves_query_strings_out(
    desk_db: str, opa_url: str, start_desk_server: Callable[..., DeskServer]
) -> None:
    server = start_desk_server(desk_db, opa_url)
    answer = requests.get(
        f"{server.url}/api/v1/verify/NOSUCHCODE?token=rahasia-dalam-kueri", timeout=60
    )
    assert answer.status_code == 404
    line = '"GET /api/v1/verify/NOSUCHCODE HTTP/1.1" 404'
    deadline = time.monotonic() + 30  # gunicorn writes the line once the answer is sent
    while line not in server.log.read_text(errors="replace") and time.monotonic() < deadline:
        time.sleep(0.05)
    log = server.log.read_text(errors="replace")
    assert line in log
    assert "rahasia-dalam-kueri" not in log


def test_the_deploy_check_is_clean_over_https(tmp_path: Path) -> None:
    """`python -m django check --deploy` with PATUH_DESK_HTTPS=1 finds nothing."""
    import secrets
    import sys

    # As a server's environment is: not the test session's (the browser tests allow
    # Django's async-unsafe calls for Playwright, which the deploy check rightly refuses).
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    checked = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **environment,
            "DJANGO_SETTINGS_MODULE": "engine.desk.settings",
            "PATUH_DESK_HTTPS": "1",
            "PATUH_DESK_SECRET_KEY": secrets.token_urlsafe(50),
            "PATUH_DESK_ALLOWED_HOSTS": "desk.pemkomedan.go.id",
            "PATUH_DATABASE_URL": f"sqlite:///{tmp_path / 'desk.sqlite3'}",
            "XDG_DATA_HOME": str(tmp_path),
        },
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "System check identified no issues" in checked.stdout
