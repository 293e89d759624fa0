"""Waivers decided in the desk (desk.md, second stage): the ONLY place with their rules.
The JSON API (api_waivers.py) and the pages (web/views_waivers.py) call these functions.

- An applicant of the submission's OPD requests a waiver of one finding of the latest
  version: a catalog rule that applies to the document's kind, an optional path, a
  justification and an expiry date (a UTC calendar day, current through that day, as
  in the CLI). YAML, SCHEMA and ENGINE findings are never waived.
- Only a `pimpinan` decides: approving needs the decision letter's reference. The audit
  log records the request and the decision.
- An approved waiver applies at once: the latest version is checked again with the
  submission's approved waivers, applied by the CLI's own code (engine/waivers/waiver_file.py
  load_waivers and apply_waivers, on the very YAML that GET /api/v1/waivers.yaml
  serves). The version then holds the new answer; the one it held before is kept in a
  Recheck row and the audit log records the verdict before and after.
- Expired waivers stop applying: before `→ recommended` the latest version is checked
  again under the waivers current at that moment (services.transition calls
  refresh_before_recommending), so an expired waiver never lets a submission through.

Public interface
- visible_waivers(user) -> QuerySet[Waiver] ; get_waiver_for(user, wid) -> Waiver (404)
- waivable_findings(version) -> list[dict]              what a request may name
- request_waiver(user, pk, rule=, path=, justification=, expires=) -> Waiver
- decide(user, wid, approve=, reference=, note=) -> Waiver
- waivers_yaml(rows) -> str ; served_waivers(user, opd=) -> list[Waiver]
- engine_waivers(rows) -> engine.waivers.waiver_file.Waivers | None
- apply_to_upload(opd, result, checked) -> Checked      a new version under current waivers
- refresh_before_recommending(user, submission)        re-check under today's waivers
- expiring_soon(rows) ; grouped(rows)                  the pages' lists
- add_demo_waivers(people, submissions)                for `patuh desk demo`
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from pydantic import ValidationError

from engine.desk import services
from engine.desk.accounts import permissions
from engine.desk.accounts.selectors import name_of
from engine.desk.core import checking
from engine.desk.letters.thread import register
from engine.desk.models import (
    Opd,
    Recheck,
    Role,
    Submission,
    Version,
    Waiver,
    WaiverStatus,
)
from engine.findings import ENGINE_RULE, INPUT_RULES
from engine.waivers.waiver_file import (
    FindingPath,
    WaiverEntry,
    Waivers,
    load_waivers,
    utc_today,
)

# Never waivable, exactly as in the CLI (engine/waivers/waiver_file.py apply_waivers): an invalid
# document is never waived into compliance, an engine failure never into a pass.
NOT_WAIVABLE = frozenset(INPUT_RULES | {ENGINE_RULE})
EXPIRING_DAYS = 30
SERVED_NAME = "waivers.yaml"  # the name the served file and the desk's notices use


# --- errors (DeskError: the API's "error" code, HTTP status, message in waivers.yaml) -----
class WaiverNotFound(services.NotFound):
    code = "waiver_not_found"


class NotWaivable(services.DeskError):
    code, status = "waiver_not_waivable", 400


class UnknownRule(services.DeskError):
    code, status = "waiver_unknown_rule", 400


class RuleNotForKind(services.DeskError):
    code, status = "waiver_rule_not_for_kind", 400


class NoSuchFinding(services.DeskError):
    code, status = "waiver_no_such_finding", 400


class BadPath(services.DeskError):
    code, status = "waiver_bad_path", 400


class BadExpiry(services.DeskError):
    code, status = "waiver_bad_expiry", 400


class ExpiryPast(services.DeskError):
    code, status = "waiver_expiry_past", 400


class JustificationRequired(services.DeskError):
    code, status = "waiver_justification_required", 400


class ReferenceRequired(services.DeskError):
    code, status = "waiver_reference_required", 400


class AlreadyDecided(services.DeskError):
    code, status = "waiver_already_decided", 409


class AlreadyRequested(services.DeskError):
    code, status = "waiver_already_requested", 409


class SubmissionClosed(services.DeskError):
    code, status = "waiver_closed", 409


# --- who may read and do what ------------------------------------------------------------
def visible_waivers(user: permissions.AnyUser) -> QuerySet[Waiver]:
    """A waiver is visible exactly when its submission is (OPD isolation)."""
    return Waiver.objects.select_related("submission", "submission__opd", "requested_by").filter(
        submission__in=permissions.readable_submissions(user)
    )


def get_waiver_for(user: permissions.AnyUser, wid: int | str) -> Waiver:
    try:
        return visible_waivers(user).get(pk=int(wid))
    except (Waiver.DoesNotExist, ValueError, TypeError) as exc:
        raise WaiverNotFound() from exc


# --- requests ----------------------------------------------------------------------------
def waivable_findings(version: Version | None) -> list[dict[str, Any]]:
    """The latest version's findings a waiver may be asked for: rule findings of an
    evaluated document that are not waived already."""
    if version is None:
        return []
    found = []
    for result in version.report.get("results", []):
        if result.get("invalid") or not result.get("evaluated", True):
            continue
        for finding in result.get("findings", []):
            if finding.get("rule") in NOT_WAIVABLE or finding.get("waived"):
                continue
            found.append(finding)
    return found


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
        raise services.Forbidden()
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
            requested_by=_user(user),
        )
        services.record(
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


def _user(user: permissions.AnyUser) -> User:
    if not isinstance(user, User):
        raise services.Forbidden()
    return user


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
        raise services.Forbidden()
    reference = (reference or "").strip()
    note = (note or "").strip()
    if approve and not reference:
        raise ReferenceRequired()
    if not approve and not note:
        raise services.NoteRequired(to="refused")
    # The decision and the check it causes are one transaction: when the engine cannot
    # check, nothing is decided (503) rather than a waiver approved but not applied.
    with transaction.atomic():
        current = Waiver.objects.select_for_update().get(pk=waiver.pk)
        if current.status != WaiverStatus.REQUESTED:
            raise AlreadyDecided(status=current.status)
        submission = Submission.objects.select_for_update().get(pk=current.submission_id)
        if submission.closed:
            raise SubmissionClosed(status=submission.status)
        decider = _user(user)
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
        services.record(
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


# --- the engine's waivers, from the database -----------------------------------------------
def _entry(waiver: Waiver) -> dict[str, Any]:
    """One entry of a patuh Waivers file (engine/waivers/waiver_file.py WaiverEntry)."""
    entry: dict[str, Any] = {
        "rule": waiver.rule,
        "kind": waiver.submission.kind,
        "document": waiver.submission.document_id,
    }
    if waiver.path:
        entry["path"] = waiver.path
    entry.update(
        justification=waiver.justification,
        approved_by=waiver.decided_by_name or "-",
        reference=waiver.reference,
        expires=waiver.expires.isoformat(),
    )
    return entry


def _valid_entry(entry: dict[str, Any]) -> bool:
    try:
        WaiverEntry.model_validate(entry)
    except ValidationError:
        return False
    return True


def waivers_yaml(rows: list[Waiver]) -> str:
    """A patuh Waivers file of these (approved) waivers, as `patuh check --waivers`
    reads it. An entry the CLI would refuse is left out, never served half-right."""
    entries = [entry for entry in (_entry(w) for w in rows) if _valid_entry(entry)]
    document = {"apiVersion": "patuh/v1", "kind": "Waivers", "waivers": entries}
    header = "# patuh desk: approved waivers (pimpinan's decisions), for patuh check --waivers\n"
    body = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
    return header + body


def served_waivers(user: permissions.AnyUser, opd: str | None = None) -> list[Waiver]:
    """What GET /api/v1/waivers.yaml serves this caller: the current approved waivers
    of the submissions they may read (an OPD's CI never gets another OPD's), oldest
    first; `opd` narrows it to one OPD (a reviewer's CI for one OPD's repository)."""
    found = visible_waivers(user).filter(status=WaiverStatus.APPROVED, expires__gte=utc_today())
    if opd:
        found = found.filter(submission__opd__name=opd)
    rows = list(found.order_by("decided_at", "id"))
    if opd or permissions.applicant_opd(user) is not None:
        return rows  # one OPD's file
    # A file for several OPDs (a reviewer's token): a waiver names a document by kind
    # and id only, so one OPD's waiver of a document whose kind and id another OPD's
    # submission shares would cover that one too. Such a waiver is left out (fail
    # closed); `?opd=` gives it, in that OPD's file.
    shared = {
        (row["kind"], row["document_id"])
        for row in Submission.objects.filter(
            document_id__in={w.submission.document_id for w in rows}
        )
        .values("kind", "document_id")
        .annotate(opds=Count("opd", distinct=True))
        .filter(opds__gt=1)
    }
    return [w for w in rows if (w.submission.kind, w.submission.document_id) not in shared]


def engine_waivers(rows: list[Waiver]) -> Waivers | None:
    """The engine's Waivers object for these waivers: their served YAML read by the
    CLI's own loader, so the desk applies exactly what `patuh check --waivers` would."""
    if not rows:
        return None
    with tempfile.TemporaryDirectory(prefix="patuh-desk-waivers-") as folder:
        path = Path(folder) / SERVED_NAME
        path.write_text(waivers_yaml(rows), encoding="utf-8")
        loaded = load_waivers(path, checking.catalog())
    loaded.file = SERVED_NAME
    return loaded


