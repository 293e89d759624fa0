"""Anonymous requests write no rows, and what expires is cleared (issue 21, item 10),
against real `patuh desk serve` servers on SQLite and PostgreSQL. (Failed logins' rows,
limited per address: tests/desk/accounts/test_login_throttling.py.)"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from datetime import timedelta

import requests

from desk.conftest import People
from desk.servers import PATUH, DeskServer


def test_lang_is_kept_in_a_cookie_not_a_session(desk_server: str, desk_db: str) -> None:
    from django.contrib.sessions.models import Session

    before = Session.objects.count()
    visitor = requests.Session()
    asked = visitor.get(f"{desk_server}/accounts/login/?lang=en", timeout=60)
    assert asked.status_code == 200 and '<html lang="en">' in asked.text
    cookies = asked.raw.headers.getlist("Set-Cookie")
    assert any(c.startswith("patuh_lang=en;") and "HttpOnly" in c for c in cookies), cookies
    assert not any(c.startswith("sessionid=") for c in cookies), cookies
    assert Session.objects.count() == before
    later = visitor.get(f"{desk_server}/accounts/login/", timeout=60)
    assert '<html lang="en">' in later.text  # the cookie keeps the choice
    back = visitor.get(f"{desk_server}/verify/NOSUCHCODE/?lang=id", timeout=60)
    assert '<html lang="id">' in back.text
    assert Session.objects.count() == before


def _expired_session(people: People) -> str:
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    store = SessionStore()
    store["_auth_user_id"] = str(people.pemohon.user.pk)
    store.create()
    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )
    return str(store.session_key)


def test_cleanup_clears_what_expired(
    desk_db: str, people: People, opa_url: str, start_desk_server: Callable[..., DeskServer]
) -> None:
    """`patuh desk cleanup` deletes expired sessions (and keeps live ones); `serve` runs
    it when it starts (and every day after)."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    live = SessionStore()
    live.create()
    expired = _expired_session(people)
    done = subprocess.run(
        [str(PATUH), "desk", "cleanup", "--database-url", desk_db],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PATUH_LANG": "id"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Dibersihkan: ")
    assert not Session.objects.filter(pk=expired).exists()
    assert Session.objects.filter(pk=live.session_key).exists()

    expired = _expired_session(people)
    server = start_desk_server(desk_db, opa_url)
    deadline = time.monotonic() + 60  # the cleanup runs beside gunicorn's start
    while Session.objects.filter(pk=expired).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not Session.objects.filter(pk=expired).exists()
    assert "Dibersihkan: " in server.log.read_text(errors="replace")
