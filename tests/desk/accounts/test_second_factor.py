"""The second factor (issue 21, item 11): with PATUH_DESK_REQUIRE_2FA=1 a pimpinan signs
in with a password and an authenticator app's code (TOTP, django-otp), set up at the
first sign-in from the QR code's key; an applicant is not asked. A real `patuh desk
serve` on SQLite and PostgreSQL; the app is played by django-otp's own TOTP."""

from __future__ import annotations

import re
from base64 import b32decode
from collections.abc import Callable

import requests

from desk.conftest import People, new_id
from desk.servers import DeskServer
from desk.signing import signed_in

PASSWORD = "kata-sandi-panjang-Medan-3"


def _code(key_letters: str) -> str:
    from django_otp.oath import TOTP

    key = b32decode(key_letters.replace(" ", "") + "=" * (-len(key_letters.replace(" ", "")) % 8))
    return f"{TOTP(key, step=30, digits=6).token():06d}"


def _post_code(browser: requests.Session, base: str, page: str, code: str) -> requests.Response:
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert csrf is not None
    return browser.post(
        f"{base}/accounts/2fa/",
        data={"csrfmiddlewaretoken": csrf.group(1), "code": code, "next": "/register/"},
        headers={"Referer": f"{base}/accounts/2fa/"},
        allow_redirects=False,
        timeout=60,
    )


def test_a_pimpinan_needs_an_authenticator_code(
    desk_db: str, people: People, opa_url: str, start_desk_server: Callable[..., DeskServer]
) -> None:
    from engine.desk.accounts.services import create_user

    base = start_desk_server(desk_db, opa_url, env={"PATUH_DESK_REQUIRE_2FA": "1"}).url
    head = "kepala." + new_id().lower()
    create_user(head, "pimpinan", None, PASSWORD)

    browser = signed_in(base, head, PASSWORD)
    held = browser.get(f"{base}/register/", allow_redirects=False, timeout=60)
    assert held.status_code == 302 and held.headers["Location"].startswith("/accounts/2fa/")
    setup = browser.get(f"{base}{held.headers['Location']}", timeout=60)
    assert setup.status_code == 200 and "aplikasi autentikator" in setup.text
    assert 'src="data:image/svg+xml;base64,' in setup.text  # the QR code
    key = re.search(r'<code class="totp-key">([A-Z2-7 ]+)</code>', setup.text)
    assert key is not None
    done = _post_code(browser, base, setup.text, _code(key.group(1)))
    assert done.status_code == 302 and done.headers["Location"] == "/register/"
    assert browser.get(f"{base}/register/", allow_redirects=False, timeout=60).status_code == 200

    # The next sign-in asks for the code again, without showing the key.
    again = signed_in(base, head, PASSWORD)
    held = again.get(f"{base}/", allow_redirects=False, timeout=60)
    assert held.status_code == 302
    ask = again.get(f"{base}{held.headers['Location']}", timeout=60)
    assert "totp-key" not in ask.text and "enam angka" in ask.text
    # A wrong code is refused (last: django-otp then holds the device back a moment).
    wrong = _post_code(
        again, base, ask.text, "000000" if _code(key.group(1)) != "000000" else "111111"
    )
    assert wrong.status_code == 400 and "Kode salah" in wrong.text
    assert again.get(f"{base}/", allow_redirects=False, timeout=60).status_code == 302

    # An applicant is not asked.
    applicant = signed_in(base, people.pemohon.username, people.pemohon.password)
    assert applicant.get(f"{base}/", allow_redirects=False, timeout=60).status_code == 200


def test_without_the_setting_nobody_is_asked(desk_server: str, people: People) -> None:
    head = signed_in(desk_server, people.pimpinan.username, people.pimpinan.password)
    assert head.get(f"{desk_server}/", allow_redirects=False, timeout=60).status_code == 200