def _approved(submission: Submission) -> list[Waiver]:
    """Every approved waiver of the submission, expired ones too: the CLI's
    apply_waivers leaves an expired one unapplied and says so in a notice."""
    return list(
        Waiver.objects.select_related("submission")
        .filter(submission=submission, status=WaiverStatus.APPROVED)
        .order_by("decided_at", "id")
    )


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
    given = engine_waivers(_approved(submission))
    try:
        checked = checking.check_bytes(
            latest.yaml_text.encode("utf-8"),
            latest.filename,
            register=register(),  # as every desk check: MDN-KOOR-04, MDN-PBJ-08
            waivers=given,
        )
    except checking.EngineUnavailable as exc:
        raise services.EngineUnavailable(detail=exc.detail) from exc
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
    services.record(
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
    given = engine_waivers(_approved(submission))
    return checking.waive(checked, given) if given is not None else checked


# --- the pages' lists ----------------------------------------------------------------------------
def state_of(waiver: Waiver, today: dt.date | None = None) -> str:
    """requested | approved | expiring (approved, within 30 days) | expired | refused."""
    today = today or utc_today()
    if waiver.status != WaiverStatus.APPROVED:
        return str(waiver.status)
    if waiver.expires < today:
        return "expired"
    if waiver.expires <= today + dt.timedelta(days=EXPIRING_DAYS):
        return "expiring"
    return "approved"


GROUPS = ("requested", "expiring", "approved", "expired", "refused")


def grouped(rows: list[Waiver]) -> dict[str, list[Waiver]]:
    today = utc_today()
    groups: dict[str, list[Waiver]] = {name: [] for name in GROUPS}
    for waiver in rows:
        groups[state_of(waiver, today)].append(waiver)
    groups["expiring"].sort(key=lambda w: w.expires)
    return groups


def expiring_soon(rows: list[Waiver]) -> list[Waiver]:
    today = utc_today()
    return [w for w in rows if state_of(w, today) == "expiring"]


def days_left(waiver: Waiver) -> int:
    return (waiver.expires - utc_today()).days


# --- demo data ---------------------------------------------------------------------------------
DEMO_PLANS = (
    ("approve", 12, "Ruang server OPD dipakai sementara selama migrasi ke pusat data Diskominfo."),
    ("approve", 150, "Layanan pihak ketiga masih terikat kontrak; diganti saat kontrak berakhir."),
    ("request", 90, "Anggaran perbaikan baru tersedia pada triwulan berikutnya."),
    ("refuse", 60, "Belum ada rencana perbaikan; mohon dipertimbangkan."),
)


def add_demo_waivers(made: dict[str, Submission], users: dict[str, User]) -> None:
    """For `patuh desk demo`: on open submissions with a waivable finding, waivers in
    every state (approved and expiring within 30 days, approved, requested, refused)."""
    head = users["pimpinan"]
    chosen = []
    for submission in made.values():
        submission.refresh_from_db()
        findings = waivable_findings(submission.latest_version())
        if not submission.closed and findings:
            chosen.append((submission, findings[0]))
    for (submission, finding), (what, days, why) in zip(chosen, DEMO_PLANS, strict=False):
        applicant = User.objects.filter(
            desk_profile__role=Role.PEMOHON, desk_profile__opd=submission.opd
        ).first()
        if applicant is None:
            continue
        asked = request_waiver(
            applicant,
            submission.pk,
            rule=finding["rule"],
            path=finding.get("path") or None,
            justification=why,
            expires=utc_today() + dt.timedelta(days=days),
        )
        if what == "approve":
            decide(head, asked.pk, approve=True, reference=f"800/{100 + asked.pk}/Diskominfo/2026")
        elif what == "refuse":
            decide(head, asked.pk, approve=False, note="Perbaiki dokumennya.")
