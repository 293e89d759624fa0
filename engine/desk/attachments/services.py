"""The attachments' writes: a file attached to a submission by a pemohon of its OPD
while it is open to a new version (a draft, submitted or returned), refused beyond the
limits (413), when its bytes are no accepted type (415), or when ClamAV finds something
in it (422) or cannot be asked (503); kept with its sha256, in the audit trail.

Public interface
- attach(user, pk, name, data, label) -> Attachment
      errors: NotFound (404), Forbidden (403), TooLarge (413), TooMany (409),
      WrongType (415), Infected (422), ScanUnavailable (503), Empty (400)
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import transaction

from engine.desk.accounts import permissions
from engine.desk.accounts.permissions import AnyUser, as_user
from engine.desk.attachments import judging, scanning, storage
from engine.desk.core.audit import record
from engine.desk.core.errors import DeskError, Forbidden
from engine.desk.models import Attachment, Submission


class TooLarge(DeskError):
    code, status = "attachment_too_large", 413


class TooMany(DeskError):
    code, status = "attachment_too_many", 409


class WrongType(DeskError):
    code, status = "attachment_type", 415


class Infected(DeskError):
    code, status = "attachment_infected", 422


class ScanUnavailable(DeskError):
    code, status = "attachment_scan_unavailable", 503


class Empty(DeskError):
    code, status = "attachment_empty", 400


def max_bytes() -> int:
    return int(settings.ATTACHMENT_MAX_BYTES)


def per_version() -> int:
    return int(settings.ATTACHMENTS_PER_VERSION)


def attach(user: AnyUser, pk: int | str, name: str, data: bytes, label: str = "") -> Attachment:
    submission = permissions.readable_submission(user, pk, drafts=True)  # 404 first
    if not permissions.may_add_version(user, submission):
        raise Forbidden()
    if len(data) > max_bytes():
        raise TooLarge(size=len(data), limit_mib=max_bytes() // (1024 * 1024))
    if not data:
        raise Empty()
    accepted = judging.judge(data[:8192])
    if accepted is None:
        raise WrongType(name=name[:100], accepted=judging.WORDS)
    if settings.CLAMD:
        try:
            found = scanning.scan(settings.CLAMD, data)
        except scanning.ScanFailed as exc:
            raise ScanUnavailable(detail=str(exc)[:200]) from exc
        if found is not None:
            raise Infected(name=name[:100], found=found[:100])
    sha256 = hashlib.sha256(data).hexdigest()
    content, stored_as = storage.keep(data, sha256)
    with transaction.atomic():
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        latest = current.latest_version()
        number = latest.number if latest is not None else 0
        if Attachment.objects.filter(submission=current).count() >= per_version():
            raise TooMany(limit=per_version())
        attachment = Attachment.objects.create(
            submission=current,
            version_number=number,
            name=judging.stored_name(name, accepted),
            label=" ".join((label or "").split())[:200],
            size=len(data),
            sha256=sha256,
            content_type=accepted.mime,
            content=content,
            stored_as=stored_as,
            uploaded_by=as_user(user),
        )
        record(
            "attachment",
            actor=user,
            submission=current,
            version=number,
            detail={
                "name": attachment.name,
                "label": attachment.label,
                "sha256": sha256,
                "size": len(data),
                "content_type": accepted.mime,
                "scanned": bool(settings.CLAMD),
            },
        )
    return attachment
