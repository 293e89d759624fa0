"""Roles set the admin flags, deactivation ends everything, and API tokens have scopes,
an expiry and a label, listed and revoked by their owner (issue 21, items 3 and 11),
against real `patuh desk serve` servers on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import timedelta

import requests

from desk.conftest import Api, People, make_proposal, new_id
from desk.servers import PATUH
from desk.signing import signed_in

PASSWORD = "kata-sandi-panjang-Medan-1"


def _desk(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PATUH), "desk", *args, "--database-url", url],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PATUH_LANG": "id"},
    )


def test_a_role_change_sets_staff_and_superuser(desk_db: str) -> None:
    """adduser X --role admin, then --role pemohon: no longer staff nor superuser (on
    d063316 both stayed set); and a pemohon saved with the flags by hand loses them."""
    from django.contrib.auth.models import User

    from engine.desk.accounts.services import create_user

    name = "uji." + new_id().lower()
    create_user(name, "admin", None, PASSWORD)
    user = User.objects.get(username=name)
    assert (user.is_staff, user.is_superuser) == (True, True)
    create_user(name, "pemohon", "Dinas Kesehatan", None)
    user = User.objects.get(username=name)
    assert (user.is_staff, user.is_superuser) == (False, False)
    user.is_superuser = user.is_staff = True  # the admin's check boxes, say
    user.save()
    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser) == (False, False)
    create_user(name, "admin", None, None)
    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser) == (True, True)


def test_deactivate_ends_tokens_and_sessions(desk_server: str, desk_db: str) -> None:
    """`patuh desk deactivate USER`: the user's session and token stop working at once,
    and the audit log says so."""
    from django.contrib.sessions.models import Session

    from engine.desk.accounts.services import create_user, new_token
    from engine.desk.models import ApiToken, AuditEvent

    name = "uji." + new_id().lower()
    user = create_user(name, "verifikator", None, PASSWORD)
    token = new_token(user)
    browser = signed_in(desk_server, name, PASSWORD)
    bearer = {"Authorization": f"Bearer {token}"}
    assert browser.get(f"{desk_server}/", allow_redirects=False, timeout=60).status_code == 200
    api = requests.get(f"{desk_server}/api/v1/submissions", headers=bearer, timeout=60)
    assert api.status_code == 200

    done = _desk("deactivate", name, url=desk_db)
    assert done.returncode == 0, done.stderr
    assert f"Pengguna {name} dinonaktifkan: 1 token dicabut, 1 sesi diakhiri." in done.stdout

    page = browser.get(f"{desk_server}/", allow_redirects=False, timeout=60)
    assert page.status_code == 302 and "/accounts/login/" in page.headers["Location"]
    api = requests.get(f"{desk_server}/api/v1/submissions", headers=bearer, timeout=60)
    assert api.status_code == 401
    assert not ApiToken.objects.filter(user=user).exists()
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(user.pk) for s in Session.objects.all()
    )
    event = AuditEvent.objects.filter(action="user_deactivated", detail__username=name).get()
    assert (event.detail["tokens"], event.detail["sessions"]) == (1, 1)
    assert _desk("deactivate", "no.such." + name, url=desk_db).returncode == 1


def test_token_scopes_and_expiry(desk_server: str, desk_db: str, people: People) -> None:
    """A `read` token reads the waivers file and the register (what a CI job fetches)
    but may not upload (403 token_scope); a `submit` token uploads; a `decide` token
    moves but does not upload; an expired one is 401."""
    from django.utils import timezone

    from engine.desk.accounts.services import _token_digest, new_token
    from engine.desk.models import ApiToken

    api = Api(desk_server)
    made = _desk(
        "token", people.pemohon.username, "--scope", "read", "--label", "CI", "--days", "7",
        url=desk_db,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    read = made.stdout.strip()
    assert "cakupan: read" in made.stderr
    row = ApiToken.objects.get(digest=_token_digest(read))
    assert (row.label, row.scope) == ("CI", "read")
    assert timedelta(days=6) < row.expires_at - timezone.now() <= timedelta(days=7)

    assert api.call("GET", "/api/v1/waivers.yaml", token=read).status_code == 200
    assert api.call("GET", "/api/v1/register.json", token=read).status_code == 200
    assert api.call("POST", "/api/v1/check", token=read, data=make_proposal()).status_code == 200
    refused = api.call(
        "POST",
        "/api/v1/submissions",
        token=read,
        data=make_proposal(),
        headers={"Content-Type": "application/yaml"},
    )
    assert refused.status_code == 403 and refused.json()["error"] == "token_scope"
    assert "submit" in refused.json()["message"]

    submit = new_token(people.pemohon.user, scopes=["read", "submit"])
    uploaded = api.upload(people.pemohon, make_proposal(), token=submit)
    assert uploaded.status_code == 201
    pk = uploaded.json()["id"]
    decide = new_token(people.verifikator.user, scopes=["decide", "read"])
    moved = api.call(
        "POST", f"/api/v1/submissions/{pk}/transitions", token=decide, json={"to": "in_review"}
    )
    assert moved.status_code == 200, moved.text
    reader = new_token(people.verifikator.user, scopes=["read"])
    moved = api.call(
        "POST", f"/api/v1/submissions/{pk}/transitions", token=reader, json={"to": "returned"}
    )
    assert moved.status_code == 403 and moved.json()["error"] == "token_scope"

    ApiToken.objects.filter(digest=_token_digest(submit)).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert api.call("GET", "/api/v1/submissions", token=submit).status_code == 401


def test_a_user_lists_makes_and_revokes_their_own_tokens(desk_server: str, people: People) -> None:
    from engine.desk.accounts.services import new_token
    from engine.desk.models import ApiToken

    others = ApiToken.objects.filter(user=people.pemohon2.user).first()
    assert others is not None
    browser = signed_in(desk_server, people.pemohon.username, people.pemohon.password)
    page = browser.get(f"{desk_server}/accounts/tokens/", timeout=60)
    assert page.status_code == 200 and "Token API Anda" in page.text
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert csrf is not None
    label = "CI " + new_id()
    answer = browser.post(
        f"{desk_server}/accounts/tokens/",
        data={
            "csrfmiddlewaretoken": csrf.group(1),
            "label": label,
            "scope": ["read"],
            "days": "30",
            "create": "1",
        },
        headers={"Referer": f"{desk_server}/accounts/tokens/"},
        timeout=60,
    )
    assert answer.status_code == 200
    fresh = re.search(r'<code class="token">(patuh_[^<]+)</code>', answer.text)
    assert fresh is not None and label in answer.text
    api = Api(desk_server)
    assert api.call("GET", "/api/v1/waivers.yaml", token=fresh.group(1)).status_code == 200
    row = ApiToken.objects.get(label=label)
    assert (row.user_id, row.scope) == (people.pemohon.user.pk, "read")
    # Shown once: the list has its beginning only.
    again = browser.get(f"{desk_server}/accounts/tokens/", timeout=60)
    assert fresh.group(1) not in again.text and row.prefix in again.text
    # Its scope in the reader's words, not the API's (issue 24).
    listed = again.text[again.text.index(row.prefix) :]
    assert re.search(r'data-label="Cakupan">baca</td>', listed), listed[:400]

    def revoke(pk: int) -> requests.Response:
        return browser.post(
            f"{desk_server}/accounts/tokens/",
            data={"csrfmiddlewaretoken": csrf.group(1), "revoke": str(pk)},
            headers={"Referer": f"{desk_server}/accounts/tokens/"},
            timeout=60,
        )

    revoke(others.pk)  # another user's token: nothing happens to it
    assert ApiToken.objects.filter(pk=others.pk).exists()
    assert revoke(row.pk).status_code == 200
    assert not ApiToken.objects.filter(pk=row.pk).exists()
    assert api.call("GET", "/api/v1/waivers.yaml", token=fresh.group(1)).status_code == 401
    assert new_token(people.pemohon.user)  # the fixture's own token is untouched
