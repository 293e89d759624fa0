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
    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="attachments", verbose_name="pengajuan"
    )
    # The version that was the latest when it was attached: a version has every
    # attachment made up to it (a letter lists those of the version it recommends).
    version_number = models.PositiveIntegerField(verbose_name="versi")
    name = models.CharField(max_length=200, verbose_name="nama berkas")
    label = models.CharField(max_length=200, blank=True, verbose_name="keterangan")
    size = models.PositiveBigIntegerField(verbose_name="ukuran (bita)")
    sha256 = models.CharField(max_length=64, verbose_name="sha256")
    content_type = models.CharField(max_length=120, verbose_name="jenis isi")
    content = models.BinaryField(null=True, editable=False, verbose_name="isi")
    stored_as = models.CharField(max_length=300, blank=True, verbose_name="disimpan sebagai")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name="diunggah oleh"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name="diunggah")

    class Meta:
        ordering = ["submission", "id"]

    def __str__(self) -> str:
        return f"{self.submission} {self.name}"
