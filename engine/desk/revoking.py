"""Revoking a recommendation letter: a pimpinan withdraws a letter already issued.

A letter's text is never changed; it is marked revoked, with who, when and why. From
then on `/verify/CODE` says it is not valid, and the register (engine/desk/thread.py)
gives it as `valid: false`, so a procurement citing it fails MDN-KOOR-04 at its next
check (and is checked again before it can be recommended). The submission keeps its
status: revoking a letter is not a new decision on the document, and a revoked letter
cannot be restored (issue a new one through a new submission instead).

Public interface
- revoke_letter(user, pk, note) -> Letter  (pk: the submission's)
  errors: NotFound (404, also when the caller may not read it), LetterNotFound (404),
  Forbidden (403: not a pimpinan), NoteRequired (400), AlreadyRevoked (409)
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from engine.desk import services
from engine.desk.accounts import permissions
from engine.desk.accounts.selectors import name_of
from engine.desk.models import Letter


class LetterNotFound(services.DeskError):
    code, status = "no_letter", 404


class AlreadyRevoked(services.DeskError):
    code, status = "already_revoked", 409


def revoke_letter(user: permissions.AnyUser, pk: int | str, note: str) -> Letter:
    submission = permissions.readable_submission(user, pk)  # 404 before anything else
    if not permissions.may_revoke_letters(user):
        raise services.Forbidden()
    note = (note or "").strip()
    if not note:
        raise services.NoteRequired(to="revoked")
    with transaction.atomic():
        letter = Letter.objects.select_for_update().filter(submission=submission).first()
        if letter is None:
            raise LetterNotFound()
        if letter.revoked:  # of two revocations at once, the second is told so
            raise AlreadyRevoked(number=letter.number)
        letter.revoked = True
        letter.revoked_at = timezone.now()
        letter.revoked_by_name = name_of(permissions.as_user(user))
        letter.revocation_note = note
        letter.save(update_fields=["revoked", "revoked_at", "revoked_by_name", "revocation_note"])
        services.record(
            "letter_revoked",
            actor=user,
            submission=submission,
            version=letter.version.number,
            note=note,
            document_digest=letter.document_digest,
            detail={"number": letter.number},
        )
    return letter
