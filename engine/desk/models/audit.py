"""The audit log: who did what, when, to which submission and version, and why. The
application appends to it and never changes it (migration 0002 makes the database
refuse too)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from engine.desk.models.submissions import Submission


class AuditImmutable(Exception):
    """The audit log is append-only: nothing in the application changes an event."""


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditImmutable("audit events cannot be updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditImmutable("audit events cannot be deleted")


class AuditEvent(models.Model):
    """Who did what, when, to which submission and version, and why (append-only)."""

    # Set by core/audit.py before the event is hashed (not auto_now_add, which would
    # change it after): the chain covers the very time stored.
    at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name="waktu")
    # PROTECT: a user with audit events is deactivated, never deleted (the events keep
    # pointing at them; the database refuses to change an event, migration 0002).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name="pelaku (pengguna)",
    )
    actor_name = models.CharField(max_length=300, blank=True, verbose_name="pelaku")
    role = models.CharField(max_length=20, blank=True, verbose_name="peran")
    action = models.CharField(max_length=40, verbose_name="tindakan")
    submission = models.ForeignKey(
        Submission,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name="pengajuan",
    )
    version = models.PositiveIntegerField(null=True, blank=True, verbose_name="versi")
    from_status = models.CharField(max_length=20, blank=True, verbose_name="dari status")
    to_status = models.CharField(max_length=20, blank=True, verbose_name="ke status")
    note = models.TextField(blank=True, verbose_name="catatan")
    document_digest = models.CharField(max_length=80, blank=True, verbose_name="sidik dokumen")
    detail = models.JSONField(default=dict, blank=True, verbose_name="rincian")
    # sha256 over the previous event's chain and this event's fields (core/audit_chain.py):
    # `patuh desk audit verify` recomputes it, so an event edited by raw SQL is found.
    chain = models.CharField(max_length=64, blank=True, verbose_name="rantai hash")

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "catatan audit"
        verbose_name_plural = "catatan audit"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not self._state.adding:
            raise AuditImmutable("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditImmutable("audit events cannot be deleted")
