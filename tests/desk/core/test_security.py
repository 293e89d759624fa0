"""Security of the desk's Django side: CSRF on session forms, cookies, the CSP header,
login throttling. (The pages' own escaping tests are in tests/desk/browser/.)"""

from __future__ import annotations

import re

import requests
from django.test import Client, override_settings

from desk.conftest import People, make_proposal, new_id

CSRF_MIDDLEWARE = "django.middleware.csrf.CsrfViewMiddleware"


def test_csrf_is_enforced_on_session_forms(people: People) -> None:
    from django.conf import settings

    from engine.desk.models import Submission
    from engine.desk.submissions.services import submit

    for path in ("/admin/login/", "/accounts/login/"):
        client = Client(enforce_csrf_checks=True)
        answer = client.post(path, {"username": people.verifikator.username, "password": "x"})
        assert answer.status_code == 403, path

    # A workflow form, as a signed-in reviewer, without the CSRF token: refused, and
    # nothing moves.
    pk = submit(people.pemohon.user, make_proposal(), "a.yaml").submission.pk
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.verifikator.user)
    answer = client.post(f"/submissions/{pk}/transition/", {"to": "in_review"})
    assert answer.status_code == 403
    assert Submission.objects.get(pk=pk).status == "submitted"
    # The same request goes through once the middleware is gone: the 403 is its doing.
    without = [m for m in settings.MIDDLEWARE if m != CSRF_MIDDLEWARE]
    with override_settings(MIDDLEWARE=without):
        client = Client(enforce_csrf_checks=True)  # a client loads the middleware once
        client.force_login(people.verifikator.user)
        answer = client.post(f"/submissions/{pk}/transition/", {"to": "in_review"})
    assert answer.status_code == 302
    assert Submission.objects.get(pk=pk).status == "in_review"


def _login(base: str, username: str, password: str) -> requests.Response:
    session = requests.Session()
    form = session.get(f"{base}/admin/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert token is not None
    return session.post(
        f"{base}/admin/login/",
        data={
            "csrfmiddlewaretoken": token.group(1),
            "username": username,
            "password": password,
            "next": "/admin/",
        },
        headers={"Referer": f"{base}/admin/login/"},
        allow_redirects=False,
        timeout=30,
    )


def test_session_cookie_is_httponly_and_samesite(desk_server: str, people: People) -> None:
    answer = _login(desk_server, people.admin.username, people.admin.password)
    assert answer.status_code == 302, answer.text[:500]
    cookies = answer.raw.headers.getlist("Set-Cookie")
    session = [c for c in cookies if c.startswith("sessionid=")]
    assert session, cookies
    assert "HttpOnly" in session[0] and "SameSite=Lax" in session[0]


def test_strict_content_security_policy(desk_server: str) -> None:
    for path in ("/api/v1/verify/NOSUCHCODE", "/admin/login/"):
        policy = requests.get(desk_server + path, timeout=30).headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "object-src 'none'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_admin_static_is_served_by_whitenoise(desk_server: str) -> None:
    answer = requests.get(f"{desk_server}/static/admin/css/base.css", timeout=30)
    assert answer.status_code == 200 and "text/css" in answer.headers["Content-Type"]


def test_login_is_throttled(people: People) -> None:
    from engine.desk.accounts.services import create_user

    name = "uji." + new_id().lower()
    create_user(name, "verifikator", None, "kata-sandi-yang-benar-9")
    client = Client()
    for _ in range(5):
        client.post("/admin/login/", {"username": name, "password": "salah"})
    locked = client.post(
        "/admin/login/",
        {"username": name, "password": "kata-sandi-yang-benar-9", "next": "/admin/"},
    )
    assert locked.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
