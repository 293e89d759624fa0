"""The desk's JSON API (desk.md, "The HTTP API"): for CI jobs and scripts.

Bearer tokens from `patuh desk token` (only their sha256 is stored); a missing or
wrong token is 401. Every error is {"error": CODE, "message": TEXT} in the request's
language (Accept-Language: `id` default, `en`). A submission the caller may not read
is 404 on every route.

This module is the API's table of contents: the one NinjaAPI, its authentication
(accounts/api.py), its error answers, and every route, each registered below from its
domain's api.py (the handlers only translate; the rules are the domains' services).
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import BaseModel

from engine.desk import api_register, services
from engine.desk.accounts import permissions
from engine.desk.accounts.api import BearerToken
from engine.desk.letters import api as letters
from engine.desk.letters.api import letter_answer
from engine.desk.letters.selectors import letter_of
from engine.desk.models import Submission, Version
from engine.desk.waivers import api as waivers
from engine.desk.web.answers import answer_lang, error_answer, json_answer, utc
from engine.reading.yaml_loader import MAX_FILE_BYTES

logger = logging.getLogger(__name__)


api = NinjaAPI(
    title="patuh desk",
    version="1",
    urls_namespace="api",
    auth=BearerToken(),
    docs_url=None,  # the interactive docs load scripts from a CDN, which the CSP forbids
)


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: Exception) -> JsonResponse:
    response = error_answer(request, 401, "unauthorized")
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(services.DeskError)
def _desk_error(request: HttpRequest, exc: services.DeskError) -> JsonResponse:
    body: dict[str, Any] = {"error": exc.code, "message": exc.message(answer_lang(request))}
    if isinstance(exc, services.CheckFailed):
        body["report"] = exc.checked.answer_in(answer_lang(request))
    return json_answer(body, exc.status)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> JsonResponse:
    detail = "; ".join(
        ".".join(str(p) for p in error.get("loc", ())) + ": " + str(error.get("msg", ""))
        for error in exc.errors
    )
    return error_answer(request, 400, "bad_request", detail=detail)


@api.exception_handler(HttpError)
def _httperror_answer(request: HttpRequest, exc: HttpError) -> JsonResponse:
    return error_answer(request, exc.status_code, "bad_request", detail=str(exc))


@api.exception_handler(Exception)
def _servererror_answer(request: HttpRequest, exc: Exception) -> JsonResponse:
    logger.exception("desk API failure")
    return error_answer(request, 500, "server_error")


def _upload_body(request: HttpRequest) -> bytes:
    """The request's YAML bytes, refused before reading beyond the CLI's limit."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_FILE_BYTES:
        raise services.TooLarge(size=declared, limit=MAX_FILE_BYTES)
    body = request.body
    if len(body) > MAX_FILE_BYTES:
        raise services.TooLarge(size=len(body), limit=MAX_FILE_BYTES)
    return body


def _filename(request: HttpRequest) -> str:
    # An optional header naming the file, for the report (`X-Patuh-Filename: a.yaml`).
    return (request.headers.get("X-Patuh-Filename") or "upload.yaml")[:200]


def check(request: HttpRequest) -> JsonResponse:
    checked = services.check_only(_upload_body(request), _filename(request))
    return json_answer(checked.answer_in(answer_lang(request)))


def submit(request: HttpRequest) -> JsonResponse:
    result = services.submit(request.auth, _upload_body(request), _filename(request))  # type: ignore[attr-defined]
    body = {
        "id": result.submission.pk,
        "version": result.version.number,
        "status": result.submission.status,
        "verdict": result.version.verdict,
        "report": result.checked.answer_in(answer_lang(request)),
    }
    return json_answer(body, 201 if result.created else 200)


def _latest(submission: Submission) -> Version | None:
    return submission.latest_version()


def submissions(
    request: HttpRequest,
    status: str | None = None,
    opd: str | None = None,
    kind: str | None = None,
) -> JsonResponse:
    found = services.queue(request.auth, status=status, opd=opd, kind=kind)  # type: ignore[attr-defined]
    rows = []
    for submission in found:
        latest = _latest(submission)
        rows.append(
            {
                "id": submission.pk,
                "kind": submission.kind,
                "document_id": submission.document_id,
                "opd": submission.opd.name,
                "title": submission.title,
                "status": submission.status,
                "verdict": latest.verdict if latest else None,
                "version": latest.number if latest else None,
                "updated_at": utc(submission.updated_at),
            }
        )
    return json_answer({"submissions": rows})


def submission(request: HttpRequest, pk: str) -> JsonResponse:
    found = permissions.readable_submission(request.auth, pk)  # type: ignore[attr-defined]
    versions = list(found.versions.select_related("uploaded_by").order_by("number"))
    issued = letter_of(found)
    latest = versions[-1] if versions else None
    return json_answer(
        {
            "id": found.pk,
            "kind": found.kind,
            "document_id": found.document_id,
            "opd": found.opd.name,
            "title": found.title,
            "status": found.status,
            "versions": [
                {
                    "version": v.number,
                    "verdict": v.verdict,
                    "document_digest": v.document_digest or None,
                    "uploaded_at": utc(v.uploaded_at),
                    "uploaded_by": v.uploaded_by.get_username(),
                }
                for v in versions
            ],
            "report": latest.report_in(answer_lang(request)) if latest else None,
            "letter": letter_answer(request, issued) if issued is not None else None,
        }
    )


class TransitionBody(BaseModel):
    to: str
    note: str = ""


def transitions(request: HttpRequest, pk: str, body: TransitionBody) -> JsonResponse:
    result = services.transition(request.auth, pk, body.to, body.note)  # type: ignore[attr-defined]
    letter = letter_answer(request, result.letter) if result.letter is not None else None
    return json_answer({"status": result.status, "letter": letter})


def audit(request: HttpRequest, pk: str) -> JsonResponse:
    found = permissions.readable_submission(request.auth, pk)  # type: ignore[attr-defined]
    return json_answer({"events": [services.event_row(e) for e in services.audit_events(found)]})


# --- the routes ---------------------------------------------------------------------------------
# In the order openapi.json has always listed them. Each keeps the operation id it was
# first published with (the module its handler was written in then), so that clients
# generated from openapi.json keep their names; a new route may take the default.
api.post("/check", operation_id="engine_desk_api_check")(check)
api.post("/submissions", operation_id="engine_desk_api_submit")(submit)
api.get("/submissions", operation_id="engine_desk_api_submissions")(submissions)
api.get("/submissions/{pk}", operation_id="engine_desk_api_submission")(submission)
api.post("/submissions/{pk}/transitions", operation_id="engine_desk_api_transitions")(transitions)
api.post("/submissions/{pk}/letter/revoke", operation_id="engine_desk_api_revoke_letter")(
    letters.revoke_letter
)
api.get("/submissions/{pk}/audit", operation_id="engine_desk_api_audit")(audit)
api.get("/verify/{code}", auth=None, operation_id="engine_desk_api_verify")(letters.verify)
api.get("/register.json", operation_id="engine_desk_api_thread_register_export")(
    letters.register_export
)
api.post("/submissions/{pk}/waivers", operation_id="engine_desk_api_waivers_request_waiver")(
    waivers.request_waiver
)
api.post("/waivers/{wid}/decision", operation_id="engine_desk_api_waivers_decide")(waivers.decide)
api.get("/waivers.yaml", operation_id="engine_desk_api_waivers_waivers_file")(waivers.waivers_file)
api.get("/export.xlsx", operation_id="engine_desk_api_register_export")(api_register.export)
