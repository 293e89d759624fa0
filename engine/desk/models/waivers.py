"""Waivers decided in the desk and the answers a version held before it was checked
again (engine/desk/waivers/ holds their rules)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from engine.desk.models.submissions import Submission, Version


class WaiverStatus(models.TextChoices):
    REQUESTED = "requested", "diminta"
    APPROVED = "approved", "disetujui"
    REFUSED = "refused", "ditolak"


class Waiver(models.Model):
    """A waiver of one finding of a submission, requested by its OPD's applicant and
    decided by a pimpinan (engine/desk/waivers/services.py holds the rules). An approved one is
    served to CI as an entry of a patuh `Waivers` file (engine/waivers/waiver_file.py)."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="waivers")
    version = models.PositiveIntegerField()  # the version whose finding it was asked for
    rule = models.CharField(max_length=20)
    path = models.CharField(max_length=300, blank=True)  # empty: every path of the rule
    justification = models.TextField()
    expires = models.DateField()  # current up to and including this UTC day, as in the CLI
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=20, choices=WaiverStatus.choices, default=WaiverStatus.REQUESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by_name = models.CharField(max_length=300, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    reference = models.CharField(max_length=200, blank=True)  # the decision letter's number
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = "pengecualian"
        verbose_name_plural = "pengecualian"
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["status", "expires"])]

    def __str__(self) -> str:
        return f"{self.rule} {self.submission} ({self.status})"


class Recheck(models.Model):
    """A version checked again (a waiver decided, a recommendation about to be given):
    the version then holds the new answer; the answer it held before is kept here, so
    no check is ever lost."""

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="rechecks")
    at = models.DateTimeField(auto_now_add=True)
    cause = models.CharField(max_length=40)  # "waiver_approved" | "recommend"
    waiver = models.ForeignKey(Waiver, null=True, blank=True, on_delete=models.PROTECT)
    before_verdict = models.CharField(max_length=20)
    after_verdict = models.CharField(max_length=20)
    before_report = models.JSONField()
    before_report_en = models.JSONField()
    before_policy_digest = models.CharField(max_length=80, blank=True)
    waivers_digest = models.CharField(max_length=80, blank=True)

    class Meta:
        verbose_name = "pemeriksaan ulang"
        verbose_name_plural = "pemeriksaan ulang"
        ordering = ["at", "id"]
