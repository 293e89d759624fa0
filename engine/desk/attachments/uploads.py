"""A file sent with a form or to the API (multipart `file`, `label`), read within the
attachments' size limit: a body that declares more is refused (413) before it is read.
Shared by the pages and the API routes."""

from __future__ import annotations

from django.http import HttpRequest

from engine.desk.attachments import services

# Room for the multipart envelope around the file and its label.
_ENVELOPE = 64 * 1024


def upload_of(request: HttpRequest) -> tuple[str, bytes, str]:
    """The uploaded file's name and bytes and its label, refused (413) before a body
    larger than the limit is read."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    limit = services.max_bytes()
    if declared > limit + _ENVELOPE:
        raise services.TooLarge(size=declared, limit_mib=limit // (1024 * 1024))
    upload = request.FILES.get("file")
    if upload is None:
        raise services.Empty()
    if (upload.size or 0) > limit:
        raise services.TooLarge(size=upload.size, limit_mib=limit // (1024 * 1024))
    data = upload.read(limit + 1)
    return upload.name or "lampiran", data, str(request.POST.get("label", ""))
