"""The desk's workflow: the ONLY place with its business rules (desk.md). The JSON API
(api.py) and the pages (web/) both call these functions and show their errors.

Public interface
- role_of(user) -> str | None                          the user's desk role
- visible_submissions(user) -> QuerySet[Submission]    OPD isolation (what the user may read)
- queue(user, status=, opd=, kind=, min_age_days=) -> QuerySet   oldest waiting first
- get_submission_for(user, pk) -> Submission           raises NotFound (404) when not visible
- submit(user, raw, filename) -> SubmitResult(submission, version, created, checked)
      errors: Forbidden (403: not a pemohon), NotYourOpd (403), SubmissionClosed (409),
      NotAccepting (409: in review), TooLarge (413), NotOneDocument (400),
      Unidentified (400: no kind/id to file it under), EngineUnavailable (503)
- may_submit(user) -> bool ; accepts_version(user, submission) -> bool   what the pages offer
- check_only(raw, filename) -> checking.Checked        the check, nothing stored
- allowed_transitions(user, submission) -> list[str]
- transition(user, pk, to, note) -> TransitionResult(status, letter)
      errors: NotFound (404), Forbidden (403), NoteRequired (400), UnknownStatus (400),
      WrongStatus (409), NotCompliant (409), Conflict (409: someone else moved it first)
- version_diff(old, new) -> list[str]                  unified diff of the YAML
- findings_delta(version) -> Delta(fixed, introduced)  against the previous version
- audit_events(submission) -> QuerySet[AuditEvent] ; audit_export(submission, "csv"|"json") -> str
- verify_letter(code) -> Letter | None ; letter_url(letter) -> str
- create_user(username, role, opd_name, password, full_name=) -> User
- new_token(user) -> str (shown once) ; user_for_token(token) -> User | None
- record(action, actor=..., ...) -> AuditEvent          append an audit event

Every error is a DeskError: `.code` (the API's "error"), `.status` (HTTP), `.params`,
and `message(lang)` from engine/desk/messages/api.yaml.
"""

from __future__ import annotations

import difflib
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from engine.desk.accounts import permissions
from engine.desk.accounts.permissions import AnyUser, as_user
from engine.desk.accounts.selectors import same_opd
from engine.desk.core import checking
from engine.desk.core.audit import audit_events as audit_events
from engine.desk.core.audit import audit_export as audit_export
from engine.desk.core.audit import event_row as event_row
from engine.desk.core.audit import record as record
from engine.desk.core.errors import CheckFailed as CheckFailed
from engine.desk.core.errors import DeskError as DeskError
from engine.desk.core.errors import EngineUnavailable as EngineUnavailable
from engine.desk.core.errors import Forbidden as Forbidden
from engine.desk.core.errors import NoteRequired as NoteRequired
from engine.desk.core.errors import NotFound as NotFound
from engine.desk.letters.services import issue_letter
from engine.desk.letters.thread import note_citations, register
from engine.desk.models import (
    ACCEPTING,
    NOTE_REQUIRED,
    Letter,
    Opd,
    Status,
    Submission,
    Version,
    profile_of,
)
from engine.desk.waivers.services import apply_to_upload, refresh_before_recommending

PROCUREMENT = "Procurement"


# --- errors -------------------------------------------------------------------------
class NotYourOpd(DeskError):
    code, status = "not_your_opd", 403


class SubmissionClosed(DeskError):
    code, status = "closed", 409


class NotAccepting(DeskError):
    code, status = "not_accepting", 409


class TooLarge(DeskError):
    code, status = "too_large", 413


class NotOneDocument(DeskError):
    code, status = "not_one_document", 400


class Unidentified(DeskError):
    code, status = "unidentified", 400


class UnknownStatus(DeskError):
    code, status = "unknown_status", 400


class WrongStatus(DeskError):
    code, status = "wrong_status", 409


class NotCompliant(DeskError):
    code, status = "not_compliant", 409


class Conflict(DeskError):
    code, status = "conflict", 409


class NotOneDocumentChecked(CheckFailed, NotOneDocument):
    pass


class UnidentifiedChecked(CheckFailed, Unidentified):
    pass


def queue(
    user: AnyUser,
    *,
    status: str | None = None,
    opd: str | None = None,
    kind: str | None = None,
    min_age_days: int | None = None,
) -> QuerySet[Submission]:
    """The reviewer's list: filtered, the longest waiting first."""
    found = permissions.readable_submissions(user)
    if status:
        found = found.filter(status=status)
    if opd:
        found = found.filter(opd__name=opd)
    if kind:
        found = found.filter(kind=kind)
    if min_age_days:
        found = found.filter(updated_at__lte=timezone.now() - timedelta(days=min_age_days))
    return found.order_by("updated_at", "id")


# --- uploads ----------------------------------------------------------------------------
@dataclass
class SubmitResult:
    submission: Submission
    version: Version
    created: bool
    checked: checking.Checked = field(repr=False)


def check_only(raw: bytes, filename: str = "upload.yaml") -> checking.Checked:
    try:
        return checking.check_bytes(raw, filename, register=register())
    except checking.UploadTooLarge as exc:
        raise TooLarge(size=exc.size, limit=exc.limit) from exc
    except checking.EngineUnavailable as exc:
        raise EngineUnavailable(detail=exc.detail) from exc


