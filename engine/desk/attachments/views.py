"""The attachments' pages: a submission's attachments with the form to attach another
(for a pemohon of its OPD while it is open to a new version), and a download. A file is
never shown inline: every download is `attachment`, `nosniff`."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from engine.desk.accounts import permissions
from engine.desk.attachments import judging, services
from engine.desk.attachments.selectors import attachments_of, content_of, readable_attachment
from engine.desk.attachments.uploads import upload_of
from engine.desk.core.errors import DeskError, NotFound
from engine.desk.core.language import request_lang
from engine.desk.core.words import t
from engine.desk.web.answers import file_answer
from engine.desk.web.pages import forbidden, page, refusal_text, submission_or_404


@login_required
def attachments(request: HttpRequest, pk: int) -> HttpResponse:
    lang = request_lang(request)
    submission = submission_or_404(request, pk, drafts=True)
    may_attach = permissions.may_add_version(request.user, submission)
    error, status = None, 200
    if request.method == "POST":
        if not may_attach:
            return forbidden(request)
        try:
            name, data, label = upload_of(request)
            attachment = services.attach(request.user, submission.pk, name, data, label)
        except DeskError as refusal:
            error, status = refusal_text(refusal, lang), refusal.status
        else:
            messages.success(request, t("attach.done", lang, name=attachment.name))
            return HttpResponseRedirect(reverse("desk:attachments", args=[submission.pk]))
    return page(
        request,
        "attachments.html",
        status=status,
        s=submission,
        rows=list(attachments_of(submission)),
        may_attach=may_attach,
        error=error,
        limit_mib=services.max_bytes() // (1024 * 1024),
        per_version=services.per_version(),
        accepted=judging.WORDS,
        scanned=bool(settings.CLAMD),
    )


@login_required
@require_GET
def download(request: HttpRequest, pk: int, aid: int) -> HttpResponse:
    try:
        attachment = readable_attachment(request.user, pk, aid)
    except NotFound as missing:
        raise Http404 from missing
    return file_answer(content_of(attachment), attachment.name, attachment.content_type)
