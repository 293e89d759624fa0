"""The letters' routes of the JSON API (registered in engine/desk/api.py): the public
verification of a code, a pimpinan's revocation, and the register of letters for CI
(`patuh check --register`). A handler's docstring is its description in openapi.json."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from pydantic import BaseModel

from engine.desk.core.notes import Note
from engine.desk.letters import services
from engine.desk.letters.selectors import letter_url, verify_letter
from engine.desk.letters.thread import register_for
from engine.desk.models import Letter
from engine.desk.web.answers import error_answer, json_answer, revalidated, utc


def letter_answer(request: HttpRequest, letter: Letter) -> dict[str, Any]:
    """A letter as the submission's and the transition's answers name it."""
    return {
        "number": letter.number,
        "code": letter.code,
        "issued_at": utc(letter.issued_at),
        "url": request.build_absolute_uri(letter_url(letter)),
    }


class RevokeBody(BaseModel):
    note: Note = ""


def revoke_letter(request: HttpRequest, pk: str, body: RevokeBody) -> JsonResponse:
    """Not in desk.md's table (an addition): a pimpinan revokes the submission's letter."""
    letter = services.revoke_letter(request.auth, pk, body.note)  # type: ignore[attr-defined]
    return json_answer(
        {"number": letter.number, "valid": False, "revoked_at": utc(letter.revoked_at)}
    )


def verify(request: HttpRequest, code: str) -> JsonResponse:
    letter = verify_letter(code)
    if letter is None:
        return error_answer(request, 404, "letter_not_found")
    return json_answer(
        {
            "valid": not letter.revoked,
            "number": letter.number,
            "issued_at": utc(letter.issued_at),
            "opd": letter.opd_name,
            "kind": letter.kind,
            "document_id": letter.document_id,
            "title": letter.title,
            "document_digest": letter.document_digest,
            "policy_digest": letter.policy_digest,
            "pdf_sha256": letter.pdf_sha256 or None,
            "signed": letter.signed,
        }
    )


def register_export(request: HttpRequest) -> HttpResponse:
    # GET /api/v1/register.json: the register (letters/thread.py) for CI, as `patuh check
    # --register FILE.json` reads it. Only what the caller may see: an OPD's token gets
    # its own OPD's letters and recommended proposals, all its procurements may cite.
    # Only what the caller may read (deskdata), with an ETag and 304 when the caller's
    # copy is current (`patuh check --desk`).
    caller = request.auth  # type: ignore[attr-defined]
    return revalidated(request, json_answer(register_for(caller, desk=False)))
