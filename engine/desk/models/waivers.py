"""Waivers decided in the desk and the answers a version held before it was checked
again (engine/desk/waivers/ holds their rules)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from engine.desk.models.submissions import Submission, Version


class WaiverStatus(models.TextChoices):
    REQUESTED = "requested", "diminta"
    APPROVED = "approved", "disetujui"
    REFUSED = "refused", "ditolak"
    WITHDRAWN = "withdrawn", "ditarik"  # approved, then withdrawn by a pimpinan


class Waiver(models.Model):
    """A waiver of one finding of a submission, requested by its OPD's applicant and
    decided by a pimpinan (engine/desk/waivers/services.py holds the rules). An approved one is
    served to CI as an entry of a patuh `Waivers` file (engine/waivers/waiver_file.py)."""

    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="waivers", verbose_name="pengajuan"
    )
    version = models.PositiveIntegerField(
        verbose_name="versi"
    )  # the version whose finding it was asked for
    rule = models.CharField(max_length=20, verbose_name="aturan")
    path = models.CharField(
        max_length=300, blank=True, verbose_name="jalur temuan"
    )  # required since 0006 (issue 20)
    # What it was asked (and approved) for: the version's document digest and the value
    # at `path` in it (waivers/values.py; canonical JSON, "" for a waiver made before
    # 0006, which then covers that document digest only). A version with another value
    # at the path needs a new decision.
    document_digest = models.CharField(max_length=80, blank=True, verbose_name="sidik dokumen")
    value = models.TextField(blank=True, verbose_name="nilai")
    justification = models.TextField(verbose_name="alasan")
    expires = models.DateField(
        verbose_name="berlaku sampai"
    )  # current up to and including this UTC day, as in the CLI
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="diminta oleh",
    )
    requested_at = models.DateTimeField(auto_now_add=True, verbose_name="diminta pada")
    status = models.CharField(
        max_length=20,
        choices=WaiverStatus.choices,
        default=WaiverStatus.REQUESTED,
        verbose_name="status",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="diputus oleh (pengguna)",
    )
    decided_by_name = models.CharField(max_length=300, blank=True, verbose_name="diputus oleh")
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name="diputus pada")
    reference = models.CharField(
        max_length=200, blank=True, verbose_name="nomor surat keputusan"
    )  # the decision letter's number
    note = models.TextField(blank=True, verbose_name="catatan")
    withdrawn_by_name = models.CharField(max_length=300, blank=True, verbose_name="ditarik oleh")
    withdrawn_at = models.DateTimeField(null=True, blank=True, verbose_name="ditarik pada")
    withdrawal_note = models.TextField(blank=True, verbose_name="alasan penarikan")

    class Meta:
        verbose_name = "pengecualian"
        verbose_name_plural = "pengecualian"
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["status", "expires"])]
        constraints = [
            # Two identical requests at once create one (the second gets 409), whichever
            # server they reach: the database refuses a second open request.
            models.UniqueConstraint(
                fields=["submission", "rule", "path"],
                condition=Q(status="requested"),
                name="one_open_waiver_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.submission} ({self.status})"


class Recheck(models.Model):
    """A version checked again (a waiver decided, a recommendation about to be given):
    the version then holds the new answer; the answer it held before is kept here, so
    no check is ever lost."""

    version = models.ForeignKey(
        Version, on_delete=models.PROTECT, related_name="rechecks", verbose_name="versi"
    )
    at = models.DateTimeField(auto_now_add=True, verbose_name="waktu")
    cause = models.CharField(max_length=40, verbose_name="sebab")  # "waiver_approved" | "recommend"
    waiver = models.ForeignKey(
        Waiver, null=True, blank=True, on_delete=models.PROTECT, verbose_name="pengecualian"
    )
    before_verdict = models.CharField(max_length=20, verbose_name="hasil sebelum")
    after_verdict = models.CharField(max_length=20, verbose_name="hasil sesudah")
    before_report = models.JSONField(verbose_name="laporan sebelum")
    before_report_en = models.JSONField(verbose_name="laporan sebelum (Inggris)")
    before_policy_digest = models.CharField(
        max_length=80, blank=True, verbose_name="sidik kebijakan sebelum"
    )
    waivers_digest = models.CharField(max_length=80, blank=True, verbose_name="sidik pengecualian")

    class Meta:
        verbose_name = "pemeriksaan ulang"
        verbose_name_plural = "pemeriksaan ulang"
        ordering = ["at", "id"]
