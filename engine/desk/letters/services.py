"""The letters' writes: a recommendation letter issued (by the workflow's `→ recommended`,
engine/desk/workflow/services.py, in its transaction), and revoked by a pimpinan.

Issuing: the next number of the year (LetterSequence, under a row lock; never reused)
in the desk's pattern, a verification code of 80 random bits, and what the letter
states, copied from the submission and its version as they are then.

Revoking: a letter's text is never changed; it is marked revoked, with who, when and
why. From then on `/verify/CODE` says it is not valid, and the register
(letters/thread.py) gives it as `valid: false`, so a procurement citing it fails
MDN-KOOR-04 at its next check (and is checked again before it can be recommended). The
submission keeps its status: revoking a letter is not a new decision on the document,
and a revoked letter cannot be restored (issue a new one through a new submission
instead).

The PDF: rendered from the letter's own sheet at issue time, signed when the office has
a certificate (letters/signing.py), and stored; a letter is never issued half made: if
rendering or signing fails, LetterNotIssued (503) undoes the whole recommendation (we
are inside its transaction), and nothing is recorded.

Public interface
- issue_letter(user, submission, version, base_url="", reviewer_name="") -> Letter
      errors: LetterNotIssued (503)
- stored_pdf(letter, base_url="") -> bytes  (a letter issued before PDFs: made once, kept)
- revoke_letter(user, pk, note) -> Letter  (pk: the submission's)
  errors: NotFound (404, also when the caller may not read it), LetterNotFound (404),
  Forbidden (403: not a pimpinan), NoteRequired (400), AlreadyRevoked (409)
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from base64 import b32encode

from django.db import transaction
from django.utils import timezone

from engine.desk.accounts import permissions
from engine.desk.accounts.selectors import name_of
from engine.desk.core.audit import record
from engine.desk.core.errors import DeskError, Forbidden, NoteRequired
from engine.desk.core.notes import bounded_note
from engine.desk.letters.pdf import render_letter
from engine.desk.letters.selectors import (
    desk_settings,
    letter_attachments,
    letter_pattern,
    letter_signer,
    nip_of,
    verify_address,
    waived_findings,
)
from engine.desk.letters.signing import SigningFailed, SigningSetupError
from engine.desk.models import Letter, LetterSequence, Submission, Version

log = logging.getLogger("engine.desk.letters")


class LetterNotFound(DeskError):
    code, status = "no_letter", 404


class AlreadyRevoked(DeskError):
    code, status = "already_revoked", 409


class LetterNotIssued(DeskError):
    """The letter's PDF could not be rendered or signed: no recommendation is recorded."""

    code, status = "letter_not_issued", 503


def _verification_code() -> str:
    # 80 random bits, in letters and digits people can read out: 16 characters.
    return b32encode(secrets.token_bytes(10)).decode("ascii")


def issue_letter(
    user: permissions.AnyUser,
    submission: Submission,
    version: Version | None,
    base_url: str = "",
    reviewer_name: str = "",
) -> Letter:
    """The letter of a recommendation; called inside the transition's transaction."""
    assert version is not None  # recommended only with a compliant latest version
    issued = timezone.now()
    year = timezone.localtime(issued).year  # the year in Medan (WIB)
    LetterSequence.objects.get_or_create(year=year)
    counter = LetterSequence.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    signer = permissions.as_user(user)
    letter = Letter.objects.create(
        submission=submission,
        version=version,
        number=letter_pattern().format(seq=counter.last, year=year),
        year=year,
        seq=counter.last,
        code=_verification_code(),
        signer=signer,
        signer_name=name_of(signer),
        reviewer_name=reviewer_name,
        issued_at=issued,
        opd_name=submission.opd.name,
        title=submission.title,
        kind=submission.kind,
        document_id=submission.document_id,
        document_digest=version.document_digest,
        policy_digest=version.policy_digest,
        catalog_digest=version.catalog_digest,
        signer_nip=nip_of(signer),
    )
    _make_pdf(letter, version, base_url)
    return letter


def _make_pdf(letter: Letter, version: Version, base_url: str, *, sign: bool = True) -> None:
    """Render the letter, sign it when the office signs, and keep the bytes."""
    try:
        signer = letter_signer() if sign else None
        if signer is not None:
            info = signer.info()
            letter.signed = True
            letter.signer_certificate = f"{info.subject} (serial {info.serial})"[:500]
        letter.yaml_sha256 = hashlib.sha256(version.yaml_text.encode("utf-8")).hexdigest()
        rendered = render_letter(
            letter,
            yaml_text=version.yaml_text,
            report=version.report,
            letterhead=desk_settings(),
            verify_url=verify_address(letter, base_url),
            version_number=version.number,
            waived=waived_findings(version),
            attachments=letter_attachments(letter),
        )
        pdf = rendered.pdf
        if signer is not None:
            pdf = signer.sign(
                pdf,
                name=letter.signer_name,
                nip=letter.signer_nip,
                reason=f"Surat Rekomendasi {letter.number}",
                location="Medan",
                page=rendered.signature_page,
                box=rendered.signature_box,
            )
    except (SigningSetupError, SigningFailed, OSError, ValueError) as exc:
        log.error("letter %s not issued: %s", letter.number, exc)
        raise LetterNotIssued() from exc
    letter.pdf = pdf
    letter.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    letter.save(update_fields=["pdf", "pdf_sha256", "yaml_sha256", "signed", "signer_certificate"])


def stored_pdf(letter: Letter, base_url: str = "") -> bytes:
    """The letter's PDF as issued; a letter from before the desk made PDFs gets one now,
    unsigned (it was not signed when issued), kept so that every download is the same."""
    if letter.pdf:
        return bytes(letter.pdf)
    with transaction.atomic():
        locked = Letter.objects.select_for_update().get(pk=letter.pk)
        if not locked.pdf:
            _make_pdf(locked, locked.version, base_url, sign=False)
        return bytes(locked.pdf)


def revoke_letter(user: permissions.AnyUser, pk: int | str, note: str) -> Letter:
    submission = permissions.readable_submission(user, pk)  # 404 before anything else
    if not permissions.may_revoke_letters(user):
        raise Forbidden()
    note = bounded_note(note)  # at most 5,000 characters (400)
    if not note:
        raise NoteRequired(to="revoked")
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
        record(
            "letter_revoked",
            actor=user,
            submission=submission,
            version=letter.version.number,
            note=note,
            document_digest=letter.document_digest,
            detail={"number": letter.number},
        )
    return letter
