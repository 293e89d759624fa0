"""The mail outbox (desk.md, "Notifications by e-mail"): `enqueue` writes the mails of a
decision inside the decision's own transaction (a crash loses both or neither);
`send_outbox` (`patuh desk notify`, for cron) sends what is waiting through Django's
mail (PATUH_DESK_EMAIL_URL), marking each sent, or counting the attempt and keeping the
error when the server refuses or is down: the next run sends it. A mail names the
submission's title and number and links to it, never its contents.

- enqueue(submission, event, link) -> int   mails written for the OPD's applicants
- send_outbox(limit=1000) -> (sent, failed)
- enqueue_digests(lines_of) -> int   one mail per person who chose the daily digest and
      has something due or late (lines_of(user) gives the lines; engine/desk/submissions)
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import get_connection, send_mail
from django.utils import timezone

from engine.desk.core.i18n import t
from engine.desk.models import OutboxMail, Profile, Role, Submission

# The decisions an applicant is told of (to the OPD's applicants with an address).
TO_THE_OPD = ("returned", "recommended", "rejected")


def enqueue(submission: Submission, event: str, link: str) -> int:
    if event not in TO_THE_OPD:
        return 0
    applicants = Profile.objects.filter(
        role=Role.PEMOHON, opd_id=submission.opd_id, user__is_active=True, notify="each"
    ).select_related("user")
    mails = [
        OutboxMail(
            to=p.user.email,
            subject=t("mail.subject", "id", number=submission.pk, title=submission.title[:150]),
            body=t(
                f"mail.{event}",
                "id",
                number=submission.pk,
                title=submission.title,
                link=link,
            ),
            event=event,
        )
        for p in applicants
        if p.user.email
    ]
    OutboxMail.objects.bulk_create(mails)
    return len(mails)


def enqueue_digests(lines_of: Callable[[User], list[str]]) -> int:
    """The daily digest (`patuh desk notify`): written to the outbox, sent with the rest."""
    chosen = Profile.objects.filter(notify="digest", user__is_active=True).select_related("user")
    mails = []
    for profile in chosen:
        lines = lines_of(profile.user) if profile.user.email else []
        if lines:
            mails.append(
                OutboxMail(
                    to=profile.user.email,
                    subject=t("mail.digest_subject", "id", count=len(lines)),
                    body="\n".join([t("mail.digest_intro", "id"), "", *lines]),
                    event="digest",
                )
            )
    OutboxMail.objects.bulk_create(mails)
    return len(mails)


def send_outbox(limit: int = 1000) -> tuple[int, int]:
    waiting = list(OutboxMail.objects.filter(sent_at__isnull=True).order_by("id")[:limit])
    sent = failed = 0
    connection = get_connection(fail_silently=False)
    for mail in waiting:
        try:
            send_mail(
                mail.subject,
                mail.body,
                settings.DEFAULT_FROM_EMAIL,
                [mail.to],
                connection=connection,
            )
        except Exception as exc:  # SMTP refused or down: kept for the next run
            OutboxMail.objects.filter(pk=mail.pk).update(
                attempts=mail.attempts + 1, last_error=str(exc)[:2000]
            )
            failed += 1
            connection = get_connection(fail_silently=False)  # a fresh one next time
            continue
        OutboxMail.objects.filter(pk=mail.pk).update(
            sent_at=timezone.now(), attempts=mail.attempts + 1, last_error=""
        )
        sent += 1
    return sent, failed
