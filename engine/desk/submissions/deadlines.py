"""Deadlines and who works on a submission (desk.md, "Assignment", "Deadlines").

A submission's current stage began with the audit event that brought it into the
stage's statuses from outside them: the review stage (submitted, in_review) with its
upload or resubmission, the decision stage (reviewed) with the review, the applicant's
turn (returned) with the return. "Waiting since" is that moment, not the last change.
The review stage is due `review_days` working days after its start, the decision stage
`decision_days` (DeskSettings, defaults 5 and 3), counted in WIB days without weekends,
public holidays and the office's days off (core/working_days.py); it is overdue from
the day after its due date. Returned and closed submissions are due nothing.

- with_stage_start(submissions) -> QuerySet annotated with `stage_started`
- deadlines(today=None) -> Deadlines; .of(submission) -> Deadline(since, due, overdue)
- digest_lines(user, today=None) -> list[str]   the daily digest's lines (core/outbox.py)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import User
from django.db.models import Case, DateTimeField, F, OuterRef, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from engine.desk.core.i18n import t
from engine.desk.core.outbox import submission_link
from engine.desk.core.working_days import WorkingCalendar, office_calendar
from engine.desk.letters.selectors import desk_settings
from engine.desk.models import AuditEvent, Status, Submission, profile_of

REVIEW = (Status.SUBMITTED, Status.IN_REVIEW)
DECISION = (Status.REVIEWED,)
APPLICANT = (Status.RETURNED,)


def _stage_start(statuses: tuple[str, ...]) -> Subquery:
    entered = (
        AuditEvent.objects.filter(submission=OuterRef("pk"), to_status__in=statuses)
        .exclude(from_status__in=statuses)
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    return Subquery(entered, output_field=DateTimeField())


def with_stage_start(submissions: QuerySet[Submission]) -> QuerySet[Submission]:
    return submissions.annotate(
        stage_started=Coalesce(
            Case(
                When(status__in=REVIEW, then=_stage_start(REVIEW)),
                When(status__in=DECISION, then=_stage_start(DECISION)),
                When(status__in=APPLICANT, then=_stage_start(APPLICANT)),
                default=F("updated_at"),
                output_field=DateTimeField(),
            ),
            F("created_at"),
            output_field=DateTimeField(),
        )
    )


@dataclass(frozen=True)
class Deadline:
    since: datetime  # the start of the current stage
    due: date | None
    overdue: bool

    @property
    def days_waiting(self) -> int:
        return (timezone.now() - self.since).days


class Deadlines:
    """The service levels and the calendar, read once for a whole list."""

    def __init__(
        self,
        review_days: int,
        decision_days: int,
        calendar: WorkingCalendar,
        today: date | None = None,
    ) -> None:
        self.levels: dict[str, int] = {str(s): review_days for s in REVIEW}
        self.levels |= {str(s): decision_days for s in DECISION}
        self.calendar = calendar
        self.today = today or timezone.localdate()

    def of(self, submission: Submission) -> Deadline:
        since = getattr(submission, "stage_started", None) or _stage_start_of(submission)
        days = self.levels.get(submission.status)
        if days is None:
            return Deadline(since, None, False)
        due = self.calendar.add(timezone.localtime(since).date(), days)
        return Deadline(since, due, self.today > due)


def deadlines(today: date | None = None) -> Deadlines:
    found = desk_settings()
    return Deadlines(found.review_days, found.decision_days, office_calendar(), today)


def _stage_start_of(submission: Submission) -> datetime:
    annotated = with_stage_start(Submission.objects.filter(pk=submission.pk)).first()
    started = getattr(annotated, "stage_started", None)
    return started if isinstance(started, datetime) else submission.updated_at


def digest_lines(user: User, today: date | None = None) -> list[str]:
    """The daily digest's lines for `user`: what is assigned to them, still in review or
    waiting for a decision, and due today or late (title, number, due date, link), in
    the language of their mail."""
    profile = profile_of(user)
    lang = profile.language if profile is not None else "id"
    due = deadlines(today)
    mine = with_stage_start(
        Submission.objects.filter(assignee=user, status__in=(*REVIEW, *DECISION))
    ).order_by("id")
    lines = []
    for submission in mine:
        deadline = due.of(submission)
        if deadline.due is None or deadline.due > due.today:
            continue
        lines.append(
            t(
                "mail.digest_line",
                lang,
                number=submission.pk,
                title=submission.title,
                due=deadline.due.isoformat(),
                late=t("mail.digest_late", lang) if deadline.overdue else "",
                link=submission_link(submission),
            )
        )
    return lines
