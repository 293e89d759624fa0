"""A real SMTP server for the desk's mail tests: aiosmtpd on a free local port, with a
handler that keeps what it is given (Mailbox, which may refuse its first mails with a
temporary 451, as a busy server does), and Django's mail pointed at it (smtp_at).
Handlers that refuse in other ways are the tests' own, each named as a fault injector.
This module is a helper; it has no test of its own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller
from django.test import override_settings

from desk.servers import free_port


class Mailbox:
    """An SMTP server's handler: refuses the first `refuse` mails (451), then keeps them."""

    def __init__(self, refuse: int = 0) -> None:
        self.refuse = refuse
        self.received: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 Coba lagi nanti"
        self.received.append(message_from_bytes(envelope.content))
        return "250 OK"


@contextmanager
def smtp_server(handler: Any) -> Iterator[int]:
    """The server running with `handler` while the block runs; its port."""
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield int(controller.port)
    finally:
        controller.stop()


def set_aside_waiting_mail() -> None:
    """Mail other tests left waiting in this database is given up, so that what this
    test's `send_outbox` or `patuh desk notify` sends is its own."""
    from django.utils import timezone

    from engine.desk.models import OutboxMail

    OutboxMail.objects.filter(sent_at__isnull=True, gave_up_at__isnull=True).update(
        gave_up_at=timezone.now()
    )


def smtp_at(port: int) -> Any:
    """Django's mail sent to the local server at `port` (no TLS: it is on loopback)."""
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_TIMEOUT=5,
    )
