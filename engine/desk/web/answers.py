"""What every route of the JSON API answers the same way: JSON as UTF-8 text
(json_answer), a refusal as {"error": CODE, "message": TEXT} in the request's language
(error_answer, answer_lang), moments in UTC, ISO 8601 (utc), the files CI fetches
again and again answered with an ETag and 304 when unchanged (revalidated), and a
stored file to save (file_answer)."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import quote_etag

from engine.desk.core.i18n import lang_of, t


def answer_lang(request: HttpRequest) -> str:
    """`en` when the request's Accept-Language prefers English, else `id`."""
    return lang_of(request.headers.get("Accept-Language"))


def error_answer(request: HttpRequest, status: int, code: str, **params: Any) -> JsonResponse:
    body = {"error": code, "message": t(f"error.{code}", answer_lang(request), **params)}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def json_answer(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def utc(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def revalidated(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The answer with a strong ETag over its bytes, or 304 Not Modified when the
    caller's If-None-Match names it (`patuh check --desk` keeps its copy and asks
    again at every run). The bytes depend on who asks (an OPD's token sees its own
    waivers), so the ETag is computed from what this caller gets, and shared caches
    are told to keep nothing: a copy is the caller's alone, checked at every use."""
    etag = quote_etag(hashlib.sha256(response.content).hexdigest())
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ("Authorization", "Accept-Language"))
    # With a response given, Django answers it or a 304, never None.
    return get_conditional_response(request, etag=etag, response=response) or response


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def file_answer(body: bytes, name: str, content_type: str) -> HttpResponse:
    """A stored file given back exactly as stored, to be saved and never shown inline:
    `Content-Disposition: attachment`, and `nosniff` so no browser guesses another type."""
    response = HttpResponse(body, content_type=content_type)
    safe = _UNSAFE_NAME.sub("_", name).strip("._") or "berkas"
    response["Content-Disposition"] = f'attachment; filename="{safe[:150]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
