"""The workflow's writes (desk.md, "Submissions, versions, statuses"): a submission
moved from one status to the next, by whom the role table allows
(accounts/permissions.py TRANSITIONS), with a note where one is needed; `→ recommended`
only when the latest version, checked again under today's packs, policies, register,
waivers and date, is compliant (fail closed), and then with its letter
(letters/services.py). The applicant submits a draft, or withdraws a draft or a
submitted one (with a note). Of two
conflicting decisions, whichever server they reach, one wins and the other gets 409.

Four eyes (desk.md, "The office's process"): `in_review → reviewed` by the verifikator
(on a procurement the pokja, with the outcome of its validation and optionally the
SPSE/LPSE package code), and only then `reviewed → recommended` by a pimpinan who is
not the person who reviewed it.

Public interface
- transition(user, pk, to, note, outcome=None, package_code=None)
      -> TransitionResult(status, letter)
      errors: NotFound (404), Forbidden (403), NoteRequired (400), UnknownStatus (400),
      OutcomeRequired (400), BadPackageCode (400), WrongStatus (409), NotCompliant (409),
      NotCompliantNow (409: its stored verdict was compliant, its check again today is not),
      ReviewRequired (409), SamePerson (409), Conflict (409: someone else moved it first)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from engine.desk.accounts import permissions
from engine.desk.accounts.permissions import AnyUser
from engine.desk.accounts.recipients import AUDIENCE, tell
from engine.desk.core.audit import record
from engine.desk.core.errors import DeskError, Forbidden, NoteRequired
from engine.desk.core.notes import bounded_note
from engine.desk.letters.services import issue_letter
from engine.desk.models import NOTE_REQUIRED, REVIEW_OUTCOMES, Letter, Status, Submission
from engine.desk.submissions.reviews import Review, last_review
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


class ReviewRequired(DeskError):
    code, status = "review_required", 409


class SamePerson(DeskError):
    code, status = "same_person", 409


class OutcomeRequired(DeskError):
    code, status = "outcome_required", 400


class BadPackageCode(DeskError):
    code, status = "bad_package_code", 400


# An SPSE/LPSE package code ("kode paket", e.g. 10234567000): digits, letters, - . /
PACKAGE_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9./-]{0,63}")


def _review_detail(kind: str, outcome: str | None, package_code: str | None) -> dict[str, Any]:
    """What a pokja records with its validation of a procurement (nothing for others)."""
    if kind != permissions.PROCUREMENT:
        return {}
    if outcome not in REVIEW_OUTCOMES:
        raise OutcomeRequired(choices=", ".join(REVIEW_OUTCOMES))
    code = (package_code or "").strip()
    if code and not PACKAGE_CODE.fullmatch(code):
        raise BadPackageCode(code=code[:80])
    return {"outcome": outcome, "package_code": code or None}


def _not_the_reviewer(user: AnyUser, submission: Submission) -> Review | None:
    """The submission's review, refused as `same_person` when `user` made it."""
    review = last_review(submission)
    if review is not None and review.actor_id == getattr(user, "pk", None):
        raise SamePerson(reviewer=review.name)
    return review


@dataclass
class TransitionResult:
    status: str
    letter: Letter | None


def transition(
    user: AnyUser,
    pk: int | str,
    to: str,
    note: str = "",
    outcome: str | None = None,
    package_code: str | None = None,
) -> TransitionResult:
    submission = permissions.readable_submission(user, pk, drafts=True)
    if to not in Status.values:
        raise UnknownStatus(to=to)
    if not permissions.may_move_to(user, submission.kind, to):
        raise Forbidden()
    note = bounded_note(note)  # at most 5,000 characters (400)
    if to in NOTE_REQUIRED and not note:
        raise NoteRequired(to=to)
    detail = _review_detail(submission.kind, outcome, package_code) if to == Status.REVIEWED else {}
    refreshed = None
    if to == Status.RECOMMENDED and submission.status == Status.REVIEWED:
        _not_the_reviewer(user, submission)  # before the re-check, not after it
        # Checked again, before the transaction, under everything as it is today.
        refreshed = refresh_before_recommending(user, submission)
    with transaction.atomic():
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        source = current.status
        if (source, to) == (Status.IN_REVIEW, Status.RECOMMENDED):
            raise ReviewRequired()  # four eyes: somebody else reviews it first
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
        review = _not_the_reviewer(user, current) if to == Status.RECOMMENDED else None
        # Only from the status read: of two decisions at once, the second finds the
        # submission moved and gets a conflict, whichever server it reached.
        # Taking it into review assigns it to the taker (desk.md, "Assignment").
        taker = {"assignee": permissions.as_user(user)} if to == Status.IN_REVIEW else {}
        moved = Submission.objects.filter(pk=current.pk, status=source).update(
            status=to, updated_at=timezone.now(), **taker
        )
        if moved != 1:
            raise Conflict(status=source, to=to)
        current.status = to
        letter = (
            issue_letter(user, current, latest, reviewer_name=review.name if review else "")
            if to == Status.RECOMMENDED
            else None
        )
        if letter is not None:
            detail["letter"] = letter.number
        record(
            "transition",
            actor=user,
            submission=current,
            version=latest.number if latest else None,
            from_status=source,
            to_status=to,
            note=note,
            document_digest=latest.document_digest if latest else "",
            detail=detail,
        )
        # Those it concerns are told, through the outbox: written with the decision.
        # (Taking it into review assigns it to the taker, who is told nothing of it.)
        if to in AUDIENCE:
            tell(to, current, user)
    return TransitionResult(to, letter)
