"""Who may do what (desk.md, "Roles"): the ONE place that answers "may this user ...?".
The services ask it before they act, the pages and the API before they offer or refuse,
and the menus of every page (base.html, through the Jinja global `menu`).

| role          | reads                       | may                                            |
| ------------- | --------------------------- | ---------------------------------------------- |
| `pemohon`     | their OPD's submissions,    | upload their OPD's documents; a new version    |
|               | drafts included             | while a draft, submitted or returned; submit a |
|               |                             | draft; withdraw a draft or a submitted one;    |
|               |                             | ask for a waiver while the submission is open  |
| `verifikator` | all                         | submitted → in_review, in_review → returned,   |
|               |                             | reviewed (not on a Procurement: the pokja's);  |
|               |                             | reviewed → returned                            |
| `pokja`       | the Procurement submissions | the verifikator's transitions, on those        |
| `pimpinan`    | all                         | the verifikator's; in_review → rejected;       |
|               |                             | reviewed → recommended, rejected; decide       |
|               |                             | waivers; revoke letters                        |
| `admin`       | none                        | users, OPDs and settings (the admin); no       |
|               |                             | workflow rights                                |

Four eyes: nobody both reviews and recommends. `in_review → recommended` is not a
transition at all (workflow/services.py refuses it as `review_required`), and a
pimpinan who marked a submission reviewed leaves its recommendation to another one
(`same_person`).

A submission a user may not read does not exist for them: readable_submission raises
NotFound (404), never Forbidden. A draft is read only by its OPD's pemohon, and only where
the caller asks for drafts (drafts=True: the submission's own page, its form, its
transitions); everywhere else (queues, counts, exports, the register, waivers, letters)
a draft does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import QuerySet

from engine.desk.core.errors import Forbidden, NotFound
from engine.desk.models import ACCEPTING, Letter, Role, Status, Submission, profile_of

AnyUser = AbstractBaseUser | AnonymousUser
PROCUREMENT = "Procurement"
REVIEWERS = frozenset({Role.VERIFIKATOR, Role.PIMPINAN})
# (from, to): the roles that may; pokja may what a verifikator may, on procurements.
APPLICANTS = frozenset({Role.PEMOHON})
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (Status.DRAFT, Status.SUBMITTED): APPLICANTS,
    (Status.DRAFT, Status.WITHDRAWN): APPLICANTS,
    (Status.SUBMITTED, Status.WITHDRAWN): APPLICANTS,
    (Status.SUBMITTED, Status.IN_REVIEW): REVIEWERS,
    (Status.IN_REVIEW, Status.RETURNED): REVIEWERS,
    (Status.IN_REVIEW, Status.REVIEWED): REVIEWERS,
    (Status.IN_REVIEW, Status.REJECTED): frozenset({Role.PIMPINAN}),
    (Status.REVIEWED, Status.RECOMMENDED): frozenset({Role.PIMPINAN}),
    (Status.REVIEWED, Status.REJECTED): frozenset({Role.PIMPINAN}),
    (Status.REVIEWED, Status.RETURNED): REVIEWERS,
}
# The roles of the workflow (every one but admin): theirs is the register's page.
WORKFLOW_ROLES = frozenset({Role.PEMOHON, Role.VERIFIKATOR, Role.POKJA, Role.PIMPINAN})


def role_of(user: AnyUser) -> str | None:
    """The user's desk role; None for an anonymous user or one without a desk role."""
    profile = profile_of(user)
    return profile.role if profile is not None else None


def as_user(user: AnyUser) -> User:
    """The signed-in user who acts (uploads, signs, decides); anyone else may not."""
    if not isinstance(user, User):
        raise Forbidden()
    return user


# --- reading --------------------------------------------------------------------------------
def readable_submissions(user: AnyUser, *, drafts: bool = False) -> QuerySet[Submission]:
    """A pemohon reads their OPD's; pokja the Procurement ones; verifikator and
    pimpinan all; anyone else (admin included) none. Drafts only with drafts=True,
    and then only the pemohon's own OPD's: no reviewer ever reads a draft."""
    everything = Submission.objects.select_related("opd")
    profile = profile_of(user)
    if profile is None:
        return everything.none()
    if profile.role == Role.PEMOHON:
        if not profile.opd_id:
            return everything.none()
        own = everything.filter(opd=profile.opd)
        return own if drafts else own.exclude(status=Status.DRAFT)
    everything = everything.exclude(status=Status.DRAFT)
    if profile.role == Role.POKJA:
        return everything.filter(kind=PROCUREMENT)
    if profile.role in (Role.VERIFIKATOR, Role.PIMPINAN):
        return everything
    return everything.none()


