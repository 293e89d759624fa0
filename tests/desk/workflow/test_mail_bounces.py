"""Bounces (issue 24, "A mail address that bounces is marked in the admin"), on SQLite
and PostgreSQL, against a real SMTP server (aiosmtpd) whose handler refuses one address
for good (550) and another for now (451) at RCPT TO. The permanent refusal gives the
mail up and marks the person's address as bouncing (shown and filtered in the admin's
user list); no new mail is written to it until an admin clears the mark with the action
"Hapus tanda pantulan". The temporary refusal is tried again on the next run. One SMTP
connection carries every mail of a run."""

from __future__ import annotations

from collections.abc import Iterator
from email import message_from_bytes
from typing import Any

import pytest
from django.test import Client

from desk.conftest import People, make_proposal
from desk.smtp import smtp_at, smtp_server
from desk.workflow.conftest import MailOffice


class RefusingMailbox:
    """A fault injector on a real SMTP server: its handler refuses the addresses of
    `gone` for good (550) and those of `busy` for now (451), at RCPT TO; it keeps the
    rest, and the client ports it was reached from (one per connection)."""

    def __init__(self) -> None:
        self.gone: set[str] = set()
        self.busy: set[str] = set()
        self.asked: list[str] = []
        self.received: list[Any] = []
        self.connections: set[int] = set()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        self.connections.add(session.peer[1])
        self.asked.append(address)
        if address in self.gone:
            return "550 5.1.1 Alamat tidak dikenal"
        if address in self.busy:
            return "451 4.2.0 Kotak surat sibuk, coba lagi nanti"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def refusing() -> Iterator[tuple[RefusingMailbox, int]]:
    box = RefusingMailbox()
    with smtp_server(box) as port:
        yield box, port


def _return(people: People, office: MailOffice, applicant: Any) -> int:
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import transition

    pk = submit(applicant, make_proposal(opd=office.opd), "usulan.yaml").submission.pk
    transition(people.verifikator.user, pk, "in_review")
    transition(people.verifikator.user, pk, "returned", "Lengkapi.")
    return int(pk)


def _mark(user: Any) -> tuple[Any, str]:
    from engine.desk.models import Profile

    profile = Profile.objects.get(user=user)
    return profile.mail_bounced_at, profile.mail_bounce_reason


def test_a_permanent_refusal_marks_the_address_and_a_temporary_one_is_tried_again(
    people: People, mail_office: MailOffice, refusing: tuple[RefusingMailbox, int]
) -> None:
    from engine.desk.core.outbox import send_outbox
    from engine.desk.models import OutboxMail

    box, port = refusing
    office = mail_office
    good, gone, busy = (office.person("pemohon") for _ in range(3))
    box.gone, box.busy = {gone.email}, {busy.email}
    _return(people, office, good)
    with smtp_at(port):
        assert send_outbox() == (1, 2)
    assert [(m["To"], m["Auto-Submitted"]) for m in box.received] == [
        (good.email, "auto-generated")
    ]
    bounced = OutboxMail.objects.get(recipient=gone)
    assert bounced.state == "failed" and bounced.gave_up_at is not None
    assert bounced.last_error.startswith("550 5.1.1")
    at, reason = _mark(gone)
    assert at is not None and reason == "550 5.1.1 Alamat tidak dikenal"
    waiting = OutboxMail.objects.get(recipient=busy)
    assert waiting.state == "waiting" and waiting.attempts == 1 and "451" in waiting.last_error
    assert _mark(busy) == (None, "")

    box.busy = set()  # the busy mailbox has room now; the gone one is never asked again
    box.asked.clear()
    with smtp_at(port):
        assert send_outbox() == (1, 0)
    assert box.asked == [busy.email]
    assert OutboxMail.objects.get(recipient=busy).state == "sent"

    # No new mail to a bouncing address; the others are told as before.
    office.forget()
    _return(people, office, good)
    assert office.told() == {good.username: ["returned"], busy.username: ["returned"]}


def test_a_refusal_of_our_own_server_s_policy_marks_nobody(
    people: People, mail_office: MailOffice, refusing: tuple[RefusingMailbox, int]
) -> None:
    from engine.desk.core.outbox import send_outbox
    from engine.desk.models import OutboxMail

    box, port = refusing
    office = mail_office
    applicant, colleague = office.person("pemohon"), office.person("pemohon")

    async def relay_denied(*args: Any) -> str:
        return "550 5.7.1 Relaying denied"  # a login the office has to fix, not an address

    box.handle_RCPT = relay_denied  # type: ignore[method-assign]
    _return(people, office, applicant)
    with smtp_at(port):
        assert send_outbox() == (0, 2)
    for person in (applicant, colleague):
        kept = OutboxMail.objects.get(recipient=person)
        assert kept.state == "waiting" and "5.7.1" in kept.last_error
        assert _mark(person) == (None, "")


