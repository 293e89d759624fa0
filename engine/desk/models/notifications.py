"""The mail outbox (desk.md, "Notifications by e-mail"): a mail is a row written in the
same transaction as the decision that causes it, and sent later by `patuh desk notify`
(engine/desk/core/outbox.py). An SMTP server that is down delays a mail, never loses it,
and never fails the request that caused it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

# The events a mail is written for, named as the admin shows them (core/outbox.py).
MAIL_EVENTS = {
    "submitted": "diajukan",
    "reviewed": "sudah ditelaah",
    "returned": "dikembalikan",
    "recommended": "direkomendasikan",
    "rejected": "ditolak",
    "withdrawn": "ditarik",
    "waiver_requested": "pengecualian diminta",
    "waiver_approved": "pengecualian disetujui",
    "waiver_refused": "pengecualian ditolak",
    "waiver_withdrawn": "pengecualian dicabut",
    "comment": "komentar",
    "assigned": "penugasan",
    "digest": "ringkasan harian",
}


# A mail still to send: neither sent nor given up (the outbox's runs, the admin's filter).
MAIL_WAITING = models.Q(sent_at__isnull=True, gave_up_at__isnull=True)


class OutboxMail(models.Model):
    to = models.EmailField("kepada")
    # Whose address it is: a permanent refusal marks that person's profile as bouncing.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="penerima",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject = models.CharField("perihal", max_length=300)
    body = models.TextField("isi")
    event = models.CharField("peristiwa", max_length=40, choices=list(MAIL_EVENTS.items()))
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    sent_at = models.DateTimeField("terkirim", null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField("percobaan", default=0)
    last_error = models.TextField("galat terakhir", blank=True)
    # Set when the server refused the mail for good (5xx): never sent again.
    gave_up_at = models.DateTimeField("dihentikan", null=True, blank=True)

    class Meta:
        verbose_name = "surel keluar"
        verbose_name_plural = "surel keluar"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"

    @property
    def state(self) -> str:
        """sent, waiting (for the next run) or failed (given up)."""
        if self.sent_at is not None:
            return "sent"
        return "failed" if self.gave_up_at is not None else "waiting"
