"""Login throttling behind a proxy (issue 21, item 2; item 10's failed-login rows), with
real `patuh desk serve` servers on SQLite and PostgreSQL. The proxy is played by the
test: it sends X-Forwarded-For from loopback, to a server told that loopback is its
proxy (PATUH_DESK_TRUSTED_PROXIES=127.0.0.1). The addresses are documentation ones
(RFC 5737): written in a header, never connected to."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests

from desk.conftest import People, make_proposal, new_id
from desk.servers import DeskServer
from desk.signing import login_form, signed_in

PASSWORD = "kata-sandi-panjang-Medan-2"
LOCKED_PAIR = "Akun atau alamat ini dikunci sementara"
LOCKED_ADDRESS = "dari alamat jaringan Anda, untuk berbagai nama pengguna"


@pytest.fixture
def proxied(
    desk_db: str, people: People, opa_url: str, start_desk_server: Callable[..., DeskServer]
) -> str:
    """A server behind 'the proxy' on loopback."""
    return start_desk_server(desk_db, opa_url, env={"PATUH_DESK_TRUSTED_PROXIES": "127.0.0.1"}).url


def _fresh_user() -> str:
    from engine.desk.accounts.services import create_user

    name = "uji." + new_id().lower()
    create_user(name, "verifikator", None, PASSWORD)
    return name


def _failed_rows(**detail: str) -> int:
    from engine.desk.models import AuditEvent

    return AuditEvent.objects.filter(
        action="login_failed", **{f"detail__{k}": v for k, v in detail.items()}
    ).count()


def test_an_attacker_behind_the_proxy_locks_out_only_themselves(
    proxied: str, desk_db: str, opa_url: str, start_desk_server: Callable[..., DeskServer]
) -> None:
    """Five failures for the victim's name from the attacker (three at the desk's login,
    two at the admin's) lock the attacker's pair, not the victim, who signs in from
    their own address; the audit log has the attacker's real address. On d063316 every
    client was the proxy's 127.0.0.1 and the victim was locked out."""
    from engine.desk.models import AuditEvent

    victim = _fresh_user()
    attacker, office = "198.51.100.7", "203.0.113.9"
    for path in ["/accounts/login/"] * 3 + ["/admin/login/"] * 2:
        _, answer = login_form(proxied, victim, "salah", path=path, forwarded_for=attacker)
        assert answer.status_code in (200, 429)
    _, answer = login_form(proxied, victim, PASSWORD, forwarded_for=attacker)
    assert answer.status_code == 429 and LOCKED_PAIR in answer.text
    _, answer = login_form(proxied, victim, PASSWORD, forwarded_for=office)
    assert answer.status_code == 302
    rows = AuditEvent.objects.filter(action="login_failed", actor_name=victim)
    assert [row.detail["address"] for row in rows] == [attacker] * 5

    # A server not told of any proxy ignores the header: a client cannot pick its
    # address by writing one.
    bare = start_desk_server(desk_db, opa_url).url
    spoofer = _fresh_user()
    for number in range(5):
        login_form(bare, spoofer, "salah", forwarded_for=f"192.0.2.{number + 1}")
    _, answer = login_form(bare, spoofer, PASSWORD, forwarded_for="192.0.2.99")
    assert answer.status_code == 429
    assert {r.detail["address"] for r in AuditEvent.objects.filter(actor_name=spoofer)} == {
        "127.0.0.1"
    }


def test_one_address_is_limited_across_user_names(proxied: str) -> None:
    """30 failures from one address, each for another made-up name (no pair reaches its
    5), close logins from that address, before any password is hashed, even for a
    real user with the right password; the same user signs in from elsewhere. The
    audit log keeps a row per failure up to the limit, and none for refused tries."""
    from engine.desk.accounts.throttle import ADDRESS_FAILURE_LIMIT

    user = _fresh_user()
    address, elsewhere = "198.51.100." + str(int(new_id()[-6:], 16) % 200 + 20), "203.0.113.10"
    session = requests.Session()
    for number in range(ADDRESS_FAILURE_LIMIT):
        _, answer = login_form(
            proxied, f"tidak.ada.{number}", "salah", forwarded_for=address, session=session
        )
        assert answer.status_code == 200, number
    assert _failed_rows(address=address) == ADDRESS_FAILURE_LIMIT
    _, answer = login_form(proxied, user, PASSWORD, forwarded_for=address)
    assert answer.status_code == 429 and LOCKED_ADDRESS in answer.text
    for number in range(3):
        login_form(proxied, f"lagi.{number}", "salah", forwarded_for=address)
    assert _failed_rows(address=address) == ADDRESS_FAILURE_LIMIT
    _, answer = login_form(proxied, user, PASSWORD, forwarded_for=elsewhere)
    assert answer.status_code == 302


def test_an_applicant_sees_roles_not_staff_logins(desk_server: str, people: People) -> None:
    """The audit trail an applicant reads (CSV, API, page) names the office's people by
    role; a reviewer still sees the logins."""
    from engine.desk.accounts.services import create_user
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import transition

    staff = "sari." + new_id().lower()
    reviewer_user = create_user(staff, "verifikator", None, PASSWORD)
    pk = submit(people.pemohon.user, make_proposal(), "a.yaml").submission.pk
    transition(reviewer_user, pk, "in_review")
    transition(reviewer_user, pk, "returned", "Perbaiki lokasi hosting.")

    applicant = signed_in(desk_server, people.pemohon.username, people.pemohon.password)
    csv = applicant.get(f"{desk_server}/submissions/{pk}/audit.csv", timeout=60)
    assert csv.status_code == 200
    assert staff not in csv.text
    assert ",verifikator,verifikator,transition," in csv.text.replace("\r", "")
    assert people.pemohon.username in csv.text  # the OPD's own keep their names
    page = applicant.get(f"{desk_server}/submissions/{pk}/", timeout=60)
    assert page.status_code == 200 and staff not in page.text
    api = requests.get(
        f"{desk_server}/api/v1/submissions/{pk}/audit",
        headers={"Authorization": f"Bearer {people.pemohon.token}"},
        timeout=60,
    )
    assert staff not in api.text
    assert {"verifikator"} == {e["actor"] for e in api.json()["events"] if e["role"] != "pemohon"}

    reviewer = signed_in(desk_server, staff, PASSWORD)
    csv = reviewer.get(f"{desk_server}/submissions/{pk}/audit.csv", timeout=60)
    assert staff in csv.text
