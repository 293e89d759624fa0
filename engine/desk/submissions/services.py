"""The submissions' writes: an upload filed as a new submission or a new version
(submit), and a check that stores nothing (check_only, POST /api/v1/check). Every
version is checked at upload by the real engine (engine/desk/core/checking.py) with the
register of letters (letters/thread.py) and the submission's approved waivers
(waivers/services.py), and stored whatever its verdict, with its full answer and
provenance; its upload and its check are in the audit log.

Public interface
- check_only(user, raw, filename) -> checking.Checked  the check, nothing stored; against
      the register as far as `user` may read it (never another OPD's letters' fate)
- submit(user, raw, filename, draft=False) -> SubmitResult(submission, version, created,
      checked)
      draft=True: a new document starts as a draft, a draft stays one (checked and kept,
      seen by nobody but its OPD's applicants); otherwise the version is submitted.
      errors: Forbidden (403: not a pemohon), NotYourOpd (403), SubmissionClosed (409),
      NotAccepting (409: in review), TooManyDrafts (409: 50 open drafts already),
      TooLarge (413), NotOneDocument (400), Unidentified (400: no kind/id to file it
      under), EngineUnavailable (503)

Every error is a DeskError (engine/desk/core/errors.py).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Max

from engine.desk.accounts import permissions
from engine.desk.accounts.permissions import AnyUser, as_user
from engine.desk.accounts.recipients import tell
from engine.desk.accounts.selectors import names_opd
from engine.desk.core import checking
from engine.desk.core.audit import record
from engine.desk.core.errors import CheckFailed, DeskError, EngineUnavailable, Forbidden
from engine.desk.letters.thread import note_citations, register_for
from engine.desk.models import ACCEPTING, Opd, Status, Submission, Version, profile_of
from engine.desk.submissions.selectors import open_drafts
from engine.desk.waivers.services import apply_to_upload


class NotYourOpd(DeskError):
    code, status = "not_your_opd", 403


class SubmissionClosed(DeskError):
    code, status = "closed", 409


class NotAccepting(DeskError):
    code, status = "not_accepting", 409


class TooLarge(DeskError):
    code, status = "too_large", 413


class TooManyDrafts(DeskError):
    code, status = "too_many_drafts", 409


# How many drafts one applicant may keep open at once: a draft costs a check and a
# stored version per save, and nobody but its OPD sees it to clear it away.
MAX_OPEN_DRAFTS = 50


class NotOneDocument(DeskError):
    code, status = "not_one_document", 400


class Unidentified(DeskError):
    code, status = "unidentified", 400


class NotOneDocumentChecked(CheckFailed, NotOneDocument):
    pass


class UnidentifiedChecked(CheckFailed, Unidentified):
    pass


@dataclass
class SubmitResult:
    submission: Submission
    version: Version
    created: bool
    checked: checking.Checked = field(repr=False)


def check_only(user: AnyUser, raw: bytes, filename: str = "upload.yaml") -> checking.Checked:
    try:
        return checking.check_bytes(raw, filename, register=register_for(user))
    except checking.UploadTooLarge as exc:
        raise TooLarge(size=exc.size, limit=exc.limit) from exc
    except checking.EngineUnavailable as exc:
        raise EngineUnavailable(detail=exc.detail) from exc


def submit(user: AnyUser, raw: bytes, filename: str, *, draft: bool = False) -> SubmitResult:
    profile = profile_of(user)
    if profile is None or not permissions.may_submit(user) or profile.opd is None:
        raise Forbidden()
    checked = check_only(user, raw, filename)
    result = checking.only_result(checked)
    if result is None:
        raise NotOneDocumentChecked(checked, count=len(checked.report.results))
    if not result.kind or not result.id:
        raise UnidentifiedChecked(checked)
    if result.opd is not None and not names_opd(profile.opd, result.opd):
        # The name expected, and where: "Dishub Kota Medan" may be an alias the admin
        # has not set yet, and the applicant learns what to write instead.
        raise NotYourOpd(opd=result.opd, yours=profile.opd.name, path="metadata.opd")
    text = raw.decode("utf-8", "replace")
    checked = apply_to_upload(profile.opd, result.kind, result.id, checked, text)
    answer = checked.answer
    engine = answer["engine"]
    for attempt in range(5):
        try:
            with transaction.atomic():
                return _file_version(
                    user, profile.opd, result, checked, text, filename, engine, draft
                )
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
    draft: bool,
) -> SubmitResult:
    exists = Submission.objects.filter(opd=opd, kind=result.kind, document_id=result.id)
    if draft and not exists.exists() and open_drafts(user) >= MAX_OPEN_DRAFTS:
        raise TooManyDrafts(limit=MAX_OPEN_DRAFTS)
    submission, created = Submission.objects.get_or_create(
        opd=opd,
        kind=result.kind,
        document_id=result.id,
        defaults={
            "title": result.title or result.id,
            "status": Status.DRAFT if draft else Status.SUBMITTED,
        },
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
    # A draft saved again stays a draft; anything else uploaded is submitted.
    after = Status.DRAFT if draft and (created or before == Status.DRAFT) else Status.SUBMITTED
    submission.status = after
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
        to_status=after,
        document_digest=version.document_digest,
        detail={"filename": version.filename},
    )
    if after == Status.SUBMITTED:
        # A new submission or version before the reviewers: they are told, with it.
        tell("submitted", submission, user)
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
