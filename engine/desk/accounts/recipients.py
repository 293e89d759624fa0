"""Who is told of what by e-mail (desk.md, "Notifications by e-mail"). The domains call
`tell` inside the transaction of the step that causes the mail; the mails themselves are
written and sent by engine/desk/core/outbox.py.

| event                                        | told                                        |
| -------------------------------------------- | ------------------------------------------- |
| submitted (a draft submitted, an upload)     | the reviewers who may read it (verifikator, |
|                                              | pimpinan; the pokja on a procurement)       |
| reviewed (awaiting the decision)             | the pimpinan (not the one who reviewed it)  |
| returned, recommended, rejected, withdrawn   | the OPD's applicants                        |
| waiver_requested                             | the pimpinan                                |
| waiver_approved, _refused, _withdrawn        | the OPD's applicants                        |
| comment                                      | the other side: an applicant's to the       |
|                                              | assignee (none: the reviewers), a staff     |
|                                              | member's to the OPD's applicants            |
| assigned                                     | the assignee                                |

Never the person who acted, and never anyone who may not read the submission
(permissions.readable_submissions: no reviewer is ever told of a draft); only people
who chose a mail for each event, are active, have an address that does not bounce.

- tell(event, submission, actor, assignee=None) -> int   mails written
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import User

from engine.desk.accounts import permissions
from engine.desk.core.outbox import enqueue, reachable
from engine.desk.models import Role, Submission


def _people(submission: Submission, roles: tuple[str, ...], *, own_opd: bool) -> list[User]:
    candidates = reachable().filter(role__in=roles)
    if own_opd:
        candidates = candidates.filter(opd_id=submission.opd_id)
    return [profile.user for profile in candidates]


def applicants(submission: Submission) -> list[User]:
    return _people(submission, (Role.PEMOHON,), own_opd=True)


def reviewers(submission: Submission) -> list[User]:
    return _people(submission, (Role.VERIFIKATOR, Role.PIMPINAN, Role.POKJA), own_opd=False)


def heads(submission: Submission) -> list[User]:
    return _people(submission, (Role.PIMPINAN,), own_opd=False)


AUDIENCE: dict[str, Callable[[Submission], list[User]]] = {
    "submitted": reviewers,
    "reviewed": heads,  # not in desk.md's list: the decision is theirs, and it is due
    "returned": applicants,
    "recommended": applicants,
    "rejected": applicants,
    "withdrawn": applicants,
    "waiver_requested": heads,
    "waiver_approved": applicants,
    "waiver_refused": applicants,
    "waiver_withdrawn": applicants,
}


def _other_side(submission: Submission, author: permissions.AnyUser) -> list[User]:
    if permissions.role_of(author) != Role.PEMOHON:
        return applicants(submission)
    if submission.assignee_id is not None:
        return [user for user in [submission.assignee] if user is not None]
    return reviewers(submission)


def _may_read(user: User, submission: Submission) -> bool:
    # The one answer to "may this user read it?": drafts only to their OPD's applicants.
    return permissions.readable_submissions(user, drafts=True).filter(pk=submission.pk).exists()


def tell(
    event: str,
    submission: Submission,
    actor: permissions.AnyUser,
    *,
    assignee: User | None = None,
) -> int:
    """Write `event`'s mails for `submission`, caused by `actor`; in the caller's
    transaction."""
    if event == "assigned":
        told = [assignee] if assignee is not None else []
    elif event == "comment":
        told = _other_side(submission, actor)
    else:
        told = AUDIENCE[event](submission)
    actor_pk = getattr(actor, "pk", None)
    told = [
        user
        for user in told
        if user is not None and user.pk != actor_pk and _may_read(user, submission)
    ]
    if not told:
        return 0
    return enqueue(submission, event, told, who=permissions.role_of(actor) or "")
