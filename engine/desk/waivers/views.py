"""The waivers' pages: request one for a finding (the applicant), decide it (only a
pimpinan: the others see no button, and the service refuses them anyway), the list of
waivers by state, and the section of a submission's page. The rules are
waivers/services.py's (who may: accounts/permissions.py); these views lay out what
they answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from engine.desk.accounts import permissions
from engine.desk.core.errors import DeskError, NotFound
from engine.desk.core.language import request_lang
from engine.desk.core.notes import NoteForm, note_refusal
from engine.desk.core.words import t
from engine.desk.models import Submission, Version, Waiver
from engine.desk.waivers import services
from engine.desk.waivers.selectors import (
    GROUPS,
    days_left,
    expiring_soon,
    get_waiver_for,
    grouped,
    state_of,
    visible_waivers,
    waivable_findings,
)
from engine.desk.waivers.values import shown_value
from engine.desk.web.pages import page, refusal_text, submission_or_404
from engine.waivers.waiver_file import utc_today


def _waiver(request: HttpRequest, wid: int) -> Waiver:
    try:
        return get_waiver_for(request.user, wid)
    except NotFound as missing:
        raise Http404 from missing


def section(request: HttpRequest, submission: Submission, latest: Version) -> dict[str, Any]:
    """What the submission's page shows of its waivers, and the findings the applicant
    may ask a waiver for (each with its own "minta pengecualian" link)."""
    rows = list(submission.waivers.order_by("-requested_at", "-id"))
    asking = permissions.may_request_waiver(request.user, submission)
    pending = {(w.rule, w.path) for w in rows if w.status == "requested"}
    findings = (
        [f for f in waivable_findings(latest) if (f.get("rule"), f.get("path", "")) not in pending]
        if asking
        else []
    )
    today = utc_today()
    # A waiver applied to the stored answer has expired since: the verdict shown is
    # out of date until the next check (the recommendation always checks again).
    waived = [
        f
        for r in latest.report.get("results", [])
        for f in r.get("findings", [])
        if f.get("waived")
    ]
    stale = bool(waived) and (
        any(str((f.get("waiver") or {}).get("expires", "")) < today.isoformat() for f in waived)
        or any(state_of(w, today) == "expired" for w in rows)
    )
    return {
        "stale": stale,
        "rows": [(w, state_of(w, today)) for w in rows],
        "findings": findings,
        # Beside each finding in the listing: "minta pengecualian" (latest version only).
        "waivable": {(f.get("rule"), f.get("path", "")) for f in findings},
        "submission_id": submission.pk,
        "expiring": expiring_soon(rows),
        "may_decide": permissions.may_decide_waivers(request.user),
    }


@login_required
@require_GET
def waivers(request: HttpRequest) -> HttpResponse:
    rows = list(
        visible_waivers(request.user)
        .select_related("submission", "submission__opd", "requested_by")
        .order_by("-requested_at", "-id")
    )
    return page(
        request,
        "waivers.html",
        nav="waivers",
        groups=grouped(rows),
        order=GROUPS,
        may_decide=permissions.may_decide_waivers(request.user),
        days_left=days_left,
    )


def _request_page(
    request: HttpRequest,
    submission: Submission,
    form: dict[str, str],
    error: str | None = None,
    status: int = 200,
) -> HttpResponse:
    latest = submission.latest_version()
    return page(
        request,
        "waiver_request.html",
        status=status,
        s=submission,
        latest=latest,
        form=form,
        error=error,
        findings=waivable_findings(latest),
        min_date=utc_today().isoformat(),
        max_date=services.latest_expiry(utc_today()).isoformat(),
    )


@login_required
def request_waiver(request: HttpRequest, pk: int) -> HttpResponse:
    lang = request_lang(request)
    submission = submission_or_404(request, pk)  # 404 before anything else
    if not permissions.may_request_waiver(request.user, submission):
        raise PermissionDenied  # a reviewer, or the submission is closed
    default_expiry = (utc_today() + dt.timedelta(days=90)).isoformat()
    source = request.POST if request.method == "POST" else request.GET
    form = {
        "rule": source.get("rule", ""),
        "path": source.get("path", ""),
        "justification": source.get("justification", ""),
        "expires": source.get("expires", default_expiry),
    }
    if request.method != "POST":
        return _request_page(request, submission, form)
    try:
        waiver = services.request_waiver(
            request.user,
            submission.pk,
            rule=form["rule"],
            path=form["path"] or None,
            justification=form["justification"],
            expires=form["expires"],
        )
    except DeskError as refusal:
        return _request_page(
            request, submission, form, error=refusal_text(refusal, lang), status=refusal.status
        )
    messages.success(request, t("waiver.requested_done", lang, id=waiver.pk))
    return HttpResponseRedirect(reverse("desk:submission", args=[submission.pk]) + "#pengecualian")


def _detail_page(
    request: HttpRequest,
    waiver: Waiver,
    error: str | None = None,
    status: int = 200,
    form: dict[str, str] | None = None,
) -> HttpResponse:
    # The finding it is about, as the latest version's answer words it, so the
    # pimpinan decides on what the rule says and why.
    latest = waiver.submission.latest_version()
    lang = request_lang(request)
    about = [
        f
        for r in (latest.report_in(lang).get("results", []) if latest else [])
        for f in r.get("findings", [])
        if f.get("rule") == waiver.rule and (not waiver.path or f.get("path") == waiver.path)
    ]
    return page(
        request,
        "waiver.html",
        finding=about[0] if about else None,
        status=status,
        nav="waivers",
        w=waiver,
        state=state_of(waiver),
        may_decide=permissions.may_decide_waivers(request.user) and waiver.status == "requested",
        may_withdraw=permissions.may_decide_waivers(request.user) and waiver.status == "approved",
        shown_value=shown_value,
        error=error,
        form=form or {"reference": "", "note": ""},
        days_left=days_left,
    )


@login_required
@require_GET
def waiver(request: HttpRequest, wid: int) -> HttpResponse:
    return _detail_page(request, _waiver(request, wid))


@login_required
@require_POST
def decide(request: HttpRequest, wid: int) -> HttpResponse:
    lang = request_lang(request)
    found = _waiver(request, wid)  # 404 before anything else
    approve = request.POST.get("decision") == "approve"
    form = {"reference": request.POST.get("reference", ""), "note": request.POST.get("note", "")}
    noted = NoteForm(request.POST, lang=lang)
    if not noted.is_valid():  # a note over 5,000 characters: said beside the form
        return _detail_page(request, found, error=note_refusal(noted), status=400, form=form)
    form["note"] = noted.cleaned_data["note"]
    try:
        decided = services.decide(
            request.user, found.pk, approve=approve, reference=form["reference"], note=form["note"]
        )
    except DeskError as refusal:
        found.refresh_from_db()
        return _detail_page(
            request, found, error=refusal_text(refusal, lang), status=refusal.status, form=form
        )
    done = "waiver.approved_done" if approve else "waiver.refused_done"
    messages.success(request, t(done, lang, id=decided.pk))
    return HttpResponseRedirect(reverse("desk:submission", args=[decided.submission_id]))


@login_required
@require_POST
def withdraw(request: HttpRequest, wid: int) -> HttpResponse:
    """A pimpinan's form on an approved waiver's page (waivers/services.py withdraw)."""
    lang = request_lang(request)
    found = _waiver(request, wid)  # 404 before anything else
    form = {"reference": "", "note": request.POST.get("note", "")}
    noted = NoteForm(request.POST, lang=lang)
    if not noted.is_valid():  # a note over 5,000 characters: said beside the form
        return _detail_page(request, found, error=note_refusal(noted), status=400, form=form)
    try:
        withdrawn = services.withdraw(request.user, found.pk, note=noted.cleaned_data["note"])
    except DeskError as refusal:
        found.refresh_from_db()
        return _detail_page(
            request, found, error=refusal_text(refusal, lang), status=refusal.status, form=form
        )
    messages.success(request, t("waiver.withdrawn_done", lang, id=withdrawn.pk))
    return HttpResponseRedirect(reverse("desk:waiver", args=[withdrawn.pk]))
