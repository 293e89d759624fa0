"""The reader's language for a page: Bahasa Indonesia unless they asked for English.

Asked for, in this order: `?lang=en` (or `?lang=id`) on any page, which is kept in a
cookie so the choice sticks (LanguageCookieMiddleware: a cookie, not the session, so
that an anonymous visitor's `?lang=` writes no session row; issue 21); the choice in
that cookie; the browser's Accept-Language; else Indonesian.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation.trans_real import parse_accept_lang_header

from engine.i18n import DEFAULT_LANG, LANGS, Lang

COOKIE = "patuh_lang"
COOKIE_SECONDS = 365 * 24 * 60 * 60
# "in" is the old ISO 639 code for Indonesian that some systems still send.
_ALIASES: dict[str, Lang] = {"id": "id", "in": "id", "en": "en"}


def request_lang(request: HttpRequest) -> Lang:
    cached = getattr(request, "_patuh_lang", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    lang = _choose(request)
    request._patuh_lang = lang  # type: ignore[attr-defined]
    return lang


def _choose(request: HttpRequest) -> Lang:
    asked = _known(request.GET.get("lang", ""))
    if asked is not None:
        return asked
    kept = _known(request.COOKIES.get(COOKIE, ""))
    if kept is not None:
        return kept
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        found = _known(code)
        if found is not None:
            return found
    return DEFAULT_LANG


def _known(code: str) -> Lang | None:
    base = code.strip().lower().replace("_", "-").split("-")[0]
    lang = _ALIASES.get(base)
    return lang if lang in LANGS else None


class LanguageCookieMiddleware:
    """Keeps a `?lang=` choice in the `patuh_lang` cookie (a year; HttpOnly, SameSite=Lax,
    Secure over HTTPS as the session's cookie)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        asked = _known(request.GET.get("lang", ""))
        if asked is not None and request.COOKIES.get(COOKIE) != asked:
            response.set_cookie(
                COOKIE,
                asked,
                max_age=COOKIE_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=bool(getattr(settings, "SESSION_COOKIE_SECURE", False)),
            )
        return response