def submit(user: AnyUser, raw: bytes, filename: str) -> SubmitResult:
    profile = profile_of(user)
    if profile is None or not permissions.may_submit(user) or profile.opd is None:
        raise Forbidden()
    checked = check_only(raw, filename)
    result = checking.only_result(checked)
    if result is None:
        raise NotOneDocumentChecked(checked, count=len(checked.report.results))
    if not result.kind or not result.id:
        raise UnidentifiedChecked(checked)
    if result.opd is not None and not same_opd(result.opd, profile.opd.name):
        raise NotYourOpd(opd=result.opd, yours=profile.opd.name)
    checked = apply_to_upload(profile.opd, result.kind, result.id, checked)
    answer = checked.answer
    engine = answer["engine"]
    text = raw.decode("utf-8", "replace")
    for attempt in range(5):
        try:
            with transaction.atomic():
                return _file_version(user, profile.opd, result, checked, text, filename, engine)
        except (IntegrityError, OperationalError):
            # Two first uploads of one document at once: the other created the
            # submission (or took the number); file this one after it.
            if attempt == 4:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _file_version(
    user: AnyUser,
    opd: Opd,
    result: Any,
    checked: checking.Checked,
    text: str,
    filename: str,
    engine: dict[str, Any],
) -> SubmitResult:
    submission, created = Submission.objects.get_or_create(
        opd=opd,
        kind=result.kind,
        document_id=result.id,
        defaults={"title": result.title or result.id},
    )
    # The row lock serialises uploads of one document across every server process:
    # numbers are counted under it, so they are unique and gapless.
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    before = submission.status
    if not created:
        if submission.closed:
            raise SubmissionClosed(status=before)
        if before not in ACCEPTING:
            raise NotAccepting(status=before)
    last = submission.versions.aggregate(last=Max("number"))["last"] or 0
    verdict = result.verdict(checked.report.fail_on)
    version = Version.objects.create(
        submission=submission,
        number=last + 1,
        filename=filename[:300],
        yaml_text=text,
        verdict=verdict,
        report=checked.answer,
        report_en=checked.answer_en,
        document_digest=result.digest or "",
        file_digest=result.file_digest or "",
        policy_digest=engine.get("policy_digest") or "",
        catalog_digest=engine.get("catalog_digest") or "",
        opa_version=engine.get("version") or "",
        patuh_version=engine.get("patuh_version") or "",
        uploaded_by=as_user(user),
    )
    submission.status = Status.SUBMITTED
    if result.title:
        submission.title = result.title[:500]
    note_citations(submission, text)
    submission.save(
        update_fields=["status", "title", "updated_at", "proposal_ref", "coordination_ref"]
    )
    record(
        "upload",
        actor=user,
        submission=submission,
        version=version.number,
        from_status="" if created else before,
        to_status=Status.SUBMITTED,
        document_digest=version.document_digest,
        detail={"filename": version.filename},
    )
    record(
        "check",
        actor=user,
        submission=submission,
        version=version.number,
        document_digest=version.document_digest,
        detail={
            "verdict": verdict,
            "policy_digest": version.policy_digest,
            "catalog_digest": version.catalog_digest,
            "opa_version": version.opa_version,
            "errors": _count(checked.answer, "error"),
            "warnings": _count(checked.answer, "warning"),
        },
    )
    return SubmitResult(submission, version, created, checked)


def _count(answer: dict[str, Any], severity: str) -> int:
    return sum(
        1
        for result in answer.get("results", [])
        for finding in result.get("findings", [])
        if finding.get("severity") == severity and not finding.get("waived")
    )


# --- the workflow -------------------------------------------------------------------------
@dataclass
class TransitionResult:
    status: str
    letter: Letter | None


def transition(user: AnyUser, pk: int | str, to: str, note: str = "") -> TransitionResult:
    submission = permissions.readable_submission(user, pk)
    if to not in Status.values:
        raise UnknownStatus(to=to)
    if not permissions.may_move_to(user, submission.kind, to):
        raise Forbidden()
    note = (note or "").strip()
    if to in NOTE_REQUIRED and not note:
        raise NoteRequired(to=to)
    if to == Status.RECOMMENDED and submission.status == Status.IN_REVIEW:
        # Under the waivers current now (fail closed).
        refresh_before_recommending(user, submission)
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


# --- versions --------------------------------------------------------------------------------
def version_diff(old: Version, new: Version) -> list[str]:
    return list(
        difflib.unified_diff(
            old.yaml_text.splitlines(),
            new.yaml_text.splitlines(),
            fromfile=f"v{old.number}",
            tofile=f"v{new.number}",
            lineterm="",
        )
    )


@dataclass
class Delta:
    fixed: list[dict[str, Any]]
    introduced: list[dict[str, Any]]


def findings_of(version: Version, lang: str = "id") -> list[dict[str, Any]]:
    return [
        finding
        for result in version.report_in(lang).get("results", [])
        for finding in result.get("findings", [])
    ]


def findings_delta(version: Version, lang: str = "id") -> Delta:
    """What this version fixed and introduced against the one before it (a finding is
    its rule and path; the first version introduces all of its findings)."""
    previous = (
        Version.objects.filter(submission_id=version.submission_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )
    now = findings_of(version, lang)
    before = findings_of(previous, lang) if previous is not None else []

    def key(finding: dict[str, Any]) -> tuple[str, str]:
        return (str(finding.get("rule")), str(finding.get("path")))

    now_keys = {key(f) for f in now}
    before_keys = {key(f) for f in before}
    return Delta(
        fixed=[f for f in before if key(f) not in now_keys],
        introduced=[f for f in now if key(f) not in before_keys],
    )
