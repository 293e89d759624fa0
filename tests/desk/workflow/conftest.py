"""The people of the mail tests (tests/desk/workflow/test_mail_*.py): made with an
address on the test's database, and silenced after the test (their address blanked,
their waiting mail given up), so the next test's outbox holds only its own mail."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from desk.conftest import PASSWORD, People
from desk.smtp import set_aside_waiting_mail


@dataclass
class MailOffice:
    opd: str
    made: list[Any] = field(default_factory=list)
    since: int = 0  # mails up to this id are forgotten (`forget`)

    def person(
        self,
        role: str,
        *,
        opd: str | None = None,
        lang: str = "id",
        notify: str = "each",
        active: bool = True,
        bounced: bool = False,
        email: bool = True,
    ) -> Any:
        from django.utils import timezone

        from engine.desk.accounts import services
        from engine.desk.models import Profile

        name = f"{role}.{uuid.uuid4().hex[:8]}"
        where = (opd or self.opd) if role == "pemohon" else None
        user = services.create_user(name, role, where, PASSWORD, full_name=f"Nama {name}")
        user.email = f"{name}@demo.medan.go.id" if email else ""
        user.is_active = active
        user.save()
        Profile.objects.filter(user=user).update(
            language=lang,
            notify=notify,
            mail_bounced_at=timezone.now() if bounced else None,
        )
        user.refresh_from_db()
        self.made.append(user)
        return user

    def mails(self) -> list[Any]:
        from engine.desk.models import OutboxMail

        return list(
            OutboxMail.objects.filter(pk__gt=self.since, recipient__in=self.made).order_by("id")
        )

    def told(self) -> dict[str, list[str]]:
        """Each person's events since the last `forget`, by username."""
        told: dict[str, list[str]] = {}
        for mail in self.mails():
            told.setdefault(mail.recipient.username, []).append(mail.event)
        return told

    def mail_of(self, user: Any, event: str) -> Any:
        (mail,) = [m for m in self.mails() if m.recipient_id == user.pk and m.event == event]
        return mail

    def forget(self) -> None:
        from django.db.models import Max

        from engine.desk.models import OutboxMail

        self.since = OutboxMail.objects.aggregate(last=Max("id"))["last"] or 0


@pytest.fixture
def mail_office(people: People) -> Iterator[MailOffice]:
    from django.contrib.auth.models import User
    from django.utils import timezone

    from engine.desk.models import OutboxMail

    office = MailOffice(opd=f"Dinas Uji Surel {uuid.uuid4().hex[:6]}")
    set_aside_waiting_mail()
    office.forget()
    yield office
    User.objects.filter(pk__in=[u.pk for u in office.made]).update(email="")
    OutboxMail.objects.filter(
        recipient__in=office.made, sent_at__isnull=True, gave_up_at__isnull=True
    ).update(gave_up_at=timezone.now())
