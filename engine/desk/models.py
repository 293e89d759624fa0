"""The desk's records: OPDs, roles, submissions and their versions, letters, the audit
log, API tokens and settings. The rules that act on them are in services.py."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    PEMOHON = "pemohon", "pemohon"
    VERIFIKATOR = "verifikator", "verifikator"
    POKJA = "pokja", "pokja"
    PIMPINAN = "pimpinan", "pimpinan"
    ADMIN = "admin", "admin"


class Status(models.TextChoices):
    SUBMITTED = "submitted", "diajukan"
    IN_REVIEW = "in_review", "ditelaah"
    RETURNED = "returned", "dikembalikan untuk revisi"
    RECOMMENDED = "recommended", "direkomendasikan"
    REJECTED = "rejected", "ditolak"


class Opd(models.Model):
    """An Organisasi Perangkat Daerah (a city agency), as `metadata.opd` names it."""

    name = models.CharField(max_length=300, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "OPD"
        verbose_name_plural = "OPD"

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    """A user's desk role; a pemohon is bound to one OPD."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_profile"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    opd = models.ForeignKey(Opd, null=True, blank=True, on_delete=models.PROTECT)

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class Submission(models.Model):
    """One document (kind + metadata.id) of one OPD, across its versions."""

    kind = models.CharField(max_length=40)
    document_id = models.CharField(max_length=200)
    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="submissions")
    title = models.CharField(max_length=500)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # What the latest version cites (engine/desk/thread.py): a procurement's
    # metadata.proposal_ref and spec.coordination.diskominfo.reference, kept so a
    # proposal's page finds the procurements citing it with one indexed query.
    proposal_ref = models.CharField(max_length=200, blank=True, default="", db_index=True)
    coordination_ref = models.CharField(max_length=200, blank=True, default="")

    class Meta:
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
        return self.status in (Status.RECOMMENDED, Status.REJECTED)

    def latest_version(self) -> Version | None:
        return self.versions.order_by("-number").first()


class Version(models.Model):
    """One upload, checked at once; kept whatever its verdict, with the check's full
    JSON answer (in both languages) and its provenance."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    filename = models.CharField(max_length=300)
    yaml_text = models.TextField()
    verdict = models.CharField(max_length=20)
    report = models.JSONField()  # `patuh check --format json`, Bahasa Indonesia
    report_en = models.JSONField()  # the same answer, in English
    document_digest = models.CharField(max_length=80, blank=True)
    file_digest = models.CharField(max_length=80, blank=True)
    policy_digest = models.CharField(max_length=80, blank=True)
    catalog_digest = models.CharField(max_length=80, blank=True)
    opa_version = models.CharField(max_length=40, blank=True)
    patuh_version = models.CharField(max_length=40, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="one_number_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.submission} v{self.number}"

    def report_in(self, lang: str) -> dict[str, Any]:
        report: dict[str, Any] = self.report_en if lang == "en" else self.report
        return report


class LetterSequence(models.Model):
    """The last letter number of a year: numbers run per year and are never reused."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)


class Letter(models.Model):
    """A recommendation letter, and what it states (kept as issued)."""

    submission = models.OneToOneField(Submission, on_delete=models.PROTECT, related_name="letter")
    version = models.ForeignKey(Version, on_delete=models.PROTECT)
    number = models.CharField(max_length=200, unique=True)
    year = models.PositiveIntegerField()
    seq = models.PositiveIntegerField()
    code = models.CharField(max_length=64, unique=True)
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    signer_name = models.CharField(max_length=300)
    issued_at = models.DateTimeField()
    opd_name = models.CharField(max_length=300)
    title = models.CharField(max_length=500)
    kind = models.CharField(max_length=40)
    document_id = models.CharField(max_length=200)
    document_digest = models.CharField(max_length=80)
    policy_digest = models.CharField(max_length=80)
    catalog_digest = models.CharField(max_length=80)
    revoked = models.BooleanField(default=False)
    # Who revoked it, when and why (engine/desk/revoking.py); the letter's text is kept.
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by_name = models.CharField(max_length=300, blank=True)
    revocation_note = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "seq"], name="one_seq_per_year")]

    def __str__(self) -> str:
        return self.number


class AuditImmutable(Exception):
    """The audit log is append-only: nothing in the application changes an event."""


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditImmutable("audit events cannot be updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditImmutable("audit events cannot be deleted")


class AuditEvent(models.Model):
    """Who did what, when, to which submission and version, and why (append-only)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # PROTECT: a user with audit events is deactivated, never deleted (the events keep
    # pointing at them; the database refuses to change an event, migration 0002).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    actor_name = models.CharField(max_length=300, blank=True)
    role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=40)
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    version = models.PositiveIntegerField(null=True, blank=True)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    document_digest = models.CharField(max_length=80, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not self._state.adding:
            raise AuditImmutable("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditImmutable("audit events cannot be deleted")


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its sha256 is kept (shown once)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_tokens"
    )
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)  # to tell tokens apart in the admin
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"


DEFAULT_LETTER_PATTERN = "555/{seq:03d}/Diskominfo/{year}"


class DeskSettings(models.Model):
    """The desk's settings, one row (edited in the admin)."""

    letter_pattern = models.CharField(max_length=200, default=DEFAULT_LETTER_PATTERN)
    office_name = models.CharField(
        max_length=300, default="Dinas Komunikasi dan Informatika Kota Medan"
    )

    class Meta:
        verbose_name = "desk settings"
        verbose_name_plural = "desk settings"

    def __str__(self) -> str:
        return "desk settings"


class WaiverStatus(models.TextChoices):
    REQUESTED = "requested", "diminta"
    APPROVED = "approved", "disetujui"
    REFUSED = "refused", "ditolak"


class Waiver(models.Model):
    """A waiver of one finding of a submission, requested by its OPD's applicant and
    decided by a pimpinan (engine/desk/waiving.py holds the rules). An approved one is
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
        ordering = ["at", "id"]
