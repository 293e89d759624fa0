"""The letters' pages: the recommendation letter (one A4 sheet) and its stored PDF, the
public verification of a code (/verify/CODE/) or of a PDF file (/verify/), and a
pimpinan's form that revokes a letter."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

from engine.desk.accounts import permissions
from engine.desk.core.errors import DeskError, NoteRequired
from engine.desk.core.language import request_lang
from engine.desk.core.notes import NoteForm, note_refusal
from engine.desk.core.words import t
from engine.desk.letters.evidence import MAX_PDF_BYTES, Refused
from engine.desk.letters.letterhead import logo_uri
from engine.desk.letters.pdf import qr_svg
from engine.desk.letters.selectors import (
    desk_settings,
    letter_attachments,
    verify_address,
    verify_letter,
    verify_pdf,
    waived_findings,
)
from engine.desk.letters.services import revoke_letter as revoke
from engine.desk.letters.services import stored_pdf
from engine.desk.letters.thread import may_read_letter
from engine.desk.models import Letter
from engine.desk.web.pages import message, page, refusal_text, submission_or_404


@login_required
@require_GET
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    # The letter of submission `pk`, for whoever may read that submission, and for a
    # pokja the letters its procurements cite (letters/thread.py); 404 otherwise.
    issued = Letter.objects.filter(submission_id=pk).select_related("version").first()
    if issued is None or not may_read_letter(request.user, issued):
        raise Http404
    address = verify_address(issued, _base(request))
    letterhead = desk_settings()
    return page(
        request,
        "letter.html",
        letter=issued,
        version_number=issued.version.number,
        letterhead=letterhead,
        letterhead_logo=logo_uri(letterhead),
        verify_url=address,
        qr_svg=qr_svg(address),
        may_revoke=permissions.may_revoke(request.user, issued),
        waived=waived_findings(issued.version),
        attachments=letter_attachments(issued),
    )


@login_required
@require_GET
def letter_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """GET /letters/CODE.pdf: the letter as issued (the same bytes at every download),
    for those who may read its submission; anyone else finds nothing (404)."""
    found = verify_letter(code)
    if found is None or not may_read_letter(request.user, found):
        raise Http404
    try:
        data = stored_pdf(found, _base(request))
    except DeskError as refusal:
        return message(request, refusal.status, "letter.pdf_title", "letter.pdf_failed")
    answer = HttpResponse(data, content_type="application/pdf")
    answer["Content-Disposition"] = f'attachment; filename="surat-{found.code}.pdf"'
    answer["X-Content-Type-Options"] = "nosniff"
    answer["Cache-Control"] = "no-store"
    return answer


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _verify_rate(group: str, request: HttpRequest) -> str:
    """Uploads checked per client address (settings.VERIFY_RATE, PATUH_DESK_VERIFY_RATE):
    each is parsed, never rendered, but parsing is work."""
    return str(settings.VERIFY_RATE)


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    found = verify_letter(code)
    if found is None:  # no such letter: say so plainly (a forged code lands here)
        return message(request, 404, "verify.title", "verify.unknown")
    return page(request, "verify.html", letter=found, valid=not found.revoked)


@ratelimit(key="ip", rate=_verify_rate, method="POST", block=False)  # type: ignore[untyped-decorator]
def verify_form(request: HttpRequest) -> HttpResponse:
    """/verify/: a code typed in (GET ?code=), or a letter's PDF uploaded (POST)."""
    if request.method == "GET":
        code = "".join(request.GET.get("code", "").split()).upper()
        if code:
            return HttpResponseRedirect(reverse("desk:verify", args=[code]))
        return page(request, "verify_form.html")
    if request.method != "POST":
        return HttpResponse(status=405)
    if getattr(request, "limited", False):
        return page(request, "verify_form.html", status=429, refusal="evidence.throttled")
    upload = request.FILES.get("file")
    if upload is None:
        return page(request, "verify_form.html", status=400, refusal="evidence.no_file")
    if upload.size is None or upload.size > MAX_PDF_BYTES:
        return page(request, "verify_form.html", status=413, refusal="evidence.too_large")
    data = upload.read(MAX_PDF_BYTES + 1)
    try:
        checked = verify_pdf(data)
    except Refused as refused:
        status = 415 if refused.key in ("evidence.not_pdf",) else 400
        if refused.key == "evidence.too_large":
            status = 413
        return page(request, "verify_form.html", status=status, refusal=refused.key)
    return page(request, "verify_pdf.html", checked=checked)


@login_required
def revoke_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """A pimpinan's form on the letter page (letters/services.py revoke_letter)."""
    lang = request_lang(request)
    submission = submission_or_404(request, pk)  # 404 before anything else
    target = reverse("desk:letter", args=[submission.pk])
    if request.method != "POST":
        return HttpResponseRedirect(target)
    form = NoteForm(request.POST, lang=lang)
    if not form.is_valid():  # a reason over 5,000 characters
        messages.error(request, note_refusal(form))
        return HttpResponseRedirect(target)
    note = form.cleaned_data["note"]
    try:
        revoked = revoke(request.user, submission.pk, note)
    except NoteRequired:
        messages.error(request, t("revoke.note_required", lang))
        return HttpResponseRedirect(target)
    except DeskError as refusal:
        if refusal.status == 404:
            raise Http404 from refusal
        messages.error(request, refusal_text(refusal, lang))
        return HttpResponseRedirect(target)
    messages.success(request, t("revoke.done", lang, number=revoked.number))
    return HttpResponseRedirect(target)
