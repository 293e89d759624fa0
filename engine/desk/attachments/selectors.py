"""The attachments' reads: a submission's (those of a version: every one attached up to
it), one for download by whoever may read the submission, and its bytes."""

from __future__ import annotations

from django.db.models import QuerySet

from engine.desk.accounts import permissions
from engine.desk.accounts.permissions import AnyUser
from engine.desk.attachments import storage
from engine.desk.core.errors import NotFound
from engine.desk.models import Attachment, Submission


def attachments_of(submission: Submission, version: int | None = None) -> QuerySet[Attachment]:
    found = Attachment.objects.filter(submission=submission).select_related("uploaded_by")
    if version is not None:
        found = found.filter(version_number__lte=version)
    return found.defer("content").order_by("id")


def readable_attachment(user: AnyUser, pk: int | str, aid: int | str) -> Attachment:
    submission = permissions.readable_submission(user, pk, drafts=True)
    try:
        return Attachment.objects.get(submission=submission, pk=int(aid))
    except (Attachment.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def content_of(attachment: Attachment) -> bytes:
    return storage.read(attachment)


def as_answer(attachment: Attachment) -> dict[str, object]:
    """The API's description of an attachment (desk.md)."""
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "label": attachment.label,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "content_type": attachment.content_type,
        "version": attachment.version_number,
    }
