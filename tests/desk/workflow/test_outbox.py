"""Mail through the outbox (desk.md, "Notifications by e-mail"), on SQLite and
PostgreSQL, against a real SMTP server (aiosmtpd) started in the test: a decision writes
its mail in its own transaction; `send_outbox` (`patuh desk notify`) sends it; a server
that refuses, or is down, delays the mail and never loses it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from email.header import decode_header, make_header
from typing import Any

import pytest

from desk.conftest import PASSWORD, People, make_proposal
from desk.servers import free_port
from desk.smtp import Mailbox, set_aside_waiting_mail, smtp_at, smtp_server


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox(refuse=1)
    set_aside_waiting_mail()
    with smtp_server(box) as port:
        yield box, port


def _applicant_with_mail() -> tuple[Any, str]:
    from engine.desk.accounts import services

    opd = f"Dinas Uji Surel {uuid.uuid4().hex[:6]}"
    user = services.create_user(f"p.{uuid.uuid4().hex[:6]}", "pemohon", opd, PASSWORD)
    user.email = f"{user.username}@pemkomedan.example"
    user.save()
    return user, opd


def test_a_decision_s_mail_survives_a_refusing_then_a_down_server(
    people: People, smtp: tuple[Mailbox, int]
) -> None:
    from engine.desk.core.outbox import send_outbox
    from engine.desk.models import OutboxMail
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import transition

    box, port = smtp
    applicant, opd = _applicant_with_mail()
    pk = submit(applicant, make_proposal(opd=opd), "usulan.yaml").submission.pk
    transition(people.verifikator.user, pk, "in_review")
    transition(people.verifikator.user, pk, "returned", "Isi rahasia catatan telaah.")
    waiting = OutboxMail.objects.filter(to=applicant.email)
    assert [(m.event, m.sent_at) for m in waiting] == [("returned", None)]

    with smtp_at(free_port()):  # nothing listens there: the server is down
        assert send_outbox() == (0, 1)
    with smtp_at(port):
        assert send_outbox() == (0, 1)  # 451: refused this time
        kept = waiting.get()
        assert kept.sent_at is None and kept.attempts == 2 and "451" in kept.last_error
        assert send_outbox() == (1, 0)  # accepted now
        assert send_outbox() == (0, 0)  # and never sent twice
    sent = waiting.get()
    assert sent.sent_at is not None and sent.attempts == 3 and sent.last_error == ""
    assert len(box.received) == 1
    mail = box.received[0]
    assert mail["To"] == applicant.email
    assert f"pengajuan {pk}" in str(make_header(decode_header(mail["Subject"])))
    body = mail.get_payload(decode=True).decode("utf-8")  # type: ignore[union-attr]
    assert f"/submissions/{pk}/" in body and "dikembalikan untuk revisi" in body
    assert "Isi rahasia" not in body  # the title and the link, not the contents


def test_a_failed_decision_writes_no_mail(people: People) -> None:
    from engine.desk.models import OutboxMail
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import NotCompliant, transition

    applicant, opd = _applicant_with_mail()
    broken = make_proposal(opd=opd, hosting="opd_server_room")
    pk = submit(applicant, broken, "usulan.yaml").submission.pk
    transition(people.verifikator.user, pk, "in_review")
    transition(people.verifikator.user, pk, "reviewed", "Telaah selesai.")
    with pytest.raises(NotCompliant):
        transition(people.pimpinan.user, pk, "recommended")
    assert not OutboxMail.objects.filter(to=applicant.email).exists()


def test_patuh_desk_notify_sends_through_the_configured_server(
    desk_db: str, people: People, smtp: tuple[Mailbox, int]
) -> None:
    from desk.core.test_desk_cli import _desk
    from engine.desk.models import OutboxMail
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import transition

    box, port = smtp
    box.refuse = 0
    applicant, opd = _applicant_with_mail()
    pk = submit(applicant, make_proposal(opd=opd), "usulan.yaml").submission.pk
    transition(people.verifikator.user, pk, "in_review")
    transition(people.pimpinan.user, pk, "rejected", "Tidak sejalan.")
    env = {
        "PATUH_DESK_EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "PATUH_DESK_EMAIL_FROM": "meja-telaah@pemkomedan.example",
        "PATUH_DESK_BASE_URL": "https://meja.pemkomedan.example",
    }
    ran = _desk("notify", "--database-url", desk_db, env=env)
    assert ran.returncode == 0, ran.stderr
    assert "surel terkirim" in ran.stdout
    assert OutboxMail.objects.get(to=applicant.email).sent_at is not None
    mine = [m for m in box.received if m["To"] == applicant.email]
    assert len(mine) == 1 and mine[0]["From"] == "meja-telaah@pemkomedan.example"


def test_each_person_chooses_each_event_a_digest_or_none(people: People) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from engine.desk.accounts import services
    from engine.desk.core.outbox import enqueue_digests
    from engine.desk.models import OutboxMail, Profile
    from engine.desk.submissions.deadlines import digest_lines
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import transition

    applicant, opd = _applicant_with_mail()
    Profile.objects.filter(user=applicant).update(notify="none")
    pk = submit(applicant, make_proposal(opd=opd), "usulan.yaml").submission.pk
    name = f"v.{uuid.uuid4().hex[:6]}"
    reviewer = services.create_user(name, "verifikator", None, PASSWORD, full_name="Uji Ringkas")
    reviewer.email = f"{name}@pemkomedan.example"
    reviewer.save()
    Profile.objects.filter(user=reviewer).update(notify="digest")
    transition(reviewer, pk, "in_review")  # assigned to them
    transition(reviewer, pk, "returned", "Lengkapi.")
    assert not OutboxMail.objects.filter(to=applicant.email).exists()  # chose none
    # Back in review: nothing due today; three weeks on, it is late.
    submit(applicant, make_proposal(_document_id(pk), opd=opd), "usulan-2.yaml")
    transition(reviewer, pk, "in_review")
    assert digest_lines(reviewer) == []
    later = timezone.localdate() + timedelta(days=21)
    assert enqueue_digests(lambda user: digest_lines(user, today=later)) >= 1
    digest = OutboxMail.objects.get(to=reviewer.email, event="digest")
    assert f"- {pk} " in digest.body and "(terlambat)" in digest.body
    assert f"/submissions/{pk}/" in digest.body


def _document_id(pk: int) -> str:
    from engine.desk.models import Submission

    return Submission.objects.get(pk=pk).document_id
