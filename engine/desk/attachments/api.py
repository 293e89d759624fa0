"""The attachments' routes of the JSON API (registered in engine/desk/api.py): attach a
file (multipart `file`, `label`), list a submission's, download one. A handler's
docstring is its description in openapi.json."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse

from engine.desk.accounts import permissions
from engine.desk.attachments import services
from engine.desk.attachments.selectors import (
    as_answer,
    attachments_of,
    content_of,
    readable_attachment,
)
from engine.desk.attachments.uploads import upload_of
from engine.desk.web.answers import file_answer, json_answer


def attach(request: HttpRequest, pk: str) -> JsonResponse:
    """Attach a file (multipart `file`, `label`): PDF, DOCX, XLSX, ODT, ODS, PNG or JPEG,
    judged by its bytes (415 otherwise); 413 beyond the size limit."""
    name, data, label = upload_of(request)
    attachment = services.attach(request.auth, pk, name, data, label)  # type: ignore[attr-defined]
    return json_answer(as_answer(attachment), 201)


def attachments(request: HttpRequest, pk: str) -> JsonResponse:
    """A submission's attachments, for whoever may read it."""
    submission = permissions.readable_submission(request.auth, pk, drafts=True)  # type: ignore[attr-defined]
    return json_answer({"attachments": [as_answer(a) for a in attachments_of(submission)]})


def download(request: HttpRequest, pk: str, aid: str) -> HttpResponse:
    """One attachment's bytes, as a file to save (`attachment`, `nosniff`)."""
    attachment = readable_attachment(request.auth, pk, aid)  # type: ignore[attr-defined]
    return file_answer(content_of(attachment), attachment.name, attachment.content_type)
