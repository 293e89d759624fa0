"""The waivers' writes (desk.md, second stage): requested, decided, and applied.
The JSON API (waivers/api.py) and the pages (waivers/views.py) call these functions;
who may is asked of accounts/permissions.py.

- An applicant of the submission's OPD requests a waiver of one finding of the latest
  version: a catalog rule that applies to the document's kind, the finding's path, a
  justification and an expiry date (a UTC calendar day, current through that day, as
  in the CLI; at most two years ahead). YAML, SCHEMA and ENGINE findings are never
  waived. The waiver keeps the version's document digest and the value at the path
  (waivers/values.py): a version with another value there is not covered. One open
  request per (submission, rule, path), also in the database (two at once: one 409).
- Only a `pimpinan` decides: approving needs the decision letter's reference. The audit
  log records the request and the decision. A pimpinan may withdraw an approved waiver
  (with a note); the latest version is then checked again without it.
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
- withdraw(user, wid, note=) -> Waiver
- recheck(actor, submission, cause=, waiver=) -> Version | None
- refresh_before_recommending(user, submission) -> Refreshed   re-check under today's all
- apply_to_upload(opd, kind, document_id, checked, text) -> Checked   a new version under them

The checks run before the transaction that stores their answer (OPA's time never holds
SQLite's one writer lock); the transaction stores it only when the latest version and
the approved waivers are still those it was checked with, else it checks again.
Errors: waivers/errors.py. Reads (visible_waivers, waivable_findings, served_waivers,
the pages' lists): waivers/selectors.py.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from pydantic import ValidationError

from engine.desk.accounts import permissions
from engine.desk.accounts.recipients import tell
from engine.desk.accounts.selectors import name_of
from engine.desk.core import checking
from engine.desk.core.audit import record
from engine.desk.core.errors import EngineUnavailable, Forbidden, NoteRequired
from engine.desk.core.notes import bounded_note
from engine.desk.letters.thread import register_of_opd
from engine.desk.models import Opd, Recheck, Submission, Version, Waiver, WaiverStatus
from engine.desk.waivers.errors import (
    AlreadyDecided,
    AlreadyRequested,
    BadExpiry,
    BadPath,
    ExpiryPast,
    ExpiryTooFar,
    JustificationRequired,
    NoSuchFinding,
    NotApproved,
    NotWaivable,
    PathRequired,
    ReferenceRequired,
    RuleNotForKind,
    SubmissionClosed,
    UnknownRule,
    WaiverChanged,
)
from engine.desk.waivers.selectors import (
    NOT_WAIVABLE,
    approved_waivers,
    get_waiver_for,
    waivable_findings,
)
from engine.desk.waivers.served import engine_waivers
from engine.desk.waivers.values import value_key
from engine.waivers.waiver_file import FindingPath, Waivers, utc_today

ATTEMPTS = 3  # checks made again when a waiver or version changed meanwhile


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
    if not path:
        # A waiver names the finding it waives: never every path of a rule.
        raise PathRequired()
    if not _valid_path(path):
        raise BadPath(path=path[:300])
    justification = (justification or "").strip()
    if not justification:
        raise JustificationRequired()
    day = _expiry(expires)
    if day < utc_today():
        raise ExpiryPast(expires=day.isoformat(), today=utc_today().isoformat())
    if day > latest_expiry(utc_today()):
        raise ExpiryTooFar(expires=day.isoformat(), latest=latest_expiry(utc_today()).isoformat())
    latest = submission.latest_version()
    if not any(
        f.get("rule") == rule and _covers(path, str(f.get("path", "")))
        for f in waivable_findings(latest)
    ):
        raise NoSuchFinding(rule=rule, path=path or "–")
    assert latest is not None
    value = value_key(latest.yaml_text, path) or ""
    try:
        # Atomic with the database's constraint (one open request per submission, rule
        # and path): of two identical requests at once, the second gets 409.
        with transaction.atomic():
            Submission.objects.select_for_update().filter(pk=submission.pk).first()
            pending = _pending(submission, rule, path)
            if pending is not None:
                raise AlreadyRequested(id=pending.pk)
            waiver = Waiver.objects.create(
                submission=submission,
                version=latest.number,
                rule=rule,
                path=path,
                document_digest=latest.document_digest,
                value=value,
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
            tell("waiver_requested", submission, user)
    except IntegrityError as exc:
        pending = _pending(submission, rule, path)
        raise AlreadyRequested(id=pending.pk if pending is not None else "-") from exc
    return waiver


def _pending(submission: Submission, rule: str, path: str) -> Waiver | None:
    return Waiver.objects.filter(
        submission=submission, rule=rule, path=path, status=WaiverStatus.REQUESTED
    ).first()


def latest_expiry(today: dt.date) -> dt.date:
    """Two years after today (a 29 February: the 28th): the furthest a waiver may run."""
    try:
        return today.replace(year=today.year + 2)
    except ValueError:
        return today.replace(year=today.year + 2, day=28)


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
        "document_digest": waiver.document_digest or None,
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
    note = bounded_note(note)  # at most 5,000 characters (400)
    if approve and not reference:
        raise ReferenceRequired()
    if not approve and not note:
        raise NoteRequired(to="refused")
    decider = permissions.as_user(user)
    for _attempt in range(ATTEMPTS):
        checked = None
        if approve:
            # Checked before the transaction, as if approved (OPA's time holds no lock);
            # stored below only if nothing changed meanwhile.
            approved = copy.copy(waiver)
            approved.status = WaiverStatus.APPROVED
            approved.decided_by_name = name_of(decider)
            approved.reference = reference[:200]
            checked = _check_latest(waiver.submission, with_waiver=approved)
        try:
            return _decided(user, waiver, approve, reference, note, checked)
        except _Changed:
            continue
    raise WaiverChanged()


def _decided(
    user: permissions.AnyUser,
    waiver: Waiver,
    approve: bool,
    reference: str,
    note: str,
    checked: _Rechecked | None,
) -> Waiver:
    # The decision and the answer of its check are one transaction: when the engine
    # could not check, nothing was decided (503) rather than a waiver approved but not
    # applied.
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
        if checked is not None:
            _store(user, submission, checked, cause="waiver_approved", waiver=current)
        tell("waiver_approved" if approve else "waiver_refused", submission, user)
    return current


def withdraw(user: permissions.AnyUser, wid: int | str, *, note: str = "") -> Waiver:
    """A pimpinan withdraws an approved waiver (a note is required): it covers nothing
    from then on, in the desk and in the file CI fetches, and the latest version of an
    open submission is checked again without it."""
    waiver = get_waiver_for(user, wid)  # 404 for whoever may not read it
    if not permissions.may_decide_waivers(user):
        raise Forbidden()
    note = bounded_note(note)
    if not note:
        raise NoteRequired(to="withdrawn")
    for _attempt in range(ATTEMPTS):
        if waiver.status != WaiverStatus.APPROVED:
            raise NotApproved(status=waiver.status)
        open_ = not waiver.submission.closed
        checked = _check_latest(waiver.submission, without=waiver) if open_ else None
        try:
            return _withdrawn(user, waiver, note, checked)
        except _Changed:
            waiver.refresh_from_db()
            continue
    raise WaiverChanged()


def _withdrawn(
    user: permissions.AnyUser, waiver: Waiver, note: str, checked: _Rechecked | None
) -> Waiver:
    with transaction.atomic():
        current = Waiver.objects.select_for_update().get(pk=waiver.pk)
        submission = Submission.objects.select_for_update().get(pk=current.submission_id)
        if current.status != WaiverStatus.APPROVED:
            raise NotApproved(status=current.status)
        moved = Waiver.objects.filter(pk=current.pk, status=WaiverStatus.APPROVED).update(
            status=WaiverStatus.WITHDRAWN,
            withdrawn_by_name=name_of(permissions.as_user(user)),
            withdrawn_at=timezone.now(),
            withdrawal_note=note,
        )
        if moved != 1:
            raise NotApproved(status="-")
        current.refresh_from_db()
        latest = submission.latest_version()
        record(
            "waiver_withdrawn",
            actor=user,
            submission=submission,
            version=latest.number if latest else None,
            note=note,
            document_digest=latest.document_digest if latest else "",
            detail=_detail(current),
        )
        if checked is not None and not submission.closed:
            _store(user, submission, checked, cause="waiver_withdrawn", waiver=current)
        tell("waiver_withdrawn", submission, user)
    return current


# --- checks under waivers --------------------------------------------------------------------
class _Changed(Exception):
    """The latest version or the approved waivers changed while a check ran: its answer
    is not stored, and the caller checks again."""


@dataclass
class _Rechecked:
    """A check of the latest version, made before the transaction that stores it, with
    what it was made with (to tell, in that transaction, whether it still holds)."""

    version: Version
    waiver_ids: tuple[int, ...]
    given: Waivers | None
    checked: checking.Checked
    verdict: str


def _check_latest(
    submission: Submission,
    *,
    with_waiver: Waiver | None = None,
    without: Waiver | None = None,
) -> _Rechecked | None:
    """Check the latest version under today's packs, policies, register (as its OPD may
    see it) and date, and the submission's approved waivers (with one about to be
    approved, without one about to be withdrawn). Outside any transaction."""
    latest = submission.latest_version()
    if latest is None:
        return None
    rows = [w for w in approved_waivers(submission) if without is None or w.pk != without.pk]
    if with_waiver is not None:
        rows.append(with_waiver)
    given = engine_waivers(rows)
    try:
        checked = checking.check_bytes(
            latest.yaml_text.encode("utf-8"),
            latest.filename,
            register=register_of_opd(submission.opd),  # MDN-KOOR-04, MDN-PBJ-08
            waivers=given,
        )
    except checking.EngineUnavailable as exc:
        raise EngineUnavailable(detail=exc.detail) from exc
    result = checking.only_result(checked)
    # Fail closed: a check that no longer gives one document is never "compliant".
    verdict = result.verdict(checked.report.fail_on) if result is not None else "error"
    return _Rechecked(latest, tuple(sorted(w.pk for w in rows)), given, checked, verdict)


def _store(
    actor: permissions.AnyUser,
    submission: Submission,
    rechecked: _Rechecked,
    *,
    cause: str,
    waiver: Waiver | None = None,
) -> Version:
    """Inside the transaction: the version takes the new answer, the one it held is
    kept (Recheck), the audit log says the verdict before and after. _Changed when the
    latest version or the approved waivers are no longer those it was checked with."""
    latest = submission.latest_version()
    now_approved = tuple(sorted(w.pk for w in approved_waivers(submission)))
    if latest is None or latest.pk != rechecked.version.pk or now_approved != rechecked.waiver_ids:
        raise _Changed()
    checked, given, verdict = rechecked.checked, rechecked.given, rechecked.verdict
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
            "packs": [p.get("name") for p in engine.get("packs") or [] if isinstance(p, dict)],
            "run_date": engine.get("run_date"),
        },
    )
    return latest


def recheck(
    actor: permissions.AnyUser,
    submission: Submission,
    *,
    cause: str,
    waiver: Waiver | None = None,
) -> Version | None:
    """Check the latest version again under the submission's approved waivers (outside
    any transaction), then store the answer in one (keeping the one it held before)."""
    for _attempt in range(ATTEMPTS):
        rechecked = _check_latest(submission)
        if rechecked is None:
            return None
        try:
            with transaction.atomic():
                Submission.objects.select_for_update().filter(pk=submission.pk).first()
                return _store(actor, submission, rechecked, cause=cause, waiver=waiver)
        except _Changed:
            continue
    raise WaiverChanged()


@dataclass(frozen=True)
class Refreshed:
    """The latest version's verdict before and after it was checked again."""

    before: str
    after: str


def refresh_before_recommending(
    user: permissions.AnyUser, submission: Submission
) -> Refreshed | None:
    """Before `→ recommended`: the latest version is always checked again, under
    today's packs, policies, register, waivers and date (issue 20): a verdict stored
    under other packs (`serve --pack` changed), older policies, a register since
    changed (a letter revoked) or a waiver since expired never lets a submission
    through. None when there is no version."""
    latest = submission.latest_version()
    if latest is None:
        return None
    before = latest.verdict
    stored = recheck(user, submission, cause="recommend")
    return Refreshed(before, stored.verdict) if stored is not None else None


def apply_to_upload(
    opd: Opd, kind: str, document_id: str, checked: checking.Checked, text: str
) -> checking.Checked:
    """A new version of a submission with approved waivers: its check with them
    applied, as the CLI applies them (checking.waive), each covering the upload only
    where its value at the waiver's path is the approved one; else the check as it is."""
    submission = Submission.objects.filter(opd=opd, kind=kind, document_id=document_id).first()
    if submission is None:
        return checked
    result = checking.only_result(checked)
    digest = result.digest if result is not None else None
    extra = (digest, text) if digest else None
    given = engine_waivers(approved_waivers(submission), extra)
    return checking.waive(checked, given) if given is not None else checked
