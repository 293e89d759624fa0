"""The workflow's writes (desk.md, "Submissions, versions, statuses"): a submission
moved from one status to the next, by whom the role table allows
(accounts/permissions.py TRANSITIONS), with a note where one is needed; `→ recommended`
only when the latest version, checked again under today's packs, policies, register,
waivers and date, is compliant (fail closed), and then with its letter
(letters/services.py). The applicant submits a draft, or withdraws a draft or a
submitted one (with a note). Of two
conflicting decisions, whichever server they reach, one wins and the other gets 409.

Public interface
- transition(user, pk, to, note) -> TransitionResult(status, letter)
      errors: NotFound (404), Forbidden (403), NoteRequired (400), UnknownStatus (400),
      WrongStatus (409), NotCompliant (409), NotCompliantNow (409: its stored verdict was
      compliant, its check again today is not), Conflict (409: someone else moved it first)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from engine.desk.accounts import permissions
from engine.desk.accounts.permissions import AnyUser
from engine.desk.core.audit import record
from engine.desk.core.errors import DeskError, Forbidden, NoteRequired
from engine.desk.core.notes import bounded_note
from engine.desk.letters.services import issue_letter
from engine.desk.models import NOTE_REQUIRED, Letter, Status, Submission
from engine.desk.waivers.services import refresh_before_recommending


class UnknownStatus(DeskError):
    code, status = "unknown_status", 400


class WrongStatus(DeskError):
    code, status = "wrong_status", 409


class NotCompliant(DeskError):
    code, status = "not_compliant", 409


class NotCompliantNow(NotCompliant):
    """The latest version was compliant when it was checked, and is not when checked
    again today (other packs, policies, register, waivers or date)."""

    code, status = "recheck_not_compliant", 409


class Conflict(DeskError):
    code, status = "conflict", 409


@dataclass
class TransitionResult:
    status: str
    letter: Letter | None


def transition(user: AnyUser, pk: int | str, to: str, note: str = "") -> TransitionResult:
    submission = permissions.readable_submission(user, pk, drafts=True)
    if to not in Status.values:
        raise UnknownStatus(to=to)
    if not permissions.may_move_to(user, submission.kind, to):
        raise Forbidden()
    note = bounded_note(note)  # at most 5,000 characters (400)
    if to in NOTE_REQUIRED and not note:
        raise NoteRequired(to=to)
    refreshed = None
    if to == Status.RECOMMENDED and submission.status == Status.IN_REVIEW:
        # Checked again, before the transaction, under everything as it is today.
        refreshed = refresh_before_recommending(user, submission)
    with transaction.atomic():
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        source = current.status
        if (source, to) not in permissions.TRANSITIONS:
            raise WrongStatus(status=source, to=to)
        if not permissions.may_transition(user, current.kind, source, to):
            raise Forbidden()
        latest = current.latest_version()
        if to == Status.RECOMMENDED and (latest is None or latest.verdict != "compliant"):
            # Fail closed: invalid, error, non_compliant or anything unknown blocks it.
            if refreshed is not None and refreshed.before == "compliant":
                raise NotCompliantNow(verdict=latest.verdict if latest else "-")
            raise NotCompliant(verdict=latest.verdict if latest else "-")
        # Only from the status read: of two decisions at once, the second finds the
        # submission moved and gets a conflict, whichever server it reached.
        moved = Submission.objects.filter(pk=current.pk, status=source).update(
            status=to, updated_at=timezone.now()
        )
        if moved != 1:
            raise Conflict(status=source, to=to)
        current.status = to
        letter = issue_letter(user, current, latest) if to == Status.RECOMMENDED else None
        record(
            "transition",
            actor=user,
            submission=current,
            version=latest.number if latest else None,
            from_status=source,
            to_status=to,
            note=note,
            document_digest=latest.document_digest if latest else "",
            detail={"letter": letter.number} if letter else {},
        )
    return TransitionResult(to, letter)
