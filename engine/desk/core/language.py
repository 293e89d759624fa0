"""The reader's language for a page: Bahasa Indonesia unless they asked for English.

Asked for, in this order: `?lang=en` (or `?lang=id`) on any page, which is kept in the
session so the choice sticks; the choice already in the session; the browser's
Accept-Language; else Indonesian.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation.trans_real import parse_accept_lang_header

from engine.i18n import DEFAULT_LANG, LANGS, Lang

SESSION_KEY = "patuh_lang"
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
    session = getattr(request, "session", None)
    if asked is not None:
        if session is not None:
            session[SESSION_KEY] = asked
        return asked
    if session is not None:
        kept = _known(str(session.get(SESSION_KEY, "")))
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
