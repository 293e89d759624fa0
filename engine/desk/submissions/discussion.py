"""A submission's discussion (desk.md, "Comments"): everyone who may read a submission
may comment on it; a comment is an audit event (action `comment`, the text its note),
so it is kept as written, never changed or deleted, with its author, role and time, and
it is in the audit trail and its CSV like every other step. At most 5,000 characters;
the pages escape it like every other text (autoescape, engine/desk/web/jinja.py).

Public interface
- add_comment(user, pk, text) -> AuditEvent
      errors: NotFound (404), Forbidden (403: no desk role), CommentEmpty (400),
      CommentTooLong (400)
- comments_of(submission) -> list[AuditEvent]   oldest first
- comment_row(event, staff_as_roles=False) -> dict   as the API answers it
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.db import transaction

from engine.desk.accounts import permissions
from engine.desk.accounts.recipients import tell
from engine.desk.accounts.selectors import name_of
from engine.desk.core.audit import record
from engine.desk.core.errors import DeskError, Forbidden
from engine.desk.models import AuditEvent, Submission

MAX_COMMENT = 5000
COMMENT = "comment"


class CommentEmpty(DeskError):
    code, status = "comment_empty", 400


class CommentTooLong(DeskError):
    code, status = "comment_too_long", 400


def add_comment(user: permissions.AnyUser, pk: int | str, text: str) -> AuditEvent:
    submission = permissions.readable_submission(user, pk)  # 404 before anything else
    author = permissions.as_user(user)
    if permissions.role_of(author) is None:
        raise Forbidden()
    text = (text or "").strip()
    if not text:
        raise CommentEmpty()
    if len(text) > MAX_COMMENT:
        raise CommentTooLong(length=len(text), limit=MAX_COMMENT)
    with transaction.atomic():
        latest = submission.latest_version()
        event = record(
            COMMENT,
            actor=author,
            submission=submission,
            version=latest.number if latest else None,
            note=text,
            detail={"name": name_of(author)},
        )
        # The other side is told that there is a comment, never what it says.
        tell(COMMENT, submission, author)
        return event


def comments_of(submission: Submission) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(submission=submission, action=COMMENT).order_by("at", "id")
    )


def comment_row(event: AuditEvent, *, staff_as_roles: bool = False) -> dict[str, Any]:
    """A comment as the API answers it; to an applicant (staff_as_roles) the office's
    people are their role, never their login or name (issue 21)."""
    hidden = staff_as_roles and event.role != "pemohon"
    return {
        "id": event.pk,
        "author": event.role if hidden else event.actor_name,
        "name": event.role if hidden else (event.detail or {}).get("name") or event.actor_name,
        "role": event.role,
        "at": event.at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "version": event.version,
        "text": event.note,
    }
