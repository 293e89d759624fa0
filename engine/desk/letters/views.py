"""The letters' pages: the printable recommendation letter (one A4 sheet), the public
verification of a code (/verify/CODE/), and a pimpinan's form that revokes a letter."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from engine.desk.accounts import permissions
from engine.desk.core.errors import DeskError, NoteRequired
from engine.desk.core.language import request_lang
from engine.desk.core.words import t
from engine.desk.letters.selectors import desk_settings, verify_letter
from engine.desk.letters.services import revoke_letter as revoke
from engine.desk.letters.thread import may_read_letter
from engine.desk.models import Letter, Version
from engine.desk.web.findings import waiver_of
from engine.desk.web.pages import message, page, refusal_text, submission_or_404


@login_required
@require_GET
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    # The letter of submission `pk`, for whoever may read that submission, and for a
    # pokja the letters its procurements cite (letters/thread.py); 404 otherwise.
    issued = Letter.objects.filter(submission_id=pk).select_related("version").first()
    if issued is None or not may_read_letter(request.user, issued):
        raise Http404
    return page(
        request,
        "letter.html",
        letter=issued,
        version_number=issued.version.number,
        office_name=desk_settings().office_name,
        verify_url=request.build_absolute_uri(reverse("desk:verify", args=[issued.code])),
        may_revoke=permissions.may_revoke(request.user, issued),
        waived=_waived_findings(issued.version),
    )


def _waived_findings(version: Version) -> list[dict[str, str]]:
    """The findings the recommended version passed only by a waiver: the letter names
    them, so "PATUH" on paper never hides an exception (rule, path, reference, until)."""
    waived = []
    for result in version.report.get("results", []):
        for item in result.get("findings", []):
            waiver = waiver_of(item)
            if waiver is not None:
                waived.append(
                    {
                        "rule": str(item.get("rule", "")),
                        "path": str(item.get("path", "")),
                        "reference": waiver.reference,
                        "expires": waiver.expires,
                    }
                )
    return waived


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    found = verify_letter(code)
    if found is None:  # no such letter: say so plainly (a forged code lands here)
        return message(request, 404, "verify.title", "verify.unknown")
    return page(request, "verify.html", letter=found, valid=not found.revoked)


@login_required
def revoke_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """A pimpinan's form on the letter page (letters/services.py revoke_letter)."""
    lang = request_lang(request)
    submission = submission_or_404(request, pk)  # 404 before anything else
    target = reverse("desk:letter", args=[submission.pk])
    if request.method != "POST":
        return HttpResponseRedirect(target)
    note = request.POST.get("note", "").strip()
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
