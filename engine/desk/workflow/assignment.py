"""Assignment (desk.md, "Assignment"): taking a submission into review assigns it to the
taker (workflow/services.py); a pimpinan or an admin gives it to another reviewer.
Each assignment is an audit event (`assigned`, detail {"to": USERNAME}).

Public interface
- assign(user, pk, to) -> Submission
      errors: NotFound (404: a pimpinan who may not read it; an unknown id), Forbidden
      (403: not a pimpinan or admin), NotAReviewer (400: no such active user with a
      reviewing role that may read it), AssignClosed (409: recommended or rejected)
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from engine.desk.accounts import permissions
from engine.desk.accounts.recipients import tell
from engine.desk.core.audit import record
from engine.desk.core.errors import DeskError, Forbidden, NotFound
from engine.desk.models import Role, Submission


class NotAReviewer(DeskError):
    code, status = "not_a_reviewer", 400


class AssignClosed(DeskError):
    code, status = "assign_closed", 409


def _submission_for(user: permissions.AnyUser, pk: int | str) -> Submission:
    if permissions.role_of(user) == Role.ADMIN or getattr(user, "is_superuser", False):
        # The admin reads no submission's contents, but manages who works on which.
        try:
            return Submission.objects.select_related("opd").get(pk=int(pk))
        except (Submission.DoesNotExist, ValueError, TypeError) as exc:
            raise NotFound() from exc
    return permissions.readable_submission(user, pk)


def assign(user: permissions.AnyUser, pk: int | str, to: str) -> Submission:
    submission = _submission_for(user, pk)
    if not permissions.may_assign(user):
        raise Forbidden()
    assignee = User.objects.filter(username=(to or "").strip()).first()
    if assignee is None or not permissions.may_be_assigned(assignee, submission):
        raise NotAReviewer(user=(to or "")[:150])
    with transaction.atomic():
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        if current.closed:
            raise AssignClosed(status=current.status)
        Submission.objects.filter(pk=current.pk).update(assignee=assignee)
        current.assignee = assignee
        record(
            "assigned",
            actor=user,
            submission=current,
            detail={"to": assignee.get_username(), "role": permissions.role_of(assignee) or ""},
            note=assignee.get_username(),
        )
        tell("assigned", current, user, assignee=assignee)  # with the assignment, or neither
    return current
