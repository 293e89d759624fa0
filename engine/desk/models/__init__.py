"""The desk's records, one module per domain, all of the one Django app `desk` (its
label, its migrations): import them from here.

- accounts.py     Role, Opd, Profile (a user's desk role), ApiToken; profile_of(user)
- submissions.py  Status, Submission, Version; ACCEPTING, NOTE_REQUIRED, REVIEW_OUTCOMES
- letters.py      Letter, LetterSequence, DeskSettings
- audit.py        AuditEvent (append-only)
- waivers.py      WaiverStatus, Waiver, Recheck
- attachments.py  Attachment
- calendar.py     DayOff (the office's extra days off)
- notifications.py OutboxMail (mail written with a decision, sent by `patuh desk notify`)
"""

from engine.desk.models.accounts import (
    TOKEN_DAYS,
    TOKEN_SCOPES,
    ApiToken,
    Opd,
    Profile,
    Role,
    profile_of,
    staff_flags,
)
from engine.desk.models.attachments import Attachment
from engine.desk.models.audit import AuditEvent, AuditImmutable, AuditQuerySet
from engine.desk.models.calendar import DayOff
from engine.desk.models.letters import (
    DEFAULT_LETTER_PATTERN,
    DeskSettings,
    Letter,
    LetterSequence,
)
from engine.desk.models.notifications import MAIL_EVENTS, MAIL_WAITING, OutboxMail
from engine.desk.models.submissions import (
    ACCEPTING,
    CLOSED,
    NOTE_REQUIRED,
    REVIEW_OUTCOMES,
    Status,
    Submission,
    Version,
)
from engine.desk.models.waivers import Recheck, Waiver, WaiverStatus

__all__ = [
    "ACCEPTING",
    "CLOSED",
    "DEFAULT_LETTER_PATTERN",
    "MAIL_EVENTS",
    "MAIL_WAITING",
    "NOTE_REQUIRED",
    "REVIEW_OUTCOMES",
    "TOKEN_DAYS",
    "TOKEN_SCOPES",
    "ApiToken",
    "Attachment",
    "AuditEvent",
    "AuditImmutable",
    "AuditQuerySet",
    "DayOff",
    "DeskSettings",
    "Letter",
    "LetterSequence",
    "Opd",
    "OutboxMail",
    "Profile",
    "Recheck",
    "Role",
    "Status",
    "Submission",
    "Version",
    "Waiver",
    "WaiverStatus",
    "profile_of",
    "staff_flags",
]
