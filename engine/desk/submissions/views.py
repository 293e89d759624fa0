"""The submissions' pages: the queue, the upload (a file, or written from `patuh init`'s
template), and one submission's page (the version's YAML with each finding at its
line, the history, a diff, the audit trail, the thread, the waivers, and the actions
the reader's role allows). Each view asks the services, the selectors and
accounts/permissions.py, and lays their answers out; no rule is decided here. Every
answer is HTML without script, in the reader's language."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from engine.desk.accounts import permissions
from engine.desk.accounts.selectors import whoami
from engine.desk.attachments.selectors import attachments_of
from engine.desk.core.audit import audit_events, shown_actor, shown_note
from engine.desk.core.errors import DeskError
from engine.desk.core.language import request_lang
from engine.desk.core.words import has, t
from engine.desk.forms.document import FORM_FILENAME, fits, values_of
from engine.desk.forms.layout import Layout, lay_out
from engine.desk.letters.thread import thread_of
from engine.desk.models import NOTE_REQUIRED, REVIEW_OUTCOMES, Opd, Status, Submission, Version
from engine.desk.submissions import search, services
from engine.desk.submissions.deadlines import Deadline, deadlines, with_stage_start
from engine.desk.submissions.discussion import MAX_COMMENT, comments_of
from engine.desk.submissions.forms import AGES, KINDS, LIMIT_MIB, QueueFilter, UploadForm, WriteForm
from engine.desk.submissions.listing import diff_rows, listing_of
from engine.desk.submissions.reviews import last_review
from engine.desk.submissions.selectors import DiffTooLarge, findings_delta
from engine.desk.submissions.selectors import queue as queue_of
from engine.desk.waivers.views import section as waiver_section
from engine.desk.web.findings import finding_views
from engine.desk.web.pages import STATUSES, page, refusal_text, submission_or_404
from engine.i18n import Lang
from engine.reading.templates import template_text
from engine.reading.yaml_loader import load_text
from engine.reporting.render.view import FindingView

BUTTON_STYLE = {
    "returned": "secondary",
    "rejected": "danger",
    "recommended": "good",
    "withdrawn": "danger",
}
# The queue page lists an office's whole working set on one page (the register's export
# button takes the same rows); beyond that, pages.
QUEUE_PAGE_SIZE = search.MAX_PAGE_SIZE
# A draft is open work too, for the only people who ever see one: its OPD's applicants.
OPEN = (Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.REVIEWED, Status.RETURNED)


# --- the queue ---------------------------------------------------------------------------------


@dataclass
class QueueRow:
    submission: Submission
    version: int | None
    verdict: str | None
    days: int
    open: bool
    deadline: Deadline


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilter(request.GET)
    filters: dict[str, str] = {"status": "open", "opd": "", "kind": "", "age": ""}
    data = form.cleaned_data if form.is_valid() else {}
    # No status asked for: the work still to do. "Semua" (empty) is every status.
    status = (data.get("status") or "") if "status" in request.GET else "open"
    filters.update(
        status=status,
        opd=data.get("opd") or "",
        kind=data.get("kind") or "",
        age=str(data.get("age") or ""),
    )
    selected = queue_of(
        request.user,
        status=status if status in STATUSES else None,
        opd=data.get("opd") or None,
        kind=data.get("kind") or None,
        min_age_days=data.get("age") or None,
        drafts=True,
    )
    if status == "open":
        selected = selected.filter(status__in=OPEN)
    # The search and the sort order of the API (submissions/search.py), one page at a time.
    q = request.GET.get("q", "").strip()[:200]
    order = request.GET.get("sort", "oldest")
    order = order if order in search.ORDERS else "oldest"
    selected = search.sort(search.search(selected, q), order)
    latest = Version.objects.filter(submission=OuterRef("pk")).order_by("-number")
    selected = with_stage_start(
        selected.select_related("opd", "assignee", "assignee__desk_profile")
    ).annotate(
        latest_number=Subquery(latest.values("number")[:1]),
        latest_verdict=Subquery(latest.values("verdict")[:1]),
    )
    shown = search.page_of(selected, max(_number(request.GET.get("page")) or 1, 1), QUEUE_PAGE_SIZE)
    pages = max(1, -(-shown.count // QUEUE_PAGE_SIZE))
    if shown.page > pages:  # a page beyond the last (an old link): the last page
        shown = search.page_of(selected, pages, QUEUE_PAGE_SIZE)
    due = deadlines()
    lang = request_lang(request)
    staff_as_roles = permissions.sees_staff_as_roles(request.user)
    rows = []
    for s in shown.rows:
        deadline = due.of(s)  # "waiting since": the start of the current stage
        rows.append(
            QueueRow(
                submission=s,
                version=getattr(s, "latest_number", None),
                verdict=getattr(s, "latest_verdict", None),
                days=deadline.days_waiting,
                open=s.status in OPEN,
                deadline=deadline,
            )
        )
    visible = permissions.readable_submissions(request.user)
    opds = Opd.objects.filter(submissions__in=visible).distinct().order_by("name")
    return page(
        request,
        "queue.html",
        nav="queue",
        rows=rows,
        count=shown.count,
        q=q,
        order=order,
        orders=tuple(search.ORDERS),
        page_number=shown.page,
        pages=pages,
        page_link=lambda n: "?" + _with_page(request, n),
        filters=filters,
        statuses=STATUSES,
        kinds=KINDS,
        ages=AGES,
        opds=list(opds),
        own_opd=permissions.applicant_opd(request.user),
        # To an applicant the office's people are their roles (issue 21).
        assignee_of=lambda s: (
            t(f"role.{permissions.role_of(s.assignee)}", lang)
            if staff_as_roles
            else s.assignee.get_full_name() or s.assignee.get_username()
        ),
    )


def _with_page(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return query.urlencode()


# --- submitting --------------------------------------------------------------------------------


@login_required
def submit(request: HttpRequest) -> HttpResponse:
    lang = request_lang(request)
    kind = request.GET.get("kind") or request.POST.get("kind") or "Proposal"
    if kind not in KINDS:
        kind = "Proposal"
    if request.method == "GET":
        return _submit_page(request, kind, _template(request, kind))
    if request.method != "POST":
        return HttpResponse(status=405)
    form: UploadForm | WriteForm
    if request.FILES:
        form = UploadForm(request.POST, request.FILES, lang=lang)
    else:
        form = WriteForm(request.POST, lang=lang)
    text = request.POST.get("text", _template(request, kind))
    if not form.is_valid():
        error = " ".join(str(m) for errors in form.errors.values() for m in errors)
        status = 413 if _has_code(form, "too_large") else 400
        return _submit_page(request, kind, text, error=error, status=status)
    data, filename = form.data_and_name()
    try:
        # "Simpan sebagai draf": checked and kept, not yet before Diskominfo.
        draft = request.POST.get("draft") == "1"
        result = services.submit(request.user, data, filename, draft=draft)
    except DeskError as refusal:
        checked = getattr(refusal, "checked", None)
        return _submit_page(
            request,
            kind,
            text if isinstance(form, WriteForm) else _template(request, kind),
            error=refusal_text(refusal, lang),
            error_findings=finding_views(checked.answer_in(lang) if checked else None, filename),
            status=refusal.status,
        )
    submission, version = result.submission, result.version
    if submission.status == Status.DRAFT:
        key = "draft.saved_new" if result.created else "draft.saved_version"
        messages.success(request, t(key, lang, id=submission.pk, number=version.number))
    elif result.created:
        messages.success(request, t("sub.uploaded_new", lang, id=submission.pk))
    else:
        messages.success(request, t("sub.uploaded_version", lang, number=version.number))
    return HttpResponseRedirect(reverse("desk:submission", args=[submission.pk]))


_OPD_PLACEHOLDER = re.compile(r'(?m)^(  opd: )"<ISI: [^"\n]*>"$')


def _template(request: HttpRequest, kind: str) -> str:
    """`patuh init KIND`'s template, with the applicant's own OPD already filled in and
    without its header, which speaks to people at a terminal (commands, an editor's
    set-up): in the desk, a line pointing to the form instead."""
    text = template_text(kind)
    body = text[text.index("\napiVersion:") + 1 :] if "\napiVersion:" in text else text
    text = f"# {t('form.template_header', request_lang(request))}\n{body}"
    me = whoami(request)
    if me is not None and me.opd:
        quoted = json.dumps(me.opd, ensure_ascii=False)  # a JSON string is a YAML string
        text = _OPD_PLACEHOLDER.sub(lambda match: match.group(1) + quoted, text, count=1)
    return text


def _has_code(form: UploadForm | WriteForm, code: str) -> bool:
    return any(e.code == code for errors in form.errors.as_data().values() for e in errors)


def _submit_page(
    request: HttpRequest,
    kind: str,
    text: str,
    error: str | None = None,
    error_findings: list[FindingView] | None = None,
    status: int = 200,
) -> HttpResponse:
    return page(
        request,
        "submit.html",
        status=status,
        nav="submit",
        kind=kind,
        kinds=KINDS,
        text=text,
        error=error,
        error_findings=error_findings or [],
        limit_mib=LIMIT_MIB,
    )


# --- one submission ----------------------------------------------------------------------------
def _number(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def submission_page(
    request: HttpRequest,
    submission: Submission,
    status: int = 200,
    action_error: str | None = None,
    failed_to: str | None = None,
    note: str = "",
    comment_error: str | None = None,
    comment_text: str = "",
) -> HttpResponse:
    lang = request_lang(request)
    user = request.user
    versions = list(submission.versions.select_related("uploaded_by").order_by("number"))
    if not versions:  # a submission always has its first version; never show an empty one
        raise Http404
    by_number = {v.number: v for v in versions}
    latest = versions[-1]
    shown = by_number.get(_number(request.GET.get("v")) or latest.number, latest)
    listing, general = listing_of(shown, lang)
    findings = [f for row in listing for f in row.findings] + general
    form_view = _form_view(request, submission, shown, lang)
    counts = {s: sum(1 for f in findings if f.series == s) for s in ("error", "warning")}

    history = []
    for version in versions:
        delta = findings_delta(version, lang)
        history.append(
            {
                "version": version,
                "uploaded_by": version.uploaded_by.get_username(),
                "first": version.number == versions[0].number,
                "fixed": delta.fixed,
                "introduced": delta.introduced,
            }
        )

    diff = None
    diff_error = None
    diff_limit: dict[str, int] = {}
    if "a" in request.GET or "b" in request.GET:
        a, b = _number(request.GET.get("a")), _number(request.GET.get("b"))
        if a in by_number and b in by_number:
            try:
                diff = {"a": a, "b": b, "rows": diff_rows(by_number[a], by_number[b])}
            except DiffTooLarge as refused:
                diff_error = "sub.diff_too_large"
                diff_limit = {"lines": refused.lines, "limit": refused.limit}
        else:
            diff_error = "sub.diff_bad"

    allowed = permissions.allowed_transitions(user, submission)
    # Four eyes: whoever marked it reviewed is not offered the recommendation (the
    # service refuses it anyway, as `same_person`); the page says why instead.
    review = last_review(submission) if submission.status == Status.REVIEWED else None
    staff_as_roles = permissions.sees_staff_as_roles(user)  # issue 21: roles, not logins
    own_review = None
    mine = review is not None and review.actor_id == getattr(user, "pk", None)
    if mine and Status.RECOMMENDED in allowed:
        allowed = [to for to in allowed if to != Status.RECOMMENDED]
        own_review = t("web.refusal.same_person", lang)
    actions = []
    for to in allowed:
        actions.append(
            {
                "to": to,
                # Submitting one's own draft says all it needs by itself.
                "label": "action.submit_draft"
                if submission.status == Status.DRAFT and to == Status.SUBMITTED
                else f"action.{to}",
                "note": to
                in ("returned", "rejected", "recommended", "in_review", "withdrawn", "reviewed"),
                "note_required": to in NOTE_REQUIRED,
                "value": note if to == failed_to else "",
                "error": to == failed_to,
                "style": BUTTON_STYLE.get(to, ""),
                # The pokja's validation of a procurement: its outcome and package code.
                "outcomes": REVIEW_OUTCOMES
                if to == Status.REVIEWED and submission.kind == permissions.PROCUREMENT
                else (),
            }
        )
    recommend_hint = None
    if "recommended" in allowed and latest.verdict != "compliant":
        recommend_hint = t(
            "sub.not_compliant_hint", lang, verdict=t(f"verdict.{latest.verdict}", lang)
        )
    events = list(audit_events(submission))
    return_note = next(
        (e for e in reversed(events) if e.to_status == Status.RETURNED and e.note), None
    )
    if submission.status != Status.RETURNED:
        return_note = None
    letter = getattr(submission, "letter", None)
    return page(
        request,
        "submission.html",
        status=status,
        s=submission,
        latest=latest,
        shown=shown,
        listing=listing,
        general=general,
        listing_has_findings=bool(findings),
        counts=counts,
        versions=history,
        diff=diff,
        diff_error=diff_error,
        diff_limit=diff_limit,
        events=events,
        actions=actions,
        action_error=action_error,
        recommend_hint=recommend_hint,
        own_review=own_review,
        can_upload=permissions.may_add_version(user, submission),
        letter=letter,
        thread=thread_of(user, submission),
        return_note=return_note,
        review=review,
        statuses=STATUSES,
        roles=("pemohon", "verifikator", "pokja", "pimpinan", "admin"),
        action_word=lambda action: _action_word(action, lang),
        actor_of=lambda event: shown_actor(event, staff_as_roles),
        staff_as_roles=staff_as_roles,
        note_of=lambda event: shown_note(event, staff_as_roles),
        assignee_role=permissions.role_of(submission.assignee) if submission.assignee else None,
        waivers=waiver_section(request, submission, latest),
        form_view=form_view,
        attachments=list(attachments_of(submission)),
        may_edit_form=permissions.may_add_version(user, submission),
        comments=comments_of(submission),
        deadline=deadlines().of(submission),
        comment_error=comment_error,
        comment_text=comment_text,
        comment_limit=MAX_COMMENT,
        may_comment=permissions.role_of(user) is not None and submission.status != Status.DRAFT,
    )


def _form_view(
    request: HttpRequest, submission: Submission, shown: Version, lang: Lang
) -> Layout | None:
    """The version laid out as the form's fields with the findings beside them: for a
    version written in the form (or asked for, ?view=form), when the form shows it
    whole; None for the YAML listing (?view=yaml, or what the form cannot show)."""
    asked = request.GET.get("view")
    if asked == "yaml" or (asked != "form" and not shown.filename.endswith(FORM_FILENAME)):
        return None
    loaded = load_text(shown.yaml_text)
    if loaded.error is not None or len(loaded.documents) != 1:
        return None
    document = loaded.documents[0].data
    if not fits(document, submission.kind):
        return None
    return lay_out(
        submission.kind,
        values_of(document),
        lang,
        findings=finding_views(shown.report_in(lang), shown.filename),
    )


def _action_word(action: str, lang: Lang) -> str:
    key = f"audit.{action}"
    return t(key, lang) if has(key) else action


@login_required
@require_GET
def submission(request: HttpRequest, pk: int) -> HttpResponse:
    return submission_page(request, submission_or_404(request, pk, drafts=True))
