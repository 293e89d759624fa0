"""The workflow's pages: the decision form of a submission's page (a refused one is
answered with that page and the refusal beside the form), and the audit trail as CSV."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from engine.desk.accounts.permissions import sees_staff_as_roles
from engine.desk.core.audit import audit_export
from engine.desk.core.errors import DeskError
from engine.desk.core.language import request_lang
from engine.desk.core.notes import NoteForm, note_refusal
from engine.desk.core.words import t
from engine.desk.submissions import discussion
from engine.desk.submissions.views import submission_page
from engine.desk.web.pages import refusal_text, submission_or_404
from engine.desk.workflow import services


@login_required
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    lang = request_lang(request)
    submission = submission_or_404(request, pk, drafts=True)  # 404 before anything else
    if request.method != "POST":
        # The address a refused decision is shown at: a GET (the language link, a
        # bookmark) is the submission's page.
        query = request.GET.urlencode()
        target = reverse("desk:submission", args=[submission.pk])
        return HttpResponseRedirect(f"{target}?{query}" if query else target)
    to = request.POST.get("to", "")
    form = NoteForm(request.POST, lang=lang)
    if not form.is_valid():  # a note over 5,000 characters: said beside the form
        return submission_page(
            request,
            submission,
            status=400,
            action_error=note_refusal(form),
            failed_to=to,
            note=request.POST.get("note", ""),
        )
    note = form.cleaned_data["note"]
    try:
        result = services.transition(
            request.user,
            submission.pk,
            to,
            note,
            outcome=request.POST.get("outcome") or None,
            package_code=request.POST.get("package_code") or None,
        )
    except DeskError as refusal:
        submission.refresh_from_db()
        return submission_page(
            request,
            submission,
            status=refusal.status,
            action_error=refusal_text(refusal, lang),
            failed_to=to,
            note=note,
        )
    messages.success(request, t("sub.done", lang, status=t(f"status.{result.status}", lang)))
    if result.letter is not None:
        return HttpResponseRedirect(reverse("desk:letter", args=[submission.pk]))
    return HttpResponseRedirect(reverse("desk:submission", args=[submission.pk]))


@login_required
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    """A comment from the discussion form; refused, the page again with the text kept."""
    lang = request_lang(request)
    submission = submission_or_404(request, pk)
    text = request.POST.get("text", "")
    try:
        discussion.add_comment(request.user, submission.pk, text)
    except DeskError as refusal:
        return submission_page(
            request,
            submission,
            status=refusal.status,
            comment_error=refusal_text(refusal, lang),
            comment_text=text,
        )
    messages.success(request, t("comment.done", lang))
    return HttpResponseRedirect(reverse("desk:submission", args=[submission.pk]) + "#diskusi")


@login_required
@require_GET
def audit_csv(request: HttpRequest, pk: int) -> HttpResponse:
    submission = submission_or_404(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-pengajuan-{submission.pk}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    hide = sees_staff_as_roles(request.user)
    response.write(audit_export(submission, "csv", staff_as_roles=hide))
    return response
