"""The submissions' reads: the queue (what a user may read, filtered, the longest
waiting first), and a version against another (the diff of the YAML, and which
findings a version fixed and introduced)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from patiencediff import PatienceSequenceMatcher, unified_diff

from engine.desk.accounts import permissions
from engine.desk.accounts.permissions import AnyUser
from engine.desk.models import Status, Submission, Version


def queue(
    user: AnyUser,
    *,
    status: str | None = None,
    opd: str | None = None,
    kind: str | None = None,
    min_age_days: int | None = None,
    drafts: bool = False,
) -> QuerySet[Submission]:
    """The reviewer's list: filtered, the longest waiting first. drafts=True: with the
    applicant's own OPD's drafts (only ever a pemohon's; never a reviewer's)."""
    found = permissions.readable_submissions(user, drafts=drafts)
    if status:
        found = found.filter(status=status)
    if opd:
        found = found.filter(opd__name=opd)
    if kind:
        found = found.filter(kind=kind)
    if min_age_days:
        found = found.filter(updated_at__lte=timezone.now() - timedelta(days=min_age_days))
    return found.order_by("updated_at", "id")


# The diff's bounds (issue 21): difflib's matcher grows with the square of the lines, and
# two 242 KB versions of 16,000 lines swapped in pairs held a worker for 23 s of CPU.
# Patience diff (Breezy's patiencediff, compiled) is near-linear: those two take ~15 ms.
# Beyond MAX_DIFF_LINES a side, or DIFF_SECONDS of CPU, the page says so instead of
# laying out tens of thousands of rows (the layout, not the diff, would then cost).
MAX_DIFF_LINES = 5_000
DIFF_SECONDS = 1.0


class DiffTooLarge(Exception):
    """Two versions beyond the diff's bounds: `lines` of the longer, `limit` allowed."""

    def __init__(self, lines: int, limit: int = MAX_DIFF_LINES) -> None:
        super().__init__(f"{lines} lines, the diff's limit is {limit}")
        self.lines = lines
        self.limit = limit


def version_diff(old: Version, new: Version) -> list[str]:
    """The unified diff of two versions' YAML; DiffTooLarge beyond the bounds."""
    before, after = old.yaml_text.splitlines(), new.yaml_text.splitlines()
    longest = max(len(before), len(after))
    if longest > MAX_DIFF_LINES:
        raise DiffTooLarge(longest)
    started = time.process_time()
    lines = list(
        unified_diff(
            before,
            after,
            fromfile=f"v{old.number}",
            tofile=f"v{new.number}",
            lineterm="",
            sequencematcher=PatienceSequenceMatcher,
        )
    )
    if time.process_time() - started > DIFF_SECONDS:
        raise DiffTooLarge(longest)
    return lines


def open_drafts(user: AnyUser) -> int:
    """How many drafts `user` started that are still drafts (the 50 a person may keep)."""
    return (
        Submission.objects.filter(
            status=Status.DRAFT, versions__number=1, versions__uploaded_by=user.pk
        )
        .distinct()
        .count()
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
