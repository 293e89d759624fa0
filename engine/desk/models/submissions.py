"""Submissions and their versions: one document (kind + metadata.id) of one OPD, each
upload kept with its check's full JSON answer and provenance, and the statuses a
submission moves through (engine/desk/workflow/)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from engine.desk.models.accounts import Opd


class Status(models.TextChoices):
    # A draft is the applicant's own until they submit it: checked at every save, but
    # invisible to reviewers and out of every queue, count, export and register.
    DRAFT = "draft", "draf"
    SUBMITTED = "submitted", "diajukan"
    IN_REVIEW = "in_review", "ditelaah"
    # Four eyes (desk.md, "The office's process"): reviewed by one person, decided by another.
    REVIEWED = "reviewed", "sudah ditelaah"
    RETURNED = "returned", "dikembalikan untuk revisi"
    RECOMMENDED = "recommended", "direkomendasikan"
    REJECTED = "rejected", "ditolak"
    WITHDRAWN = "withdrawn", "ditarik"


# A new version is accepted while a submission is a draft, submitted or returned
# (desk.md); `→ returned`, `→ rejected`, `→ withdrawn` and `→ reviewed` need a note.
ACCEPTING = frozenset({Status.DRAFT, Status.SUBMITTED, Status.RETURNED})
NOTE_REQUIRED = frozenset({Status.RETURNED, Status.REJECTED, Status.WITHDRAWN, Status.REVIEWED})
# Kept, and closed: no new version, no transition out.
CLOSED = frozenset({Status.RECOMMENDED, Status.REJECTED, Status.WITHDRAWN})
# The outcome of a pokja's validation of a procurement, recorded as it marks it reviewed.
REVIEW_OUTCOMES = ("valid", "not_valid")


class Submission(models.Model):
    """One document (kind + metadata.id) of one OPD, across its versions."""

    kind = models.CharField(max_length=40, verbose_name="jenis dokumen")
    document_id = models.CharField(max_length=200, verbose_name="kode dokumen")
    opd = models.ForeignKey(
        Opd, on_delete=models.PROTECT, related_name="submissions", verbose_name="OPD"
    )
    title = models.CharField(max_length=500, verbose_name="judul")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.SUBMITTED, verbose_name="status"
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="dibuat")
    updated_at = models.DateTimeField(auto_now=True, verbose_name="diubah")
    # What the latest version cites (engine/desk/letters/thread.py): a procurement's
    # metadata.proposal_ref and spec.coordination.diskominfo.reference, kept so a
    # proposal's page finds the procurements citing it with one indexed query.
    proposal_ref = models.CharField(
        max_length=200, blank=True, default="", db_index=True, verbose_name="usulan yang dirujuk"
    )
    coordination_ref = models.CharField(
        max_length=200, blank=True, default="", verbose_name="surat koordinasi yang dirujuk"
    )
    # Who works on it now: the one who took it into review, or whom a pimpinan gave it.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_submissions",
        verbose_name="ditugaskan kepada",
    )

    class Meta:
        verbose_name = "pengajuan"
        verbose_name_plural = "pengajuan"
        ordering = ["updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["opd", "kind", "document_id"], name="one_submission_per_document"
            )
        ]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.document_id}"

    @property
    def closed(self) -> bool:
        return self.status in CLOSED

    def latest_version(self) -> Version | None:
        return self.versions.order_by("-number").first()


class Version(models.Model):
    """One upload, checked at once; kept whatever its verdict, with the check's full
    JSON answer (in both languages) and its provenance."""

    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="versions", verbose_name="pengajuan"
    )
    number = models.PositiveIntegerField(verbose_name="versi")
    filename = models.CharField(max_length=300, verbose_name="nama berkas")
    yaml_text = models.TextField(verbose_name="isi YAML")
    verdict = models.CharField(max_length=20, verbose_name="hasil pemeriksaan")
    report = models.JSONField(
        verbose_name="laporan"
    )  # `patuh check --format json`, Bahasa Indonesia
    report_en = models.JSONField(verbose_name="laporan (Inggris)")  # the same answer, in English
    document_digest = models.CharField(max_length=80, blank=True, verbose_name="sidik dokumen")
    file_digest = models.CharField(max_length=80, blank=True, verbose_name="sidik berkas")
    policy_digest = models.CharField(max_length=80, blank=True, verbose_name="sidik kebijakan")
    catalog_digest = models.CharField(max_length=80, blank=True, verbose_name="sidik katalog")
    opa_version = models.CharField(max_length=40, blank=True, verbose_name="versi OPA")
    patuh_version = models.CharField(max_length=40, blank=True, verbose_name="versi patuh")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name="diunggah oleh"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name="diunggah")

    class Meta:
        verbose_name = "versi dokumen"
        verbose_name_plural = "versi dokumen"
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="one_number_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.submission} v{self.number}"

    def report_in(self, lang: str) -> dict[str, Any]:
        report: dict[str, Any] = self.report_en if lang == "en" else self.report
        return report
