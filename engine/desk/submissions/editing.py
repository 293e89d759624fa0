"""The applicant's pages for writing a document without YAML: the form of a kind for a
new document (saved as a draft), the latest version of a submission opened in the form
or as YAML to make the next version, and a version downloaded exactly as stored. Every
save is checked at once and the findings are shown beside their fields. Server-rendered,
without script: a list's row is added by a button that sends the form back.

Each view asks accounts/permissions.py, the submissions' services and the form
(engine/desk/forms/: schema.py, document.py, layout.py); no rule is decided here.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from engine.desk.accounts import permissions
from engine.desk.core.errors import DeskError
from engine.desk.core.language import request_lang
from engine.desk.core.words import t
from engine.desk.forms.document import (
    FORM_FILENAME,
    TooManyRows,
    document_of,
    fits,
    refused_characters,
    values_of,
    yaml_of,
)
from engine.desk.forms.layout import lay_out
from engine.desk.models import Status, Submission
from engine.desk.submissions import services
from engine.desk.submissions.forms import KINDS, LIMIT_MIB, WriteForm
from engine.desk.web.answers import file_answer
from engine.desk.web.findings import finding_views
from engine.desk.web.pages import forbidden, page, refusal_text, submission_or_404
from engine.i18n import Lang
from engine.reading.yaml_loader import MAX_FILE_BYTES, load_text
from engine.reporting.render.view import FindingView

# Fields the form fills in and the applicant does not type: their OPD, and (once
# filed) the document's id, which names the submission.
OPD_PATH, ID_PATH = "metadata.opd", "metadata.id"
_ID_PREFIX = {"Proposal": "USULAN", "Procurement": "PENGADAAN", "System": "SISTEM"}


@login_required
def new_document(request: HttpRequest) -> HttpResponse:
    """/submit/form/?kind=KIND: a new document in the form; saving makes a draft."""
    if not permissions.may_submit(request.user):
        return forbidden(request)
    kind = request.GET.get("kind") or request.POST.get("kind") or "Proposal"
    if kind not in KINDS:
        kind = "Proposal"
    if request.method == "POST":
        return _save(request, kind, None)
    today = dt.date.today().isoformat()
    values = {
        ID_PATH: f"{_ID_PREFIX[kind]}-{today[:4]}-{secrets.token_hex(3).upper()}",
        OPD_PATH: _opd(request),
        "metadata.submitted": today,
    }
    return _form_page(request, kind, None, values)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """/submissions/ID/edit/: the latest version in the form, saved as the next one."""
    submission = submission_or_404(request, pk, drafts=True)
    if not permissions.may_add_version(request.user, submission):
        return forbidden(request)
    if request.method == "POST":
        return _save(request, submission.kind, submission)
    latest = submission.latest_version()
    if latest is None:
        raise Http404
    loaded = load_text(latest.yaml_text)
    document = loaded.documents[0].data if len(loaded.documents) == 1 else None
    if loaded.error is not None or not fits(document, submission.kind):
        # What the form cannot show whole (a field it does not know, a file that does
        # not parse) opens as YAML, so nothing of it is lost.
        messages.info(request, t("form.opens_as_yaml", request_lang(request)))
        return HttpResponseRedirect(reverse("desk:edit_yaml", args=[submission.pk]))
    assert document is not None
    lang = request_lang(request)
    return _form_page(
        request,
        submission.kind,
        submission,
        values_of(document),
        findings=finding_views(latest.report_in(lang), latest.filename),
    )


@login_required
def edit_yaml(request: HttpRequest, pk: int) -> HttpResponse:
    """/submissions/ID/edit/yaml/: the latest version's YAML, saved as the next one."""
    lang = request_lang(request)
    submission = submission_or_404(request, pk, drafts=True)
    if not permissions.may_add_version(request.user, submission):
        return forbidden(request)
    latest = submission.latest_version()
    if latest is None:
        raise Http404
    text = latest.yaml_text
    error = None
    findings: list[FindingView] = finding_views(latest.report_in(lang), latest.filename)
    status = 200
    if request.method == "POST":
        form = WriteForm({"kind": submission.kind, **request.POST.dict()}, lang=lang)
        text = request.POST.get("text", text)
        if form.is_valid():
            data, _ = form.data_and_name()
            try:
                result = services.submit(request.user, data, latest.filename, draft=True)
            except DeskError as refusal:
                error, status = refusal_text(refusal, lang), refusal.status
                checked = getattr(refusal, "checked", None)
                findings = finding_views(checked.answer_in(lang) if checked else None, "")
            else:
                _saved_message(request, result, lang)
                return HttpResponseRedirect(
                    reverse("desk:submission", args=[result.submission.pk]) + "?view=yaml"
                )
        else:
            error = " ".join(str(m) for errors in form.errors.values() for m in errors)
            status = 413 if "too_large" in form.errors.as_json() else 400
    return page(
        request,
        "document_yaml.html",
        status=status,
        s=submission,
        latest=latest,
        text=text,
        error=error,
        findings=findings,
        limit_mib=LIMIT_MIB,
    )


