"""Attachments of a submission (KAK/TOR, RAB, a vendor's statement, a diagram): the
file's bytes judged by their content, its sha256, and where the bytes are kept: in the
database on PostgreSQL (`content`: every server sharing that database reads them), in
the desk's data folder on SQLite (`stored_as`: one machine, and the database file stays
small). Kept, never changed (engine/desk/attachments/)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from engine.desk.models.submissions import Submission


class Attachment(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="attachments")
    # The version that was the latest when it was attached: a version has every
    # attachment made up to it (a letter lists those of the version it recommends).
    version_number = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    label = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=120)
    content = models.BinaryField(null=True, editable=False)
    stored_as = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "id"]

    def __str__(self) -> str:
        return f"{self.submission} {self.name}"
