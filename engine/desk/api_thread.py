"""GET /api/v1/register.json: the desk's register (engine/desk/thread.py) for CI, as
`patuh check --register FILE.json` reads it. Only what the caller may see: an OPD's
token gets its own OPD's letters and recommended proposals, which is all its
procurements may cite."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from engine.desk import thread
from engine.desk.accounts import permissions
from engine.desk.api import api
from engine.desk.web.answers import json_answer


@api.get("/register.json")
def register_export(request: HttpRequest) -> JsonResponse:
    visible = permissions.readable_submissions(request.auth)  # type: ignore[attr-defined]
    return json_answer(thread.register(visible))