@login_required
@require_GET
def version_yaml(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """/submissions/ID/versions/N.yaml: version N exactly as stored, for its readers."""
    submission = submission_or_404(request, pk, drafts=True)
    version = submission.versions.filter(number=number).first()
    if version is None:
        raise Http404
    return file_answer(
        version.yaml_text.encode("utf-8"),
        f"{submission.document_id}-v{version.number}.yaml",
        "application/yaml; charset=utf-8",
    )


# --- saving -------------------------------------------------------------------------------
def _save(request: HttpRequest, kind: str, submission: Submission | None) -> HttpResponse:
    lang = request_lang(request)
    values: dict[str, str] = {
        key: str(value)
        for key, value in request.POST.items()
        if key.startswith(("metadata.", "spec.")) and len(key) <= 300
    }
    values[OPD_PATH] = _opd(request)
    if submission is not None:
        values[ID_PATH] = submission.document_id
    added = request.POST.get("_add", "")
    if added:  # a row asked for: the same form again, one row longer, nothing saved
        return _form_page(request, kind, submission, values, added=added)
    refused = refused_characters(values, lang)
    if refused:
        return _form_page(
            request, kind, submission, values, refused=refused, status=400,
            error=t("form.refused", lang, count=len(refused)),
        )  # fmt: skip
    try:
        document = document_of(values, kind)
    except TooManyRows as many:
        return _form_page(
            request, kind, submission, values, status=400,
            error=t("form.too_many_rows", lang, path=many.path),
        )  # fmt: skip
    raw = yaml_of(document).encode("utf-8")
    if len(raw) > MAX_FILE_BYTES:
        return _form_page(
            request, kind, submission, values, status=413,
            error=t("form.too_large", lang, limit_mib=LIMIT_MIB),
        )  # fmt: skip
    filename = f"{kind.lower()}{FORM_FILENAME}"
    try:
        result = services.submit(request.user, raw, filename, draft=True)
    except DeskError as refusal:
        checked = getattr(refusal, "checked", None)
        return _form_page(
            request,
            kind,
            submission,
            values,
            findings=finding_views(checked.answer_in(lang) if checked else None, filename),
            status=refusal.status,
            error=refusal_text(refusal, lang),
        )
    _saved_message(request, result, lang)
    return HttpResponseRedirect(reverse("desk:edit", args=[result.submission.pk]) + "#hasil")


def _saved_message(request: HttpRequest, result: services.SubmitResult, lang: Lang) -> None:
    if result.submission.status == Status.DRAFT:
        if result.created:
            text = t("draft.saved_new", lang, id=result.submission.pk)
        else:
            text = t("draft.saved_version", lang, number=result.version.number)
    elif result.created:
        text = t("sub.uploaded_new", lang, id=result.submission.pk)
    else:
        text = t("sub.uploaded_version", lang, number=result.version.number)
    messages.success(request, text)


def _opd(request: HttpRequest) -> str:
    return permissions.applicant_opd(request.user) or ""


def _form_page(
    request: HttpRequest,
    kind: str,
    submission: Submission | None,
    values: Mapping[str, str],
    *,
    findings: Sequence[FindingView] = (),
    refused: Mapping[str, str] | None = None,
    added: str = "",
    error: str | None = None,
    status: int = 200,
) -> HttpResponse:
    lang = request_lang(request)
    readonly = [OPD_PATH] + ([ID_PATH] if submission is not None else [])
    layout = lay_out(
        kind, values, lang, findings=findings, refused=refused, added=added, readonly=readonly
    )
    latest = submission.latest_version() if submission is not None else None
    context: dict[str, Any] = {
        "kind": kind,
        "kinds": KINDS,
        "s": submission,
        "latest": latest,
        "layout": layout,
        "error": error,
        "checked": bool(findings) or latest is not None,
        "may_submit_draft": submission is not None
        and submission.status == Status.DRAFT
        and Status.SUBMITTED in permissions.allowed_transitions(request.user, submission),
    }
    action = (
        reverse("desk:edit", args=[submission.pk])
        if submission is not None
        else reverse("desk:submit_form") + f"?kind={kind}"
    )
    return page(
        request, "document_form.html", status=status, nav="submit", action=action, **context
    )
