"""The waivers' routes of the JSON API (desk.md, second stage; registered in
engine/desk/api.py): request a waiver, decide one, and the current approved waivers as
a patuh `Waivers` file for `patuh check --waivers`. The rules are waivers/services.py's;
these handlers translate. Errors, authentication and languages are engine/desk/api.py's
(its exception handlers). A handler's docstring is its description in openapi.json."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from pydantic import BaseModel

from engine.desk.core.notes import Note
from engine.desk.waivers import services
from engine.desk.waivers.selectors import served_waivers
from engine.desk.waivers.served import waivers_yaml
from engine.desk.web.answers import json_answer, revalidated


class WaiverRequest(BaseModel):
    rule: str
    path: str | None = None
    justification: str
    expires: str  # YYYY-MM-DD, a UTC calendar day


class Decision(BaseModel):
    approve: bool
    reference: str | None = None
    note: Note | None = None


def request_waiver(request: HttpRequest, pk: str, body: WaiverRequest) -> JsonResponse:
    waiver = services.request_waiver(
        request.auth,  # type: ignore[attr-defined]
        pk,
        rule=body.rule,
        path=body.path,
        justification=body.justification,
        expires=body.expires,
    )
    return json_answer({"id": waiver.pk, "status": waiver.status}, 201)


def decide(request: HttpRequest, wid: str, body: Decision) -> JsonResponse:
    waiver = services.decide(
        request.auth,  # type: ignore[attr-defined]
        wid,
        approve=body.approve,
        reference=body.reference or "",
        note=body.note or "",
    )
    return json_answer({"id": waiver.pk, "status": waiver.status})


class Withdrawal(BaseModel):
    note: Note = ""


def withdraw(request: HttpRequest, wid: str, body: Withdrawal) -> JsonResponse:
    """Not in desk.md's table (an addition, issue 20): a pimpinan withdraws an approved
    waiver (`note` required); 200 {"id", "status": "withdrawn"}; 409
    waiver_not_approved."""
    waiver = services.withdraw(request.auth, wid, note=body.note)  # type: ignore[attr-defined]
    return json_answer({"id": waiver.pk, "status": waiver.status})


def waivers_file(request: HttpRequest, opd: str | None = None) -> HttpResponse:
    rows = served_waivers(request.auth, opd=opd)  # type: ignore[attr-defined]
    response = HttpResponse(waivers_yaml(rows), content_type="application/yaml")
    response["Content-Disposition"] = 'inline; filename="waivers.yaml"'
    # Today's waivers, not yesterday's: revalidated at every fetch (ETag, 304).
    return revalidated(request, response)
