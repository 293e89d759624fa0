"""What every route of the JSON API answers the same way: JSON as UTF-8 text
(json_answer), a refusal as {"error": CODE, "message": TEXT} in the request's language
(error_answer, answer_lang), moments in UTC, ISO 8601 (utc), and a stored file to save
(file_answer)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

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


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def file_answer(body: bytes, name: str, content_type: str) -> HttpResponse:
    """A stored file given back exactly as stored, to be saved and never shown inline:
    `Content-Disposition: attachment`, and `nosniff` so no browser guesses another type."""
    response = HttpResponse(body, content_type=content_type)
    safe = _UNSAFE_NAME.sub("_", name).strip("._") or "berkas"
    response["Content-Disposition"] = f'attachment; filename="{safe[:150]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