def readable_submission(user: AnyUser, pk: int | str, *, drafts: bool = False) -> Submission:
    """The submission `pk` when the user may read it; otherwise NotFound (404)."""
    try:
        return readable_submissions(user, drafts=drafts).get(pk=int(pk))
    except (Submission.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def sees_staff_as_roles(user: AnyUser) -> bool:
    """An applicant reads the audit trail with the office's people as their roles, not
    their logins (a login is half of what an attacker needs)."""
    return role_of(user) == Role.PEMOHON


def applicant_opd(user: AnyUser) -> str | None:
    """The OPD a pemohon speaks for (theirs is all they read); None for other roles."""
    profile = profile_of(user)
    if profile is None or profile.role != Role.PEMOHON or profile.opd is None:
        return None
    return profile.opd.name


# --- the applicant's side -------------------------------------------------------------------
def may_submit(user: AnyUser) -> bool:
    """Only a pemohon bound to an OPD uploads documents."""
    profile = profile_of(user)
    return profile is not None and profile.role == Role.PEMOHON and profile.opd_id is not None


def speaks_for(user: AnyUser, submission: Submission) -> bool:
    """Is the user a pemohon of the submission's OPD?"""
    profile = profile_of(user)
    return may_submit(user) and profile is not None and profile.opd_id == submission.opd_id


def may_add_version(user: AnyUser, submission: Submission) -> bool:
    """May the user upload a new version of `submission` now (its OPD's pemohon, while
    it is submitted or returned)?"""
    return speaks_for(user, submission) and submission.status in ACCEPTING


def may_request_waiver(user: AnyUser, submission: Submission) -> bool:
    """The applicant side: a pemohon of the submission's OPD, while it is open (a
    draft is not before anyone who could decide a waiver yet)."""
    return (
        speaks_for(user, submission) and not submission.closed and submission.status != Status.DRAFT
    )


# --- the office's side ----------------------------------------------------------------------
def _role_may(role: str | None, kind: str, source: str, target: str) -> bool:
    roles = TRANSITIONS.get((source, target), frozenset())
    if (source, target) == (Status.IN_REVIEW, Status.REVIEWED) and kind == PROCUREMENT:
        # A procurement's review is the pokja's validation, with its outcome.
        return role == Role.POKJA
    if role in roles:
        return True
    return role == Role.POKJA and kind == PROCUREMENT and Role.VERIFIKATOR in roles


def may_transition(user: AnyUser, kind: str, source: str, target: str) -> bool:
    """May the user move a submission of `kind` from `source` to `target`?"""
    return _role_may(role_of(user), kind, source, target)


def may_move_to(user: AnyUser, kind: str, target: str) -> bool:
    """May the user move a submission of `kind` to `target` from any status at all?"""
    role = role_of(user)
    return any(_role_may(role, kind, source, to) for source, to in TRANSITIONS if to == target)


def allowed_transitions(user: AnyUser, submission: Submission) -> list[str]:
    """The statuses the user may move `submission` to now, in the workflow's order."""
    role = role_of(user)
    return [
        target
        for (source, target) in TRANSITIONS
        if source == submission.status and _role_may(role, submission.kind, source, target)
    ]


def may_assign(user: AnyUser) -> bool:
    """A pimpinan or an admin gives a submission to a reviewer (desk.md, "Assignment")."""
    return role_of(user) in (Role.PIMPINAN, Role.ADMIN) or bool(
        getattr(user, "is_superuser", False)
    )


def may_be_assigned(user: AnyUser, submission: Submission) -> bool:
    """Who may be given a submission: an active reviewer who may read it (verifikator,
    pimpinan; the pokja a procurement)."""
    if not getattr(user, "is_active", False):
        return False
    role = role_of(user)
    return role in REVIEWERS or (role == Role.POKJA and submission.kind == PROCUREMENT)


def may_decide_waivers(user: AnyUser) -> bool:
    """Only a pimpinan approves or refuses a waiver."""
    return role_of(user) == Role.PIMPINAN


def may_revoke_letters(user: AnyUser) -> bool:
    """Only a pimpinan revokes a recommendation letter."""
    return role_of(user) == Role.PIMPINAN


def may_revoke(user: AnyUser, letter: Letter | None) -> bool:
    """Is there a letter the user may revoke (one, not revoked yet)?"""
    return letter is not None and not letter.revoked and may_revoke_letters(user)


# --- the menus ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Menu:
    """The links of the top bar a user is offered (base.html)."""

    register: bool
    submit: bool
    waivers: bool
    admin: bool
    mail: bool  # one's own mail settings: whoever has a desk role (the outbox's people)


def menu(user: AnyUser) -> Menu:
    role = role_of(user)
    return Menu(
        register=role in WORKFLOW_ROLES,
        submit=may_submit(user),
        waivers=bool(role),
        admin=bool(getattr(user, "is_staff", False)),
        mail=bool(role),
    )
