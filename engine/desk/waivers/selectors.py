"""The waivers' reads: what a user may see (a waiver is visible exactly when its
submission is), the findings a request may name, the approved waivers of a submission
or of a CI caller, and the pages' lists by state (requested, expiring within 30 days,
approved, expired, refused)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, QuerySet

from engine.desk.accounts import permissions
from engine.desk.models import Submission, Version, Waiver, WaiverStatus
from engine.desk.waivers.errors import WaiverNotFound
from engine.findings import ENGINE_RULE, INPUT_RULES
from engine.waivers.waiver_file import utc_today

# Never waivable, exactly as in the CLI (engine/waivers/applying.py apply_waivers): an
# invalid document is never waived into compliance, an engine failure never into a pass.
NOT_WAIVABLE = frozenset(INPUT_RULES | {ENGINE_RULE})
EXPIRING_DAYS = 30


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


def approved_waivers(submission: Submission) -> list[Waiver]:
    """Every approved waiver of the submission, expired ones too: the CLI's
    apply_waivers leaves an expired one unapplied and says so in a notice."""
    return list(
        Waiver.objects.select_related("submission")
        .filter(submission=submission, status=WaiverStatus.APPROVED)
        .order_by("decided_at", "id")
    )


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


def state_of(waiver: Waiver, today: dt.date | None = None) -> str:
    """requested | approved | expiring (approved, within 30 days) | expired | refused |
    withdrawn."""
    today = today or utc_today()
    if waiver.status != WaiverStatus.APPROVED:
        return str(waiver.status)
    if waiver.expires < today:
        return "expired"
    if waiver.expires <= today + dt.timedelta(days=EXPIRING_DAYS):
        return "expiring"
    return "approved"


GROUPS = ("requested", "expiring", "approved", "expired", "refused", "withdrawn")


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
