"""The mail outbox (desk.md, "Notifications by e-mail"): the queue and its sending. Who
is told of what is engine/desk/accounts/recipients.py's; this module writes their mails
inside the step's own transaction (a crash loses both or neither) and sends them later.

`send_outbox` (`patuh desk notify`, for cron) sends what is waiting through Django's
mail (PATUH_DESK_EMAIL_URL) over ONE SMTP connection opened for the run, marking each
mail sent. A server that is down, or refuses for now (4xx), delays a mail: its attempt
is counted, its error kept, and the next run sends it. A permanent refusal of the
address (5xx to RCPT TO, but not 5.7.x: that is our server's policy or login, not the
person's address) gives the mail up and marks the person's address as bouncing; no new
mail is written to it until an admin clears the mark.

A mail is in its recipient's language and names the submission's number, title and
document id with a link to its page: never the document's contents, findings or notes.

- reachable() -> QuerySet[Profile]   who may get a mail at all (active, an address, the
      choice `each`, not bouncing)
- enqueue(submission, event, recipients, who="") -> int   mails written
- enqueue_digests(lines_of) -> int   one mail per person who chose the daily digest and
      has something due or late (lines_of(user) gives the lines; engine/desk/submissions)
- send_outbox(limit=1000) -> (sent, failed)
"""

from __future__ import annotations

import contextlib
import re
import smtplib
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.db.models import F, QuerySet
from django.utils import timezone

from engine.desk.core.i18n import t
from engine.desk.models import MAIL_EVENTS, MAIL_WAITING, OutboxMail, Profile, Submission

# The events a mail is written for (messages/mail.yaml has `mail.<event>`); the digest
# is written by enqueue_digests.
EVENTS = tuple(event for event in MAIL_EVENTS if event != "digest")


def _choosing(notify: str) -> QuerySet[Profile]:
    """Who gets mail of this kind: they chose it, are active, have an address that
    does not bounce."""
    return (
        Profile.objects.filter(user__is_active=True, notify=notify, mail_bounced_at__isnull=True)
        .exclude(user__email="")
        .select_related("user")
    )


def reachable() -> QuerySet[Profile]:
    """The profiles a mail may be written to for one event."""
    return _choosing("each")


def submission_link(submission: Submission) -> str:
    return f"{settings.DESK_BASE_URL}/submissions/{submission.pk}/"


def _one_line(title: str) -> str:
    """A title as a subject: one line (a header never breaks), at most 150 characters."""
    return " ".join(title.split())[:150]


def _mail(profile: Profile, submission: Submission, event: str, who: str) -> OutboxMail:
    lang = profile.language
    words = {
        "number": submission.pk,
        "title": submission.title,
        "document_id": submission.document_id,
        "opd": submission.opd.name if submission.opd_id else "-",
        # The office's people are named by their role (issue 21), to everyone.
        "who": t(f"role.{who}", lang) if who else "-",
    }
    body = "\n\n".join(
        [
            t(f"mail.{event}", lang, **words),
            t("mail.link", lang, link=submission_link(submission)),
            t("mail.footer", lang),
        ]
    )
    return OutboxMail(
        to=profile.user.email,
        recipient=profile.user,
        subject=t("mail.subject", lang, number=submission.pk, title=_one_line(submission.title))[
            :300
        ],
        body=body,
        event=event,
    )


def enqueue(
    submission: Submission, event: str, recipients: Iterable[User], *, who: str = ""
) -> int:
    """Write `event`'s mail to each of `recipients` who may get one (the caller chose
    them, and is in the transaction of the step that causes it). `who`: the role of the
    person who acted, where the mail names them."""
    if event not in EVENTS:
        raise ValueError(f"no mail for the event {event!r}")
    chosen = reachable().filter(user_id__in={user.pk for user in recipients}).order_by("user_id")
    mails = [_mail(profile, submission, event, who) for profile in chosen]
    OutboxMail.objects.bulk_create(mails)
    return len(mails)


def enqueue_digests(lines_of: Callable[[User], list[str]]) -> int:
    """The daily digest (`patuh desk notify --digest`): written to the outbox, sent with
    the rest, to whoever chose it, is active, has an address and is not bouncing."""
    mails = []
    for profile in _choosing("digest"):
        lines = lines_of(profile.user)
        if lines:
            lang = profile.language
            mails.append(
                OutboxMail(
                    to=profile.user.email,
                    recipient=profile.user,
                    subject=t("mail.digest_subject", lang, count=len(lines)),
                    body="\n".join(
                        [t("mail.digest_intro", lang), "", *lines, "", t("mail.footer", lang)]
                    ),
                    event="digest",
                )
            )
    OutboxMail.objects.bulk_create(mails)
    return len(mails)


# --- sending ------------------------------------------------------------------------------
# An enhanced status code 5.7.x is about our server's policy or login (relay denied,
# authentication required): fixed by the office, never the recipient's fault.
_OUR_SIDE = re.compile(rb"^\s*5\.7\.")


