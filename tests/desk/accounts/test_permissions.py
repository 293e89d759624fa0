"""engine/desk/accounts/permissions.py, every role against every question, as desk.md's
role table says ("Roles"; the waivers of its second stage; revoking, README):

| role        | reads                       | may                                              |
| pemohon     | their OPD's submissions     | upload their OPD's documents (a new version      |
|             |                             | while submitted or returned); ask for a waiver   |
| verifikator | all                         | submitted → in_review, in_review → returned,     |
|             |                             | reviewed (a Procurement's: the pokja's only);    |
|             |                             | reviewed → returned                              |
| pokja       | the Procurement submissions | the verifikator's transitions, on those          |
| pimpinan    | all                         | the verifikator's; in_review → rejected;         |
|             |                             | reviewed → recommended, rejected; decide         |
|             |                             | waivers; revoke letters                          |
| admin       | none                        | the admin; no workflow rights                    |

The questions are asked of users and records built in memory (no query needed), except
who reads what: that is a query, asked of real submissions on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

import pytest

from desk.conftest import OPD, OTHER_OPD, People, make_proposal, new_id
from desk.letters.test_thread import make_procurement

ROLES = ("pemohon", "verifikator", "pokja", "pimpinan", "admin")
STATUSES = (
    "draft",
    "submitted",
    "in_review",
    "reviewed",
    "returned",
    "recommended",
    "rejected",
    "withdrawn",
)
KINDS = ("Proposal", "Procurement", "System")

# --- desk.md's table, as answers ------------------------------------------------------------
# (role, kind, from) -> the statuses the role may move a submission to.
# Four eyes: nobody moves in_review → recommended; the review is the verifikator's (a
# procurement's, the pokja's), the recommendation a pimpinan's.
VERIFIKATOR_MOVES = {
    "submitted": ["in_review"],
    "in_review": ["returned", "reviewed"],
    "reviewed": ["returned"],
}
PIMPINAN_MOVES = {
    "submitted": ["in_review"],
    "in_review": ["returned", "reviewed", "rejected"],
    "reviewed": ["recommended", "rejected", "returned"],
}
# The applicant submits their draft, and withdraws a draft or a submitted one (issue 23).
PEMOHON_MOVES = {"draft": ["submitted", "withdrawn"], "submitted": ["withdrawn"]}


def moves(role: str, kind: str, status: str) -> list[str]:
    if role in ("verifikator", "pimpinan") and kind == "Procurement" and status == "in_review":
        # A procurement's review is the pokja's validation.
        return [m for m in moves_of(role).get(status, []) if m != "reviewed"]
    if role == "verifikator" or (role == "pokja" and kind == "Procurement"):
        return VERIFIKATOR_MOVES.get(status, [])
    return moves_of(role).get(status, [])  # admin, pokja elsewhere: none


def moves_of(role: str) -> dict[str, list[str]]:
    return {
        "verifikator": VERIFIKATOR_MOVES,
        "pimpinan": PIMPINAN_MOVES,
        "pemohon": PEMOHON_MOVES,
    }.get(role, {})


# role -> (own OPD's Proposal, own OPD's Procurement, another OPD's Proposal, another's
# Procurement): may the role read it? ("own": the pemohon's OPD.)
READS = {
    "pemohon": (True, True, False, False),
    "verifikator": (True, True, True, True),
    "pokja": (False, True, False, True),
    "pimpinan": (True, True, True, True),
    "admin": (False, False, False, False),
}


# --- users and records in memory ------------------------------------------------------------
def _opd(pk: int, name: str) -> Any:
    from engine.desk.models import Opd

    return Opd(pk=pk, name=name)


OWN, OTHER = 1, 2


def user(role: str | None, *, opd: int | None = OWN, staff: bool | None = None) -> Any:
    """A user of `role` (None: a user without a desk role); a pemohon is of OPD `opd`."""
    from django.contrib.auth.models import User

    from engine.desk.models import Profile

    person = User(username=f"uji.{role}", is_staff=role == "admin" if staff is None else staff)
    if role is not None:
        bound = _opd(opd, OPD if opd == OWN else OTHER_OPD) if role == "pemohon" and opd else None
        Profile(user=person, role=role, opd=bound)  # sets person.desk_profile
    return person


def submission(kind: str = "Proposal", status: str = "submitted", opd: int = OWN) -> Any:
    from engine.desk.models import Submission

    return Submission(
        kind=kind, document_id="UJI", title="Uji", status=status, opd=_opd(opd, "OPD")
    )


@pytest.fixture
def anonymous(desk_db: str) -> Any:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


# --- the questions --------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_role_and_opd(desk_db: str, role: str) -> None:
    from engine.desk.accounts import permissions

    person = user(role)
    assert permissions.role_of(person) == role
    assert permissions.applicant_opd(person) == (OPD if role == "pemohon" else None)
    assert permissions.as_user(person) is person


@pytest.mark.parametrize("role", ROLES)
def test_who_uploads(desk_db: str, role: str) -> None:
    """Only a pemohon, bound to an OPD, uploads; a new version only of their OPD's
    submission, while it is submitted or returned."""
    from engine.desk.accounts import permissions

    person = user(role)
    assert permissions.may_submit(person) is (role == "pemohon")
    for status in STATUSES:
        for opd in (OWN, OTHER):
            own = submission(status=status, opd=opd)
            expected = (
                role == "pemohon" and opd == OWN and status in ("draft", "submitted", "returned")
            )
            assert permissions.may_add_version(person, own) is expected, (status, opd)
            assert permissions.speaks_for(person, own) is (role == "pemohon" and opd == OWN)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", KINDS)
def test_who_moves_what_where(desk_db: str, role: str, kind: str) -> None:
    from engine.desk.accounts import permissions

    person = user(role)
    for status in STATUSES:
        expected = moves(role, kind, status)
        assert permissions.allowed_transitions(person, submission(kind, status)) == expected
        for target in STATUSES:
            assert permissions.may_transition(person, kind, status, target) is (
                target in expected
            ), (status, target)
    for target in STATUSES:
        anywhere = any(target in moves(role, kind, status) for status in STATUSES)
        assert permissions.may_move_to(person, kind, target) is anywhere, target


@pytest.mark.parametrize("role", ROLES)
def test_who_asks_for_and_decides_waivers(desk_db: str, role: str) -> None:
    """A pemohon of the submission's OPD asks, while the submission is open and no
    longer a draft; only a pimpinan decides."""
    from engine.desk.accounts import permissions

    person = user(role)
    for status in STATUSES:
        for opd in (OWN, OTHER):
            expected = (
                role == "pemohon"
                and opd == OWN
                and status not in ("recommended", "rejected", "withdrawn", "draft")
            )
            asked = permissions.may_request_waiver(person, submission(status=status, opd=opd))
            assert asked is expected, (status, opd)
    assert permissions.may_decide_waivers(person) is (role == "pimpinan")


@pytest.mark.parametrize("role", ROLES)
def test_who_revokes_a_letter(desk_db: str, role: str) -> None:
    from engine.desk.accounts import permissions
    from engine.desk.models import Letter

    person = user(role)
    head = role == "pimpinan"
    assert permissions.may_revoke_letters(person) is head
    assert permissions.may_revoke(person, Letter(revoked=False)) is head
    assert permissions.may_revoke(person, Letter(revoked=True)) is False  # once only
    assert permissions.may_revoke(person, None) is False  # no letter to revoke


@pytest.mark.parametrize("role", ROLES)
def test_the_menus(desk_db: str, role: str) -> None:
    """base.html's links: the register for the four workflow roles, the upload for a
    pemohon, the waivers for every desk role, the admin for staff."""
    from engine.desk.accounts import permissions

    offered = permissions.menu(user(role))
    assert offered.register is (role != "admin")
    assert offered.submit is (role == "pemohon")
    assert offered.waivers is True
    assert offered.admin is (role == "admin")


def test_a_pemohon_without_an_opd_may_nothing(desk_db: str) -> None:
    from engine.desk.accounts import permissions

    person = user("pemohon", opd=None)
    assert permissions.applicant_opd(person) is None
    assert not permissions.may_submit(person)
    assert not permissions.may_add_version(person, submission())
    assert not permissions.may_request_waiver(person, submission())


def test_without_a_desk_role_or_signed_in_nothing(desk_db: str, anonymous: Any) -> None:
    """A user without a desk role (a superuser made outside the desk) and an anonymous
    visitor: no workflow right, no menu but the admin's for staff; an anonymous one
    never acts."""
    from engine.desk.accounts import permissions
    from engine.desk.core.errors import Forbidden

    for person in (user(None, staff=True), anonymous):
        assert permissions.role_of(person) is None
        assert not permissions.may_submit(person)
        assert permissions.allowed_transitions(person, submission("Procurement")) == []
        assert not permissions.may_move_to(person, "Procurement", "in_review")
        assert not permissions.may_request_waiver(person, submission())
        assert not permissions.may_decide_waivers(person)
        assert not permissions.may_revoke_letters(person)
        offered = permissions.menu(person)
        assert (offered.register, offered.submit, offered.waivers) == (False, False, False)
        assert not permissions.readable_submissions(person).exists()
    assert permissions.menu(user(None, staff=True)).admin is True
    with pytest.raises(Forbidden):
        permissions.as_user(anonymous)


# --- who reads what: a query, on real submissions ---------------------------------------------
def test_who_reads_what(people: People) -> None:
    """OPD isolation: a submission a role may not read is not in its list, and asking
    for it is NotFound (404), never Forbidden."""
    from engine.desk.accounts import permissions
    from engine.desk.core.errors import NotFound
    from engine.desk.submissions.services import submit

    def upload(person: Any, body: bytes) -> Any:
        return submit(person.user, body, "uji.yaml").submission

    made = (
        upload(people.pemohon, make_proposal(opd=OPD)),
        upload(people.pemohon, make_procurement(new_id(), "SK/1/2026", opd=OPD)),
        upload(people.pemohon2, make_proposal(opd=OTHER_OPD)),
        upload(people.pemohon2, make_procurement(new_id(), "SK/1/2026", opd=OTHER_OPD)),
    )
    assert [s.kind for s in made] == ["Proposal", "Procurement"] * 2
    for role, expected in READS.items():
        person = getattr(people, role).user
        readable = permissions.readable_submissions(person)
        for found, may in zip(made, expected, strict=True):
            assert readable.filter(pk=found.pk).exists() is may, (role, found.kind, found.opd)
            if may:
                assert permissions.readable_submission(person, found.pk) == found
            else:
                with pytest.raises(NotFound):
                    permissions.readable_submission(person, found.pk)
    with pytest.raises(NotFound):
        permissions.readable_submission(people.verifikator.user, "not-a-number")
