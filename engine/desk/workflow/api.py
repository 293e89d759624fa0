"""The workflow's routes of the JSON API (registered in engine/desk/api.py): a
transition, and a submission's audit trail. A handler's docstring is its description
in openapi.json."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from pydantic import BaseModel

from engine.desk.accounts import permissions
from engine.desk.core.audit import audit_events, event_row
from engine.desk.core.notes import Note
from engine.desk.letters.api import letter_answer
from engine.desk.web.answers import json_answer
from engine.desk.workflow import services


class TransitionBody(BaseModel):
    to: str
    note: Note = ""


def transitions(request: HttpRequest, pk: str, body: TransitionBody) -> JsonResponse:
    result = services.transition(request.auth, pk, body.to, body.note)  # type: ignore[attr-defined]
    letter = letter_answer(request, result.letter) if result.letter is not None else None
    return json_answer({"status": result.status, "letter": letter})


def audit(request: HttpRequest, pk: str) -> JsonResponse:
    user = request.auth  # type: ignore[attr-defined]
    found = permissions.readable_submission(user, pk, drafts=True)
    hide = permissions.sees_staff_as_roles(user)
    return json_answer({"events": [event_row(e, staff_as_roles=hide) for e in audit_events(found)]})