def _answer(code: int, text: bytes | str) -> str:
    raw = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {raw}".strip()[:500]


def _bounce(exc: smtplib.SMTPRecipientsRefused) -> str | None:
    """The server's answer when it refused the recipient for good, else None (retry)."""
    answers = list(exc.recipients.values())
    permanent = [
        (code, text)
        for code, text in answers
        if 500 <= code < 600 and not _OUR_SIDE.match(text if isinstance(text, bytes) else b"")
    ]
    if answers and len(permanent) == len(answers):
        return _answer(*permanent[0])
    return None


def _mark_bounced(mail: OutboxMail, answer: str) -> None:
    """The person's address bounces: marked on their profile, and the mails still waiting
    for it given up with this one."""
    now = timezone.now()
    people = (
        Profile.objects.filter(user_id=mail.recipient_id)
        if mail.recipient_id
        else Profile.objects.filter(user__email__iexact=mail.to)
    )
    people.update(mail_bounced_at=now, mail_bounce_reason=answer)
    OutboxMail.objects.filter(MAIL_WAITING, to__iexact=mail.to).update(
        gave_up_at=now, last_error=answer
    )


def _claim(mail: OutboxMail) -> bool:
    """Count this attempt, unless another run of `patuh desk notify` (cron's next one,
    while this one is slow) counted one since this run listed the mail: then that run
    has it, and it is not sent twice. (Two runs can still both send the one mail that
    is on the wire when the later run lists it: a claim is an attempt, not a lease.)"""
    claimed = OutboxMail.objects.filter(MAIL_WAITING, pk=mail.pk, attempts=mail.attempts).update(
        attempts=mail.attempts + 1
    )
    mail.attempts += claimed
    return claimed == 1


def _failed(mail: OutboxMail, error: str) -> None:
    OutboxMail.objects.filter(pk=mail.pk).update(last_error=error[:2000])


def _message(mail: OutboxMail, connection: Any) -> EmailMessage:
    return EmailMessage(
        mail.subject,
        mail.body,
        settings.DEFAULT_FROM_EMAIL,
        [mail.to],
        connection=connection,
        # A machine's mail (RFC 3834): no out-of-office answer comes back to the desk.
        headers={"Auto-Submitted": "auto-generated"},
    )


def send_outbox(limit: int = 1000) -> tuple[int, int]:
    """Send up to `limit` waiting mails, oldest first: (sent, not sent this time)."""
    waiting = list(OutboxMail.objects.filter(MAIL_WAITING).order_by("id")[:limit])
    if not waiting:
        return 0, 0
    sent = failed = 0
    bounced: set[str] = set()  # addresses refused for good during this run
    connection = get_connection(fail_silently=False)
    opened = False
    try:
        for position, mail in enumerate(waiting):
            if mail.to.lower() in bounced:
                continue  # given up with the mail that bounced earlier in this run
            if not _claim(mail):
                continue  # another run has it
            try:
                if not opened:
                    # Opened once, explicitly: Django keeps an open connection for every
                    # mail of the run (it opens and closes one per mail otherwise).
                    connection.open()
                    opened = True
                _message(mail, connection).send()
            except smtplib.SMTPRecipientsRefused as exc:
                answer = _bounce(exc)
                if answer is None:  # 4xx, or our own server's policy: the next run
                    _failed(mail, str(exc))
                else:
                    _mark_bounced(mail, answer)
                    bounced.add(mail.to.lower())
                failed += 1
                continue
            except smtplib.SMTPResponseException as exc:  # 4xx/5xx to MAIL or DATA
                _failed(mail, _answer(exc.smtp_code, exc.smtp_error))
                failed += 1
                continue
            except ValueError as exc:
                # This mail cannot be written as a message (Django refuses it): kept with
                # its error for the admin, and the queue goes on past it.
                _failed(mail, str(exc) or type(exc).__name__)
                failed += 1
                continue
            except (smtplib.SMTPException, OSError) as exc:
                # Down, a timeout, or the connection lost: this one and the rest wait for
                # the next run, unless a fresh connection gets through.
                _failed(mail, str(exc) or type(exc).__name__)
                failed += 1
                _close(connection)
                opened = False
                if not _reopens(connection):
                    rest = [other.pk for other in waiting[position + 1 :]]
                    failed += OutboxMail.objects.filter(MAIL_WAITING, pk__in=rest).update(
                        attempts=F("attempts") + 1,
                        last_error=(str(exc) or type(exc).__name__)[:2000],
                    )
                    break
                opened = True
                continue
            OutboxMail.objects.filter(pk=mail.pk).update(sent_at=timezone.now(), last_error="")
            sent += 1
    finally:
        if opened:
            _close(connection)
    return sent, failed


def _close(connection: Any) -> None:
    with contextlib.suppress(smtplib.SMTPException, OSError):  # already gone
        connection.close()


def _reopens(connection: Any) -> bool:
    try:
        connection.open()
    except (smtplib.SMTPException, OSError):
        return False
    return True
