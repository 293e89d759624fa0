"""What every page view does the same way: lay a template out in the reader's language
(page), answer a submission the reader may not read with 404 (submission_or_404), say a
service's refusal in the page's words (refusal_text), and the pages that only say
something: not found, forbidden, a CSRF failure, a server error, a locked-out login."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from engine.desk.accounts import permissions
from engine.desk.accounts.throttle import ADDRESS_LOCKED
from engine.desk.core.errors import DeskError, NotFound
from engine.desk.core.language import request_lang
from engine.desk.core.words import has, t
from engine.desk.models import Status, Submission
from engine.i18n import Lang

STATUSES = tuple(s.value for s in Status)


def page(request: HttpRequest, template: str, status: int = 200, **context: Any) -> HttpResponse:
    lang = request_lang(request)
    flashes = [str(m) for m in messages.get_messages(request)]
    context.setdefault("flash", " ".join(flashes))
    return render(request, template, {"lang": lang, **context}, status=status)


def message(
    request: HttpRequest, status: int, title: str, text: str, alert: bool = True
) -> HttpResponse:
    return page(request, "message.html", status=status, title_key=title, text_key=text, alert=alert)


def locked_out(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """django-axes' answer to a login while the user name and address are locked out,
    or the address alone (engine/desk/accounts/throttle.py)."""
    text = "login.locked_address" if getattr(request, ADDRESS_LOCKED, False) else "login.locked"
    return message(request, 429, "login.locked_title", text)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return message(request, 404, "web.error.not_found_title", "web.error.not_found", alert=False)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return message(request, 403, "web.error.forbidden_title", "web.error.forbidden")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return message(request, 403, "web.error.csrf_title", "web.error.csrf")


def server_error(request: HttpRequest) -> HttpResponse:
    return message(request, 500, "web.error.server_title", "web.error.server")


def submission_or_404(request: HttpRequest, pk: int, *, drafts: bool = False) -> Submission:
    """The submission when this user may read it; otherwise it does not exist (404).
    drafts=True: also the reader's own OPD's drafts (accounts/permissions.py)."""
    try:
        return permissions.readable_submission(request.user, pk, drafts=drafts)
    except NotFound as missing:
        raise Http404 from missing


# Words the services' error parameters stand for, shown in the reader's language.
_STATUS_PARAMS = ("status", "to")


def refusal_text(refusal: DeskError, lang: Lang) -> str:
    """The page's sentence for a refusal of the services (web.refusal.CODE), else theirs."""
    key = f"web.refusal.{refusal.code}"
    if not has(key):
        return refusal.message(lang)
    params = dict(refusal.params)
    for name in _STATUS_PARAMS:
        if params.get(name) in STATUSES:
            params[name] = t(f"status.{params[name]}", lang)
    if params.get("verdict") in ("compliant", "non_compliant", "invalid", "error"):
        params["verdict"] = t(f"verdict.{params['verdict']}", lang)
    return t(key, lang, **params)
