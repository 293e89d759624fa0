"""The workflow's routes of the JSON API (registered in engine/desk/api.py): a
transition, a submission's comments, and its audit trail. A handler's docstring is its description
in openapi.json."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from pydantic import BaseModel

from engine.desk.accounts import permissions
from engine.desk.core.audit import audit_events, event_row
from engine.desk.core.notes import Note
from engine.desk.letters.api import letter_answer
from engine.desk.submissions import discussion
from engine.desk.web.answers import json_answer
from engine.desk.workflow import assignment, services


class TransitionBody(BaseModel):
    to: str
    note: Note = ""
    # `→ reviewed` of a procurement by the pokja: its validation's outcome
    # ("valid" | "not_valid") and, optionally, the SPSE/LPSE package code.
    outcome: str | None = None
    package_code: str | None = None


def transitions(request: HttpRequest, pk: str, body: TransitionBody) -> JsonResponse:
    result = services.transition(
        request.auth,  # type: ignore[attr-defined]
        pk,
        body.to,
        body.note,
        outcome=body.outcome,
        package_code=body.package_code,
    )
    letter = letter_answer(request, result.letter) if result.letter is not None else None
    return json_answer({"status": result.status, "letter": letter})


class CommentBody(BaseModel):
    text: str = ""


def add_comment(request: HttpRequest, pk: str, body: CommentBody) -> JsonResponse:
    """A comment on the submission (at most 5,000 characters), by anyone who may read
    it; in the audit trail. 201 with the comment."""
    event = discussion.add_comment(request.auth, pk, body.text)  # type: ignore[attr-defined]
    hide = permissions.sees_staff_as_roles(request.auth)  # type: ignore[attr-defined]
    return json_answer(discussion.comment_row(event, staff_as_roles=hide), 201)


def comments(request: HttpRequest, pk: str) -> JsonResponse:
    """The submission's comments, oldest first: author, name, role, time, text."""
    found = permissions.readable_submission(request.auth, pk)  # type: ignore[attr-defined]
    hide = permissions.sees_staff_as_roles(request.auth)  # type: ignore[attr-defined]
    rows = [discussion.comment_row(e, staff_as_roles=hide) for e in discussion.comments_of(found)]
    return json_answer({"comments": rows})


class AssignBody(BaseModel):
    to: str = ""


def assign(request: HttpRequest, pk: str, body: AssignBody) -> JsonResponse:
    """A pimpinan or an admin gives the submission to a reviewer (`to`: a username with
    a reviewing role); 400 for anyone else."""
    found = assignment.assign(request.auth, pk, body.to)  # type: ignore[attr-defined]
    return json_answer({"id": found.pk, "assignee": body.to.strip()})


def audit(request: HttpRequest, pk: str) -> JsonResponse:
    user = request.auth  # type: ignore[attr-defined]
    found = permissions.readable_submission(user, pk, drafts=True)
    hide = permissions.sees_staff_as_roles(user)
    return json_answer({"events": [event_row(e, staff_as_roles=hide) for e in audit_events(found)]})
