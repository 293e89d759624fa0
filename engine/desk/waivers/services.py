"""The waivers' writes (desk.md, second stage): requested, decided, and applied.
The JSON API (waivers/api.py) and the pages (waivers/views.py) call these functions;
who may is asked of accounts/permissions.py.

- An applicant of the submission's OPD requests a waiver of one finding of the latest
  version: a catalog rule that applies to the document's kind, an optional path, a
  justification and an expiry date (a UTC calendar day, current through that day, as
  in the CLI). YAML, SCHEMA and ENGINE findings are never waived.
- Only a `pimpinan` decides: approving needs the decision letter's reference. The audit
  log records the request and the decision.
- An approved waiver applies at once: the latest version is checked again with the
  submission's approved waivers, applied by the CLI's own code (engine/waivers/
  waiver_file.py load_waivers and apply_waivers, on the very YAML that GET
  /api/v1/waivers.yaml serves: waivers/served.py). The version then holds the new
  answer; the one it held before is kept in a Recheck row and the audit log records the
  verdict before and after.
- Expired waivers stop applying: before `→ recommended` the latest version is checked
  again under the waivers current at that moment (the workflow's transition calls
  refresh_before_recommending), so an expired waiver never lets a submission through.

Public interface
- request_waiver(user, pk, rule=, path=, justification=, expires=) -> Waiver
- decide(user, wid, approve=, reference=, note=) -> Waiver
- recheck(actor, submission, cause=, waiver=) -> Version | None
- refresh_before_recommending(user, submission)        re-check under today's waivers
- apply_to_upload(opd, kind, document_id, checked) -> Checked   a new version under them
Errors: waivers/errors.py. Reads (visible_waivers, waivable_findings, served_waivers,
the pages' lists): waivers/selectors.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from pydantic import ValidationError

from engine.desk.accounts import permissions
from engine.desk.accounts.selectors import name_of
from engine.desk.core import checking
from engine.desk.core.audit import record
from engine.desk.core.errors import EngineUnavailable, Forbidden, NoteRequired
from engine.desk.letters.thread import register
from engine.desk.models import Opd, Recheck, Submission, Version, Waiver, WaiverStatus
from engine.desk.waivers.errors import (
    AlreadyDecided,
    AlreadyRequested,
    BadExpiry,
    BadPath,
    ExpiryPast,
    JustificationRequired,
    NoSuchFinding,
    NotWaivable,
    ReferenceRequired,
    RuleNotForKind,
    SubmissionClosed,
    UnknownRule,
)
from engine.desk.waivers.selectors import (
    NOT_WAIVABLE,
    approved_waivers,
    get_waiver_for,
    waivable_findings,
)
from engine.desk.waivers.served import engine_waivers
from engine.waivers.waiver_file import FindingPath, utc_today


# --- requests ----------------------------------------------------------------------------
def _covers(wanted: str, path: str) -> bool:
    # As engine/waivers/waiver_file.py: a path covers itself and everything below it.
    return not wanted or path == wanted or (path.startswith(wanted) and path[len(wanted)] in ".[")


def _expiry(value: str | dt.date) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise BadExpiry(value=str(value)[:40]) from exc


def request_waiver(
    user: permissions.AnyUser,
    pk: int | str,
    *,
    rule: str,
    path: str | None,
    justification: str,
    expires: str | dt.date,
) -> Waiver:
    submission = permissions.readable_submission(user, pk)  # 404 before anything else
    if not permissions.speaks_for(user, submission):
        raise Forbidden()
    if submission.closed:
        raise SubmissionClosed(status=submission.status)
    rule = (rule or "").strip()
    path = (path or "").strip()
    if rule in NOT_WAIVABLE:
        raise NotWaivable(rule=rule)
    rules = checking.catalog().rules
    if rule not in rules:
        raise UnknownRule(rule=rule[:40])
    if submission.kind not in rules[rule].applies_to:
        raise RuleNotForKind(rule=rule, kind=submission.kind)
    if path and not _valid_path(path):
        raise BadPath(path=path[:300])
    justification = (justification or "").strip()
    if not justification:
        raise JustificationRequired()
    day = _expiry(expires)
    if day < utc_today():
        raise ExpiryPast(expires=day.isoformat(), today=utc_today().isoformat())
    latest = submission.latest_version()
    if not any(
        f.get("rule") == rule and _covers(path, str(f.get("path", "")))
        for f in waivable_findings(latest)
    ):
        raise NoSuchFinding(rule=rule, path=path or "–")
    assert latest is not None
    pending = Waiver.objects.filter(
        submission=submission, rule=rule, path=path, status=WaiverStatus.REQUESTED
    ).first()
    if pending is not None:
        raise AlreadyRequested(id=pending.pk)
    with transaction.atomic():
        waiver = Waiver.objects.create(
            submission=submission,
            version=latest.number,
            rule=rule,
            path=path,
            justification=justification[:2000],
            expires=day,
            requested_by=permissions.as_user(user),
        )
        record(
            "waiver_requested",
            actor=user,
            submission=submission,
            version=latest.number,
            note=waiver.justification,
            document_digest=latest.document_digest,
            detail=_detail(waiver),
        )
    return waiver


def _valid_path(path: str) -> bool:
    from pydantic import TypeAdapter

    try:
        TypeAdapter(FindingPath).validate_python(path)
    except ValidationError:
        return False
    return True


def _detail(waiver: Waiver) -> dict[str, Any]:
    return {
        "waiver": waiver.pk,
        "rule": waiver.rule,
        "path": waiver.path or None,
        "expires": waiver.expires.isoformat(),
        "reference": waiver.reference or None,
    }


# --- decisions ---------------------------------------------------------------------------
def decide(
    user: permissions.AnyUser,
    wid: int | str,
    *,
    approve: bool,
    reference: str = "",
    note: str = "",
) -> Waiver:
    waiver = get_waiver_for(user, wid)  # 404 for whoever may not read it
    if not permissions.may_decide_waivers(user):
        raise Forbidden()
    reference = (reference or "").strip()
    note = (note or "").strip()
    if approve and not reference:
        raise ReferenceRequired()
    if not approve and not note:
        raise NoteRequired(to="refused")
    # The decision and the check it causes are one transaction: when the engine cannot
    # check, nothing is decided (503) rather than a waiver approved but not applied.
    with transaction.atomic():
        current = Waiver.objects.select_for_update().get(pk=waiver.pk)
        if current.status != WaiverStatus.REQUESTED:
            raise AlreadyDecided(status=current.status)
        submission = Submission.objects.select_for_update().get(pk=current.submission_id)
        if submission.closed:
            raise SubmissionClosed(status=submission.status)
        decider = permissions.as_user(user)
        current.status = WaiverStatus.APPROVED if approve else WaiverStatus.REFUSED
        current.decided_by = decider
        current.decided_by_name = name_of(decider)
        current.decided_at = timezone.now()
        current.reference = reference[:200]
        current.note = note
        # Only from "requested": of two decisions at once (SQLite takes no row lock),
        # the second finds it decided and gets a conflict, whichever server it reached.
        moved = Waiver.objects.filter(pk=current.pk, status=WaiverStatus.REQUESTED).update(
            status=current.status,
            decided_by=decider,
            decided_by_name=current.decided_by_name,
            decided_at=current.decided_at,
            reference=current.reference,
            note=note,
        )
        if moved != 1:
            raise AlreadyDecided(status="-")
        latest = submission.latest_version()
        record(
            "waiver_approved" if approve else "waiver_refused",
            actor=user,
            submission=submission,
            version=latest.number if latest else None,
            note=note,
            document_digest=latest.document_digest if latest else "",
            detail=_detail(current),
        )
        if approve:
            recheck(user, submission, cause="waiver_approved", waiver=current)
    return current


# --- checks under waivers --------------------------------------------------------------------
def recheck(
    actor: permissions.AnyUser,
    submission: Submission,
    *,
    cause: str,
    waiver: Waiver | None = None,
) -> Version | None:
    """Check the latest version again under the submission's approved waivers; keep
    the answer it held before (Recheck) and record the verdict before and after."""
    latest = submission.latest_version()
    if latest is None:
        return None
    given = engine_waivers(approved_waivers(submission))
    try:
        checked = checking.check_bytes(
            latest.yaml_text.encode("utf-8"),
            latest.filename,
            register=register(),  # as every desk check: MDN-KOOR-04, MDN-PBJ-08
            waivers=given,
        )
    except checking.EngineUnavailable as exc:
        raise EngineUnavailable(detail=exc.detail) from exc
    result = checking.only_result(checked)
    # Fail closed: a check that no longer gives one document is never "compliant".
    verdict = result.verdict(checked.report.fail_on) if result is not None else "error"
    engine = checked.answer["engine"]
    before = latest.verdict
    Recheck.objects.create(
        version=latest,
        cause=cause,
        waiver=waiver,
        before_verdict=before,
        after_verdict=verdict,
        before_report=latest.report,
        before_report_en=latest.report_en,
        before_policy_digest=latest.policy_digest,
        waivers_digest=given.digest if given is not None else "",
    )
    latest.verdict = verdict
    latest.report = checked.answer
    latest.report_en = checked.answer_en
    latest.policy_digest = engine.get("policy_digest") or ""
    latest.catalog_digest = engine.get("catalog_digest") or ""
    latest.opa_version = engine.get("version") or ""
    latest.save(
        update_fields=[
            "verdict",
            "report",
            "report_en",
            "policy_digest",
            "catalog_digest",
            "opa_version",
        ]
    )
    record(
        "recheck",
        actor=actor,
        submission=submission,
        version=latest.number,
        document_digest=latest.document_digest,
        detail={
            "cause": cause,
            "before": before,
            "verdict": verdict,
            "waiver": waiver.pk if waiver is not None else None,
            "waivers_digest": given.digest if given is not None else None,
        },
    )
    return latest


def refresh_before_recommending(user: permissions.AnyUser, submission: Submission) -> None:
    """Before `→ recommended`: when any waiver was approved for the submission (or its
    latest answer counts a finding as waived), check the latest version again under
    the waivers current today, so an expired waiver blocks the recommendation. A
    procurement is always checked again: its references are judged against the
    register as it is now (a letter revoked since the upload blocks it)."""
    latest = submission.latest_version()
    if latest is None:
        return
    waived = any(
        f.get("waived") for r in latest.report.get("results", []) for f in r.get("findings", [])
    )
    if (
        waived
        or submission.kind == "Procurement"
        or Waiver.objects.filter(submission=submission, status=WaiverStatus.APPROVED).exists()
    ):
        with transaction.atomic():
            recheck(user, submission, cause="recommend")


def apply_to_upload(
    opd: Opd, kind: str, document_id: str, checked: checking.Checked
) -> checking.Checked:
    """A new version of a submission with approved waivers: its check with them
    applied, as the CLI applies them (checking.waive); else the check as it is."""
    submission = Submission.objects.filter(opd=opd, kind=kind, document_id=document_id).first()
    if submission is None:
        return checked
    given = engine_waivers(approved_waivers(submission))
    return checking.waive(checked, given) if given is not None else checked
