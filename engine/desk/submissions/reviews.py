"""Who reviewed a submission (the four eyes' first pair), as the workflow's
decision, the letter, the API and the submission's page name it.

Public interface
- last_review(submission) -> Review | None   the latest `→ reviewed` of the submission
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from engine.desk.accounts.selectors import name_of
from engine.desk.models import AuditEvent, Status, Submission


@dataclass(frozen=True)
class Review:
    actor_id: int | None
    name: str  # full name when the person has one (as on the letter)
    username: str
    role: str
    at: datetime
    note: str
    outcome: str | None  # a pokja's validation of a procurement; None otherwise
    package_code: str | None  # the SPSE/LPSE package code the pokja gave, if any


def last_review(submission: Submission) -> Review | None:
    """The latest time the submission was marked reviewed (the audit log is the record:
    a returned submission reviewed again is answered by its newest review)."""
    event = (
        AuditEvent.objects.filter(
            submission=submission, action="transition", to_status=Status.REVIEWED
        )
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
    if event is None:
        return None
    detail = event.detail or {}
    return Review(
        actor_id=event.actor_id,
        name=name_of(event.actor) if event.actor is not None else event.actor_name,
        username=event.actor_name,
        role=event.role,
        at=event.at,
        note=event.note,
        outcome=detail.get("outcome"),
        package_code=detail.get("package_code"),
    )
