"""Signing in to a real desk server as a person does: the login page's form with its
CSRF token (Django's own login at /accounts/login/ or the admin's at /admin/login/),
optionally as a client behind a proxy (X-Forwarded-For)."""

from __future__ import annotations

import re

import requests


def login_form(
    base: str,
    username: str,
    password: str,
    *,
    path: str = "/accounts/login/",
    forwarded_for: str | None = None,
    session: requests.Session | None = None,
) -> tuple[requests.Session, requests.Response]:
    """Post the login form; answers the session (signed in when it worked) and the
    answer to the POST (a 302 when signed in, 200 with an error, 429 when locked)."""
    session = session or requests.Session()
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    form = session.get(base + path, headers=headers, timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert token is not None, form.text[:500]
    answer = session.post(
        base + path,
        data={"csrfmiddlewaretoken": token.group(1), "username": username, "password": password},
        headers={"Referer": base + path, **headers},
        allow_redirects=False,
        timeout=60,
    )
    return session, answer


def signed_in(base: str, username: str, password: str) -> requests.Session:
    session, answer = login_form(base, username, password)
    assert answer.status_code == 302, answer.text[:500]
    return session
