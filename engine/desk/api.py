"""The desk's JSON API (desk.md, "The HTTP API"): for CI jobs and scripts.

Bearer tokens from `patuh desk token` or the tokens page (only their sha256 is stored),
each with scopes and an expiry; a missing, wrong or expired token is 401, a token
without the route's scope (`read` unless SUBMIT or DECIDE below says) 403. Every
error is {"error": CODE, "message": TEXT} in the request's language (Accept-Language:
`id` default, `en`). A submission the caller may not read is 404 on every route.

This module is the API's table of contents: the one NinjaAPI, its authentication
(accounts/api.py), its error answers, and every route, each registered below from its
domain's api.py (the handlers only translate; the rules are the domains' services).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from engine.desk.accounts.api import BearerToken
from engine.desk.accounts.services import token_for
from engine.desk.attachments import api as attachments
from engine.desk.core.errors import CheckFailed, DeskError
from engine.desk.letters import api as letters
from engine.desk.register import api as register
from engine.desk.submissions import api as submissions
from engine.desk.waivers import api as waivers
from engine.desk.web.answers import answer_lang, error_answer, json_answer
from engine.desk.workflow import api as workflow

logger = logging.getLogger(__name__)


SUBMIT, DECIDE = BearerToken("submit"), BearerToken("decide")


def signed_in_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """openapi.json (and any docs page) for a signed-in user or a live token only: the
    map of every route is no business of an anonymous caller (issue 21)."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        bearer = header[7:].strip() if header[:7].lower() == "bearer " else ""
        if request.user.is_authenticated or (bearer and token_for(bearer) is not None):
            return view(request, *args, **kwargs)
        return _unauthorized(request, AuthenticationError())

    return guarded


api = NinjaAPI(
    title="patuh desk",
    version="1",
    urls_namespace="api",
    auth=BearerToken(),
    docs_url=None,  # the interactive docs load scripts from a CDN, which the CSP forbids
    docs_decorator=signed_in_only,
)


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: Exception) -> JsonResponse:
    response = error_answer(request, 401, "unauthorized")
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(DeskError)
def _desk_error(request: HttpRequest, exc: DeskError) -> JsonResponse:
    body: dict[str, Any] = {"error": exc.code, "message": exc.message(answer_lang(request))}
    if isinstance(exc, CheckFailed):
        body["report"] = exc.checked.answer_in(answer_lang(request))
    return json_answer(body, exc.status)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> JsonResponse:
    for error in exc.errors:
        # A text over its limit (a note: 5,000 characters) is said as such, with the limit.
        if error.get("type") == "string_too_long":
            field = str(error.get("loc", ("",))[-1])
            limit = (error.get("ctx") or {}).get("max_length", "")
            return error_answer(request, 400, "text_too_long", field=field, limit=limit)
    detail = "; ".join(
        ".".join(str(p) for p in error.get("loc", ())) + ": " + str(error.get("msg", ""))
        for error in exc.errors
    )
    return error_answer(request, 400, "bad_request", detail=detail)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> JsonResponse:
    return error_answer(request, exc.status_code, "bad_request", detail=str(exc))


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> JsonResponse:
    logger.exception("desk API failure")
    return error_answer(request, 500, "server_error")


# --- the routes ---------------------------------------------------------------------------------
# In the order openapi.json has always listed them. Each keeps the operation id it was
# first published with (the module its handler was written in then), so that clients
# generated from openapi.json keep their names; a new route may take the default.
api.post("/check", operation_id="engine_desk_api_check")(submissions.check)
api.post("/submissions", auth=SUBMIT, operation_id="engine_desk_api_submit")(submissions.submit)
api.get("/submissions", operation_id="engine_desk_api_submissions")(submissions.submissions)
api.get("/submissions/{pk}", operation_id="engine_desk_api_submission")(submissions.submission)
api.post("/submissions/{pk}/transitions", auth=DECIDE, operation_id="engine_desk_api_transitions")(
    workflow.transitions
)
api.post(
    "/submissions/{pk}/letter/revoke", auth=DECIDE, operation_id="engine_desk_api_revoke_letter"
)(letters.revoke_letter)
api.get("/submissions/{pk}/audit", operation_id="engine_desk_api_audit")(workflow.audit)
api.post("/submissions/{pk}/comments")(workflow.add_comment)
api.get("/submissions/{pk}/comments")(workflow.comments)
api.post("/submissions/{pk}/assign")(workflow.assign)
api.get("/verify/{code}", auth=None, operation_id="engine_desk_api_verify")(letters.verify)
api.get("/register.json", operation_id="engine_desk_api_thread_register_export")(
    letters.register_export
)
api.post(
    "/submissions/{pk}/waivers",
    auth=SUBMIT,
    operation_id="engine_desk_api_waivers_request_waiver",
)(waivers.request_waiver)
api.post("/waivers/{wid}/decision", auth=DECIDE, operation_id="engine_desk_api_waivers_decide")(
    waivers.decide
)
api.get("/waivers.yaml", operation_id="engine_desk_api_waivers_waivers_file")(waivers.waivers_file)
api.post("/waivers/{wid}/withdraw", auth=DECIDE)(waivers.withdraw)
api.get("/export.xlsx", operation_id="engine_desk_api_register_export")(register.export)
api.get("/submissions/{pk}/versions/{number}.yaml")(submissions.version_yaml)
api.post("/submissions/{pk}/attachments", auth=SUBMIT)(attachments.attach)
api.get("/submissions/{pk}/attachments")(attachments.attachments)
api.get("/submissions/{pk}/attachments/{aid}")(attachments.download)