def test_the_admin_shows_filters_and_clears_a_bounce(
    people: People, mail_office: MailOffice
) -> None:
    from django.utils import timezone

    from engine.desk.models import OutboxMail, Profile

    office = mail_office
    gone, fine = office.person("pemohon"), office.person("pemohon")
    Profile.objects.filter(user=gone).update(
        mail_bounced_at=timezone.now(), mail_bounce_reason="550 5.1.1 Alamat tidak dikenal"
    )
    client = Client()
    client.force_login(people.admin.user)
    listed = client.get("/admin/auth/user/", {"memantul": "ya", "q": gone.username})
    assert listed.status_code == 200
    page = listed.content.decode()
    assert "surel memantul" in page and "550 5.1.1 Alamat tidak dikenal" in page
    bouncing = client.get("/admin/auth/user/", {"memantul": "ya"}).content.decode()
    assert gone.username in bouncing and fine.username not in bouncing
    cleared = client.post(
        "/admin/auth/user/",
        {"action": "clear_bounce", "_selected_action": [gone.pk]},
        follow=True,
    )
    assert cleared.status_code == 200 and "Tanda pantulan dihapus dari 1 pengguna" in (
        cleared.content.decode()
    )
    assert _mark(gone) == (None, "")
    # Told again once cleared.
    _return(people, office, fine)
    assert set(office.told()) == {gone.username, fine.username}
    # The outbox's list: each mail's state, and a filter by it.
    outbox = client.get("/admin/desk/outboxmail/", {"keadaan": "waiting"}).content.decode()
    assert gone.email in outbox and "Menunggu" in outbox
    assert OutboxMail.objects.filter(recipient=gone).get().state == "waiting"


def test_one_connection_carries_every_mail_of_a_run(
    people: People, mail_office: MailOffice, refusing: tuple[RefusingMailbox, int]
) -> None:
    from engine.desk.core.outbox import send_outbox

    box, port = refusing
    office = mail_office
    applicants = [office.person("pemohon") for _ in range(4)]
    box.busy = {applicants[1].email}  # a refusal on the way does not cost a connection
    _return(people, office, applicants[0])
    with smtp_at(port):
        assert send_outbox() == (3, 1)
    assert len(box.connections) == 1


def test_a_mail_that_cannot_be_written_does_not_hold_up_the_queue(
    people: People, mail_office: MailOffice, refusing: tuple[RefusingMailbox, int]
) -> None:
    from engine.desk.core.outbox import send_outbox
    from engine.desk.models import OutboxMail
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import transition

    box, port = refusing
    office = mail_office
    applicant, colleague = office.person("pemohon"), office.person("pemohon")
    # A fault injector: a row no header may carry (Django refuses a subject with a line
    # break), first in the queue.
    stuck = OutboxMail.objects.create(
        to=colleague.email, recipient=colleague, subject="Baris\nBcc: x@y", body="-", event="x"
    )
    pk = submit(applicant, make_proposal(opd=office.opd), "u.yaml").submission.pk
    transition(people.verifikator.user, pk, "in_review")
    transition(people.verifikator.user, pk, "returned", "Lengkapi.")
    with smtp_at(port):
        assert send_outbox() == (2, 1)
    assert sorted(m["To"] for m in box.received) == sorted([applicant.email, colleague.email])
    stuck.refresh_from_db()
    assert stuck.state == "waiting" and stuck.attempts == 1 and stuck.last_error


def test_a_mail_another_run_took_meanwhile_is_not_sent_twice(
    people: People, mail_office: MailOffice, refusing: tuple[RefusingMailbox, int]
) -> None:
    from asgiref.sync import sync_to_async
    from django.db import connection as db

    from engine.desk.core.outbox import send_outbox
    from engine.desk.models import OutboxMail

    box, port = refusing
    office = mail_office
    first, second = office.person("pemohon"), office.person("pemohon")
    _return(people, office, first)  # the first's upload, and both told of its return
    mails = list(OutboxMail.objects.filter(recipient__in=[first, second]).order_by("id"))
    assert len(mails) == 2
    later = mails[1]

    def another_run_claims() -> None:
        """What a second `patuh desk notify` does while this one sends the first mail:
        it counts its attempt of the second one (its own database connection)."""
        try:
            OutboxMail.objects.filter(pk=later.pk).update(attempts=later.attempts + 1)
        finally:
            db.close()

    class ClaimingMailbox(RefusingMailbox):
        """A fault injector: the server takes the first mail as another run claims the
        second."""

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            if not self.received:
                await sync_to_async(another_run_claims, thread_sensitive=False)()
            return await super().handle_DATA(server, session, envelope)

    claiming = ClaimingMailbox()
    with smtp_server(claiming) as claiming_port, smtp_at(claiming_port):
        assert send_outbox() == (1, 0)  # the second is the other run's
    assert [m["To"] for m in claiming.received] == [mails[0].to]
    later.refresh_from_db()
    assert later.sent_at is None and later.attempts == 1
    with smtp_at(port):  # the other run's attempt failed, say: the next run sends it
        assert send_outbox() == (1, 0)
    assert [m["To"] for m in box.received] == [later.to]
