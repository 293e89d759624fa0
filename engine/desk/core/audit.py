"""The audit log (desk.md, "Audit log"): every domain appends its events here (record),
and the submission's page, the API and the CSV export read them back. An event is
never changed or deleted (engine/desk/models/audit.py, migrations 0002 and 0006), and
each is chained to the one before (core/audit_chain.py, `patuh desk audit verify`)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from engine.desk.core.audit_chain import link, lock_chain, previous_chain
from engine.desk.models import AuditEvent, Submission, profile_of


def record(
    action: str,
    *,
    actor: AbstractBaseUser | AnonymousUser | None = None,
    actor_name: str = "",
    submission: Submission | None = None,
    version: int | None = None,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    document_digest: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append an event, chained to the one before it; the actor's name and desk role
    are taken as they are now."""
    user = actor if isinstance(actor, User) else None
    profile = profile_of(user) if user is not None else None
    event = AuditEvent(
        at=timezone.now(),
        actor=user,
        actor_name=actor_name or (user.get_username() if user is not None else ""),
        role=((profile.role if profile else None) or ("admin" if user.is_superuser else ""))
        if user is not None
        else "",
        action=action,
        submission=submission,
        version=version,
        from_status=from_status,
        to_status=to_status,
        note=note,
        document_digest=document_digest,
        detail=detail or {},
    )
    # JSON in and out of the database: what is hashed is what is read back.
    event.detail = json.loads(json.dumps(event.detail, ensure_ascii=False))
    with transaction.atomic():
        lock_chain()
        event.chain = link(previous_chain(), event)
        event.save()
    return event


def audit_events(submission: Submission) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(submission=submission).order_by("at", "id")


def shown_actor(event: AuditEvent, staff_as_roles: bool = False) -> str:
    """Who acted, as a reader is shown it: to an applicant (staff_as_roles) the office's
    people are their role, never their login (issue 21); the OPD's own keep their name."""
    if staff_as_roles and event.role != "pemohon":
        return event.role
    return event.actor_name


def shown_note(event: AuditEvent, staff_as_roles: bool = False) -> str:
    """An event's note as a reader is shown it: an assignment's note names a login,
    which an applicant sees as the assignee's role instead."""
    if staff_as_roles and event.action == "assigned":
        return str((event.detail or {}).get("role") or "")
    return event.note


def event_row(event: AuditEvent, *, staff_as_roles: bool = False) -> dict[str, Any]:
    """An event as the API and the export give it (time in UTC, ISO 8601)."""
    return {
        "at": event.at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "actor": shown_actor(event, staff_as_roles),
        "role": event.role,
        "action": event.action,
        "from": event.from_status or None,
        "to": event.to_status or None,
        "version": event.version,
        "note": shown_note(event, staff_as_roles),
        "document_digest": event.document_digest or None,
    }


def audit_export(submission: Submission, fmt: str = "csv", *, staff_as_roles: bool = False) -> str:
    rows = [event_row(e, staff_as_roles=staff_as_roles) for e in audit_events(submission)]
    if fmt == "json":
        return json.dumps({"events": rows}, ensure_ascii=False, indent=2) + "\n"
    out = io.StringIO()
    columns = ["at", "actor", "role", "action", "from", "to", "version", "note", "document_digest"]
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        # A cell starting with = + - @ is a formula to a spreadsheet: quote it as text.
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value
